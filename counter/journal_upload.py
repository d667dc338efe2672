"""The journal goes to the bureau in batches through the outbox (`POST /v1/journal`).

:meth:`JournalUploadStore.enqueue_batch` takes the next entries after the last batch
(by ``seq``), writes them as one outbox message (kind ``journal_batch``, its key is the
batch id) and a ``journal_uploads`` row naming the span, in one transaction. The outbox
sender then delivers it like any other message: retried with the same key after a
timeout, flagged for the supervisor on a refusal. The platform stores entries by entry
id, so a batch sent twice stores nothing twice.

When the platform has acknowledged a batch, the entries' ``sent_at`` is set
(:meth:`counter.journal.Journal.mark_sent`) and the batch row is marked; a crash between
the two is repaired by :meth:`JournalUploader.mark_delivered` at the next start.

Every delivered batch is itself journaled by the sender (``outbox_delivered``,
``journal_batch:…``): the uploader does not send a batch for those entries alone, or the
journal would keep uploading its own upload records; they travel with the next batch.

Blocking parts run on the DB executor; :class:`JournalUploader` is the async face.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from counter.bureau.supervision import MAX_JOURNAL_BATCH, JournalBatch, JournalEntryOut
from counter.case_store import OutboxMessage
from counter.journal import Action, Journal
from counter.outbox import MessageState, MessageView, NewMessage, Outbox, OutboxStore
from counter.storage.db import Database
from counter.storage.executor import DbExecutor
from counter.storage.models import JournalEntry, utcnow
from counter.supervision_store import KIND_JOURNAL, JournalUploadRow

__all__ = ["JOURNAL_PATH", "JournalUploadStatus", "JournalUploadStore", "JournalUploader"]

log = logging.getLogger("counter.journal_upload")

JOURNAL_PATH = "/v1/journal"
SYSTEM = "system"
_SELF_OBJECT = f"{KIND_JOURNAL}:%"


@dataclass(frozen=True, slots=True)
class JournalUploadStatus:
    unsent: int  # entries the platform has not acknowledged
    not_queued: int  # … of which not yet in any batch
    batches_pending: int  # batches in the outbox, not yet delivered
    last_sent_seq: int | None  # the last entry of the newest acknowledged batch


class JournalUploadStore:
    """Blocking: call through the DB executor."""

    def __init__(self, db: Database, outbox: OutboxStore) -> None:
        self.db = db
        self.outbox = outbox

    @staticmethod
    def _last_queued(s: Session) -> int:
        return int(s.scalar(select(func.max(JournalUploadRow.last_seq))) or 0)

    def worth_sending(self) -> bool:
        """Whether entries wait that are not the sender's own records of journal batches."""
        with self.db.session(readonly=True) as s:
            last = self._last_queued(s)
            found = s.scalar(
                select(JournalEntry.seq)
                .where(JournalEntry.seq > last)
                .where(
                    ~(
                        (JournalEntry.action == Action.OUTBOX_DELIVERED.value)
                        & JournalEntry.object.like(_SELF_OBJECT)
                    )
                )
                .limit(1)
            )
        return found is not None

    def enqueue_batch(
        self,
        *,
        outlet_code: str,
        device_id: str,
        now: datetime,
        limit: int = 500,
        up_to_seq: int | None = None,
    ) -> str | None:
        """The next batch after the last one (at most *limit* entries, none after
        *up_to_seq*) as an outbox message; its key, or None when nothing is left."""
        limit = max(1, min(limit, MAX_JOURNAL_BATCH))
        key = str(uuid.uuid4())
        with self.db.session() as s:  # BEGIN IMMEDIATE: no two batches take the same span
            last = self._last_queued(s)
            query = select(JournalEntry).where(JournalEntry.seq > last)
            if up_to_seq is not None:
                query = query.where(JournalEntry.seq <= up_to_seq)
            rows = list(s.scalars(query.order_by(JournalEntry.seq).limit(limit)))
            if not rows:
                return None
            entries = [
                JournalEntryOut(
                    entry_id=r.entry_id,
                    seq=r.seq,
                    at=r.at,
                    staff_no=r.staff_no,
                    role=r.role,
                    action=r.action,
                    object=r.object,
                    outcome=r.outcome,
                    details=_details(r.details),
                    prev_hash=r.prev_hash,
                    hash=r.hash,
                )
                for r in rows
            ]
            batch = JournalBatch(
                batch_id=key, outlet_code=outlet_code, device_id=device_id, entries=entries
            )
            first, last_seq = rows[0].seq, rows[-1].seq
            self.outbox.add(
                s,
                NewMessage(
                    kind=KIND_JOURNAL,
                    path=JOURNAL_PATH,
                    object_id=f"{first}-{last_seq}",
                    body=batch.model_dump(mode="json"),
                    key=key,
                ),
                created_by=SYSTEM,
                now=now,
            )
            s.add(
                JournalUploadRow(
                    outbox_key=key,
                    first_seq=first,
                    last_seq=last_seq,
                    entry_count=len(rows),
                    created_at=now,
                )
            )
        return key

    def mark_delivered(self, journal: Journal, now: datetime) -> int:
        """Set ``sent_at`` for the entries of acknowledged batches not marked yet."""
        with self.db.session(readonly=True) as s:
            spans = s.execute(
                select(
                    JournalUploadRow.outbox_key,
                    JournalUploadRow.first_seq,
                    JournalUploadRow.last_seq,
                )
                .join(OutboxMessage, OutboxMessage.key == JournalUploadRow.outbox_key)
                .where(OutboxMessage.state == MessageState.ACCEPTED.value)
                .where(JournalUploadRow.marked_at.is_(None))
            ).all()
        marked = 0
        for key, first, last in spans:
            with self.db.session(readonly=True) as s:
                ids = list(
                    s.scalars(
                        select(JournalEntry.entry_id).where(
                            JournalEntry.seq >= first, JournalEntry.seq <= last
                        )
                    )
                )
            marked += journal.mark_sent(ids, at=now)
            with self.db.session() as s:
                s.execute(
                    update(JournalUploadRow)
                    .where(JournalUploadRow.outbox_key == key)
                    .values(marked_at=now)
                )
        return marked

    def pending_keys(self) -> list[str]:
        """Keys of journal batches not final yet (queued, sending, or flagged)."""
        with self.db.session(readonly=True) as s:
            return list(
                s.scalars(
                    select(OutboxMessage.key)
                    .where(OutboxMessage.kind == KIND_JOURNAL)
                    .where(
                        OutboxMessage.state.not_in(
                            [MessageState.ACCEPTED.value, MessageState.REJECTED.value]
                        )
                    )
                    .order_by(OutboxMessage.id)
                )
            )

    def status(self) -> JournalUploadStatus:
        with self.db.session(readonly=True) as s:
            last = self._last_queued(s)
            unsent = s.scalar(select(func.count()).where(JournalEntry.sent_at.is_(None))) or 0
            not_queued = s.scalar(select(func.count()).where(JournalEntry.seq > last)) or 0
            pending = (
                s.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.kind == KIND_JOURNAL)
                    .where(
                        OutboxMessage.state.not_in(
                            [MessageState.ACCEPTED.value, MessageState.REJECTED.value]
                        )
                    )
                )
                or 0
            )
            sent = s.scalar(
                select(func.max(JournalUploadRow.last_seq))
                .join(OutboxMessage, OutboxMessage.key == JournalUploadRow.outbox_key)
                .where(OutboxMessage.state == MessageState.ACCEPTED.value)
            )
        return JournalUploadStatus(int(unsent), int(not_queued), int(pending), sent)


