"""The clerk's identify panel (识别群众身份): four ways in, the person summary out.

Wiring (one line in the clerk's workspace)::

    panel = IdentifyPanel(services.identify, session, runner)

Keys (ui/keys.py): F5 读身份证, F6 读社保卡, F7 扫电子社保卡 (focuses the scanner field),
F8 手工录入; F2–F4 belong to the call panel beside it.
(number checked as typed, reason required, Enter submits). "显示完整号码" is enabled only
while a case is active (`set_case_active(True)`), and each use is journaled by the core.
The panel emits `identified(Identification)` for the case flow and forgets everything on
`clear()` (next citizen, idle lock).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Any

from counter.bureau.models import Role
from counter.identify import (
    DEFAULT_LOOKUP_REASON,
    MANUAL_NOTE_MAX,
    MANUAL_REASONS,
    Identification,
    IdentifyRefused,
    IdentifyService,
    ManualReason,
    Unmasked,
)
from counter.identity import InvalidIdentity
from counter.session import ActiveSession
from ui import keys
from ui.asyncop import AsyncRunner
from ui.identify.id_field import FieldState, IdNumberField, live_check
from ui.identify.summary import PersonSummaryView
from ui.identify.texts import method_text, reason_text
from ui.identify.wedge import WedgeField
from ui.qt import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

PANEL_QSS = """
#FieldError { color: #b42318; font-weight: 600; }
#FieldOk { color: #067647; }
#FieldHint { color: #52606d; }
QLineEdit[invalid="true"] { border: 2px solid #b42318; }
#PersonName { font-size: 24px; font-weight: 700; color: #1f2933; }
#PersonFacts { font-size: 16px; color: #3e4c59; }
#MethodBadge { background: #e6f0fa; color: #0b4f8a; border-radius: 10px; padding: 3px 10px;
               font-weight: 600; }
#Caption { color: #52606d; }
#Value { font-size: 16px; font-weight: 600; }
#Findings { background: #fff6e5; color: #7a2e0e; border: 1px solid #f5c27a; border-radius: 6px;
            padding: 8px 10px; }
