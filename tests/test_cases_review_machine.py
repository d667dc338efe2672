"""A hypothesis state machine over the review rules enforced in the core.

Rules: the maker never approves their own case; no approval survives an edit of the case;
an approval past its expiry no longer counts; a case needing review is submitted only with
a valid approval.

The bureau is replaced at the HTTP edge by a small stand-in that approves any reviewer with
the reviewer role and the right password and, on purpose, does **not** refuse the maker:
so a self-approval can only be stopped by the core.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import time
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

import counter.case_store  # noqa: F401 - registers the tables
from counter.audit import MemoryAudit
from counter.bureau.cases import IdentityMethod, ReviewApproval, ReviewRequest
from counter.bureau.client import BureauClient
from counter.bureau.models import CatalogueItem, Outlet, Role, Staff
from counter.cases import ApprovalState, CaseDraft, CaseError, CaseRepo, CaseService
from counter.crypto import FieldCipher
from counter.outbox import Outbox, OutboxStore
from counter.session import ActiveSession, SessionService
from counter.storage.db import open_database
from counter.storage.executor import DbExecutor
from counter.training.forms import example_values
from counter.training.persons import featured_persons
from counter.training.seed import load_catalogue

T = TypeVar("T")
PASSWORD = "Right#pass1"
LIFETIME = timedelta(minutes=10)
MAKER = "M1"
STAFF_ROLES = {"M1": {"clerk", "reviewer"}, "R1": {"clerk", "reviewer"}, "R2": {"clerk"}}
ITEM: CatalogueItem = next(i for i in load_catalogue() if i.code == "SB02010")
assert ITEM.needs_review
PERSON = featured_persons()[0].id_number
MOBILES = ["13800138000", "13912345678", "15011112222"]
ACCOUNTS = ["622202123456789012", "6222021234567890", "623456789012"]
BANKS = ITEM.form_fields[0].choices[:3]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 5, 11, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class Env:
    """The real core (DB, outbox, case service) with the stand-in bureau."""

    def __init__(self, tmp: Path) -> None:
        self.clock = Clock()
        self.loop = asyncio.new_event_loop()
        self.db = open_database(tmp / "review.sqlite3")
        self.executor = DbExecutor()
        cipher = FieldCipher(bytes(range(32)))
        store = OutboxStore(self.db, cipher)
        self.outbox = Outbox(store, self.executor)
        self.reviews = 0
        self.client = BureauClient(
            "https://bureau.invalid",
            ssl.create_default_context(),
            transport=httpx.MockTransport(self._handle),
        )
        self.sessions = SessionService(
            self.client, MemoryAudit(), outlet_code="330102001", window=1, device_id="PC"
        )
        self.sessions.current = ActiveSession(
            staff=Staff(staff_no=MAKER, name="测试", roles=[Role.CLERK, Role.REVIEWER]),
            outlet=Outlet(code="330102001", name="测试网点", category=1),
            window=1,
            expires_at_utc=time.time() + 3600,
        )
        self.cases = CaseService(
            self.sessions,
            CaseRepo(self.db, cipher, store),
            self.outbox,
            self.executor,
            MemoryAudit(),
            clock=self.clock,
            settle_wait_s=0,
        )

    def _handle(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/reviews"
        self.reviews += 1
        body = ReviewRequest.model_validate(json.loads(request.content))
        roles = STAFF_ROLES.get(body.staff_no)
        if roles is None or body.password != PASSWORD:
            return httpx.Response(
                403, json={"code": "REVIEW_BAD_CREDENTIALS", "message": "复核人工号或密码错误"}
            )
        if "reviewer" not in roles:
            return httpx.Response(403, json={"code": "REVIEWER_ROLE", "message": "没有复核权限"})
        now = self.clock.now
        approval = ReviewApproval(
            approval_id=f"AP{self.reviews:06d}",
            reviewer_staff_no=body.staff_no,
            reviewer_name_masked="测*",
            approved_at=now,
            case_digest=body.case_digest,
            expires_at=now + LIFETIME,
        )
        return httpx.Response(200, json=approval.model_dump(mode="json"))

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coro)

    def close(self) -> None:
        self.run(self.client.aclose())
        self.loop.close()
        self.executor.shutdown()
        self.db.close()


class ReviewMachine(RuleBasedStateMachine):
    def __init__(self, env: Env) -> None:
        super().__init__()
        self.env = env
        self.draft = self._new_draft()
        self.approved_at: datetime | None = None  # the model: a live approval since then

    def _new_draft(self) -> CaseDraft:
        draft = self.env.cases.new_draft(ITEM)
        draft.set_person(PERSON, IdentityMethod.ID_CARD)
        for name, value in example_values(ITEM.form_fields).items():
            draft.set_field(name, value)
        for material in ITEM.materials:
            draft.set_material(material.name, True)
        return draft

    def _valid_now(self) -> bool:
        return self.approved_at is not None and self.env.clock.now < self.approved_at + LIFETIME

    @rule(reviewer=st.sampled_from(sorted(STAFF_ROLES)), right_password=st.booleans())
    def review(self, reviewer: str, right_password: bool) -> None:
        password = PASSWORD if right_password else "Wrong#pass1"
        asked_before = self.env.reviews
        try:
            self.env.run(self.env.cases.request_review(self.draft, reviewer, password))
        except CaseError as exc:
            if reviewer == MAKER:
                assert exc.code == "SELF_REVIEW"
                assert self.env.reviews == asked_before  # never even asked the bureau
            else:
                assert not (self.draft.valid and right_password and reviewer == "R1")
            return
        assert reviewer == "R1" and right_password and self.draft.valid
        self.approved_at = self.env.clock.now

    @rule(
        name=st.sampled_from(["mobile", "bank_account", "bank"]),
        index=st.integers(0, 2),
    )
    def edit(self, name: str, index: int) -> None:
        value = {"mobile": MOBILES, "bank_account": ACCOUNTS, "bank": BANKS}[name][index]
        before = self.draft.checks[name].value
        self.draft.set_field(name, value)
        if self.draft.checks[name].value != before:
            self.approved_at = None

    @rule(index=st.integers(0, len(ITEM.materials) - 1), received=st.booleans())
    def tick_material(self, index: int, received: bool) -> None:
        name = ITEM.materials[index].name
        if self.draft.materials[name].received != received:
            self.approved_at = None
        self.draft.set_material(name, received)

    @rule(minutes=st.integers(0, 12))
    def wait(self, minutes: int) -> None:
        self.env.clock.now += timedelta(minutes=minutes)

    @rule()
    def submit(self) -> None:
        expected = self.draft.valid and self._valid_now()
        try:
            self.env.run(self.env.cases.submit(self.draft))
        except CaseError as exc:
            assert not expected, exc.message
            return
        assert expected
        self.draft = self._new_draft()
        self.approved_at = None

    @invariant()
    def approval_follows_the_rules(self) -> None:
        state = self.draft.approval_state(self.env.clock.now)
        assert (state is ApprovalState.VALID) == self._valid_now()
        approval = self.draft.approval
        if approval is not None:
            assert approval.reviewer_staff_no != self.draft.maker
            assert approval.case_digest == self.draft.digest()
        if self.approved_at is None:
            assert state in (ApprovalState.NONE, ApprovalState.VOIDED)


def test_review_rules_hold_in_any_sequence(tmp_path: Path) -> None:
    env = Env(tmp_path)
    try:
        run_state_machine_as_test(
            lambda: ReviewMachine(env),
            settings=settings(max_examples=60, stateful_step_count=25, deadline=None),
        )
    finally:
        env.close()
