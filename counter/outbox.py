"""The outbox: exactly-once uploads to the bureau (DESIGN §4 "Nothing is lost").

A message (a case, a rating, a transport batch) is written to ``outbox_messages`` with its
Idempotency-Key (uuid4, made once) *in the same transaction* as the local record it belongs
to, before the first send. :class:`OutboxSender` then delivers it in the background:

* an ambiguous outcome (timeout, reset, refused connection, 5xx, 429) is retried with the
  **same key**, after ``uniform(0, min(cap, base · 2^n))`` seconds (exponential backoff
  with full jitter; *n* = attempts so far − 1);
* 409 ``IN_PROGRESS`` (the platform is still working on our first request) waits and
  retries the same way;
* 422 (e.g. ``IDEMPOTENCY_MISMATCH``) and other refusals stop: the message goes to
  ``needs_attention`` with the platform's message, for the supervisor — never looped;
* a business rejection (``CaseResult.status == rejected``) is final: ``rejected``;
* 401 / session ended: the message goes back to the queue untouched and the sender pauses
  until a new session (a different token) exists.

States: ``queued → sending → accepted | rejected | needs_attention``. A crash while
``sending`` leaves the row ``sending``; :meth:`Outbox.recover` (run at start, and by the
sender before it starts) puts it back to ``queued`` and it is resent with the same key,
so the platform answers the stored first response instead of applying it twice.

Messages may wait for others (``depends_on``): a rating waits for its case's business
number, a transport batch for its cases. When every parent is final the child's body is
completed once (see :data:`STANDARD_KINDS`), stored, and only then sent.

Blocking parts (:class:`OutboxStore`) run on the DB executor; :class:`Outbox` is the
async face the services and the UI use.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import json
import logging
import random
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import func, select, tuple_, update
from sqlalchemy.orm import Session

from counter.audit import AuditLog
from counter.bureau.cases import Ack, CaseResult, CaseStatus
from counter.bureau.client import (
    BureauClient,
    BureauError,
    BureauInvalidResponse,
    BureauUnreachable,
    SessionEnded,
)
from counter.bureau.models import Role
from counter.case_store import OutboxMessage
from counter.crypto import FieldCipher
from counter.events import Event
from counter.identity import scrub
from counter.journal import Action
from counter.journal_audit import JournalAudit
from counter.session import ActiveSession, SessionService
from counter.storage.db import Database
from counter.storage.executor import DbExecutor
from counter.storage.models import utcnow

__all__ = [
    "KIND_CASE",
    "KIND_EVALUATION",
    "KIND_TRANSPORT",
    "STANDARD_KINDS",
    "Backoff",
    "Claimed",
    "KindSpec",
    "MessageCancelled",
    "MessageState",
    "MessageView",
    "NewMessage",
    "Outbox",
    "OutboxSender",
    "OutboxStatus",
    "OutboxStore",
    "ParentOutcome",
    "Verdict",
]

log = logging.getLogger("counter.outbox")
T = TypeVar("T")
Body = dict[str, Any]

KIND_CASE = "case"
KIND_EVALUATION = "evaluation"
KIND_TRANSPORT = "transport_batch"


class MessageState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    NEEDS_ATTENTION = "needs_attention"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def final(self) -> bool:
        """Nothing more will happen by itself (needs_attention waits for the supervisor)."""
        return self in (MessageState.ACCEPTED, MessageState.REJECTED)

    @property
    def settled(self) -> bool:
        return self is not MessageState.QUEUED and self is not MessageState.SENDING


_STATE_LABELS = {
    MessageState.QUEUED: "待上传",
    MessageState.SENDING: "上传中",
    MessageState.ACCEPTED: "已受理",
    MessageState.REJECTED: "不予受理",
    MessageState.NEEDS_ATTENTION: "需处理",
}


# --- kinds --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a 2xx answer means for the message."""

    state: MessageState  # ACCEPTED or REJECTED
    business_no: str | None = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class ParentOutcome:
    key: str
    kind: str
    state: MessageState
    business_no: str | None
    message: str


