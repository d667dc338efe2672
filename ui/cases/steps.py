"""The steps of a case at the window, and the header that shows where the case stands.

叫号 → 核验身份 → 选择事项 → 填写表单 → 核对材料 → 复核(如需) → 提交 → 打印回执 → 评价 → 办结

Each step in the header is done (✓, green), current (filled blue), to do (grey), or not
needed for this case (复核 for an item without review; 打印回执/评价 after a refusal).
"""

from __future__ import annotations

from enum import Enum, IntEnum

from ui.qt import QT_TRANSLATE_NOOP, QCoreApplication, QFrame, QHBoxLayout, QLabel, QWidget


class Step(IntEnum):
    CALL = 0
    IDENTIFY = 1
    ITEM = 2
    FORM = 3
    MATERIALS = 4
    REVIEW = 5
    SUBMIT = 6
    RECEIPT = 7
    RATING = 8
    DONE = 9


STEP_LABELS = {
    Step.CALL: QT_TRANSLATE_NOOP("CaseSteps", "叫号"),
    Step.IDENTIFY: QT_TRANSLATE_NOOP("CaseSteps", "核验身份"),
    Step.ITEM: QT_TRANSLATE_NOOP("CaseSteps", "选择事项"),
    Step.FORM: QT_TRANSLATE_NOOP("CaseSteps", "填写表单"),
    Step.MATERIALS: QT_TRANSLATE_NOOP("CaseSteps", "核对材料"),
    Step.REVIEW: QT_TRANSLATE_NOOP("CaseSteps", "复核(如需)"),
    Step.SUBMIT: QT_TRANSLATE_NOOP("CaseSteps", "提交"),
    Step.RECEIPT: QT_TRANSLATE_NOOP("CaseSteps", "打印回执"),
    Step.RATING: QT_TRANSLATE_NOOP("CaseSteps", "评价"),
    Step.DONE: QT_TRANSLATE_NOOP("CaseSteps", "办结"),
}


def step_label(step: Step) -> str:
    return QCoreApplication.translate("CaseSteps", str(STEP_LABELS[step]))


class Mark(Enum):
    TODO = "todo"
    CURRENT = "current"
    DONE = "done"
    SKIPPED = "skipped"


HEADER_QSS = """
#StepHeader { background: #ffffff; border: 1px solid #d5dde6; border-radius: 10px; }
#StepHeader QLabel { font-size: 14px; }
QLabel[mark="todo"] { color: #7b8794; padding: 4px 3px; }
QLabel[mark="current"] { color: #ffffff; background: #0b6bcb; border-radius: 11px;
                         padding: 4px 8px; font-weight: 700; }
QLabel[mark="done"] { color: #067647; padding: 4px 3px; font-weight: 600; }
QLabel[mark="skipped"] { color: #b8c0cc; padding: 4px 3px; text-decoration: line-through; }
#StepArrow { color: #b8c0cc; padding: 0; }
"""


class StepHeader(QFrame):
    """A row of step names; `set_marks` colours them. `labels[step]` for tests."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StepHeader")
        self.setStyleSheet(HEADER_QSS)
        self.setAccessibleName(self.tr("办件步骤"))
        self.labels: dict[Step, QLabel] = {}
        self.marks: dict[Step, Mark] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.setSpacing(1)
        for step in Step:
            if step is not Step.CALL:
                row.addWidget(QLabel("›", objectName="StepArrow"))
            label = QLabel(step_label(step))
            label.setProperty("mark", Mark.TODO.value)
            self.labels[step] = label
            self.marks[step] = Mark.TODO
            row.addWidget(label)
        row.addStretch(1)

    def set_marks(self, marks: dict[Step, Mark]) -> None:
        for step, mark in marks.items():
            label = self.labels[step]
            label.setText(("✓" if mark is Mark.DONE else "") + step_label(step))
            if self.marks.get(step) is not mark:
                self.marks[step] = mark
                label.setProperty("mark", mark.value)
                label.style().unpolish(label)
                label.style().polish(label)
        current = [s for s, m in marks.items() if m is Mark.CURRENT]
        if current:
            self.setAccessibleDescription(
                self.tr("当前步骤：{step}").format(step=step_label(current[0]))
            )

    def current(self) -> Step | None:
        return next((s for s, m in self.marks.items() if m is Mark.CURRENT), None)
