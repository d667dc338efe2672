"""The About dialog: product, version, build, runtime versions, where the data lives.

Shown from the help menu; the text is selectable so a clerk can paste it into a ticket to IT.
Closes with Esc, Enter or the 关闭 button.
"""

from __future__ import annotations

import platform
from pathlib import Path

from counter.config import default_data_dir
from ui.buildinfo import app_version, build_date
from ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLibraryInfo,
    Qt,
    QVBoxLayout,
    QWidget,
)

PRODUCT_NAME = "社银通 Counter"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, data_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于 社银通 Counter"))
        self.setAccessibleName(self.tr("关于 社银通 Counter"))
        layout = QVBoxLayout(self)
        layout.setSpacing(12)

        self.title = QLabel(PRODUCT_NAME)
        self.title.setObjectName("AppTitle")  # the app's title style (counter.qss)
        layout.addWidget(self.title)
        self.subtitle = QLabel(self.tr("银行网点社保业务窗口客户端"))
        self.subtitle.setObjectName("AppSubtitle")
        layout.addWidget(self.subtitle)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.rows: dict[str, QLabel] = {}
        when = build_date()
        qt_version = QLibraryInfo.version().toString()
        for key, label, value in (
            ("version", self.tr("版本"), app_version()),
            ("build", self.tr("构建日期"), when or self.tr("源代码运行（未打包）")),
            (
                "runtime",
                self.tr("运行环境"),
                f"Python {platform.python_version()} · Qt {qt_version}",
            ),
            ("data_dir", self.tr("数据目录"), str(data_dir or default_data_dir())),
        ):
            field = QLabel(value)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            field.setAccessibleName(label)
            form.addRow(label + self.tr("："), field)
            self.rows[key] = field
        layout.addLayout(form)

        self.licence = QLabel(self.tr("专有软件，保留所有权利；仅限获得授权的银行网点使用。"))
        self.licence.setWordWrap(True)
        layout.addWidget(self.licence)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("关闭"))
        close.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def text(self) -> str:
        """Everything the dialog says, one line per row (for a support ticket)."""
        lines = [PRODUCT_NAME, self.subtitle.text()]
        lines += [field.accessibleName() + "：" + field.text() for field in self.rows.values()]
        lines.append(self.licence.text())
        return "\n".join(lines)
