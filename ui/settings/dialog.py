"""The supervisor's 设置 dialog: printer, caller, readers, evaluator, hall screen, voice.

Every field has its error line under it; nothing is saved until every field is valid (the
rules of `counter.config`, checked by `counter.settings_edit`). Beside each device a 测试
button tries the device as the *edited* values describe it, off the UI thread, and says
成功 / 失败 and what to do. Saving needs the supervisor role, checked in the core.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from counter.config import Config
from counter.doctor import Check, Outcome, device_checks
from counter.session import ActiveSession
from counter.settings_edit import (
    LABELS,
    SaveResult,
    SettingsEditor,
    SettingsFileError,
    SettingsInvalid,
)
from ui.asyncop import AsyncRunner
from ui.qt import (
    QT_TRANSLATE_NOOP,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGuiApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.settings.devices import DeviceTests

Field = QLineEdit | QComboBox | QSpinBox

_CALLER_KINDS = (
    ("builtin", QT_TRANSLATE_NOOP("SettingsDialog", "内置叫号（本机管理社保队列）")),
    ("http", QT_TRANSLATE_NOOP("SettingsDialog", "银行叫号系统（HTTP）")),
    ("none", QT_TRANSLATE_NOOP("SettingsDialog", "不使用叫号系统")),
)
_READER_KINDS = (
    ("simulated", QT_TRANSLATE_NOOP("SettingsDialog", "模拟读卡器（培训）")),
    ("termb", QT_TRANSLATE_NOOP("SettingsDialog", "读卡器厂商动态库（termb）")),
    ("http", QT_TRANSLATE_NOOP("SettingsDialog", "本机读卡服务（HTTP）")),
    ("none", QT_TRANSLATE_NOOP("SettingsDialog", "无读卡器（手工录入）")),
)
_EVALUATOR_KINDS = (
    ("simulated", QT_TRANSLATE_NOOP("SettingsDialog", "模拟评价器（培训）")),
    ("screen", QT_TRANSLATE_NOOP("SettingsDialog", "评价屏（副屏上的评价窗口）")),
    ("none", QT_TRANSLATE_NOOP("SettingsDialog", "无评价器（记为未评价）")),
)
_VOICE_KINDS = (
    ("auto", QT_TRANSLATE_NOOP("SettingsDialog", "自动选择")),
    ("espeak", QT_TRANSLATE_NOOP("SettingsDialog", "espeak-ng 中文语音")),
    ("windows_sapi", QT_TRANSLATE_NOOP("SettingsDialog", "Windows 语音（SAPI）")),
    ("chime_only", QT_TRANSLATE_NOOP("SettingsDialog", "仅提示音")),
    ("silent", QT_TRANSLATE_NOOP("SettingsDialog", "静音")),
)


class DeviceCard(QFrame):
    """One device: its fields (label, field, error line), a 测试 row and the result."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        heading = QLabel(title, objectName="SectionTitle")
        layout.addWidget(heading)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        self.tests = QHBoxLayout()
        self.tests.addStretch(1)
        layout.addLayout(self.tests)
        self.result = QLabel("", objectName="Hint")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def add_field(self, label: str, field: Field, error: QLabel, hint: str = "") -> None:
        caption = QLabel(label)
        caption.setBuddy(field)
        field.setAccessibleName(label)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(field)
        if hint:
            note = QLabel(hint, objectName="Hint")
            note.setWordWrap(True)
            column.addWidget(note)
        column.addWidget(error)
        self.form.addRow(caption, column)

    def add_test(self, button: QPushButton) -> None:
        self.tests.insertWidget(self.tests.count() - 1, button)

    def show_check(self, check: Check, *, tested: bool) -> None:
        if not tested:
            state = {
                Outcome.OK: self.tr("已配置"),
                Outcome.WARN: self.tr("未启用"),
                Outcome.FAIL: self.tr("有问题"),
            }
            self.result.setObjectName("Hint")
            self.result.setText(
                self.tr("配置检查：{state} · {detail}").format(
                    state=state[check.outcome], detail=check.detail
                )
            )
        elif check.outcome is Outcome.FAIL:
            self.result.setObjectName("Error")
            self.result.setText(self.tr("失败：{detail}").format(detail=check.detail))
        else:
            self.result.setObjectName("Success")
            self.result.setText(self.tr("成功：{detail}").format(detail=check.detail))
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)


