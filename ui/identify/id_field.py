"""An ID-number field that validates as the clerk types and says what is wrong at the field.

While the number is still being typed the field only counts (已输入 12 位); as soon as a
character, the province or the finished number is wrong, the message of
`counter.identity.parse` appears under the field (e.g. 校验位应为 5，实际为 9).
"""

from __future__ import annotations

import unicodedata
from enum import Enum

from counter.identity import PROVINCE_CODES, Identity, InvalidIdentity, parse
from ui.qt import QLabel, QLineEdit, QVBoxLayout, QWidget, Signal

_SEPARATORS = " \t-－—"


class FieldState(Enum):
    EMPTY = "empty"
    TYPING = "typing"
    VALID = "valid"
    INVALID = "invalid"


def _compact(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(c for c in folded if c not in _SEPARATORS)


def _prefix_problem(s: str) -> str | None:
    """What is already wrong with an unfinished number, or None if it may still be right."""
    if s[:1].isalpha():  # 永居证 2017: three letters, then digits
        for i, c in enumerate(s):
            if (i < 3 and not ("A" <= c <= "Z")) or (i >= 3 and not c.isdigit()):
                return f"第{i + 1}位字符“{c}”无效"
        return None
    for i, c in enumerate(s):
        if not c.isdigit() and not (i == 17 and c == "X"):
            return f"第{i + 1}位字符“{c}”无效：只能是数字" + ("或X" if i == 17 else "")
    province = s[1:3] if s[:1] == "9" else s[:2]
    if len(province) == 2 and province not in PROVINCE_CODES:
        return f"地区代码 {province} 不是有效的省级代码"
    return None


def live_check(text: str) -> tuple[FieldState, str, Identity | None]:
    """The state of a partly or fully typed number, the message to show, and the identity."""
    s = _compact(text)
    if not s:
        return FieldState.EMPTY, "", None
    try:
        identity = parse(text)
    except InvalidIdentity as exc:
        problem = _prefix_problem(s)
        if problem is not None:
            return FieldState.INVALID, problem, None
        unfinished = len(s) < (15 if s[:1].isalpha() else 18)
        if unfinished:
            return FieldState.TYPING, f"已输入 {len(s)} 位", None
        return FieldState.INVALID, exc.message, None
    if identity.converted_from:
        return FieldState.VALID, f"15位旧号码，已转换为18位：{identity.masked}", identity
    parts = [identity.kind.value]
    if identity.sex:
        parts.append(identity.sex)
    if identity.birth_date:
        parts.append(f"{identity.birth_date:%Y-%m-%d}")
    return FieldState.VALID, " · ".join(parts), identity


class IdNumberField(QWidget):
    """A line edit plus the message under it. `identity` is the parsed number or None."""

    state_changed = Signal(object)  # FieldState
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName("IdNumberEdit")
        self.edit.setMaxLength(24)
        self.edit.setPlaceholderText(self.tr("18位证件号码（居民身份证、居住证、永居证）"))
        self.edit.setAccessibleName(self.tr("证件号码"))
        self.message = QLabel("", objectName="FieldHint")
        self.message.setWordWrap(True)
        self.state = FieldState.EMPTY
        self.identity: Identity | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._check)
        self.edit.returnPressed.connect(self.submitted)

    def _check(self, text: str) -> None:
        state, message, identity = live_check(text)
        self.identity = identity
        kind = {
            FieldState.INVALID: "FieldError",
            FieldState.VALID: "FieldOk",
        }.get(state, "FieldHint")
        self.show_message(message, kind)
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)

    def show_message(self, message: str, kind: str = "FieldError") -> None:
        self.message.setText(message)
        self.message.setObjectName(kind)
        self.edit.setProperty("invalid", kind == "FieldError")
        for widget in (self.message, self.edit):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def text(self) -> str:
        return self.edit.text()

    def clear(self) -> None:
        self.edit.clear()