#EntryBox { background: #ffffff; border: 1px solid #d5dde6; border-radius: 10px; }
QLineEdit:disabled { background: #f3f4f6; color: #9aa5b1; }
"""


class ReasonCombo(QComboBox):
    """The manual-entry reason: no default choice; Enter submits like in the fields."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class IdentifyPanel(QWidget):
    identified = Signal(object)  # Identification
    cleared = Signal()

    def __init__(
        self,
        service: IdentifyService,
        session: ActiveSession,
        runner: AsyncRunner,
        *,
        case_active: bool = False,
        today: Callable[[], date] = date.today,
        wedge_clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("IdentifyPanel")
        self.setStyleSheet(PANEL_QSS)
        self.service = service
        self.session = session
        self.runner = runner
        self.case_active = case_active
        self._scan_clock = wedge_clock

        title = QLabel(self.tr("识别群众身份"), objectName="SectionTitle")
        self.id_button = QPushButton(
            self.tr("读身份证") + f" {keys.READ_ID_CARD}", objectName="Primary"
        )
        self.social_button = QPushButton(self.tr("读社保卡") + f" {keys.READ_SOCIAL_CARD}")
        self.scan_button = QPushButton(self.tr("扫电子社保卡") + f" {keys.SCAN_ECARD}")
        self.manual_button = QPushButton(self.tr("手工录入") + f" {keys.MANUAL_ENTRY}")
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addWidget(title)
        buttons.addSpacing(12)
        for button in (self.id_button, self.social_button, self.scan_button, self.manual_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.reason_edit = QLineEdit(DEFAULT_LOOKUP_REASON)
        self.reason_edit.setMaxLength(100)
        self.reason_edit.setMinimumWidth(200)
        self.reason_edit.setAccessibleName(self.tr("查询事由"))

        self.scan_box = self._build_scan_box()
        self.manual_box = self._build_manual_box()
        self.message = QLabel("", objectName="Hint")
        self.message.setWordWrap(True)
        status = QHBoxLayout()
        status.setSpacing(10)
        status.addWidget(self.message, 1)
        status.addWidget(QLabel(self.tr("查询事由"), objectName="Caption"))
        status.addWidget(self.reason_edit)
        self.summary = PersonSummaryView(today)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(buttons)
        layout.addWidget(self.scan_box)
        layout.addWidget(self.manual_box)
        layout.addLayout(status)
        layout.addWidget(self.summary)
        layout.addStretch(1)

        self.id_button.clicked.connect(self.read_id_card)
        self.social_button.clicked.connect(self.read_social_card)
        self.scan_button.clicked.connect(self.start_scan)
        self.manual_button.clicked.connect(self.start_manual)
        self.summary.unmask_button.toggled.connect(self._toggle_full)
        for key, slot in (
            (keys.READ_ID_CARD, self.read_id_card),
            (keys.READ_SOCIAL_CARD, self.read_social_card),
            (keys.SCAN_ECARD, self.start_scan),
            (keys.MANUAL_ENTRY, self.start_manual),
        ):
            QShortcut(QKeySequence(key), self, activated=slot)
        self.clear()

    # --- building ------------------------------------------------------------------------

    def _build_scan_box(self) -> QFrame:
        box = QFrame(objectName="EntryBox")
        self.wedge = WedgeField(clock=self._scan_clock)
        hint = QLabel(
            self.tr("请群众打开电子社保卡二维码，用扫码枪扫描；扫描完成后自动核验。"),
            objectName="Hint",
        )
        hint.setWordWrap(True)
        row = QHBoxLayout(box)
        row.setContentsMargins(14, 10, 14, 10)
        row.addWidget(QLabel(self.tr("电子社保卡"), objectName="Caption"))
        row.addWidget(self.wedge, 1)
        row.addWidget(hint, 2)
        self.wedge.scanned.connect(self._scanned)
        self.wedge.refused.connect(self._show_error)
        return box

    def _build_manual_box(self) -> QFrame:
        box = QFrame(objectName="EntryBox")
        self.id_field = IdNumberField()
        self.reason_combo = ReasonCombo()
        self.reason_combo.setAccessibleName(self.tr("手工录入原因"))
        for reason in MANUAL_REASONS:
            label = reason_text(reason)
            if reason is ManualReason.OTHER:
                label = self.tr("{reason}（需填写）").format(reason=label)
            self.reason_combo.addItem(label, reason.value)
        self.reason_combo.setPlaceholderText(self.tr("请选择原因"))
        self.reason_combo.setCurrentIndex(-1)
        self.reason_combo.setMinimumHeight(self.id_field.edit.sizeHint().height())
        self.reason_message = QLabel("", objectName="FieldError")
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(MANUAL_NOTE_MAX)
        self.note_edit.setPlaceholderText(
            self.tr("请填写具体原因（不超过 {n} 字）").format(n=str(MANUAL_NOTE_MAX))
        )
        self.note_edit.setAccessibleName(self.tr("原因说明"))
        self.note_edit.setEnabled(False)
        self.note_message = QLabel("", objectName="FieldError")
        self.submit_button = QPushButton(self.tr("查询"), objectName="Primary")
        cancel = QPushButton(self.tr("取消"))

        grid = QGridLayout(box)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.addWidget(QLabel(self.tr("证件号码"), objectName="Caption"), 0, 0)
        grid.addWidget(self.id_field, 0, 1, 2, 1)
        grid.addWidget(QLabel(self.tr("手工录入原因"), objectName="Caption"), 0, 2)
        grid.addWidget(self.reason_combo, 0, 3)
        grid.addWidget(self.submit_button, 0, 4)
        grid.addWidget(cancel, 0, 5)
        grid.addWidget(self.reason_message, 1, 3, 1, 3)
        self.note_label = QLabel(self.tr("原因说明"), objectName="Caption")
        grid.addWidget(self.note_label, 2, 2)
        grid.addWidget(self.note_edit, 2, 3, 1, 3)
        grid.addWidget(self.note_message, 3, 3, 1, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        grid.setColumnMinimumWidth(1, 260)
        grid.setColumnMinimumWidth(3, 170)

        self.id_field.submitted.connect(self.submit_manual)
        self.reason_combo.submitted.connect(self.submit_manual)
        self.reason_combo.currentIndexChanged.connect(self._reason_changed)
        self.note_edit.returnPressed.connect(self.submit_manual)
        self.submit_button.clicked.connect(self.submit_manual)
        cancel.clicked.connect(self._close_entry)
        return box

    # --- the four ways ----------------------------------------------------------------------

    @property
    def lookup_reason(self) -> str:
        return self.reason_edit.text()

    def set_reason(self, reason: str) -> None:
        """The case flow puts its own 查询事由 here (e.g. 办理：社保卡挂失)."""
        self.reason_edit.setText(reason)

    def read_id_card(self) -> None:
        self._close_entry()
        self._show_notice(self.tr("正在读取身份证，请稍候…"))
        self._run(self.service.read_id_card(self.session, self.lookup_reason), self.id_button)

    def read_social_card(self) -> None:
        self._close_entry()
        self._show_notice(self.tr("正在读取社保卡，请稍候…"))
        self._run(
            self.service.read_social_card(self.session, self.lookup_reason), self.social_button
        )

    def start_scan(self) -> None:
        self.manual_box.hide()
        self.scan_box.show()
        self.wedge.clear()
        self.wedge.setFocus()
        self._show_notice(self.tr("请扫描群众手机上的电子社保卡二维码（二维码每 60 秒刷新）。"))

    def _scanned(self, qr: str) -> None:
        self._show_notice(self.tr("正在核验电子社保卡…"))
        self._run(self.service.verify_ecard(self.session, qr, self.lookup_reason), self.wedge)

    def start_manual(self) -> None:
        self.scan_box.hide()
        self.manual_box.show()
        self.id_field.setFocus()
        self.id_field.edit.selectAll()
        self._show_notice(self.tr("手工录入须选择原因，并记入工作日志。"))

    def submit_manual(self) -> None:
        state, message, _ = live_check(self.id_field.text())
        if state is not FieldState.VALID:
            if state in (FieldState.EMPTY, FieldState.TYPING):
                message = self.tr("证件号码不完整：{detail}").format(
                    detail=message or self.tr("请输入证件号码")
                )
            self.id_field.show_message(message)
            self.id_field.setFocus()
            return
        reason = self.reason_combo.currentData()
        if not reason:
            self.reason_message.setText(self.tr("请选择手工录入原因"))
            self.reason_combo.setFocus()
            return
        note = self.note_edit.text()
        if reason == ManualReason.OTHER.value and len(note.strip()) < 2:
            self.note_message.setText(self.tr("请填写具体原因"))
            self.note_edit.setFocus()
            return
        self._show_notice(self.tr("正在查询…"))
        self._run(self._manual(self.id_field.text(), reason, note), self.submit_button)

    async def _manual(self, text: str, reason: str, note: str) -> Identification | None:
        try:
            return await self.service.enter_manually(
                self.session, text, reason, note, reason=self.lookup_reason
            )
        except InvalidIdentity as exc:
            self.id_field.show_message(exc.message)
        except IdentifyRefused as exc:
            target = {"manual_reason": self.reason_message, "note": self.note_message}
            label = target.get(exc.field)
            if label is None:
                self._show_error(exc.message)
            else:
                label.setText(exc.message)
        self.message.setText("")
        return None

    # --- results --------------------------------------------------------------------------

    def _run(self, coro: Coroutine[Any, Any, Identification | None], control: QWidget) -> None:
        self.runner.run(coro, control=control, on_done=self._identified, on_error=self._show_error)

    def _identified(self, found: Identification | None) -> None:
        if found is None:
            return
        self._close_entry()
        self.summary.show_identification(found)
        self.summary.setFocus()  # not a field, where the next keystroke would change data
        self._update_unmask()
        text = self.tr("已识别：{name}（{method}）").format(
            name=found.masked_name or found.masked_id, method=method_text(found.method)
        )
        self._show_notice(text)
        self.identified.emit(found)

    def _close_entry(self) -> None:
        self.scan_box.hide()
        self.manual_box.hide()
        self.wedge.clear()

    def _reason_changed(self, _index: int) -> None:
        other = self.reason_combo.currentData() == ManualReason.OTHER.value
        self.note_edit.setEnabled(other)
        for widget in (self.note_label, self.note_edit, self.note_message):
            widget.setVisible(other)
        self.reason_message.setText("")
        self.note_message.setText("")
        if other:
            self.note_edit.setFocus()

    def _show_notice(self, text: str) -> None:
        self._set_message(text, "Notice")

    def _show_error(self, text: str) -> None:
        self._set_message(text, "Error")

    def _set_message(self, text: str, kind: str) -> None:
        self.message.setText(text)
        self.message.setObjectName(kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    # --- show full ---------------------------------------------------------------------------

    def set_case_active(self, active: bool) -> None:
        """Called by the case flow: full numbers only while a case is being handled."""
        self.case_active = active
        if not active:
            self.summary.unmask_button.setChecked(False)
        self._update_unmask()

    def _update_unmask(self) -> None:
        allowed = (
            self.case_active
            and self.summary.identification is not None
            and Role.CLERK in self.session.staff.roles
        )
        self.summary.unmask_button.setEnabled(allowed)
        tip = (
            self.tr("仅限经办本笔业务期间使用，每次显示均记入日志")
            if allowed
            else self.tr("办理业务期间才能显示完整号码")
        )
        self.summary.unmask_button.setToolTip(tip)

    def _toggle_full(self, checked: bool) -> None:
        found = self.summary.identification
        if not checked or found is None:
            self.summary.show_masked()
            return

        def shown(values: Unmasked) -> None:
            self.summary.show_full(values)
            self._update_unmask()

        def refused(message: str) -> None:
            self.summary.unmask_button.setChecked(False)
            self._update_unmask()
            self._show_error(message)

        self.runner.run(
            self.service.unmask(self.session, found, case_active=self.case_active),
            control=self.summary.unmask_button,
            on_done=shown,
            on_error=refused,
        )

    # --- next citizen -------------------------------------------------------------------------

    def clear(self) -> None:
        """Forget the citizen: next ticket, idle lock, end of the case."""
        self._close_entry()
        self.summary.clear()
        self.id_field.clear()
        self.note_edit.clear()
        self.reason_combo.setCurrentIndex(-1)
        self._reason_changed(-1)
        self._set_message(self.tr("请群众出示身份证、社保卡或电子社保卡二维码。"), "Hint")
        self._update_unmask()
        self.cleared.emit()
