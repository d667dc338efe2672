"""培训考核 in the supervisor's workspace (training mode): who was assessed when, with what
result, and the button that opens the trainer's screen on the trainer's monitor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ui import keys
from ui.asyncop import AsyncRunner
from ui.qt import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from ui.supervisor.training.texts import clock
from ui.supervisor.widgets import BAD, GOOD, Card, ReadOnlyTable

if TYPE_CHECKING:
    from counter.session import ActiveSession
    from ui.composition import Services

__all__ = ["TrainingPage", "summary_rows"]


def summary_rows(summaries: Sequence[Any]) -> list[list[str]]:
    """Per trainee (newest first): last assessed, score, result, count, passes."""
    by_staff: dict[str, list[Any]] = {}
    for s in summaries:
        by_staff.setdefault(s.staff_no, []).append(s)
    rows = []
    for staff_no, items in by_staff.items():
        last = max(items, key=lambda s: s.at)
        passes = [s for s in items if s.passed]
        rows.append(
            [
                f"{last.name_masked}（{staff_no}）",
                clock(last.at)[:10],
                str(last.score),
                "合格" if last.passed else "不合格",
                clock(max(p.at for p in passes))[:10] if passes else "—",
                str(len(items)),
            ]
        )
    return rows


class TrainingPage(QWidget):
    def __init__(
        self,
        services: Services,
        session: ActiveSession,
        runner: AsyncRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.session = session
        self.runner = runner
        title = QLabel(self.tr("培训考核"), objectName="SectionTitle")
        self.open_button = QPushButton(self.tr("打开培训师屏幕…"), objectName="Primary")
        self.refresh_button = QPushButton(self.tr("刷新") + f" ({keys.REFRESH})")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.open_button)
        hint = QLabel(
            self.tr(
                "考核合格后方可上岗，每周定期轮训。培训师屏幕在单独窗口打开（有第二台显示器时"
                "显示在其上）；学员在本机登录后按真实窗口办理，系统按日志和平台记录评分。"
            ),
            objectName="Hint",
        )
        hint.setWordWrap(True)
        self.message = QLabel("", objectName="Error")
        self.message.hide()
        self.summary = ReadOnlyTable(
            [
                self.tr("学员"),
                self.tr("最近考核"),
                self.tr("得分"),
                self.tr("结果"),
                self.tr("最近合格"),
                self.tr("考核次数"),
            ],
            stretch=0,
            accessible_name=self.tr("学员考核情况"),
        )
        self.history = ReadOnlyTable(
            [
                self.tr("时间"),
                self.tr("学员"),
                self.tr("考核"),
                self.tr("情景数"),
                self.tr("得分"),
                self.tr("结果"),
                self.tr("错误"),
                self.tr("考核人"),
            ],
            stretch=2,
            accessible_name=self.tr("考核记录"),
        )
        summary = Card(self.tr("学员考核情况"))
        summary.body.addWidget(self.summary, 1)
        history = Card(self.tr("考核记录"))
        history.body.addWidget(self.history, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(summary, 2)
        layout.addWidget(history, 3)
        self.open_button.clicked.connect(self.open_trainer)
        self.refresh_button.clicked.connect(self.refresh)

    def open_trainer(self) -> None:
        from ui.supervisor.training.window import open_trainer_window

        window = open_trainer_window(self.services, self.session, self.runner, self.window())
        window.screen_widget.assessment_shown.connect(lambda _a: self.refresh())

    def refresh(self) -> None:
        from ui.supervisor.training.services import trainer_services

        store = trainer_services(self.services).store

        async def load() -> list[Any]:
            return list(await store.history(None, limit=200))

        self.runner.run(load(), on_done=self.show_history, on_error=self._failed)

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    def show_history(self, summaries: list[Any]) -> None:
        self.message.hide()
        rows = summary_rows(summaries)
        self.summary.fill(rows, colours=[GOOD if r[3] == "合格" else BAD for r in rows])
        self.history.fill(
            [
                [
                    clock(s.at),
                    f"{s.name_masked}（{s.staff_no}）",
                    s.set_title,
                    str(s.scenario_count),
                    str(s.score),
                    "合格" if s.passed else "不合格",
                    str(s.mistakes),
                    s.assessor,
                ]
                for s in summaries
            ],
            colours=[GOOD if s.passed else BAD for s in summaries],
            numeric_from=99,
        )