class MessageCancelled(Exception):
    """Raised by a finalizer: the message will not be sent (it ends ``rejected``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class KindSpec:
    parse_result: Callable[[Any], Verdict]
    finalize: Callable[[Body, list[ParentOutcome]], Body] | None = None
    role: Role | None = None  # the session must hold it to send (else the message waits)


def _case_verdict(payload: Any) -> Verdict:
    result = CaseResult.model_validate(payload)
    if result.status is CaseStatus.REJECTED:
        return Verdict(MessageState.REJECTED, result.business_no or None, result.message)
    return Verdict(MessageState.ACCEPTED, result.business_no, result.message)


def _ack_verdict(payload: Any) -> Verdict:
    ack = Ack.model_validate(payload)
    return Verdict(MessageState.ACCEPTED, None, "重复提交，平台已有记录" if ack.duplicate else "")


def _finalize_evaluation(body: Body, parents: list[ParentOutcome]) -> Body:
    for parent in parents:
        if parent.state is MessageState.ACCEPTED and parent.business_no:
            return {**body, "business_no": parent.business_no}
    raise MessageCancelled("办件未被受理（无办件编号），评价不上传")


def _finalize_transport(body: Body, parents: list[ParentOutcome]) -> Body:
    numbers = [p.business_no for p in parents if p.state is MessageState.ACCEPTED and p.business_no]
    if not numbers:
        raise MessageCancelled("批次内办件均未被受理，转运批次不上传")
    return {**body, "business_nos": numbers}


STANDARD_KINDS: Mapping[str, KindSpec] = {
    KIND_CASE: KindSpec(_case_verdict, role=Role.CLERK),
    KIND_EVALUATION: KindSpec(_ack_verdict, _finalize_evaluation, Role.CLERK),
    KIND_TRANSPORT: KindSpec(_ack_verdict, _finalize_transport, Role.COURIER),
}


# --- values -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewMessage:
    kind: str
    path: str
    object_id: str
    body: Body
    depends_on: tuple[str, ...] = ()
    key: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass(frozen=True, slots=True)
class MessageView:
    key: str
    kind: str
    path: str
    object_id: str
    state: MessageState
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    last_status: int | None
    business_no: str | None
    result: Any
    created_by: str
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    waiting_for: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Claimed:
    key: str
    kind: str
    path: str
    object_id: str
    body: Body
    attempts: int
    created_by: str


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    queued: int = 0
    sending: int = 0
    needs_attention: int = 0
    paused_reason: str | None = None  # set while uploads wait for a new login

    @property
    def pending(self) -> int:
        """The outbox size shown in the status bar: not yet delivered."""
        return self.queued + self.sending


def _view(row: OutboxMessage) -> MessageView:
    return MessageView(
        key=row.key,
        kind=row.kind,
        path=row.path,
        object_id=row.object_id,
        state=MessageState(row.state),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        last_status=row.last_status,
        business_no=row.business_no,
        result=json.loads(row.result) if row.result else None,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
        waiting_for=tuple(json.loads(row.depends_on)) if row.depends_on else (),
    )


def _dumps(body: Body) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


# --- the blocking store -------------------------------------------------------------------


class OutboxStore:
    """Outbox rows. Blocking (SQLite): call through the DB executor."""

    BODY_CONTEXT = "outbox_messages.body_enc"

    def __init__(
        self,
        db: Database,
        cipher: FieldCipher,
        kinds: Mapping[str, KindSpec] = STANDARD_KINDS,
    ) -> None:
        self.db = db
        self.cipher = cipher
        self.kinds = kinds

    def _ctx(self, key: str) -> str:
        return f"{self.BODY_CONTEXT}:{key}"

    def spec(self, kind: str) -> KindSpec:
        return self.kinds[kind]

    # -- writing messages --

    def add(self, s: Session, msg: NewMessage, *, created_by: str, now: datetime) -> None:
        """Add a message inside the caller's transaction (with the record it belongs to)."""
        if msg.kind not in self.kinds:
            raise ValueError(f"unknown outbox kind {msg.kind!r}")
        s.add(
            OutboxMessage(
                key=msg.key,
                kind=msg.kind,
                path=msg.path,
                object_id=msg.object_id,
                body_enc=self.cipher.encrypt(_dumps(msg.body), context=self._ctx(msg.key)),
                depends_on=json.dumps(list(msg.depends_on)) if msg.depends_on else None,
                state=MessageState.QUEUED.value,
                attempts=0,
                next_attempt_at=now,
                created_by=created_by,
                created_at=now,
                updated_at=now,
            )
        )
        s.flush()

    def enqueue(self, msg: NewMessage, *, created_by: str, now: datetime) -> MessageView:
        with self.db.session() as s:
            self.add(s, msg, created_by=created_by, now=now)
        view = self.get(msg.key)
        assert view is not None
        return view

    def recover(self, now: datetime) -> int:
        """Put messages left ``sending`` by a crash back in the queue (same key)."""
        with self.db.session() as s:
            result = s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.state == MessageState.SENDING.value)
                .values(state=MessageState.QUEUED.value, next_attempt_at=now, updated_at=now)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    # -- reading --

    def get(self, key: str) -> MessageView | None:
        with self.db.session(readonly=True) as s:
            row = s.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
            return _view(row) if row is not None else None

    def body(self, key: str) -> Body:
        with self.db.session(readonly=True) as s:
            blob = s.scalar(select(OutboxMessage.body_enc).where(OutboxMessage.key == key))
        if blob is None:
            raise KeyError(key)
        result: Body = json.loads(self.cipher.decrypt(blob, context=self._ctx(key)))
        return result

    def messages(
        self,
        *,
        states: Iterable[MessageState] | None = None,
        kind: str | None = None,
        since: datetime | None = None,
    ) -> list[MessageView]:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if states is not None:
            query = query.where(OutboxMessage.state.in_([st.value for st in states]))
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        if since is not None:
            query = query.where(OutboxMessage.created_at >= since)
        with self.db.session(readonly=True) as s:
            return [_view(row) for row in s.scalars(query)]

    def status(self) -> OutboxStatus:
        with self.db.session(readonly=True) as s:
            return self._status(s)

    @staticmethod
    def _status(s: Session) -> OutboxStatus:
        query = (
            select(OutboxMessage.state, func.count())
            .where(
                OutboxMessage.state.in_(
                    [
                        MessageState.QUEUED.value,
                        MessageState.SENDING.value,
                        MessageState.NEEDS_ATTENTION.value,
                    ]
                )
            )
            .group_by(OutboxMessage.state)
        )
        counts: dict[str, int] = {state: count for state, count in s.execute(query).all()}
        return OutboxStatus(
            queued=counts.get(MessageState.QUEUED.value, 0),
            sending=counts.get(MessageState.SENDING.value, 0),
            needs_attention=counts.get(MessageState.NEEDS_ATTENTION.value, 0),
        )

    # -- the sender's side --

    def _parents(self, s: Session, keys: list[str]) -> dict[str, ParentOutcome]:
        rows = s.execute(
            select(
                OutboxMessage.key,
                OutboxMessage.kind,
                OutboxMessage.state,
                OutboxMessage.business_no,
                OutboxMessage.last_error,
            ).where(OutboxMessage.key.in_(keys))
        )
        return {
            key: ParentOutcome(key, kind, MessageState(state), business_no, error or "")
            for key, kind, state, business_no, error in rows
        }

    def _ready(self, s: Session, row: OutboxMessage, now: datetime) -> bool:
        """Whether a dependent message may go now; completes its body once when it may."""
        keys: list[str] = json.loads(row.depends_on or "[]")
        parents = self._parents(s, keys)
        if len(parents) < len(keys) or not all(p.state.final for p in parents.values()):
            return False
        finalize = self.spec(row.kind).finalize
        if finalize is not None:
            body = json.loads(self.cipher.decrypt(row.body_enc, context=self._ctx(row.key)))
            try:
                body = finalize(body, [parents[k] for k in keys])
            except MessageCancelled as cancelled:
                row.state = MessageState.REJECTED.value
                row.last_error = cancelled.reason
                row.finished_at = row.updated_at = now
                return False
            row.body_enc = self.cipher.encrypt(_dumps(body), context=self._ctx(row.key))
        row.depends_on = None
        return True

    def claim_due(
        self, now: datetime, limit: int, kinds: frozenset[str] | None = None
    ) -> list[Claimed]:
        """Mark up to *limit* due messages ``sending`` and return them with their bodies.

        *kinds* limits the claim to the kinds the current session may send (None: all).
        """
        if limit <= 0:
            return []
        with self.db.session() as s:
            return self._claim(s, now, limit, kinds)

    def _claim(
        self, s: Session, now: datetime, limit: int, kinds: frozenset[str] | None
    ) -> list[Claimed]:
        """`claim_due` inside the caller's write transaction.

        Reads the due queue a page at a time (not all of it: 1,000 queued messages made
        every claim load 1,000 rows, bench/drain.py); a page holds more than *limit*
        because messages still waiting for their parents are skipped.
        """
        claimed: list[Claimed] = []
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.state == MessageState.QUEUED.value)
            .where(OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        )
        if kinds is not None:
            query = query.where(OutboxMessage.kind.in_(sorted(kinds)))
        page = limit  # waiting messages are rare: read on past them a page at a time
        after: tuple[datetime, int] | None = None
        while len(claimed) < limit:
            paged = (
                query
                if after is None
                else query.where(
                    tuple_(OutboxMessage.next_attempt_at, OutboxMessage.id) > tuple_(*after)
                )
            )
            rows = s.scalars(paged.limit(page)).all()
            for row in rows:
                if row.depends_on and not self._ready(s, row, now):
                    continue
                row.state = MessageState.SENDING.value
                row.attempts += 1
                row.updated_at = now
                if row.first_sent_at is None:
                    row.first_sent_at = now
                body = json.loads(self.cipher.decrypt(row.body_enc, context=self._ctx(row.key)))
                claimed.append(
                    Claimed(
                        row.key,
                        row.kind,
                        row.path,
                        row.object_id,
                        body,
                        row.attempts,
                        row.created_by,
                    )
                )
                if len(claimed) >= limit:
                    break
            if len(rows) < page:
                break
            after = (rows[-1].next_attempt_at, rows[-1].id)
        return claimed

    def next_due(self, kinds: frozenset[str] | None = None) -> datetime | None:
        """When the next queued message may be claimed (None: nothing can go by itself)."""
        query = (
            select(OutboxMessage.next_attempt_at, OutboxMessage.depends_on)
            .where(OutboxMessage.state == MessageState.QUEUED.value)
            .order_by(OutboxMessage.next_attempt_at)
        )
        if kinds is not None:
            query = query.where(OutboxMessage.kind.in_(sorted(kinds)))
        with self.db.session(readonly=True) as s:
            # The earliest message that waits for nobody; only messages due before it can
            # be earlier (a long queue is not read whole: bench/drain.py).
            free = s.execute(query.where(OutboxMessage.depends_on.is_(None)).limit(1)).first()
            waiting = query.where(OutboxMessage.depends_on.is_not(None))
            if free is not None:
                waiting = waiting.where(OutboxMessage.next_attempt_at < free[0])
            for due, depends_on in s.execute(waiting).all():
                keys: list[str] = json.loads(depends_on or "[]")
                parents = self._parents(s, keys)
                if len(parents) == len(keys) and all(p.state.final for p in parents.values()):
                    return due
                if any(p.state.settled and not p.state.final for p in parents.values()):
                    continue  # waits for the supervisor
                # Waits for parents that are themselves queued: they come first.
        return free[0] if free is not None else None

    def _update(self, key: str, now: datetime, **values: Any) -> MessageView:
        with self.db.session() as s:
            return self._update_in(s, key, now, **values)

    @staticmethod
    def _update_in(s: Session, key: str, now: datetime, **values: Any) -> MessageView:
        row = s.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
        if row is None:
            raise KeyError(key)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = now
        s.flush()
        return _view(row)

    @staticmethod
    def _finished(verdict: Verdict, result: Any, status: int, now: datetime) -> dict[str, Any]:
        return {
            "state": verdict.state.value,
            "result": json.dumps(result, ensure_ascii=False),
            "business_no": verdict.business_no,
            "last_error": verdict.message if verdict.state is MessageState.REJECTED else None,
            "last_status": status,
            "finished_at": now,
        }

    def finish(
        self, key: str, verdict: Verdict, *, result: Any, status: int, now: datetime
    ) -> MessageView:
        return self._update(key, now, **self._finished(verdict, result, status, now))

    def finish_many(
        self,
        answers: Sequence[tuple[str, Verdict, Any]],
        *,
        status: int,
        now: datetime,
        journal: Callable[[Session, MessageView], None] | None = None,
        claim: int = 0,
        kinds: frozenset[str] | None = None,
    ) -> tuple[list[MessageView], list[Claimed], OutboxStatus]:
        """`finish` each of *answers* (key, verdict, platform answer) and what follows, in
        one transaction — one commit for all the answers that arrived meanwhile instead of
        three per answer (bench/drain.py): *journal* writes each result's journal entry (it
        commits with the answer it records; if it fails it is logged and left out, as a
        separate entry would be), up to *claim* next due messages are claimed
        (`claim_due`), and the outbox status is read.
        """
        with self.db.session() as s:
            views: list[MessageView] = []
            for key, verdict, result in answers:
                values = self._finished(verdict, result, status, now)
                view = self._update_in(s, key, now, **values)
                if journal is not None:
                    try:
                        with s.begin_nested():
                            journal(s, view)
                    except Exception:
                        log.exception("could not journal an outbox result")
                views.append(view)
            claimed = self._claim(s, now, claim, kinds) if claim > 0 else []
            return views, claimed, self._status(s)

    def retry_later(
        self, key: str, *, error: str, status: int | None, at: datetime, now: datetime
    ) -> MessageView:
        return self._update(
            key,
            now,
            state=MessageState.QUEUED.value,
            last_error=error,
            last_status=status,
            next_attempt_at=at,
        )

    def release(self, key: str, *, error: str, status: int | None, now: datetime) -> MessageView:
        """Back to the queue as if this attempt had not happened (e.g. the session ended).

        Only a message still ``sending``: one whose answer was stored meanwhile (a delivery
        cancelled while its answer was being committed) stays as it is.
        """
        with self.db.session() as s:
            row = s.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
            if row is None:
                raise KeyError(key)
            if row.state != MessageState.SENDING.value:
                return _view(row)
            row.attempts = max(row.attempts - 1, 0)
            row.state = MessageState.QUEUED.value
            row.last_error = error
            row.last_status = status
            row.next_attempt_at = now
            row.updated_at = now
            s.flush()
            return _view(row)

    def flag(self, key: str, *, error: str, status: int | None, now: datetime) -> MessageView:
        return self._update(
            key,
            now,
            state=MessageState.NEEDS_ATTENTION.value,
            last_error=error,
            last_status=status,
        )

    # -- the supervisor's side --

    def requeue(self, key: str, now: datetime) -> MessageView:
        """Send a flagged message again (same key, same body), e.g. after a platform fix."""
        view = self.get(key)
        if view is None or view.state is not MessageState.NEEDS_ATTENTION:
            raise ValueError("只有“需处理”的上传可以重新提交")
        return self._update(key, now, state=MessageState.QUEUED.value, next_attempt_at=now)

    def dismiss(self, key: str, reason: str, now: datetime) -> MessageView:
        """Give a flagged message up (it ends ``rejected`` with the supervisor's reason)."""
        view = self.get(key)
        if view is None or view.state is not MessageState.NEEDS_ATTENTION:
            raise ValueError("只有“需处理”的上传可以撤销")
        return self._update(
            key, now, state=MessageState.REJECTED.value, last_error=reason, finished_at=now
        )


