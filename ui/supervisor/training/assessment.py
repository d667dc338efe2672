"""After the run: the assessment — per scenario the score against the pass mark, per citizen
what was expected and what happened, and each mistake explained in plain words.

导出 PDF writes the A4 report (the core's ``write_assessment_pdf``) and shows where; 打印
opens the print dialog (never ``exec()``) and prints the same pages.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ui.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.supervisor.training.texts import clock, duration, mistake_label
from ui.supervisor.widgets import BAD, GOOD, Card, ReadOnlyTable

__all__ = ["AssessmentView"]

ROW_PX = 30  # one row of the scores table


class AssessmentView(QWidget):
    pdf_requested = Signal()
    print_requested = Signal()
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.assessment: Any = None

        self.verdict = QLabel("", objectName="Verdict")
        self.verdict.setAccessibleName(self.tr("考核结论"))
        self.who = QLabel("", objectName="Hint")
        self.who.setWordWrap(True)
        self.results = ReadOnlyTable(
            [
                self.tr("情景"),
                self.tr("得分"),
                self.tr("合格线"),
                self.tr("结果"),
                self.tr("用时"),
                self.tr("按键/点击"),
                self.tr("错误"),
            ],
            stretch=0,
            accessible_name=self.tr("各情景得分"),
        )
        scores = Card(self.tr("各情景得分"))
        scores.set_hint(self.tr("↑/↓ 选择情景查看逐位群众"))
        scores.body.addWidget(self.results)

        self.detail = self._detail_card()

        self.file_line = QLabel("", objectName="Hint")
        self.file_line.setWordWrap(True)
        self.file_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pdf_button = QPushButton(self.tr("导出 PDF"), objectName="Primary")
        self.print_button = QPushButton(self.tr("打印…"))
        self.new_button = QPushButton(self.tr("新的考核"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.file_line, 1)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.new_button)

        top = QHBoxLayout()
        top.addWidget(self.verdict)
        top.addSpacing(16)
        top.addWidget(self.who, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(scores)
        layout.addWidget(self.detail, 1)
        layout.addLayout(buttons)

        self.results.currentCellChanged.connect(lambda row, *_: self.show_result(row))
        self.pdf_button.clicked.connect(self.pdf_requested.emit)
        self.print_button.clicked.connect(self.print_requested.emit)
        self.new_button.clicked.connect(self.new_requested.emit)

    def _detail_card(self) -> Card:
        self.detail = Card(self.tr("逐位群众"))
        self.citizen_text = QLabel("", objectName="CitizenText")
        self.citizen_text.setTextFormat(Qt.TextFormat.RichText)
        self.citizen_text.setWordWrap(True)
        self.citizen_text.setAccessibleName(self.tr("逐位群众"))
        self.mistakes = QLabel("", objectName="Mistakes")
        self.mistakes.setTextFormat(Qt.TextFormat.PlainText)
        self.mistakes.setWordWrap(True)
        self.mistakes.setAccessibleName(self.tr("错误说明"))
        inner = QWidget(objectName="DetailInner")
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 8, 0)
        column.addWidget(self.citizen_text)
        column.addWidget(QLabel(self.tr("错误与说明"), objectName="CheckLabel"))
        column.addWidget(self.mistakes)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        scroll.setStyleSheet("QScrollArea, #DetailInner { background: transparent; }")
        self.detail.body.addWidget(scroll, 1)
        return self.detail

    def show_assessment(self, assessment: Any) -> None:
        self.assessment = assessment
        passed = assessment.passed
        verdict = self.tr("合格") if passed else self.tr("不合格")
        self.verdict.setText(
            self.tr("{verdict} · {score} 分").format(verdict=verdict, score=assessment.score)
        )
        self.verdict.setStyleSheet(
            f"font-size: 26px; font-weight: 700; color: {GOOD if passed else BAD};"
        )
        trainee = assessment.trainee
        self.who.setText(
            self.tr(
                "学员 {name}（{staff}） · {set} · 合格线 {mark} 分 · 考核人 {assessor} · {at}"
            ).format(
                name=trainee.name_masked,
                staff=trainee.staff_no,
                set=assessment.set_title or self.tr("自选情景"),
                mark=assessment.pass_mark,
                assessor=assessment.assessor,
                at=clock(assessment.ended_at),
            )
        )
        rows, colours = [], []
        for r in assessment.results:
            took = None
            if r.started_at is not None and r.ended_at is not None:
                took = (r.ended_at - r.started_at).total_seconds()
            rows.append(
                [
                    r.title,
                    str(r.score),
                    str(r.pass_mark),
                    self.tr("合格") if r.passed else self.tr("不合格"),
                    duration(took),
                    f"{r.inputs.keys}/{r.inputs.clicks}",
                    str(len(r.mistakes)),
                ]
            )
            colours.append(GOOD if r.passed else BAD)
        self.results.fill(rows, colours=colours, numeric_from=1)
        # The table shows every scenario without scrolling (up to six), no more.
        shown = max(1, min(len(rows), 6))
        self.results.setFixedHeight(self.results.horizontalHeader().height() + shown * ROW_PX + 4)
        note = getattr(assessment, "roster_note", "")
        self.file_line.setText(
            self.tr("{note}（可由主管在“人员”页登记培训/资格）").format(note=note) if note else ""
        )
        if assessment.results:
            self.results.setCurrentCell(0, 0)
            self.show_result(0)

    def show_result(self, row: int) -> None:
        if self.assessment is None or not 0 <= row < len(self.assessment.results):
            return
        result = self.assessment.results[row]
        self.detail.title.setText(self.tr("逐位群众 · {title}").format(title=result.title))
        blocks = [self._citizen_html(c) for c in result.citizens]
        self.citizen_text.setText("".join(blocks))
        if not result.mistakes:
            self.mistakes.setText(self.tr("没有错误。"))
            return
        lines = []
        for n, m in enumerate(result.mistakes, 1):
            who = f"{self._label(result, m.citizen)} · " if m.citizen else ""
            critical = self.tr("【严重】") if m.critical else ""
            lines.append(
                self.tr("{n}. {critical}{who}{what}（−{points} 分）\n    {why}").format(
                    n=n,
                    critical=critical,
                    who=who,
                    what=mistake_label(m.code),
                    points=m.points,
                    why=m.explanation,
                )
            )
        self.mistakes.setText("\n".join(lines))

    def _citizen_html(self, c: Any) -> str:
        colour = GOOD if c.correct else BAD
        verdict = self.tr("处理正确") if c.correct else self.tr("处理不正确")
        figures = self.tr(
            "用时 {took}（标准 {norm}） · 操作 {inputs} 次（标准 {norm_inputs}）"
        ).format(
            took=duration(c.seconds),
            norm=duration(c.norm_s),
            inputs=_total(c.inputs),
            norm_inputs=c.norm_inputs or "—",
        )
        lost = self.tr(" · 扣 {points} 分").format(points=c.points_lost) if c.points_lost else ""
        item = getattr(c, "item_name", "")
        expected, happened = self.tr("应当："), self.tr("实际：")
        return (
            f"<p style='margin:0 0 10px 0'>"
            f"<b>{escape(c.label)}</b>{' · ' + escape(item) if item else ''} — "
            f"<span style='color:{colour}; font-weight:600'>{escape(verdict)}</span>"
            f"<span style='color:#52606d'> · {escape(figures)}{escape(lost)}</span><br>"
            f"{escape(expected)}{escape(c.expected)}<br>"
            f"{escape(happened)}{escape(c.happened)}</p>"
        )

    @staticmethod
    def _label(result: Any, key: str) -> str:
        for c in result.citizens:
            if c.key == key:
                return str(c.label)
        return key

    def show_file(self, text: str) -> None:
        self.file_line.setText(text)


def _total(inputs: Any) -> str:
    if inputs is None:
        return "—"
    total = getattr(inputs, "total", None)
    return str(total if total is not None else inputs)
