"""The materials checklist (核对材料): one box per material of the item.

A material marked 可共享免交 (the bureau fetches it itself) is pre-ticked and labelled so;
the clerk may still tick that the citizen handed it in. Space toggles the focused box, Tab
moves on; Enter and Esc belong to the case flow.
"""

from __future__ import annotations

from counter.cases import CaseDraft
from ui.qt import QCheckBox, QLabel, Qt, QVBoxLayout, QWidget, Signal

CHECKLIST_QSS = """
QCheckBox { font-size: 16px; padding: 6px 4px; spacing: 10px; }
QCheckBox:focus { background: #e6f0fa; border-radius: 6px; }
QCheckBox::indicator { width: 20px; height: 20px; }
#SharedNote { color: #067647; font-weight: 600; padding-left: 36px; }
"""


class MaterialsChecklist(QWidget):
    changed = Signal()

    def __init__(self, draft: CaseDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MaterialsChecklist")
        self.setStyleSheet(CHECKLIST_QSS)
        self.draft = draft
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        shareable = {m.name for m in draft.item.materials if m.shareable}
        for material in draft.item.materials:
            check = draft.materials[material.name]
            shared = material.name in shareable
            text = material.name + (self.tr("（可共享免交）") if shared else "")
            box = QCheckBox(text)
            box.setChecked(check.received or check.shared)
            box.setAccessibleName(material.name)
            box.toggled.connect(lambda on, name=material.name: self._toggled(name, on))
            self.boxes[material.name] = box
            layout.addWidget(box)
            if shared:
                note = QLabel(self.tr("人社部门可通过数据共享获取，群众无须提交"))
                note.setObjectName("SharedNote")
                layout.addWidget(note)
        if not self.boxes:
            layout.addWidget(QLabel(self.tr("本事项无须提交材料。"), objectName="Hint"))
        layout.addStretch(1)
        first = next(iter(self.boxes.values()), None)
        if first is not None:
            self.setFocusProxy(first)
            first.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _toggled(self, name: str, on: bool) -> None:
        self.draft.set_material(name, on)
        self.changed.emit()

    def missing(self) -> list[str]:
        return [m.name for m in self.draft.materials.values() if not m.received and not m.shared]