# --- the async face -----------------------------------------------------------------------


class Outbox:
    """What services and the UI use. Events fire on the event-loop thread."""

    def __init__(
        self,
        store: OutboxStore,
        db: DbExecutor,
        *,
        audit: AuditLog | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.db = db
        self.audit = audit
        self.clock = clock
        self.status = OutboxStatus()
        self.status_changed: Event[OutboxStatus] = Event("outbox.status")
        self.message_changed: Event[MessageView] = Event("outbox.message")
        self.enqueued: Event[str] = Event("outbox.enqueued")  # the sender wakes up
        # key -> [(future, also wake on a failed attempt)]
        self._waiters: dict[str, list[tuple[asyncio.Future[MessageView], bool]]] = {}

    def outbox_size(self) -> int:
        """Messages not yet delivered (last known; see ``status_changed``)."""
        return self.status.pending

    async def _with_status(self, fn: Callable[..., T], *args: Any) -> T:
        def work() -> tuple[T, OutboxStatus]:
            return fn(*args), self.store.status()

        value, status = await self.db.run(work)
        self._set_status(replace(status, paused_reason=self.status.paused_reason))
        return value

    def _set_status(self, status: OutboxStatus) -> None:
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)

    def set_paused(self, reason: str | None) -> None:
        self._set_status(replace(self.status, paused_reason=reason))

    def changed(self, view: MessageView) -> None:
        """Tell listeners and waiters about a message's new state."""
        self.message_changed.emit(view)
        retrying = view.state is MessageState.QUEUED and view.last_error is not None
        for future, on_retry in list(self._waiters.get(view.key, [])):
            if (view.state.settled or (retrying and on_retry)) and not future.done():
                future.set_result(view)

    async def start(self) -> OutboxStatus:
        """At start-up: requeue what a crash left ``sending``; load the status."""
        await self.recover()
        return self.status

    async def recover(self) -> int:
        return await self._with_status(self.store.recover, self.clock())

    async def refresh(self) -> OutboxStatus:
        await self._with_status(lambda: None)
        return self.status

    async def enqueue(self, msg: NewMessage, *, created_by: str) -> MessageView:
        view = await self._with_status(
            lambda: self.store.enqueue(msg, created_by=created_by, now=self.clock())
        )
        self.added(view)
        return view

    def added(self, view: MessageView) -> None:
        """After a service committed a message with its record: wake the sender."""
        self.message_changed.emit(view)
        self.enqueued.emit(view.key)

    async def get(self, key: str) -> MessageView | None:
        return await self.db.run(self.store.get, key)

    async def messages(
        self,
        *,
        states: Iterable[MessageState] | None = None,
        kind: str | None = None,
        since: datetime | None = None,
    ) -> list[MessageView]:
        chosen = tuple(states) if states is not None else None
        return await self.db.run(lambda: self.store.messages(states=chosen, kind=kind, since=since))

    async def wait_settled(
        self, key: str, timeout: float, *, until_retry: bool = False
    ) -> MessageView | None:
        """Wait up to *timeout* s for accepted / rejected / needs_attention; latest view.

        With *until_retry*, a failed attempt (the message is queued for a retry) also ends
        the wait: the clerk need not watch the backoff, the case is safe in the outbox.
        """
        future: asyncio.Future[MessageView] = asyncio.get_running_loop().create_future()
        entry = (future, until_retry)
        self._waiters.setdefault(key, []).append(entry)
        try:
            view = await self.get(key)
            if view is None or view.state.settled:
                return view
            try:
                return await asyncio.wait_for(future, timeout)
            except TimeoutError:
                return await self.get(key)
        finally:
            waiting = self._waiters.get(key, [])
            if entry in waiting:
                waiting.remove(entry)
            if not waiting:
                self._waiters.pop(key, None)

    # -- the supervisor's decisions on flagged messages --

    async def requeue(self, key: str, *, by: ActiveSession) -> MessageView:
        """Send a flagged message again, same key and body (e.g. after the platform fixed a
        fault on its side). Supervisor only; journaled."""
        by.require(Role.SUPERVISOR)
        view = await self._with_status(self.store.requeue, key, self.clock())
        await self._journal_resolution(by, view, "requeued", "")
        self.added(view)
        return view

    async def dismiss(self, key: str, reason: str, *, by: ActiveSession) -> MessageView:
        """Give a flagged message up (it ends ``rejected`` with the reason). Supervisor only;
        journaled. Messages waiting for it are then cancelled."""
        by.require(Role.SUPERVISOR)
        if len(reason.strip()) < 2:
            raise ValueError("请填写撤销原因")
        view = await self._with_status(self.store.dismiss, key, reason.strip(), self.clock())
        await self._journal_resolution(by, view, "dismissed", reason.strip())
        self.changed(view)
        self.enqueued.emit(key)  # children waiting for it can now be cancelled
        return view

    async def _journal_resolution(
        self, by: ActiveSession, view: MessageView, outcome: str, reason: str
    ) -> None:
        if self.audit is None:
            return
        await self.audit.record(
            Action.OUTBOX_RESOLVE.value,
            staff_no=by.staff.staff_no,
            role=Role.SUPERVISOR.value,
            object=f"{view.kind}:{view.object_id}",
            outcome=outcome,
            details={"status": view.last_status, "reason": scrub(reason) if reason else None},
        )


