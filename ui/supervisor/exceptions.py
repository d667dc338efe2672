"""异常: the day's exceptions to resolve before close, each with what to do.

The list comes from `counter.day_exceptions` (cases flagged / refused / still in the
outbox, unused approvals, reprints, unmasking, manual IDs, out-of-order calls, unprinted
tickets, hall-caller mismatches, 差评). Selecting one shows what to do and the actions:

* 确认 — an acknowledgement with a note (a close note, journaled), one or all of a kind;
* 说明 — for cases still in the outbox and unused approvals: the explanation the close
  checklist asks for;
* 重新提交 / 撤销 — for a case the platform flagged (the outbox's supervisor actions);
* 差评跟进 — jumps to the follow-up page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from counter.day_exceptions import (
    CLOSE_CHECKED_KINDS,
    NOTE_EXCEPTION,
    DayException,
    ExceptionKind,
    acknowledgements,
    collect_exceptions,
)
from counter.dayclose import NOTE_APPROVAL, NOTE_OUTBOX, DayCloseService
from counter.hall_sync import HallMismatch, HallSync
from counter.journal import BUSINESS_TZ
from counter.outbox import KIND_CASE, MessageState, Outbox
from counter.session import SessionService
from ui import keys
from ui.asyncop import AsyncRunner
from ui.prompts import ask_reason
from ui.qt import (
    QColor,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.supervisor.texts import exception_todo, kind_label
from ui.supervisor.widgets import GOOD, WARN, Card, ReadOnlyTable

__all__ = ["ExceptionRow", "ExceptionsPage"]

ACK_CHOICES = ("已核实，情况属实", "已提醒经办人", "已补打/已作废", "已回访办事人")
UNDELIVERED = (MessageState.QUEUED, MessageState.SENDING, MessageState.NEEDS_ATTENTION)
EXPLAIN_CHOICES = ("平台故障，次日补传", "专网中断，恢复后自动上传", "办事人放弃办理")


@dataclass(frozen=True)
class ExceptionRow:
    """One exception as shown: settled (acknowledged or explained) or not."""

    item: DayException
    note_kind: str
    note_key: str
    settled: bool
    note: str | None
    outbox_key: str | None = None

    @property
    def needs_explanation(self) -> bool:
        return self.note_kind != NOTE_EXCEPTION


@dataclass(frozen=True)
class _Loaded:
    rows: list[ExceptionRow]
    mismatches: list[HallMismatch]
    closed: bool


class ExceptionsPage(QWidget):
    open_count_changed = Signal(int)
    follow_up_requested = Signal(str)  # case id of a 差评

    def __init__(
        self,
        day_close: DayCloseService,
        outbox: Outbox,
        sessions: SessionService,
        runner: AsyncRunner,
        *,
        hall_sync: HallSync | None = None,
        day: Callable[[], date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.day_close = day_close
        self.outbox = outbox
        self.sessions = sessions
        self.hall_sync = hall_sync
        self.runner = runner
        self.day = day or day_close.today
        self.rows: list[ExceptionRow] = []
        self.shown: list[ExceptionRow] = []
        self.read_only = False

        title = QLabel(self.tr("异常（日结前处理）"), objectName="SectionTitle")
        self.summary = QLabel("", objectName="Hint")
        self.filter = QComboBox()
        self.filter.setAccessibleName(self.tr("筛选"))
        self.filter.setMinimumWidth(200)
        self.refresh_button = QPushButton(self.tr("刷新") + f" ({keys.REFRESH})")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel(self.tr("显示")))
        top.addWidget(self.filter)
        top.addWidget(self.refresh_button)
        self.message = QLabel("", objectName="Error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.hall_line = QLabel("", objectName="Hint")
        self.hall_line.hide()

        self.table = ReadOnlyTable(
            [
                self.tr("时间"),
                self.tr("类别"),
                self.tr("经办人"),
                self.tr("对象"),
                self.tr("情况"),
                self.tr("状态"),
            ],
            stretch=4,
            accessible_name=self.tr("异常列表"),
        )
        list_card = Card(self.tr("当日异常"))
        list_card.hide_title()
        list_card.body.addWidget(self.table, 1)

        detail = self._build_detail()

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(list_card)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.hall_line)
        layout.addWidget(split, 1)

        self._connect()
        self._selection_changed()

    def _build_detail(self) -> Card:
        detail = Card(self.tr("处理办法"))
        self.detail_title = QLabel("", objectName="Notice")
        self.detail_title.setWordWrap(True)
        self.todo = QLabel("")
        self.todo.setWordWrap(True)
        self.note_line = QLabel("", objectName="Hint")
        self.note_line.setWordWrap(True)
        self.ack_button = QPushButton(self.tr("确认…"), objectName="Primary")
        self.ack_kind_button = QPushButton(self.tr("同类全部确认…"))
        self.requeue_button = QPushButton(self.tr("重新提交"))
        self.dismiss_button = QPushButton(self.tr("撤销办件…"))
        self.follow_button = QPushButton(self.tr("去差评跟进"))
        buttons = QHBoxLayout()
        for button in (
            self.ack_button,
            self.ack_kind_button,
            self.requeue_button,
            self.dismiss_button,
            self.follow_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        detail.body.addWidget(self.detail_title)
        detail.body.addWidget(self.todo)
        detail.body.addWidget(self.note_line)
        detail.body.addStretch(1)
        detail.body.addLayout(buttons)
        return detail

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        self.filter.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.ack_button.click())
        self.ack_button.clicked.connect(self._acknowledge_selected)
        self.ack_kind_button.clicked.connect(self._acknowledge_kind)
        self.requeue_button.clicked.connect(self._requeue)
        self.dismiss_button.clicked.connect(self._dismiss)
        self.follow_button.clicked.connect(self._follow_up)

    # --- loading ------------------------------------------------------------------------

    @property
    def open_count(self) -> int:
        return sum(1 for r in self.rows if not r.settled)

    def refresh(self) -> None:
        self.runner.run(self._load(), on_done=self._loaded, on_error=self._failed)

    async def _load(self) -> _Loaded:
        day = self.day()
        db, run = self.day_close.db, self.day_close.executor.run
        items = await run(collect_exceptions, db, day)
        outbox_notes = await run(acknowledgements, db, day, NOTE_OUTBOX)
        approval_notes = await run(acknowledgements, db, day, NOTE_APPROVAL)
        message_keys: dict[str, str] = {}  # case id → its outbox message
        if any(e.kind in (ExceptionKind.CASE_FLAGGED, ExceptionKind.CASE_PENDING) for e in items):
            undelivered = await self.outbox.messages(states=UNDELIVERED, kind=KIND_CASE)
            message_keys = {m.object_id: m.key for m in undelivered}
        rows = []
        for e in items:
            if e.kind in (ExceptionKind.CASE_FLAGGED, ExceptionKind.CASE_PENDING):
                key = message_keys.get(e.object, e.object)
                rows.append(
                    ExceptionRow(
                        e, NOTE_OUTBOX, key, key in outbox_notes, outbox_notes.get(key), key
                    )
                )
            elif e.kind is ExceptionKind.APPROVAL_PENDING:
                rows.append(
                    ExceptionRow(
                        e,
                        NOTE_APPROVAL,
                        e.object,
                        e.object in approval_notes,
                        approval_notes.get(e.object),
                    )
                )
            else:
                rows.append(ExceptionRow(e, NOTE_EXCEPTION, e.key, e.acknowledged, e.note))
        mismatches = self.hall_sync.mismatches() if self.hall_sync else []
        closed = await self.day_close.closed(day) is not None
        return _Loaded(rows, mismatches, closed)

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    def _loaded(self, loaded: _Loaded) -> None:
        self.message.hide()
        self.rows = loaded.rows
        self.read_only = loaded.closed
        open_mismatches = [m for m in loaded.mismatches if not m.resolved]
        if open_mismatches:
            latest = open_mismatches[-1]
            self.hall_line.setText(
                self.tr("叫号系统：{n} 处不一致未解决（最近：{number} {label}）").format(
                    n=len(open_mismatches), number=latest.number, label=latest.label
                )
            )
            self.hall_line.show()
        else:
            self.hall_line.hide()
        self._fill_filter()
        self._show_rows()
        total, waiting = len(self.rows), self.open_count
        text = self.tr("共 {n} 条，待处理 {m} 条").format(n=total, m=waiting)
        if self.read_only:
            text += self.tr(" · 已日结（只读）")
        self.summary.setText(text)
        self.open_count_changed.emit(waiting)

    def _fill_filter(self) -> None:
        current = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(self.tr("待处理（{n}）").format(n=self.open_count), "open")
        self.filter.addItem(self.tr("全部（{n}）").format(n=len(self.rows)), "all")
        for kind in ExceptionKind:
            n = sum(1 for r in self.rows if r.item.kind is kind)
            if n:
                self.filter.addItem(f"{kind_label(kind)}（{n}）", kind.value)
        index = self.filter.findData(current) if current is not None else 0
        self.filter.setCurrentIndex(max(0, index))
        self.filter.blockSignals(False)

    def _show_rows(self) -> None:
        chosen = self.filter.currentData()
        if chosen == "open":
            rows = [r for r in self.rows if not r.settled]
        elif chosen in (None, "all"):
            rows = list(self.rows)
        else:
            rows = [r for r in self.rows if r.item.kind.value == chosen]
        selected = self.selected()
        self.shown = rows
        cells = []
        for r in rows:
            e = r.item
            at = e.at.astimezone(BUSINESS_TZ).strftime("%H:%M") if e.at else "—"
            if r.settled:
                state = self.tr("已说明") if r.needs_explanation else self.tr("已确认")
            else:
                state = self.tr("待说明") if r.needs_explanation else self.tr("待确认")
            shown = e.object if len(e.object) < 30 else f"{e.object[:8]}…"  # a case id
            cells.append([at, kind_label(e.kind), e.staff_no, shown, e.detail, state])
        self.table.fill(cells, numeric_from=99)
        for i, r in enumerate(rows):
            item = self.table.item(i, 5)
            if item is not None:
                item.setForeground(QColor(GOOD if r.settled else WARN))
        if selected is not None:
            for i, r in enumerate(rows):
                if r.item.key == selected.item.key:
                    self.table.selectRow(i)
                    break
        if self.table.currentRow() < 0 and rows:
            self.table.selectRow(0)
        self._selection_changed()

    # --- the selected exception ---------------------------------------------------------

    def selected(self) -> ExceptionRow | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.shown) and self.table.selectionModel().hasSelection():
            return self.shown[row]
        return None

    def select_key(self, key: str) -> bool:
        """Show all and select the exception with *key* (tests and the close page use it)."""
        self.filter.setCurrentIndex(max(0, self.filter.findData("all")))
        for i, r in enumerate(self.shown):
            if r.item.key == key:
                self.table.selectRow(i)
                return True
        return False

    def _selection_changed(self) -> None:
        r = self.selected()
        writable = not self.read_only
        for button in (
            self.ack_button,
            self.ack_kind_button,
            self.requeue_button,
            self.dismiss_button,
            self.follow_button,
        ):
            button.setVisible(r is not None)
        if r is None:
            self.detail_title.setText(
                self.tr("当日没有异常。") if not self.rows else self.tr("请在上方选择一条异常。")
            )
            self.todo.setText("")
            self.note_line.setText("")
            return
        e = r.item
        self.detail_title.setText(f"{kind_label(e.kind)} · {e.object} · {e.detail}")
        self.todo.setText(exception_todo(e.kind))
        self.note_line.setText(
            self.tr("说明：{note}").format(note=r.note) if r.note else self.tr("尚未处理。")
        )
        self.ack_button.setText(self.tr("填写说明…") if r.needs_explanation else self.tr("确认…"))
        self.ack_button.setEnabled(writable and not r.settled)
        same = [x for x in self.rows if x.item.kind is e.kind and not x.settled]
        self.ack_kind_button.setVisible(e.kind in CLOSE_CHECKED_KINDS and len(same) > 1)
        self.ack_kind_button.setText(self.tr("同类全部确认（{n}）…").format(n=len(same)))
        self.ack_kind_button.setEnabled(writable)
        flagged = e.kind is ExceptionKind.CASE_FLAGGED and r.outbox_key is not None
        self.requeue_button.setVisible(flagged)
        self.dismiss_button.setVisible(flagged)
        self.requeue_button.setEnabled(writable)
        self.dismiss_button.setEnabled(writable)
        self.follow_button.setVisible(e.kind is ExceptionKind.BAD_RATING)

    # --- actions ------------------------------------------------------------------------

    def _acknowledge_selected(self) -> None:
        r = self.selected()
        if r is None or r.settled or self.read_only:
            return
        self.runner.run(self._note([r]), control=self.ack_button, on_done=self._done)

    def _acknowledge_kind(self) -> None:
        r = self.selected()
        if r is None or self.read_only:
            return
        same = [x for x in self.rows if x.item.kind is r.item.kind and not x.settled]
        self.runner.run(self._note(same), control=self.ack_kind_button, on_done=self._done)

    async def _note(self, rows: list[ExceptionRow]) -> bool:
        if not rows:
            return False
        first = rows[0]
        label = kind_label(first.item.kind)
        if first.needs_explanation:
            title = self.tr("填写说明")
            prompt = self.tr("{label}：请说明情况（将写入日志并随日结上报）").format(label=label)
            choices: tuple[str, ...] = EXPLAIN_CHOICES
        else:
            title = self.tr("确认异常")
            prompt = self.tr("确认 {n} 条“{label}”：请填写核实情况").format(
                n=len(rows), label=label
            )
            choices = ACK_CHOICES
        note = await ask_reason(self, title, prompt, choices)
        if note is None:
            return False
        by_kind: dict[str, list[str]] = {}
        for r in rows:
            by_kind.setdefault(r.note_kind, []).append(r.note_key)
        for kind, note_keys in by_kind.items():
            await self.day_close.explain(self.day(), kind, note_keys, note)
        return True

    def _done(self, changed: bool) -> None:
        if changed:
            self.refresh()

    def _requeue(self) -> None:
        r = self.selected()
        session = self.sessions.current
        if r is None or r.outbox_key is None or session is None:
            return
        self.runner.run(
            self.outbox.requeue(r.outbox_key, by=session),
            control=self.requeue_button,
            on_done=lambda _view: self.refresh(),
        )

    def _dismiss(self) -> None:
        r = self.selected()
        if r is None or r.outbox_key is None:
            return
        key = r.outbox_key

        async def go() -> bool:
            reason = await ask_reason(
                self,
                self.tr("撤销办件"),
                self.tr("撤销后该办件不再上传，请通知办事人重新办理。撤销原因："),
                (self.tr("资料有误，已通知办事人重办"), self.tr("办事人放弃办理")),
            )
            session = self.sessions.current
            if reason is None or session is None:
                return False
            await self.outbox.dismiss(key, reason, by=session)
            return True

        self.runner.run(go(), control=self.dismiss_button, on_done=self._done)

    def _follow_up(self) -> None:
        r = self.selected()
        if r is not None:
            self.follow_up_requested.emit(r.item.key.split(":", 1)[1])