def _details(text: str) -> dict[str, str | int | bool | None]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class JournalUploader:
    """Puts the journal into the outbox now and then, and marks what the platform took.

    ``run()`` loops until cancelled: every *interval_s* it enqueues what waits (unless
    only its own upload records wait). ``upload_pending(force=True)`` flushes everything
    now (the day close does, so the head travels before the close).
    """

    def __init__(
        self,
        journal: Journal,
        outbox: Outbox,
        executor: DbExecutor,
        *,
        outlet_code: str,
        device_id: str,
        batch_size: int = 500,
        interval_s: float = 300.0,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.journal = journal
        self.outbox = outbox
        self.executor = executor
        self.store = JournalUploadStore(outbox.store.db, outbox.store)
        self.outlet_code = outlet_code
        self.device_id = device_id
        self.batch_size = batch_size
        self.interval_s = interval_s
        self.clock = clock
        self._marking: set[asyncio.Task[int]] = set()
        outbox.message_changed.connect(self._on_message)

    def _on_message(self, view: MessageView) -> None:
        if view.kind == KIND_JOURNAL and view.state is MessageState.ACCEPTED:
            try:
                task = asyncio.get_running_loop().create_task(self.mark_delivered())
            except RuntimeError:  # no loop (a blocking caller): marked at the next start
                return
            self._marking.add(task)
            task.add_done_callback(self._marking.discard)

    async def mark_delivered(self) -> int:
        now = self.clock()
        return await self.executor.run(lambda: self.store.mark_delivered(self.journal, now))

    async def upload_pending(
        self, *, force: bool = False, up_to_seq: int | None = None
    ) -> list[str]:
        """Enqueue every waiting entry (up to *up_to_seq*) in batches; the new keys."""
        if not force and not await self.executor.run(self.store.worth_sending):
            return []
        keys: list[str] = []
        while True:
            key = await self.executor.run(
                functools.partial(
                    self.store.enqueue_batch,
                    outlet_code=self.outlet_code,
                    device_id=self.device_id,
                    now=self.clock(),
                    limit=self.batch_size,
                    up_to_seq=up_to_seq,
                )
            )
            if key is None:
                break
            keys.append(key)
            view = await self.outbox.get(key)
            if view is not None:
                self.outbox.added(view)
        if keys:
            await self.outbox.refresh()
        return keys

    async def pending_keys(self) -> list[str]:
        return await self.executor.run(self.store.pending_keys)

    async def status(self) -> JournalUploadStatus:
        return await self.executor.run(self.store.status)

    async def run(self) -> None:
        await self.mark_delivered()
        while True:
            try:
                await self.upload_pending()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("could not queue the journal for upload")
            await asyncio.sleep(self.interval_s)