# --- the sender ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with full jitter: ``uniform(0, min(cap, base · 2^n))``."""

    base_s: float = 1.0
    cap_s: float = 300.0

    def delay(self, attempts: int, rng: random.Random) -> float:
        exponent = min(max(attempts - 1, 0), 62)
        return rng.uniform(0.0, min(self.cap_s, self.base_s * 2.0**exponent))


PAUSED_MESSAGE = "登录已失效，上传已暂停，重新登录后自动继续"
_RETRY_STATUSES = frozenset({408, 409, 425, 429})


class OutboxSender:
    """Delivers queued messages in the background, ``concurrency`` at a time.

    ``run()`` runs until cancelled (start it once, after ``Outbox.start()``); ``wake()``
    asks it to look at the queue now (it also wakes itself on ``Outbox.enqueued`` and on a
    new login); ``drain()`` delivers everything that can go now and returns (tests, day
    close).

    With *sessions*, a message is sent only under a session holding its kind's role (a
    case waits while the courier is logged in, a batch while a clerk is), and nothing is
    sent while nobody is logged in. Without it (tools, tests) the client's token is used
    as it is.
    """

    def __init__(
        self,
        outbox: Outbox,
        client: BureauClient,
        *,
        sessions: SessionService | None = None,
        concurrency: int = 4,
        backoff: Backoff | None = None,
        rng: random.Random | None = None,
        audit: AuditLog | None = None,
        idle_poll_s: float = 30.0,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.outbox = outbox
        self.client = client
        self.sessions = sessions
        self.concurrency = concurrency
        self.backoff = backoff or Backoff()
        self.rng = rng or random.Random()
        self.audit = audit
        self.idle_poll_s = idle_poll_s
        self._wake = asyncio.Event()
        self._paused_marker: object | None = None
        self._paused = False
        self._pumping = False
        self._inflight: dict[str, asyncio.Task[None]] = {}
        # 2xx answers waiting to be stored (a batch per transaction: `_commit_answers`)
        self._answers: list[tuple[Claimed, Verdict, Any, asyncio.Future[MessageView]]] = []
        self._committer: asyncio.Task[None] | None = None
        # Deliveries whose request is under way (at most `concurrency`), and messages
        # claimed ahead (``sending``) that start as soon as a request slot frees: the next
        # request does not wait for the last answer's commit (bench/drain.py).
        self._posting: set[str] = set()
        self._ready: collections.deque[Claimed] = collections.deque()
        self._journal_in_transaction = False
        outbox.enqueued.connect(lambda _key: self.wake())
        if sessions is not None:
            sessions.started.connect(lambda _session: self.wake())

    @property
    def paused(self) -> bool:
        return self._paused

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        await self._pump(until_idle=False, deadline=None)

    async def drain(self, timeout: float | None = None) -> OutboxStatus:
        """Send until nothing can go now (or paused, or *timeout* s); returns the status."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        await self._pump(until_idle=True, deadline=deadline)
        return await self.outbox.refresh()

    # -- sessions --

    def _marker(self) -> object | None:
        """Identifies the session in use: a new login gives a new marker."""
        if self.sessions is not None:
            return self.sessions.current
        return self.client.token

    def _kinds(self) -> frozenset[str] | None:
        """The kinds the current session may send (None: no restriction)."""
        if self.sessions is None:
            return None
        session = self.sessions.current
        if session is None:
            return frozenset()
        roles = set(session.staff.roles)
        return frozenset(
            kind
            for kind, spec in self.outbox.store.kinds.items()
            if spec.role is None or spec.role in roles
        )

    def _check_resume(self) -> None:
        if not self._paused:
            return
        marker = self._marker()
        if marker is not None and marker is not self._paused_marker:
            self._paused = False
            self._paused_marker = None
            self.outbox.set_paused(None)

    def _pause(self) -> None:
        if not self._paused:
            self._paused = True
            self._paused_marker = self._marker()
            self.outbox.set_paused(PAUSED_MESSAGE)

    # -- the loop --

    async def _pump(self, *, until_idle: bool, deadline: float | None) -> None:
        if self._pumping:
            raise RuntimeError("the outbox sender is already running")
        self._pumping = True
        loop = asyncio.get_running_loop()
        try:
            await self.outbox.recover()  # nothing of ours is in flight yet
            while True:
                self._wake.clear()
                self._check_resume()
                kinds = self._kinds()
                await self._return_unsendable(kinds)
                self._fill()
                free = self.concurrency - len(self._posting)
                if not self._paused and free > 0 and kinds != frozenset():
                    claimed = await self.outbox.db.run(
                        self.outbox.store.claim_due, self.outbox.clock(), free, kinds
                    )
                    for msg in claimed:
                        self._launch(msg)
                    if claimed:
                        await self.outbox.refresh()
                timeout = await self._wait_time(kinds)
                idle = not self._inflight and not self._ready
                if until_idle and idle and (self._paused or timeout is None):
                    return
                if deadline is not None:
                    left = deadline - loop.time()
                    if left <= 0:
                        return
                    timeout = left if timeout is None else min(timeout, left)
                await self._wait(timeout)
        finally:
            self._pumping = False
            await self._abandon_inflight()

    def _launch(self, msg: Claimed) -> None:
        task = asyncio.create_task(self._deliver(msg))
        self._inflight[msg.key] = task
        self._posting.add(msg.key)
        task.add_done_callback(functools.partial(self._forget, msg.key))

    def _forget(self, key: str, _task: asyncio.Task[None]) -> None:
        self._inflight.pop(key, None)
        self._posting.discard(key)

    def _fill(self) -> None:
        """Start messages claimed ahead in the free request slots."""
        if not self._pumping or self._paused:
            return
        kinds = self._kinds()
        while self._ready and len(self._posting) < self.concurrency:
            if kinds is not None and self._ready[0].kind not in kinds:
                return  # the session changed: `_return_unsendable` puts them back
            self._launch(self._ready.popleft())

    async def _return_unsendable(self, kinds: frozenset[str] | None) -> None:
        """Put messages claimed ahead back in the queue when they may not go now (paused,
        or the session may not send their kind), as if they had not been claimed."""
        keep: collections.deque[Claimed] = collections.deque()
        while self._ready:
            msg = self._ready.popleft()
            if self._paused or (kinds is not None and msg.kind not in kinds):
                await self._release(msg, PAUSED_MESSAGE if self._paused else "等待登录", None)
            else:
                keep.append(msg)
        self._ready = keep

    async def _wait_time(self, kinds: frozenset[str] | None) -> float | None:
        """Seconds until a queued message is due (None: nothing will become due by itself)."""
        if self._paused:
            return 1.0  # look for a new session now and then; wake() is quicker
        if len(self._posting) >= self.concurrency or kinds == frozenset():
            return None  # a finishing task, a login or wake() brings us back
        due = await self.outbox.db.run(self.outbox.store.next_due, kinds)
        if due is None:
            return None
        return max(0.0, (due - self.outbox.clock()).total_seconds())

    async def _wait(self, timeout: float | None) -> None:
        waker = asyncio.ensure_future(self._wake.wait())
        waiting: set[asyncio.Future[Any]] = {waker, *self._inflight.values()}
        if timeout is None and not self._inflight:
            timeout = self.idle_poll_s
        try:
            await asyncio.wait(waiting, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waker.cancel()

    async def _abandon_inflight(self) -> None:
        tasks = list(self._inflight.values())
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        committer, self._committer = self._committer, None
        if committer is not None and not committer.done():
            await asyncio.gather(committer, return_exceptions=True)  # finishes its batch
        ahead, self._ready = bool(self._ready), collections.deque()
        if tasks or committer is not None or ahead:
            # A batch of answers stored while stopping may have claimed successors
            # (`finish_many`) that were not sent: back to the queue, as recover() at the
            # next start would (same keys). Nothing of ours is in flight now.
            try:
                await self.outbox.recover()
            except Exception:
                log.warning("could not requeue claimed messages; recovered at next start")

    # -- one delivery --

    async def _deliver(self, msg: Claimed) -> None:
        try:
            await self._attempt(msg)
        except asyncio.CancelledError:
            # Stopping: leave it for recover() (same key); try to requeue now if we can.
            try:
                await asyncio.shield(self._release(msg, "上传中断，稍后重试", None))
            except Exception:
                log.warning("could not requeue %s after cancel; recovered at next start", msg.kind)
            raise
        except Exception:
            log.exception("unexpected failure delivering a %s message", msg.kind)
            try:
                await self._retry(msg, "上传出错，稍后重试", None)
            except Exception:  # e.g. the disk is gone: the row stays sending, recover() at start
                log.exception("could not reschedule a %s message", msg.kind)

    async def _post(self, msg: Claimed) -> Any:
        try:
            return await self.client.post_idempotent(msg.path, msg.body, msg.key)
        finally:
            self._posting.discard(msg.key)  # the request slot is free again

    async def _attempt(self, msg: Claimed) -> None:
        try:
            payload = await self._post(msg)
        except SessionEnded as exc:
            self._pause()
            await self._release(msg, exc.message, exc.status)
            return
        except BureauUnreachable as exc:
            await self._retry(msg, exc.message, None)
            return
        except BureauInvalidResponse as exc:
            await self._flag(msg, exc.message, exc.status)
            return
        except BureauError as exc:
            status = exc.status
            if status == 401:
                self._pause()
                await self._release(msg, exc.message, status)
            elif status is None or status >= 500 or status in _RETRY_STATUSES:
                await self._retry(msg, exc.message, status)
            else:
                await self._flag(msg, exc.message, status)
            return
        try:
            verdict = self.outbox.store.spec(msg.kind).parse_result(payload)
        except ValidationError:
            log.warning("platform answer for a %s message does not validate", msg.kind)
            await self._flag(msg, "平台返回的数据格式不正确，请联系人社平台核实", 200)
            return
        self._fill()  # the next request goes now; this answer is stored meanwhile
        future: asyncio.Future[MessageView] = asyncio.get_running_loop().create_future()
        self._answers.append((msg, verdict, payload, future))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_answers())
        view = await future
        self.outbox.changed(view)
        if not self._journal_in_transaction:
            await self._journal(view)

    async def _commit_answers(self) -> None:
        """Store the answers that arrived, a batch per transaction (group commit).

        With the answer, the journal entry is written and the next messages are claimed
        for the slots the batch frees (and any other free one), in the same transaction:
        while the DB thread commits one batch the next answers gather (bench/drain.py).
        """
        while self._answers:
            batch, self._answers = self._answers, []
            kinds = self._kinds()
            # Claim for the free request slots and `concurrency` more ahead.
            free = self.concurrency - len(self._posting)
            ahead = max(0, free + self.concurrency - len(self._ready))
            more = ahead if self._pumping and not self._paused and kinds != frozenset() else 0
            writer = self._journal_writer()
            self._journal_in_transaction = writer is not None
            answers = [(msg.key, verdict, payload) for msg, verdict, payload, _f in batch]
            try:
                views, claimed, counts = await self.outbox.db.run(
                    functools.partial(
                        self.outbox.store.finish_many,
                        answers,
                        status=200,
                        now=self.outbox.clock(),
                        journal=writer,
                        claim=more,
                        kinds=kinds,
                    )
                )
            except BaseException as exc:  # each delivery reschedules its own message
                for *_rest, future in batch:
                    if not future.done():
                        future.set_exception(
                            exc if isinstance(exc, Exception) else asyncio.CancelledError()
                        )
                if not isinstance(exc, Exception):
                    raise
                continue
            paused_reason = self.outbox.status.paused_reason
            self.outbox._set_status(replace(counts, paused_reason=paused_reason))
            for (*_rest, future), view in zip(batch, views, strict=True):
                if not future.done():
                    future.set_result(view)
            self._ready.extend(claimed)  # if the sender stopped: `_abandon_inflight`
            self._fill()

    async def _retry(self, msg: Claimed, error: str, status: int | None) -> None:
        delay = self.backoff.delay(msg.attempts, self.rng)
        now = self.outbox.clock()
        view = await self.outbox._with_status(
            lambda: self.outbox.store.retry_later(
                msg.key, error=error, status=status, at=now + timedelta(seconds=delay), now=now
            )
        )
        self.outbox.changed(view)

    async def _release(self, msg: Claimed, error: str, status: int | None) -> None:
        view = await self.outbox._with_status(
            lambda: self.outbox.store.release(
                msg.key, error=error, status=status, now=self.outbox.clock()
            )
        )
        self.outbox.changed(view)

    async def _flag(self, msg: Claimed, error: str, status: int | None) -> None:
        log.warning("%s message needs attention (HTTP %s)", msg.kind, status)
        view = await self.outbox._with_status(
            lambda: self.outbox.store.flag(
                msg.key, error=error, status=status, now=self.outbox.clock()
            )
        )
        self.outbox.changed(view)
        await self._journal(view)

    @staticmethod
    def _journal_entry(view: MessageView) -> tuple[str, dict[str, Any]]:
        if view.state is MessageState.NEEDS_ATTENTION:
            action = Action.CASE_FLAGGED
        elif view.kind == KIND_CASE:
            action = Action.CASE_RESULT
        else:
            action = Action.OUTBOX_DELIVERED
        return action.value, {
            "staff_no": view.created_by,
            "role": "system",
            "object": f"{view.kind}:{view.object_id}",
            "outcome": view.state.value,
            "details": {
                "business_no": view.business_no,
                "status": view.last_status,
                "attempts": view.attempts,
            },
        }

    def _journal_writer(self) -> Callable[[Session, MessageView], None] | None:
        """Writes the result's journal entry in the answer's own transaction, when the
        journal lives in the outbox's database (the app's case); None: `_journal` after."""
        audit = self.audit
        if not isinstance(audit, JournalAudit) or not audit.shares(self.outbox.store.db):
            return None

        def write(s: Session, view: MessageView) -> None:
            action, fields = self._journal_entry(view)
            audit.record_in(s, action, **fields)

        return write

    async def _journal(self, view: MessageView) -> None:
        if self.audit is None:
            return
        action, fields = self._journal_entry(view)
        try:
            await self.audit.record(action, **fields)
        except Exception:
            log.exception("could not journal an outbox result")
