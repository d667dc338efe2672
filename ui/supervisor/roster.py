"""人员: who holds post A and B at this window, trained and certified dates, handovers.

Every change — 安排上岗, 岗位交接, 离岗, 登记培训/资格 — is filed to the platform
(`POST /v1/staff-filings`) through the outbox; each record shows whether its filing was
accepted. Warnings (a vacant post, no certification, training older than a week) stay on
top until resolved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from counter.bureau.models import Post
from counter.outbox import MessageState
from counter.roster import HandoverView, PostHolder, RosterService, RosterView
from ui import keys
from ui.asyncop import AsyncRunner
from ui.qt import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from ui.supervisor.forms import Field, FormDialog, open_form
from ui.supervisor.widgets import BAD, Card, ReadOnlyTable

__all__ = ["RosterPage"]

HANDOVER_ITEMS = "岗位职责、业务专用章、空白凭证、系统权限"


def _d(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _filing(state: MessageState | None) -> str:
    if state is None:
        return "—"
    return {MessageState.ACCEPTED: "已备案", MessageState.QUEUED: "待上报"}.get(state, state.label)


class PostBox(Card):
    def __init__(self, post: Post, parent: QWidget | None = None) -> None:
        super().__init__(f"{post.value}岗", parent)
        self.post = post
        self.holder_line = QLabel("", objectName="BigName")
        self.dates = QLabel("", objectName="Hint")
        self.dates.setWordWrap(True)
        self.body.addWidget(self.holder_line)
        self.body.addWidget(self.dates)
        self.assign_button = QPushButton(self.tr("安排上岗…"))
        self.handover_button = QPushButton(self.tr("岗位交接…"))
        self.training_button = QPushButton(self.tr("登记培训/资格…"))
        self.leave_button = QPushButton(self.tr("离岗…"))
        row = QHBoxLayout()
        for b in (
            self.assign_button,
            self.handover_button,
            self.training_button,
            self.leave_button,
        ):
            row.addWidget(b)
        row.addStretch(1)
        self.body.addLayout(row)

    def show_holder(self, holder: PostHolder | None) -> None:
        vacant = holder is None
        self.assign_button.setVisible(vacant)
        for b in (self.handover_button, self.training_button, self.leave_button):
            b.setVisible(not vacant)
        if holder is None:
            self.holder_line.setText(self.tr("空缺"))
            self.holder_line.setStyleSheet(f"color: {BAD};")
            self.dates.setText(self.tr("窗口须有 A、B 两岗，请安排人员并备案。"))
            return
        self.holder_line.setStyleSheet("")
        self.holder_line.setText(f"{holder.name_masked or '—'}（{holder.staff_no}）")
        self.dates.setText(
            self.tr("上岗 {start} · 培训 {trained} · 取得资格 {cert} · 备案 {filing}").format(
                start=_d(holder.from_on),
                trained=_d(holder.trained_on),
                cert=_d(holder.certified_on),
                filing=_filing(holder.filing_state),
            )
        )


class RosterPage(QWidget):
    def __init__(
        self,
        roster: RosterService,
        runner: AsyncRunner,
        *,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.roster = roster
        self.runner = runner
        self.today = today
        self.view: RosterView | None = None
        self.dialog: FormDialog | None = None

        title = QLabel(self.tr("人员（A/B 岗）"), objectName="SectionTitle")
        self.where = QLabel("", objectName="Hint")
        self.refresh_button = QPushButton(self.tr("刷新") + f" ({keys.REFRESH})")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.where, 1)
        top.addWidget(self.refresh_button)
        self.warnings = QLabel("", objectName="Error")
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        self.message = QLabel("", objectName="Error")
        self.message.hide()
        self.boxes = {post: PostBox(post) for post in (Post.A, Post.B)}
        posts = QHBoxLayout()
        for box in self.boxes.values():
            posts.addWidget(box, 1)
        self.history = ReadOnlyTable(
            [
                self.tr("岗位"),
                self.tr("人员"),
                self.tr("上岗"),
                self.tr("离岗"),
                self.tr("培训"),
                self.tr("取得资格"),
                self.tr("备注"),
                self.tr("备案"),
            ],
            stretch=6,
            accessible_name=self.tr("任职记录"),
        )
        self.handovers = ReadOnlyTable(
            [
                self.tr("日期"),
                self.tr("岗位"),
                self.tr("交出人"),
                self.tr("接收人"),
                self.tr("原因"),
                self.tr("交接事项"),
                self.tr("备案"),
            ],
            stretch=5,
            accessible_name=self.tr("交接记录"),
        )
        history = Card(self.tr("任职记录"))
        history.body.addWidget(self.history, 1)
        handovers = Card(self.tr("岗位交接记录"))
        handovers.body.addWidget(self.handovers, 1)
        tables = QHBoxLayout()
        tables.addWidget(history, 1)
        tables.addWidget(handovers, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.warnings)
        layout.addLayout(posts)
        layout.addLayout(tables, 1)

        self.refresh_button.clicked.connect(self.refresh)
        for post, box in self.boxes.items():
            box.assign_button.clicked.connect(lambda _=False, p=post: self._assign(p))
            box.handover_button.clicked.connect(lambda _=False, p=post: self._handover(p))
            box.training_button.clicked.connect(lambda _=False, p=post: self._training(p))
            box.leave_button.clicked.connect(lambda _=False, p=post: self._leave(p))

    # --- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        async def load() -> tuple[RosterView, list[PostHolder], list[HandoverView]]:
            return (
                await self.roster.current(),
                await self.roster.history(),
                await self.roster.handovers(),
            )

        self.runner.run(load(), on_done=self._show, on_error=self._failed)

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    def _show(self, loaded: tuple[RosterView, list[PostHolder], list[HandoverView]]) -> None:
        view, history, handovers = loaded
        self.message.hide()
        self.view = view
        self.where.setText(
            self.tr("网点 {outlet} · {window} 号窗口").format(
                outlet=view.outlet_code, window=view.window
            )
        )
        for post, box in self.boxes.items():
            box.show_holder(view.holder(post))
        self.warnings.setText("⚠ " + "；".join(view.warnings) if view.warnings else "")
        self.warnings.setVisible(bool(view.warnings))
        self.history.fill(
            [
                [
                    f"{h.post.value}岗",
                    f"{h.name_masked}（{h.staff_no}）",
                    _d(h.from_on),
                    _d(h.to_on),
                    _d(h.trained_on),
                    _d(h.certified_on),
                    h.note,
                    _filing(h.filing_state),
                ]
                for h in history
            ],
            numeric_from=99,
        )
        self.handovers.fill(
            [
                [
                    _d(h.handed_on),
                    f"{h.post.value}岗",
                    h.from_staff_no,
                    h.to_staff_no,
                    h.reason,
                    h.items,
                    _filing(h.filing_state),
                ]
                for h in handovers
            ],
            numeric_from=99,
        )

    # --- changes ------------------------------------------------------------------------

    def _form(
        self, title: str, fields: list[Field], submit: Callable[[dict[str, Any]], Any], intro: str
    ) -> None:
        async def go() -> object:
            dialog, answer = open_form(
                self, title, fields, submit, self.runner, intro=intro, ok_text=self.tr("保存并备案")
            )
            self.dialog = dialog
            try:
                return await answer
            finally:
                self.dialog = None

        self.runner.run(go(), on_done=lambda result: self.refresh() if result else None)

    def _dates(self) -> list[Field]:
        return [
            Field("trained_on", self.tr("培训日期"), "optional_date", default=self.today()),
            Field("certified_on", self.tr("取得资格日期"), "optional_date", default=self.today()),
        ]

    def _assign(self, post: Post) -> None:
        self._form(
            self.tr("安排{post}岗上岗").format(post=post.value),
            [
                Field("staff_no", self.tr("工号")),
                Field("name", self.tr("姓名")),
                Field("from_on", self.tr("上岗日期"), "date", default=self.today()),
                *self._dates(),
                Field("note", self.tr("备注")),
            ],
            lambda v: self.roster.assign(
                post,
                v["staff_no"],
                v["name"],
                from_on=v["from_on"],
                trained_on=v["trained_on"],
                certified_on=v["certified_on"],
                note=v["note"],
            ),
            self.tr("姓名只保存脱敏形式；上岗记录将报人社平台备案。"),
        )

    def _handover(self, post: Post) -> None:
        holder = self.view.holder(post) if self.view else None
        who = f"{holder.name_masked}（{holder.staff_no}）" if holder else "—"
        self._form(
            self.tr("{post}岗岗位交接").format(post=post.value),
            [
                Field("staff_no", self.tr("接收人工号")),
                Field("name", self.tr("接收人姓名")),
                Field("on", self.tr("交接日期"), "date", default=self.today()),
                Field("reason", self.tr("交接原因"), placeholder=self.tr("如：休假、调岗")),
                Field("items", self.tr("交接事项"), default=HANDOVER_ITEMS),
                *self._dates(),
            ],
            lambda v: self.roster.handover(
                post,
                v["staff_no"],
                v["name"],
                reason=v["reason"],
                items=v["items"],
                on=v["on"],
                trained_on=v["trained_on"],
                certified_on=v["certified_on"],
            ),
            self.tr("交出人：{who}。系统权限随岗位正式交接，并报人社平台备案。").format(who=who),
        )

    def _training(self, post: Post) -> None:
        self._form(
            self.tr("登记{post}岗培训/资格").format(post=post.value),
            [
                Field(
                    "trained_on",
                    self.tr("培训日期"),
                    "optional_date",
                    default=self.today(),
                    extra={"checked": True},
                ),
                Field(
                    "certified_on", self.tr("取得资格日期"), "optional_date", default=self.today()
                ),
            ],
            lambda v: self.roster.record_training(
                post, trained_on=v["trained_on"], certified_on=v["certified_on"]
            ),
            self.tr("人社部门每周组织复训；培训和资格报平台备案。"),
        )

    def _leave(self, post: Post) -> None:
        self._form(
            self.tr("{post}岗离岗").format(post=post.value),
            [
                Field("on", self.tr("离岗日期"), "date", default=self.today()),
                Field("reason", self.tr("离岗原因")),
            ],
            lambda v: self.roster.leave(post, reason=v["reason"], on=v["on"]),
            self.tr("离岗后该岗位空缺，请尽快安排人员；A、B 岗不得同时空缺。"),
        )
