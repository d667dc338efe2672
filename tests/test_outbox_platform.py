"""The outbox against the training platform's own idempotency store and sessions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from counter.bureau.cases import CaseSubmission
from counter.bureau.models import Role
from counter.outbox import KIND_CASE, Backoff, MessageState, NewMessage
from counter.training.case_db import Claimed, claim_key, release_key
from counter.training.deps import payload_digest
from counter.training.seed import TRAINING_OUTLET_CODE
from counter.training.server import TrainingServer
from tests.test_cases_support import FULL_ITEM, Desk, open_desk, platform_cases
from tests.training_fixtures import ClientFactory, NewStaff, bearer, token_for


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    desk = open_desk(training_server, tmp_path / "counter.sqlite3", backoff=Backoff(0.05, 0.3))
    await desk.login("T-CLERKA1")
    yield desk
    await desk.close()


async def test_in_progress_409_waits_then_gets_through_with_the_same_key(desk: Desk) -> None:
    outcome = await desk.cases.submit(desk.draft(FULL_ITEM))
    key = outcome.outbox_key
    body = CaseSubmission.model_validate(await desk.executor.run(desk.store.body, key))
    # Another request with this key is "still running" on the platform.
    claim = claim_key(
        desk.server.engine, TRAINING_OUTLET_CODE, key, payload_digest(body.model_dump(mode="json"))
    )
    assert isinstance(claim, Claimed)
    runner = asyncio.create_task(desk.sender.run())
    try:
        for _ in range(500):
            view = await desk.outbox.get(key)
            assert view is not None
            if view.last_status == 409:
                break
            await asyncio.sleep(0.01)
        assert view.state in (MessageState.QUEUED, MessageState.SENDING)
        assert view.last_error and "同一幂等键" in view.last_error
        release_key(desk.server.engine, claim.key_id)  # the other request died unapplied
        final = await desk.outbox.wait_settled(key, timeout=20)
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
    assert final is not None and final.state is MessageState.ACCEPTED
    assert final.attempts >= 2
    assert len(platform_cases(desk.server, {body.case_id})) == 1


async def test_same_key_different_body_is_flagged_not_looped(
    desk: Desk, make_client: ClientFactory
) -> None:
    first = desk.draft(FULL_ITEM)
    taken = first.submission(client_time=desk.cases.clock()).model_dump(mode="json")
    raw = make_client(desk.server)
    key = "k-" + first.case_id
    headers = {**bearer(token_for(raw, "T-CLERKB1")), "Idempotency-Key": key}
    assert raw.post("/v1/cases", json=taken, headers=headers).status_code == 200

    other = desk.draft(FULL_ITEM).submission(client_time=desk.cases.clock())
    message = NewMessage(
        kind=KIND_CASE,
        path="/v1/cases",
        object_id=other.case_id,
        body=other.model_dump(mode="json"),
        key=key,
    )
    await desk.outbox.enqueue(message, created_by="T-CLERKA1")
    status = await desk.sender.drain(timeout=20)
    assert status.needs_attention == 1
    view = await desk.outbox.get(key)
    assert view is not None and view.state is MessageState.NEEDS_ATTENTION
    assert view.last_status == 422 and "内容不同" in (view.last_error or "")
    assert view.attempts == 1
    assert platform_cases(desk.server, {other.case_id}) == []


async def test_a_login_elsewhere_pauses_uploads_until_this_clerk_logs_in_again(
    training_server: TrainingServer,
    tmp_path: Path,
    new_staff: NewStaff,
    make_client: ClientFactory,
) -> None:
    desk = open_desk(training_server, tmp_path / "p.sqlite3")
    clerk = new_staff((Role.CLERK,))
    await desk.login(clerk)
    try:
        outcome = await desk.cases.submit(desk.draft(FULL_ITEM))
        token_for(make_client(training_server), clerk)  # the same account, another PC
        status = await desk.sender.drain(timeout=20)
        assert desk.sender.paused
        assert status.paused_reason and "重新登录" in status.paused_reason
        view = await desk.outbox.get(outcome.outbox_key)
        assert view is not None and view.state is MessageState.QUEUED and view.attempts == 0

        await desk.login(clerk)  # back at this PC
        status = await desk.sender.drain(timeout=20)
        assert not desk.sender.paused and status.pending == 0
        view = await desk.outbox.get(outcome.outbox_key)
        assert view is not None and view.state is MessageState.ACCEPTED
        assert len(platform_cases(training_server, {outcome.case_id})) == 1
    finally:
        await desk.close()


async def test_nothing_is_sent_without_a_session(desk: Desk) -> None:
    outcome = await desk.cases.submit(desk.draft(FULL_ITEM))
    await desk.sessions.logout()
    status = await desk.sender.drain(timeout=5)
    assert status.pending == 1
    view = await desk.outbox.get(outcome.outbox_key)
    assert view is not None and view.attempts == 0
    await desk.login("T-CLERKA1")
    assert (await desk.sender.drain(timeout=20)).pending == 0
