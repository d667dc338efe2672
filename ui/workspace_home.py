"""The start of each role's workspace: who is working here and the data the client holds.

The later issues put each role's real tools (ticket desk, call panel, cases, close) beside it.
"""

from __future__ import annotations

from collections import Counter

from counter.bureau.models import Catalogue
from counter.catalogue import SyncResult
from counter.session import ActiveSession
from ui.core_texts import role_duty, role_label
from ui.qt import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class Figure(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.value = QLabel("—", objectName="BigFigure")
        caption = QLabel(label, objectName="FigureLabel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.addWidget(self.value)
        layout.addWidget(caption)

    def set(self, text: str) -> None:
        self.value.setText(text)


class WorkspaceHome(QWidget):
    def __init__(self, session: ActiveSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Page")
        title = QLabel(
            self.tr("{role}工作台").format(role=role_label(session)), objectName="AppTitle"
        )
        duty = QLabel(role_duty(session.workspace_role), objectName="Hint")
        duty.setWordWrap(True)
        self.items_figure = Figure(self.tr("本网点可办事项"))
        self.version_figure = Figure(self.tr("办事目录版本"))
        self.category_figure = Figure(self.tr("网点类别"))
        self.category_figure.set(self.tr("{n} 类").format(n=str(session.outlet.category)))
        figures = QHBoxLayout()
        for figure in (self.items_figure, self.version_figure, self.category_figure):
            figures.addWidget(figure)
        figures.addStretch(1)
        self.sync_label = QLabel("", objectName="Hint")
        self.groups = QTableWidget(0, 4)
        self.groups.setHorizontalHeaderLabels(
            [self.tr("业务类别"), self.tr("事项数"), self.tr("需复核"), self.tr("收件转运")]
        )
        self.groups.verticalHeader().setVisible(False)
        self.groups.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.groups.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.groups.setAccessibleName(self.tr("本网点办事目录分类统计"))

        grid = QGridLayout(self)
        grid.setContentsMargins(28, 22, 28, 22)
        grid.addWidget(title, 0, 0)
        grid.addWidget(duty, 1, 0)
        grid.addLayout(figures, 2, 0)
        grid.addWidget(QLabel(self.tr("办事目录分类"), objectName="SectionTitle"), 3, 0)
        grid.addWidget(self.groups, 4, 0)
        grid.addWidget(self.sync_label, 5, 0, Qt.AlignmentFlag.AlignLeft)
        grid.setRowStretch(4, 1)

    def show_catalogue(self, catalogue: Catalogue | None) -> None:
        if catalogue is None:
            self.items_figure.set("—")
            self.version_figure.set("—")
            self.groups.setRowCount(0)
            return
        self.items_figure.set(str(len(catalogue.items)))
        self.version_figure.set(catalogue.version)
        totals: Counter[str] = Counter()
        reviews: Counter[str] = Counter()
        collects: Counter[str] = Counter()
        for item in catalogue.items:
            totals[item.group] += 1
            reviews[item.group] += item.needs_review
            collects[item.group] += item.mode.value == "收件转运"
        self.groups.setRowCount(len(totals))
        for row, (group, count) in enumerate(totals.most_common()):
            for column, value in enumerate(
                (group, str(count), str(reviews[group]), str(collects[group]))
            ):
                cell = QTableWidgetItem(value)
                if column:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.groups.setItem(row, column, cell)

    def show_sync(self, result: SyncResult) -> None:
        if result.error:
            text = self.tr("目录同步失败：{error} 正在使用本机缓存的目录。")
            self.sync_label.setText(text.format(error=result.error))
            self.sync_label.setObjectName("Error")
        elif result.synced_at is not None:
            local = result.synced_at.astimezone().strftime("%H:%M:%S")
            text = self.tr("目录已于 {time} 与人社平台核对。")
            self.sync_label.setText(text.format(time=local))
            self.sync_label.setObjectName("Hint")
        self.sync_label.style().unpolish(self.sync_label)
        self.sync_label.style().polish(self.sync_label)