class SettingsDialog(QDialog):
    """`SettingsDialog(editor, session, runner, tests)`; open() it (never exec())."""

    def __init__(
        self,
        editor: SettingsEditor,
        session: ActiveSession,
        runner: AsyncRunner,
        tests: DeviceTests,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置 · 设备"))
        self.setObjectName("SettingsDialog")
        self.editor = editor
        self.session = session
        self.runner = runner
        self.device_tests = tests
        self.fields: dict[str, Field] = {}
        self.errors: dict[str, QLabel] = {}
        self.cards: dict[str, DeviceCard] = {}
        self.test_buttons: dict[str, QPushButton] = {}
        self.saved: SaveResult | None = None

        outer = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "本机设备的设置，保存到配置文件 {path}。先用“测试”按钮确认设备可用，再保存。"
            ).format(path=editor.path),
            objectName="Hint",
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.file_error = QLabel("", objectName="Error")
        self.file_error.setWordWrap(True)
        self.file_error.setVisible(False)
        outer.addWidget(self.file_error)

        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        for index, card in enumerate(self._build_cards()):
            grid.addWidget(card, index // 2, index % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)  # cards keep their height; spare room at the end
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self._footer(outer)
        # Wide enough for the cards side by side (English labels are longer than Chinese),
        # within the screen; below that the scroll area scrolls rather than clips.
        wanted = body.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        screen = self.screen().availableGeometry().width() if self.screen() else 1366
        self.resize(min(max(1120, wanted + 24), screen - 40), 700)
        self._load()

    def _footer(self, outer: QVBoxLayout) -> None:
        self.note = QLabel(
            self.tr("设备在程序启动时连接：保存后，修改在重新启动程序后生效。"),
            objectName="Hint",
        )
        self.note.setWordWrap(True)
        outer.addWidget(self.note)
        self.message = QLabel("", objectName="Notice")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("保存结果"))
        outer.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("保存"), objectName="Primary")
        self.save_button.setDefault(True)
        self.close_button = QPushButton(self.tr("取消"))
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        outer.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)

    # --- building -------------------------------------------------------------------

    def _line(self, key: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda _text: self._clear_error(key))
        self.fields[key] = edit
        return edit

    def _combo(self, key: str, choices: tuple[tuple[Any, str], ...]) -> QComboBox:
        combo = QComboBox()
        for value, text in choices:
            combo.addItem(self.tr(text), value)
        combo.currentIndexChanged.connect(lambda _i: self._clear_error(key))
        self.fields[key] = combo
        return combo

    def _error(self, key: str) -> QLabel:
        label = QLabel("", objectName="Error")
        label.setWordWrap(True)
        label.setVisible(False)
        self.errors[key] = label
        return label

    def _test(self, name: str, text: str, card: DeviceCard, run: Callable[[Config], Any]) -> None:
        button = QPushButton(text)
        button.setAccessibleName(text)
        button.clicked.connect(lambda: self.run_test(name, run))
        self.test_buttons[name] = button
        card.add_test(button)

    def _build_cards(self) -> list[DeviceCard]:
        tests = self.device_tests
        printer = DeviceCard(self.tr("打印机"))
        printer.add_field(
            self.tr("打印机地址"),
            self._line("printer.uri", "network://192.0.2.10:9100"),
            self._error("printer.uri"),
            self.tr("例如 network://IP:9100、usb://VID:PID、win32://打印机名称"),
        )
        printer.add_field(
            self.tr("纸宽"),
            self._combo("printer.paper_mm", ((80, "80 mm"), (58, "58 mm"))),
            self._error("printer.paper_mm"),
        )
        self._test("printer", self.tr("测试打印"), printer, tests.printer)
        self.cards["printer"] = printer

        caller = DeviceCard(self.tr("叫号系统"))
        caller.add_field(
            self.tr("叫号系统"),
            self._combo("caller.kind", _CALLER_KINDS),
            self._error("caller.kind"),
        )
        caller.add_field(
            self.tr("叫号系统地址"),
            self._line("caller.url", "http://192.0.2.5:8080/api/v1"),
            self._error("caller.url"),
        )
        self._test("caller", self.tr("测试叫号连接"), caller, tests.caller)
        self.cards["caller"] = caller

        reader = DeviceCard(self.tr("读卡器（身份证 / 社保卡）"))
        reader.add_field(
            self.tr("读卡器"), self._combo("reader.kind", _READER_KINDS), self._error("reader.kind")
        )
        port = QSpinBox()
        port.setRange(1, 1016)
        port.valueChanged.connect(lambda _v: self._clear_error("reader.port"))
        self.fields["reader.port"] = port
        reader.add_field(
            self.tr("读卡器端口"),
            port,
            self._error("reader.port"),
            self.tr("USB 读卡器通常为 1001"),
        )
        reader.add_field(
            self.tr("读卡服务地址"),
            self._line("reader.url", "http://127.0.0.1:19196/readcard"),
            self._error("reader.url"),
        )
        self._test("id_reader", self.tr("测试读身份证"), reader, tests.id_reader)
        self._test("social_reader", self.tr("测试读社保卡"), reader, tests.social_reader)
        self.cards["reader"] = reader

        evaluator = DeviceCard(self.tr("评价器（好差评）"))
        evaluator.add_field(
            self.tr("评价器"),
            self._combo("evaluator.kind", _EVALUATOR_KINDS),
            self._error("evaluator.kind"),
            self.tr("评价屏在“叫号屏所在屏幕”的下一块屏幕上全屏打开"),
        )
        self.cards["evaluator"] = evaluator

        screen = DeviceCard(self.tr("叫号屏"))
        screen.add_field(
            self.tr("叫号屏所在屏幕"),
            self._combo("ui.hall_screen", self._screen_choices()),
            self._error("ui.hall_screen"),
            self.tr("没有这块屏幕时，叫号屏以普通窗口打开"),
        )
        self.cards["screen"] = screen

        voice = DeviceCard(self.tr("语音播报"))
        voice.add_field(
            self.tr("语音播报"), self._combo("hall.voice", _VOICE_KINDS), self._error("hall.voice")
        )
        self._test("voice", self.tr("测试播报"), voice, tests.voice)
        self.cards["voice"] = voice
        return [printer, caller, reader, evaluator, screen, voice]

    def _screen_choices(self) -> tuple[tuple[int, str], ...]:
        primary = QGuiApplication.primaryScreen()
        choices: list[tuple[int, str]] = []
        for index, screen in enumerate(QGuiApplication.screens()):
            size = screen.geometry()
            text = self.tr("屏幕 {n}：{name}（{w}×{h}）").format(
                n=index + 1, name=screen.name(), w=size.width(), h=size.height()
            )
            if screen is primary:
                text += self.tr(" · 主屏（柜员使用）")
            choices.append((index, text))
        return tuple(choices)

    # --- values ---------------------------------------------------------------------

    def _load(self) -> None:
        try:
            current = self.editor.current()
        except SettingsFileError as exc:
            self.file_error.setText(exc.message)
            self.file_error.setVisible(True)
            self.save_button.setEnabled(False)
            return
        for key, value in current.items():
            self._set(key, value)
        overridden = self.editor.overridden()
        if overridden:
            self.file_error.setText(
                self.tr("注意：以下设置被环境变量覆盖，文件中的值不会生效：{keys}").format(
                    keys="、".join(LABELS[k] for k in overridden)
                )
            )
            self.file_error.setVisible(True)
        self._show_config_checks()

    def _set(self, key: str, value: Any) -> None:
        field = self.fields[key]
        if isinstance(field, QLineEdit):
            field.setText("" if value is None else str(value))
        elif isinstance(field, QSpinBox):
            field.setValue(int(value))
        else:
            index = field.findData(value)
            if index < 0:  # e.g. a hall screen that is not connected now
                if key == "ui.hall_screen":
                    text = self.tr("屏幕 {n}（未检测到：叫号屏将以普通窗口打开）")
                    field.addItem(text.format(n=int(value) + 1), value)
                else:
                    field.addItem(self.tr("{value}（当前设置）").format(value=value), value)
                index = field.count() - 1
            field.setCurrentIndex(index)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, field in self.fields.items():
            if isinstance(field, QLineEdit):
                out[key] = field.text().strip() or None
            elif isinstance(field, QSpinBox):
                out[key] = field.value()
            else:
                out[key] = field.currentData()
        return out

    def _clear_error(self, key: str) -> None:
        self.errors[key].setVisible(False)
        self.message.setText("")
        self._show_config_checks(only=key.split(".", maxsplit=1)[0])

    def show_errors(self, errors: dict[str, str]) -> bool:
        for key, label in self.errors.items():
            text = errors.get(key, "")
            label.setText(text)
            label.setVisible(bool(text))
        unplaced = [f"{k}：{v}" for k, v in errors.items() if k not in self.errors]
        if errors:
            first = next((k for k in self.fields if k in errors), None)
            if first is not None:
                self.fields[first].setFocus()
            self.message.setObjectName("Error")
            self.message.setText(
                self.tr("有 {n} 项设置不正确，请按红字提示修改；未保存。").format(n=len(errors))
                + ("".join("\n" + u for u in unplaced))
            )
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)
        return not errors

    def _show_config_checks(self, only: str | None = None) -> None:
        try:
            config = self.editor.edited_config(self.values())
        except (SettingsInvalid, SettingsFileError):
            return
        rows = {c.name: c for c in device_checks(config)}
        for card, name in (
            ("printer", "打印机"),
            ("caller", "叫号系统"),
            ("reader", "身份证读卡器"),
            ("evaluator", "评价器"),
        ):
            if only is None or only == card:
                self.cards[card].show_check(rows[name], tested=False)

    # --- actions --------------------------------------------------------------------

    def run_test(self, name: str, run: Callable[[Config], Coroutine[Any, Any, Check]]) -> None:
        card = self._card_of(name)
        values = self.values()
        try:
            config = self.editor.edited_config(values)
        except SettingsInvalid as exc:
            self.show_errors(exc.errors)
            card.result.setObjectName("Error")
            card.result.setText(self.tr("失败：设置有误，请先按红字提示修改，再测试。"))
            return
        except SettingsFileError as exc:
            card.result.setText(exc.message)
            return
        card.result.setObjectName("Hint")
        card.result.setText(self.tr("正在测试…"))
        card.result.style().unpolish(card.result)
        card.result.style().polish(card.result)
        self.runner.run(
            run(config),
            control=self.test_buttons[name],
            on_done=lambda check: card.show_check(check, tested=True),
            on_error=lambda message: card.show_check(
                Check(name, Outcome.FAIL, message), tested=True
            ),
        )

    def _card_of(self, test: str) -> DeviceCard:
        return self.cards["reader" if test.endswith("_reader") else test]

    def save(self) -> None:
        values = self.values()
        try:
            errors = self.editor.validate(values)
        except SettingsFileError as exc:
            self.message.setText(exc.message)
            return
        if not self.show_errors(errors):
            return
        self.message.setObjectName("Notice")
        self.message.setText(self.tr("正在保存…"))
        self.runner.run(
            self.editor.save(self.session, values),
            control=self.save_button,
            on_done=self._saved,
            on_error=self._save_failed,
        )

    def _saved(self, result: SaveResult) -> None:
        self.saved = result
        self.message.setObjectName("Notice")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(result.note)
        self.close_button.setText(self.tr("关闭"))
        self._show_config_checks()

    def _save_failed(self, message: str) -> None:
        self.message.setObjectName("Error")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(self.tr("未保存：{message}").format(message=message))
