"""The A/B roster: posts, handovers, training warnings, and filings to the platform."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.bureau.models import Post
from counter.journal import Action
from counter.outbox import MessageState
from counter.roster import RosterError
from counter.session import PermissionDenied
from counter.training.server import TrainingServer
from counter.training.supervision import PlatformStaffFilingRow
from tests.test_dayclose_support import Desk, supervision_desk
from tests.test_report_support import DAY, at, open_store


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    store = open_store(tmp_path / "counter.sqlite3")
    store.clock.now = at(8, 30)
    d = supervision_desk(training_server, store)
    await d.login()
    yield d
    await d.close()
    store.close()


async def staff_both(desk: Desk) -> None:
    week_ago = DAY - timedelta(days=3)
    await desk.roster.assign(
        Post.A,
        "T-CLERKA1",
        "李文涛",
        from_on=DAY - timedelta(days=30),
        trained_on=week_ago,
        certified_on=DAY - timedelta(days=60),
    )
    await desk.roster.assign(
        Post.B,
        "t-clerkb1",
        "张丽华",
        from_on=DAY - timedelta(days=30),
        trained_on=week_ago,
        certified_on=DAY - timedelta(days=60),
    )


async def test_an_empty_window_is_warned(desk: Desk) -> None:
    view = await desk.roster.current()
    assert view.a is None and view.b is None
    assert view.warnings == (
        "A岗空缺：窗口须有A、B两岗，请安排人员并备案",
        "B岗空缺：窗口须有A、B两岗，请安排人员并备案",
    )


async def test_both_posts_filled_and_filed(desk: Desk) -> None:
    await staff_both(desk)
    view = await desk.roster.current()
    assert view.a is not None and view.b is not None
    assert (view.a.staff_no, view.a.name_masked) == ("T-CLERKA1", "李**")
    assert (view.b.staff_no, view.b.name_masked) == ("T-CLERKB1", "张**")
    assert view.warnings == ()
    await desk.sender.drain(timeout=20)
    view = await desk.roster.current()
    assert view.a is not None and view.a.filing_state is MessageState.ACCEPTED
    with Session(desk.server.engine) as db:
        filed = db.scalars(
            select(PlatformStaffFilingRow.data).where(
                PlatformStaffFilingRow.staff_no.in_(["T-CLERKA1", "T-CLERKB1"])
            )
        ).all()
    kinds = {(f["staff_no"], f["kind"], f["post"], f["window"]) for f in filed}
    assert ("T-CLERKA1", "assign", "A", desk.window) in kinds
    assert ("T-CLERKB1", "assign", "B", desk.window) in kinds
    entries = await desk.store.executor.run(desk.store.journal.entries)
    assert [e.outcome for e in entries if e.action == Action.ROSTER_CHANGE.value] == [
        "assign",
        "assign",
    ]
    assert len([e for e in entries if e.action == Action.STAFF_FILING.value]) == 2


async def test_rules_of_the_posts(desk: Desk) -> None:
    await desk.roster.assign(Post.A, "T-CLERKA1", "李文涛", from_on=DAY)
    with pytest.raises(RosterError, match="同一人"):
        await desk.roster.assign(Post.B, "T-CLERKA1", "李文涛", from_on=DAY)
    with pytest.raises(RosterError, match="岗位交接"):
        await desk.roster.assign(Post.A, "T-CLERKB1", "张丽华", from_on=DAY)
    with pytest.raises(RosterError, match="空缺"):
        await desk.roster.handover(Post.B, "T-CLERKB1", "张丽华", reason="调岗")
    view = await desk.roster.current()
    assert "A岗 李**（T-CLERKA1） 未登记上岗资格" in view.warnings
    assert "A岗 李**（T-CLERKA1） 未登记培训" in view.warnings


async def test_a_handover_passes_the_post_on(desk: Desk) -> None:
    await staff_both(desk)
    with pytest.raises(RosterError, match="交接原因"):
        await desk.roster.handover(Post.A, "X-NEW", "王小明", reason="")
    with pytest.raises(RosterError, match="同一人"):
        await desk.roster.handover(Post.A, "T-CLERKB1", "张丽华", reason="调岗")
    done = await desk.roster.handover(
        Post.A, "X-NEW01", "王小明", reason="A岗调任", on=DAY, trained_on=DAY, certified_on=DAY
    )
    assert (done.from_staff_no, done.to_staff_no, done.handed_on) == ("T-CLERKA1", "X-NEW01", DAY)
    assert "业务专用章" in done.items
    view = await desk.roster.current()
    assert view.a is not None and view.a.staff_no == "X-NEW01"
    history = await desk.roster.history()
    old = next(h for h in history if h.staff_no == "T-CLERKA1")
    assert old.to_on == DAY
    assert [h.to_staff_no for h in await desk.roster.handovers()] == ["X-NEW01"]


async def test_leave_and_training(desk: Desk) -> None:
    await staff_both(desk)
    desk.store.clock.now = at(9, 0) + timedelta(days=10)
    view = await desk.roster.current()
    assert any("已超过 7 天" in w for w in view.warnings)
    holder = await desk.roster.record_training(Post.B, trained_on=DAY + timedelta(days=9))
    assert holder.trained_on == DAY + timedelta(days=9)
    with pytest.raises(RosterError, match="晚于今天"):
        await desk.roster.record_training(Post.B, certified_on=DAY + timedelta(days=30))
    left = await desk.roster.leave(Post.B, reason="调离本网点")
    assert left.to_on == DAY + timedelta(days=10)
    view = await desk.roster.current()
    assert view.b is None and "B岗空缺：窗口须有A、B两岗，请安排人员并备案" in view.warnings


async def test_the_platform_refuses_someone_it_does_not_know(desk: Desk) -> None:
    await desk.roster.assign(Post.A, "X-NOBODY", "无名", from_on=DAY)
    await desk.roster.assign(Post.B, "T-GUIDE01", "陈晓敏", from_on=DAY)
    await desk.sender.drain(timeout=20)
    view = await desk.roster.current()
    assert view.a is not None and view.a.filing_state is MessageState.NEEDS_ATTENTION
    assert view.b is not None and view.b.filing_state is MessageState.NEEDS_ATTENTION
    flagged = await desk.store.outbox.messages(states=[MessageState.NEEDS_ATTENTION])
    assert {m.last_error for m in flagged} == {
        "工号 X-NOBODY 不是本网点登记的人员",
        "工号 T-GUIDE01 没有经办权限，不能担任窗口A/B岗",
    }


async def test_only_a_supervisor_changes_the_roster(desk: Desk) -> None:
    await desk.login("T-CLERKA1")
    with pytest.raises(PermissionDenied):
        await desk.roster.assign(Post.A, "T-CLERKA1", "李文涛")
