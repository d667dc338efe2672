"""Training mode's printer: every slip appears here exactly as the paper would show it."""

from __future__ import annotations

from pathlib import Path

from ui.qt import QApplication, QLabel, QPixmap, QScrollArea, Qt, QVBoxLayout, QWidget


class PrinterPreviewWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool)
        self.setWindowTitle(self.tr("打印预览（培训模式，不出纸）"))
        # A slip printing must not take the keyboard from the clerk who is typing.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.caption = QLabel("", objectName="Hint")
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image.setAccessibleName(self.tr("打印预览"))
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(scroll, 1)
        self.resize(640, 820)
        self.last: Path | None = None

    def show_slip(self, png: Path) -> None:
        self.last = png
        self.image.setPixmap(QPixmap(str(png)))
        self.caption.setText(self.tr("最近打印：{name}").format(name=png.name))
        if not self.isVisible():
            previous = QApplication.activeWindow()
            self.show()
            if previous is not None and previous is not self:
                previous.activateWindow()  # where the clerk was typing
