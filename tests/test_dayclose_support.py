"""The supervisor's side of one counter PC against the training platform (no tests here).

`supervision_desk` adds to a `Store` (tests/test_report_support.py): the HTTPS client,
the session service, the outbox sender, the journal uploader, the reconciler, the report
and day-close services, 差评 follow-up, 意见簿 and roster — wired as the composition root
would, with the store's test clock. Each desk uses a window number of its own, so closes
on the shared training platform never meet.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter.bureau.client import BureauClient, build_ssl_context
from counter.dayclose import DayCloseService
from counter.feedback import FeedbackService
from counter.followup import FollowUpService
from counter.journal_upload import JournalUploader
from counter.outbox import Backoff, OutboxSender
from counter.reconcile import Reconciler
from counter.report import ReportService
from counter.roster import RosterService
from counter.session import SessionService
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD
from tests.test_report_support import KEY, Store

SUPERVISOR_NO = "T-SUPER01"
_windows = itertools.count(11)


@dataclass
class Desk:
    store: Store
    client: BureauClient
    sessions: SessionService
    sender: OutboxSender
    uploader: JournalUploader
    reconciler: Reconciler
    reports: ReportService
    day_close: DayCloseService
    followups: FollowUpService
    feedback: FeedbackService
    roster: RosterService
    window: int
    device_id: str
    server: Any  # the TrainingServer (its engine: the platform's own rows)

    async def login(self, staff_no: str = SUPERVISOR_NO) -> None:
        if self.sessions.current is not None:
            await self.sessions.logout()
        await self.sessions.login(staff_no, TRAINING_PASSWORD)

    async def close(self) -> None:
        if self.sessions.current is not None:
            await self.sessions.logout()
        await self.client.aclose()


def supervision_desk(
    server: object, store: Store, *, reports_dir: Path | None = None, key: bytes = KEY
) -> Desk:
    base_url = str(getattr(server, "base_url"))  # noqa: B009 - TrainingServer or a stub
    ca_file = getattr(server, "ca_file")  # noqa: B009
    window = next(_windows)
    device_id = f"{store.path.stem}-{window}-{random.randrange(10**9)}"
    client = BureauClient(
        base_url, build_ssl_context(ca_file), read_timeout_s=5, connect_timeout_s=5
    )
    sessions = SessionService(
        client, store.audit, outlet_code=TRAINING_OUTLET_CODE, window=window, device_id=device_id
    )
    sender = OutboxSender(
        store.outbox,
        client,
        sessions=sessions,
        backoff=Backoff(base_s=0.02, cap_s=0.2),
        rng=random.Random(3),
        audit=store.audit,
    )
    uploader = JournalUploader(
        store.journal,
        store.outbox,
        store.executor,
        outlet_code=TRAINING_OUTLET_CODE,
        device_id=device_id,
        batch_size=50,
        clock=store.clock,
    )
    reconciler = Reconciler(client, store.db, store.executor, store.audit, clock=store.clock)
    reports = ReportService(
        store.db,
        store.executor,
        outlet_code=TRAINING_OUTLET_CODE,
        window=window,
        journal_key=key,
        training=True,
        clock=store.clock,
    )
    day_close = DayCloseService(
        store.db,
        store.executor,
        journal=store.journal,
        journal_key=key,
        sessions=sessions,
        queue=store.queue,
        outbox=store.outbox,
        uploader=uploader,
        reconciler=reconciler,
        reports=reports,
        audit=store.audit,
        device_id=device_id,
        printer=store.printer,
        reports_dir=reports_dir,
        training=True,
        settle_wait_s=0,
        clock=store.clock,
    )
    followups = FollowUpService(
        store.db, store.executor, store.audit, sessions, store.outbox_store, clock=store.clock
    )
    feedback = FeedbackService(
        sessions, store.outbox, store.executor, store.audit, store.cipher, clock=store.clock
    )
    roster = RosterService(sessions, store.outbox, store.executor, store.audit, clock=store.clock)
    return Desk(
        store,
        client,
        sessions,
        sender,
        uploader,
        reconciler,
        reports,
        day_close,
        followups,
        feedback,
        roster,
        window,
        device_id,
        server,
    )
