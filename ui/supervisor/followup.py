"""差评跟进 and 意见簿: the Zhejiang follow-up steps and the comment book.

差评 (upper half): every 差评 gets a follow-up — 回访 within 1 day, 整改 and feedback to
the citizen within 15 days, one 追评 — shown with its stage and deadlines; overdue and
nearly due steps are warned in red/orange. The next step is one button away; the outcome
is recorded (立即整改 / 列入整改台账 with a deadline / 解释说明 / 申诉).

意见簿 (lower half): entries typed in from the paper book or the box, with the reply due
in 15 days; a reply closes the entry (or records it as answered, still open).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from counter.bureau.cases import RatingLevel
from counter.bureau.supervision import FeedbackCategory, FeedbackSource, FeedbackStatus
from counter.feedback import FeedbackService, FeedbackView
from counter.followup import FollowUpService, FollowUpView, Outcome, Stage
from counter.journal import BUSINESS_TZ
from ui import keys
from ui.asyncop import AsyncRunner
from ui.qt import (
    QCheckBox,
    QColor,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.supervisor.forms import Field, FormDialog, open_form
from ui.supervisor.widgets import BAD, GOOD, WARN, Card, ReadOnlyTable

__all__ = ["FollowUpPage"]


def _at(value: datetime | None) -> str:
    return value.astimezone(BUSINESS_TZ).strftime("%m-%d %H:%M") if value else "—"


class FollowUpPage(QWidget):
    open_count_changed = Signal(int)  # open 差评 follow-ups + open 意见簿 entries

    def __init__(
        self,
        followups: FollowUpService,
        feedback: FeedbackService,
        runner: AsyncRunner,
        *,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.followups = followups
        self.feedback = feedback
        self.runner = runner
        self.today = today
        self.items: list[FollowUpView] = []
        self.entries: list[FeedbackView] = []
        self.dialog: FormDialog | None = None

        self.message = QLabel("", objectName="Error")
        self.message.setWordWrap(True)
        self.message.hide()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self._build_ratings())
        split.addWidget(self._build_book())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    # --- building -----------------------------------------------------------------------

    def _build_ratings(self) -> Card:
        card = Card(self.tr("差评跟进"))
        card.set_hint(self.tr("浙江规则：1 日内回访，15 日内整改并反馈，可追评一次。"))
        self.show_closed = QCheckBox(self.tr("含已办结"))
        self.refresh_button = QPushButton(self.tr("刷新") + f" ({keys.REFRESH})")
        card.top.addWidget(self.show_closed)
        card.top.addWidget(self.refresh_button)
        self.table = ReadOnlyTable(
            [
                self.tr("评价时间"),
                self.tr("办件编号"),
                self.tr("事项"),
                self.tr("经办人"),
                self.tr("评价"),
                self.tr("原因"),
                self.tr("阶段"),
                self.tr("回访期限"),
                self.tr("反馈期限"),
                self.tr("提醒"),
            ],
            stretch=9,
            accessible_name=self.tr("差评跟进"),
        )
        card.body.addWidget(self.table, 1)
        self.detail = QLabel(self.tr("当前没有待跟进的差评。"))
        self.detail.setWordWrap(True)
        self.step_button = QPushButton("", objectName="Primary")
        self.rerate_button = QPushButton(self.tr("登记追评…"))
        row = QHBoxLayout()
        row.addWidget(self.detail, 1)
        row.addWidget(self.rerate_button)
        row.addWidget(self.step_button)
        card.body.addLayout(row)
        self.show_closed.toggled.connect(lambda _on: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.activated.connect(lambda _i: self.step_button.click())
        self.step_button.clicked.connect(self._next_step)
        self.rerate_button.clicked.connect(self._rerate)
        return card

    def _build_book(self) -> Card:
        card = Card(self.tr("意见簿"))
        card.set_hint(self.tr("照录纸质意见簿、意见箱的意见，15 日内答复。"))
        self.book_open_only = QCheckBox(self.tr("只看未办结"))
        self.book_open_only.setChecked(True)
        self.add_button = QPushButton(self.tr("登记意见…"))
        self.reply_button = QPushButton(self.tr("答复…"))
        card.top.addWidget(self.book_open_only)
        card.top.addWidget(self.add_button)
        card.top.addWidget(self.reply_button)
        self.book = ReadOnlyTable(
            [
                self.tr("收到日期"),
                self.tr("来源"),
                self.tr("类别"),
                self.tr("内容"),
                self.tr("联系电话"),
                self.tr("涉及人员"),
                self.tr("状态"),
                self.tr("答复期限"),
                self.tr("提醒"),
            ],
            stretch=3,
            accessible_name=self.tr("意见簿"),
        )
        card.body.addWidget(self.book, 1)
        self.book_open_only.toggled.connect(lambda _on: self.refresh_book())
        self.add_button.clicked.connect(self._add_entry)
        self.reply_button.clicked.connect(self._reply)
        self.book.itemSelectionChanged.connect(self._book_selected)
        self.book.activated.connect(lambda _i: self.reply_button.click())
        return card

    # --- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        self.runner.run(
            self.followups.items(open_only=not self.show_closed.isChecked()),
            on_done=self._show_items,
            on_error=self._failed,
        )
        self.refresh_book()

    def refresh_book(self) -> None:
        self.runner.run(
            self.feedback.entries(open_only=self.book_open_only.isChecked()),
            on_done=self._show_entries,
            on_error=self._failed,
        )

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    def _emit_count(self) -> None:
        open_items = sum(1 for i in self.items if i.stage is not Stage.CLOSED)
        open_entries = sum(1 for e in self.entries if e.status is not FeedbackStatus.CLOSED)
        self.open_count_changed.emit(open_items + open_entries)

    def _show_items(self, items: list[FollowUpView]) -> None:
        self.message.hide()
        selected = self.selected()
        self.items = list(items)
        rows = []
        for f in self.items:
            reasons = "、".join(f.tags) + (f"；{f.comment}" if f.comment else "")
            rows.append(
                [
                    _at(f.rated_at),
                    f.business_no or f.case_id[:12],
                    f.item_name,
                    f.clerk_staff_no,
                    f.level,
                    reasons or "—",
                    f.stage.label,
                    _at(f.callback_at) if f.callback_at else _at(f.callback_due),
                    _at(f.feedback_at) if f.feedback_at else _at(f.rectify_due),
                    "；".join(f.warnings) or ("已办结" if f.stage is Stage.CLOSED else ""),
                ]
            )
        self.table.fill(rows, numeric_from=99)
        for r, f in enumerate(self.items):
            colour = BAD if f.overdue else (WARN if f.warnings else GOOD)
            for c in (6, 9):
                cell = self.table.item(r, c)
                if cell is not None:
                    cell.setForeground(QColor(colour))
        index = next(
            (i for i, f in enumerate(self.items) if selected and f.case_id == selected.case_id), 0
        )
        if self.items:
            self.table.selectRow(index)
        self._selected()
        self._emit_count()

    def _show_entries(self, entries: list[FeedbackView]) -> None:
        self.entries = list(entries)
        rows = [
            [
                e.received_on.isoformat(),
                e.source.value,
                e.category.value,
                e.content,
                e.contact_masked or "—",
                e.staff_concerned or "—",
                e.status.value,
                e.due_on.isoformat(),
                "；".join(e.warnings) or (e.reply if e.reply else ""),
            ]
            for e in self.entries
        ]
        self.book.fill(rows, numeric_from=99)
        for r, e in enumerate(self.entries):
            cell = self.book.item(r, 6)
            if cell is not None:
                done = e.status is FeedbackStatus.CLOSED
                cell.setForeground(QColor(GOOD if done else (BAD if e.overdue else WARN)))
        if self.entries and not self.book.selectionModel().hasSelection():
            self.book.selectRow(0)
        self._book_selected()
        self._emit_count()

    # --- 差评 ---------------------------------------------------------------------------

    def selected(self) -> FollowUpView | None:
        row = self.table.currentRow()
        if self.table.selectionModel().hasSelection() and 0 <= row < len(self.items):
            return self.items[row]
        return None

    def select_case(self, case_id: str) -> None:
        for i, f in enumerate(self.items):
            if f.case_id == case_id:
                self.table.selectRow(i)
                return

    def _selected(self) -> None:
        f = self.selected()
        if f is None:
            self.detail.setText(
                self.tr("当前没有待跟进的差评。") if not self.items else self.tr("请选择一条差评。")
            )
            self.step_button.hide()
            self.rerate_button.hide()
            return
        lines = [f"{f.item_code} {f.item_name} · {f.level} · {f.stage.label}"]
        if f.callback_note:
            lines.append(self.tr("回访：{note}").format(note=f.callback_note))
        if f.outcome is not None:
            text = self.tr("处理：{label}").format(label=f.outcome.label)
            if f.ledger_deadline:
                text += self.tr("（整改期限 {d}）").format(d=f.ledger_deadline.isoformat())
            if f.outcome_note:
                text += f"：{f.outcome_note}"
            lines.append(text)
        if f.re_rating:
            lines.append(self.tr("追评：{level}").format(level=f.re_rating))
        if f.warnings:
            lines.append("⚠ " + "；".join(f.warnings))
        self.detail.setText("\n".join(lines))
        step = {
            Stage.CALLBACK: self.tr("登记回访…"),
            Stage.OUTCOME: self.tr("登记整改处理…"),
            Stage.FEEDBACK: self.tr("登记反馈办事人…"),
            Stage.LEDGER: self.tr("台账整改完成…"),
        }.get(f.stage)
        self.step_button.setVisible(step is not None)
        self.step_button.setText(step or "")
        self.rerate_button.setVisible(f.callback_at is not None and f.re_rating is None)

    def _form(
        self,
        title: str,
        fields: list[Field],
        submit: Callable[[dict[str, Any]], Any],
        after: Callable[[], None],
        intro: str = "",
    ) -> None:
        async def go() -> object:
            dialog, answer = open_form(self, title, fields, submit, self.runner, intro=intro)
            self.dialog = dialog
            try:
                return await answer
            finally:
                self.dialog = None

        self.runner.run(go(), on_done=lambda result: after() if result is not None else None)

    def _next_step(self) -> None:
        f = self.selected()
        if f is None:
            return
        case_id = f.case_id
        intro = f"{f.business_no or f.case_id[:12]} {f.item_name} · {f.level}"
        if f.stage is Stage.CALLBACK:
            self._form(
                self.tr("登记回访"),
                [
                    Field(
                        "note",
                        self.tr("回访情况"),
                        "multiline",
                        placeholder=self.tr("办事人反映的问题、诉求"),
                    )
                ],
                lambda v: self.followups.record_callback(case_id, v["note"]),
                self.refresh,
                intro,
            )
        elif f.stage is Stage.OUTCOME:
            self._form(
                self.tr("登记整改处理"),
                [
                    Field(
                        "outcome",
                        self.tr("处理结果"),
                        "choice",
                        [(o.label, o.value) for o in Outcome],
                        Outcome.FIXED.value,
                    ),
                    Field(
                        "deadline",
                        self.tr("整改期限（列入台账时）"),
                        "optional_date",
                        default=self.today(),
                    ),
                    Field("note", self.tr("处理说明"), "multiline"),
                ],
                lambda v: self.followups.record_outcome(
                    case_id, Outcome(v["outcome"]), v["note"], ledger_deadline=v["deadline"]
                ),
                self.refresh,
                intro,
            )
        elif f.stage is Stage.FEEDBACK:
            self._form(
                self.tr("登记反馈办事人"),
                [
                    Field(
                        "note",
                        self.tr("反馈情况"),
                        "multiline",
                        placeholder=self.tr("何时、以何种方式告知办事人"),
                    )
                ],
                lambda v: self.followups.record_feedback(case_id, v["note"]),
                self.refresh,
                intro,
            )
        elif f.stage is Stage.LEDGER:
            self._form(
                self.tr("台账整改完成"),
                [Field("note", self.tr("整改完成情况"), "multiline")],
                lambda v: self.followups.complete_ledger(case_id, v["note"]),
                self.refresh,
                intro,
            )

    def _rerate(self) -> None:
        f = self.selected()
        if f is None:
            return
        case_id = f.case_id
        levels = [lv for lv in RatingLevel if lv is not RatingLevel.NONE]
        self._form(
            self.tr("登记追评"),
            [
                Field(
                    "level", self.tr("追评等级"), "choice", [(lv.value, lv.value) for lv in levels]
                )
            ],
            lambda v: self.followups.record_rerating(case_id, RatingLevel(v["level"])),
            self.refresh,
            self.tr("每条差评只能追评一次。"),
        )

    # --- 意见簿 -------------------------------------------------------------------------

    def selected_entry(self) -> FeedbackView | None:
        row = self.book.currentRow()
        if self.book.selectionModel().hasSelection() and 0 <= row < len(self.entries):
            return self.entries[row]
        return None

    def _book_selected(self) -> None:
        e = self.selected_entry()
        self.reply_button.setEnabled(e is not None and e.status is not FeedbackStatus.CLOSED)

    def _add_entry(self) -> None:
        self._form(
            self.tr("登记意见簿"),
            [
                Field("received_on", self.tr("收到日期"), "date", default=self.today()),
                Field("source", self.tr("来源"), "choice", [(s.value, s) for s in FeedbackSource]),
                Field(
                    "category", self.tr("类别"), "choice", [(c.value, c) for c in FeedbackCategory]
                ),
                Field("content", self.tr("意见内容（照录）"), "multiline"),
                Field("contact", self.tr("联系电话（如有）"), placeholder=self.tr("可不填")),
                Field("staff", self.tr("涉及人员工号（如有）"), placeholder=self.tr("可不填")),
            ],
            lambda v: self.feedback.add(
                received_on=v["received_on"],
                source=v["source"],
                category=v["category"],
                content=v["content"],
                contact=v["contact"] or None,
                staff_concerned=v["staff"] or None,
            ),
            self.refresh_book,
            self.tr("联系电话加密保存，列表只显示脱敏号码。"),
        )

    def _reply(self) -> None:
        e = self.selected_entry()
        if e is None or e.status is FeedbackStatus.CLOSED:
            return
        feedback_id = e.feedback_id
        self._form(
            self.tr("答复意见"),
            [
                Field("reply", self.tr("答复或处理情况"), "multiline"),
                Field(
                    "close",
                    self.tr("办结"),
                    "check",
                    default=True,
                    placeholder=self.tr("答复后办结"),
                ),
            ],
            lambda v: self.feedback.reply(feedback_id, v["reply"], close=v["close"]),
            self.refresh_book,
            f"{e.received_on.isoformat()} {e.category.value}：{e.content[:60]}",
        )
