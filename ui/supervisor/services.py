"""The core services the supervisor's workspace uses, gathered in one place.

:func:`supervisor_services` takes them from the composition root's ``Services`` when it
has them (attributes ``reports``, ``reconciler``, ``day_close``, ``followups``,
``feedback``, ``roster``, ``journal_uploader``) and otherwise builds them here from what
``Services`` holds — the lines marked "composition root" are the ones to move into
``ui/composition.py`` ``build_services`` (blocking parts there run on a worker thread; here
everything is cheap: the keystore caches its keys and nothing touches the disk).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter.catalogue import CatalogueService
from counter.dayclose import DayCloseService
from counter.feedback import FeedbackService
from counter.followup import FollowUpService
from counter.hall_sync import HallSync
from counter.journal_upload import JournalUploader
from counter.outbox import Outbox
from counter.queue.service import QueueService
from counter.reconcile import Reconciler
from counter.report import ReportService
from counter.roster import RosterService
from counter.session import SessionService
from counter.supervision_store import ALL_KINDS

if TYPE_CHECKING:
    from ui.composition import Services

__all__ = ["SupervisorServices", "supervisor_services"]


@dataclass
class SupervisorServices:
    reports: ReportService
    reconciler: Reconciler
    day_close: DayCloseService
    followups: FollowUpService
    feedback: FeedbackService
    roster: RosterService
    uploader: JournalUploader
    sessions: SessionService
    queue: QueueService
    outbox: Outbox
    hall_sync: HallSync | None
    catalogue: CatalogueService | None
    training: bool
    reports_dir: Path


def _given(services: Any, name: str) -> Any:
    return getattr(services, name, None)


def supervisor_services(services: Services) -> SupervisorServices:
    """From the composition root's services (building what it does not hold yet, once:
    a second supervisor login reuses them, so listeners are not attached twice)."""
    cached: SupervisorServices | None = getattr(services, "_supervisor_services", None)
    if cached is not None:
        return cached
    built = _build(services)
    services._supervisor_services = built  # type: ignore[attr-defined]
    return built


def _build(services: Services) -> SupervisorServices:
    config = services.config
    outlet, window = config.outlet.code, config.outlet.window
    store = services.outbox.store
    # composition root: OutboxStore(db, cipher, kinds=ALL_KINDS) — the sender must know the
    # supervision kinds (journal batches, day close, 意见簿, staff filings).
    if any(kind not in store.kinds for kind in ALL_KINDS):
        store.kinds = {**ALL_KINDS, **store.kinds}
    journal_key = services.keystore.journal_key()
    reports_dir = services.data_dir / "reports"

    reports: ReportService | None = _given(services, "reports")
    if reports is None:  # composition root
        reports = ReportService(
            services.db,
            services.db_executor,
            outlet_code=outlet,
            window=window,
            journal_key=journal_key,
            training=services.training,
        )
    uploader: JournalUploader | None = _given(services, "journal_uploader")
    if uploader is None:  # composition root (and start `uploader.run()` in Services.start)
        uploader = JournalUploader(
            services.journal,
            services.outbox,
            services.db_executor,
            outlet_code=outlet,
            device_id=services.device_id,
        )
    reconciler: Reconciler | None = _given(services, "reconciler")
    if reconciler is None:  # composition root
        reconciler = Reconciler(services.client, services.db, services.db_executor, services.audit)
    day_close: DayCloseService | None = _given(services, "day_close")
    if day_close is None:  # composition root
        day_close = DayCloseService(
            services.db,
            services.db_executor,
            journal=services.journal,
            journal_key=journal_key,
            sessions=services.sessions,
            queue=services.queue,
            outbox=services.outbox,
            uploader=uploader,
            reconciler=reconciler,
            reports=reports,
            audit=services.audit,
            device_id=services.device_id,
            printer=services.printer,
            reports_dir=reports_dir,
            training=services.training,
        )
    followups: FollowUpService | None = _given(services, "followups")
    if followups is None:  # composition root
        followups = FollowUpService(
            services.db, services.db_executor, services.audit, services.sessions, store
        )
    feedback: FeedbackService | None = _given(services, "feedback")
    if feedback is None:  # composition root
        feedback = FeedbackService(
            services.sessions, services.outbox, services.db_executor, services.audit, store.cipher
        )
    roster: RosterService | None = _given(services, "roster")
    if roster is None:  # composition root
        roster = RosterService(
            services.sessions, services.outbox, services.db_executor, services.audit
        )
    return SupervisorServices(
        reports=reports,
        reconciler=reconciler,
        day_close=day_close,
        followups=followups,
        feedback=feedback,
        roster=roster,
        uploader=uploader,
        sessions=services.sessions,
        queue=services.queue,
        outbox=services.outbox,
        hall_sync=services.hall_sync,
        catalogue=services.catalogue,
        training=services.training,
        reports_dir=reports_dir,
    )
