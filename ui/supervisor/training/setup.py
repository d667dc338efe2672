"""Before a run: pick the trainee and the scenarios, see the trainee's past assessments.

Keys: ↑/↓ in the trainee list; Tab to the set and the scenario list, Space ticks a
scenario; Ctrl+Enter (or the button) starts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ui.qt import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.supervisor.training.texts import (
    clock,
    scenario_items,
    scenario_minutes,
    scenario_traps,
)
from ui.supervisor.widgets import BAD, GOOD, Card, ReadOnlyTable

__all__ = ["SetupView", "TraineeRow"]

CUSTOM = ""  # the set combo's "自选" entry


class TraineeRow:
    """A trainee as the list shows them (``ref`` is the core's ``TraineeRef``)."""

    def __init__(self, ref: Any, post_label: str = "") -> None:
        self.ref = ref
        self.post_label = post_label

    @property
    def staff_no(self) -> str:
        return str(self.ref.staff_no)

    def text(self) -> str:
        post = f" · {self.post_label}" if self.post_label else ""
        return f"{self.ref.name_masked}（{self.ref.staff_no}）{post}"


class SetupView(QWidget):
    start_requested = Signal()
    trainee_changed = Signal(str)  # staff_no

    def __init__(
        self,
        library: Any,
        trainees: Sequence[TraineeRow],
        item_name: Callable[[str], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.trainees = list(trainees)
        self.item_name = item_name

        trainee_card = self._trainee_card()
        scenario_card = self._scenario_card()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(trainee_card)
        split.addWidget(scenario_card)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setChildrenCollapsible(False)
        # In proportion from the start: the stretch factors share only space beyond the size
        # hints, and the English hints squeezed the trainee list until its names were cut.
        split.setSizes([2000, 5000])
        trainee_card.setMinimumWidth(320)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        self.trainee_list.currentRowChanged.connect(self._trainee_row)
        self.set_combo.currentIndexChanged.connect(lambda _i: self._set_changed())
        self.table.itemChanged.connect(lambda _item: self._update_chosen())
        self.table.currentCellChanged.connect(lambda row, *_: self._show_summary(row))
        self.start_button.clicked.connect(self.start_requested.emit)
        self._set_changed()
        if self.trainees:
            self.trainee_list.setCurrentRow(0)

    def _trainee_card(self) -> Card:
        self.trainee_list = QListWidget()
        self.trainee_list.setAccessibleName(self.tr("学员"))
        for row in self.trainees:
            item = QListWidgetItem(row.text())
            item.setData(Qt.ItemDataRole.UserRole, row.staff_no)
            self.trainee_list.addItem(item)
        self.trainee_list.setMinimumHeight(120)
        self.last_line = QLabel("", objectName="Hint")
        self.last_line.setWordWrap(True)
        self.history = ReadOnlyTable(
            [self.tr("日期"), self.tr("考核"), self.tr("得分"), self.tr("结果"), self.tr("考核人")],
            stretch=1,
            accessible_name=self.tr("考核记录"),
        )
        trainee_card = Card(self.tr("学员"))
        trainee_card.body.addWidget(self.trainee_list, 1)
        trainee_card.body.addWidget(self.last_line)
        trainee_card.body.addWidget(QLabel(self.tr("考核记录"), objectName="CheckLabel"))
        trainee_card.body.addWidget(self.history, 3)
        return trainee_card

    def _scenario_card(self) -> Card:
        self.set_combo = QComboBox()
        self.set_combo.setAccessibleName(self.tr("考核套题"))
        for set_id, scenario_set in self.library.sets.items():
            self.set_combo.addItem(scenario_set.title, set_id)
        self.set_combo.addItem(self.tr("自选情景"), CUSTOM)
        self.pass_line = QLabel("", objectName="Hint")
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("情景"), self.tr("事项"), self.tr("考点"), self.tr("人数"), self.tr("约时")]
        )
        self.table.setAccessibleName(self.tr("考核情景"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.scenario_ids: list[str] = list(self.library.scenarios)
        self._fill_scenarios()
        self.summary = QLabel("", objectName="Hint")
        self.summary.setWordWrap(True)
        self.summary.setMinimumHeight(40)
        self.message = QLabel("", objectName="Error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.chosen_line = QLabel("")
        self.start_button = QPushButton(self.tr("开始考核 (Ctrl+Enter)"), objectName="Primary")
        self.start_button.setDefault(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("套题")))
        top.addWidget(self.set_combo, 1)
        top.addWidget(self.pass_line)
        bottom = QHBoxLayout()
        bottom.addWidget(self.chosen_line, 1)
        bottom.addWidget(self.start_button)
        scenario_card = Card(self.tr("考核情景"))
        scenario_card.set_hint(self.tr("空格勾选；学员在本机登录后按真实窗口办理"))
        scenario_card.body.addLayout(top)
        scenario_card.body.addWidget(self.table, 1)
        scenario_card.body.addWidget(self.summary)
        scenario_card.body.addWidget(self.message)
        scenario_card.body.addLayout(bottom)
        return scenario_card

    # --- scenarios -----------------------------------------------------------------------

    def _fill_scenarios(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.scenario_ids))
        for row, scenario_id in enumerate(self.scenario_ids):
            scenario = self.library.get(scenario_id)
            items = scenario_items(scenario, self.item_name)
            cells = [
                scenario.title,
                items,
                scenario_traps(scenario),
                str(len(scenario.citizens)),
                self.tr("{n} 分钟").format(n=scenario_minutes(scenario)),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 0:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Unchecked)
                    item.setData(Qt.ItemDataRole.UserRole, scenario_id)
                elif col >= 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 300))
        self.table.setColumnWidth(2, 170)

    def set_id(self) -> str | None:
        value = self.set_combo.currentData()
        return str(value) if value else None

    def _set_changed(self) -> None:
        set_id = self.set_id()
        chosen = {s.id for s in self.library.in_set(set_id)} if set_id is not None else set()
        self.table.blockSignals(True)
        for row, scenario_id in enumerate(self.scenario_ids):
            item = self.table.item(row, 0)
            if item is not None:
                state = Qt.CheckState.Checked if scenario_id in chosen else Qt.CheckState.Unchecked
                item.setCheckState(state)
        self.table.blockSignals(False)
        if set_id is not None:
            mark = self.library.sets[set_id].pass_mark
            self.pass_line.setText(self.tr("合格线 {mark} 分").format(mark=mark))
        else:
            self.pass_line.setText(self.tr("合格线按各情景"))
        self._update_chosen()

    def chosen(self) -> list[str]:
        ids = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ids.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def choose(self, scenario_ids: Sequence[str]) -> None:
        """Tick exactly *scenario_ids* (自选); what a trainer does with Space."""
        self.set_combo.setCurrentIndex(self.set_combo.findData(CUSTOM))
        for row, scenario_id in enumerate(self.scenario_ids):
            item = self.table.item(row, 0)
            if item is not None:
                state = (
                    Qt.CheckState.Checked
                    if scenario_id in scenario_ids
                    else Qt.CheckState.Unchecked
                )
                item.setCheckState(state)
        if scenario_ids:
            self.table.setCurrentCell(self.scenario_ids.index(scenario_ids[0]), 0)

    def _update_chosen(self) -> None:
        ids = self.chosen()
        minutes = sum(scenario_minutes(self.library.get(i)) for i in ids)
        self.chosen_line.setText(
            self.tr("已选 {n} 个情景，约 {m} 分钟").format(n=len(ids), m=minutes)
        )
        self.start_button.setEnabled(bool(ids) and self.trainee() is not None)
        set_id = self.set_id()
        if set_id is not None and set(ids) != {s.id for s in self.library.in_set(set_id)}:
            index = self.set_combo.findData(CUSTOM)
            self.set_combo.blockSignals(True)
            self.set_combo.setCurrentIndex(index)
            self.set_combo.blockSignals(False)
            self.pass_line.setText(self.tr("合格线按各情景"))

    def _show_summary(self, row: int) -> None:
        if 0 <= row < len(self.scenario_ids):
            scenario = self.library.get(self.scenario_ids[row])
            self.summary.setText(scenario.summary or scenario.title)
        else:
            self.summary.setText("")

    # --- the trainee ---------------------------------------------------------------------

    def trainee(self) -> TraineeRow | None:
        row = self.trainee_list.currentRow()
        return self.trainees[row] if 0 <= row < len(self.trainees) else None

    def select_trainee(self, staff_no: str) -> bool:
        for row, trainee in enumerate(self.trainees):
            if trainee.staff_no == staff_no:
                self.trainee_list.setCurrentRow(row)
                return True
        return False

    def _trainee_row(self, _row: int) -> None:
        trainee = self.trainee()
        self._update_chosen()
        self.history.fill([])
        self.last_line.setText("")
        if trainee is not None:
            self.trainee_changed.emit(trainee.staff_no)

    def show_history(self, staff_no: str, summaries: Sequence[Any]) -> None:
        trainee = self.trainee()
        if trainee is None or trainee.staff_no != staff_no:
            return
        rows, colours = [], []
        for s in summaries:
            verdict = self.tr("合格") if s.passed else self.tr("不合格")
            rows.append([clock(s.at)[:10], s.set_title, str(s.score), verdict, s.assessor])
            colours.append(GOOD if s.passed else BAD)
        self.history.fill(rows, colours=colours, numeric_from=2)
        if summaries:
            last = summaries[0]
            self.last_line.setText(
                self.tr("最近考核 {day}：{score} 分，{verdict}").format(
                    day=clock(last.at)[:10],
                    score=last.score,
                    verdict=self.tr("合格") if last.passed else self.tr("不合格"),
                )
            )
        else:
            self.last_line.setText(self.tr("尚无考核记录：须考核合格后方可上岗。"))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
