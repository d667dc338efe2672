"""Keyboard and accessibility walk: every workspace and the main dialogs.

For every visible interactive control: a screen reader gets a name (Qt's own accessible
interface answers it: accessibleName, button text, buddy label…), the keyboard reaches it
(Tab focus, or a shortcut), and the style sheet draws its focus (a `:focus` rule for its
type). Text sizes in the style sheet scale with the system (no px for body text); the hall
display and the citizen's evaluator window pass WCAG AA contrast.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter.audit import MemoryAudit
from counter.bureau.models import Outlet, Role, Staff
from counter.session import ActiveSession
from counter.settings_edit import SettingsEditor
from counter.training.seed import TRAINING_PASSWORD
from tests.gui_support import login_by_keyboard, until
from ui.app import CounterApp, load_stylesheet
from ui.asyncop import AsyncRunner
from ui.evaluator.window import PAGE_BG, TEXT_PAIRS, EvaluatorWindow
from ui.hall.palette import PALETTE, contrast_ratio
from ui.qt import (
    QAbstractItemView,
    QAccessible,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    Qt,
    QToolButton,
    QWidget,
)
from ui.settings import DeviceTests, SettingsDialog

INTERACTIVE = (
    QPushButton,
    QToolButton,
    QCheckBox,
    QLineEdit,
    QComboBox,
    QSpinBox,
    QDateEdit,
    QPlainTextEdit,
    QAbstractItemView,
)
#: The style sheet selector that draws each type's focus.
FOCUS_SELECTOR = {
    QPushButton: "QPushButton",
    QToolButton: "QToolButton",
    QCheckBox: "QCheckBox",
    QLineEdit: "QLineEdit",
    QComboBox: "QComboBox",
    QSpinBox: "QAbstractSpinBox",
    QDateEdit: "QAbstractSpinBox",
    QPlainTextEdit: "QPlainTextEdit",
    QAbstractItemView: "QAbstractItemView",
}
ROLES = ("T-GUIDE01", "T-CLERKA1", "T-COURIER1", "T-SUPER01")


def accessible_name(widget: QWidget) -> str:
    """What a screen reader says for it (Qt's own accessible interface).

    A combo box reads its current choice as its name; that says nothing about what is
    chosen, so a combo needs an accessibleName or a buddy label of its own.
    """
    if isinstance(widget, QComboBox):
        window = widget.window()
        buddies = [lb.text() for lb in window.findChildren(QLabel) if lb.buddy() is widget]
        return (widget.accessibleName() or "".join(buddies)).strip()
    face = QAccessible.queryAccessibleInterface(widget)
    name = face.text(QAccessible.Text.Name) if face is not None else ""
    return (name or widget.accessibleName()).strip()


def problems(root: QWidget, where: str) -> list[str]:
    """Every visible interactive control without a name or without keyboard access."""
    found: list[str] = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget.parentWidget(), QComboBox | QSpinBox | QDateEdit | QAbstractItemView):
            continue  # parts of a named control: a combo's line edit, a table's header
        label = f"{where}: {type(widget).__name__} {widget.objectName()!r} " + (
            getattr(widget, "text", lambda: "")() if not isinstance(widget, QLineEdit) else ""
        )
        if not accessible_name(widget):
            found.append(label.strip() + " has no accessible name")
        keyboard = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        has_shortcut = isinstance(widget, QPushButton | QToolButton) and not (
            widget.shortcut().isEmpty()
        )
        if not keyboard and not has_shortcut:
            found.append(label.strip() + " cannot be reached by keyboard")
    return found


def focus_rules(qss: str) -> set[str]:
    return set(re.findall(r"([A-Za-z]+)(?:#\w+)?:focus", qss))


def types_in(root: QWidget) -> set[type]:
    kinds: set[type] = set()
    for widget in root.findChildren(QWidget):
        for kind in INTERACTIVE:
            if isinstance(widget, kind) and widget.isVisibleTo(root):
                kinds.add(kind)
    return kinds


def supervisor_session() -> ActiveSession:
    staff = Staff(staff_no="T-SUPER01", name="王管理", roles=[Role.SUPERVISOR])
    return ActiveSession(
        staff=staff,
        outlet=Outlet(code="330102001", name="网点", category=1),
        window=3,
        expires_at_utc=0.0,
    )


@pytest.mark.slow  # four logins and seven supervisor pages: ~10 s
def test_every_workspace_is_named_and_reachable_by_keyboard(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    found: list[str] = problems(gui.window, "login")
    kinds = types_in(gui.window)

    async def scenario() -> None:
        for staff_no in ROLES:
            gui.window.activateWindow()
            await until(gui.window.isActiveWindow)
            await login_by_keyboard(gui, qtbot, staff_no, TRAINING_PASSWORD)
            await until(lambda: gui.window.workspace is not None)
            await asyncio.sleep(0.3)  # first loads fill the lists
            found.extend(problems(gui.window, staff_no))
            kinds.update(types_in(gui.window))
            supervisor = getattr(gui.window.workspace, "supervisor", None)
            if supervisor is not None:  # every page of the supervisor's workspace
                for key in supervisor.pages:
                    supervisor.show_page(key)
                    await asyncio.sleep(0.1)
                    found.extend(problems(gui.window, f"{staff_no} {key}"))
                    kinds.update(types_in(gui.window))
            gui.window.show_help()
            overlay = gui.window.help_overlay
            assert overlay is not None
            found.extend(problems(overlay, f"{staff_no} F1"))
            overlay.accept()
            gui._logout()
            await until(lambda: gui.window.stack.currentWidget() is gui.login_page)
            await until(gui.login_page.login_button.isEnabled)

    loop.run_until_complete(scenario())
    assert not found, "\n".join(found)
    qss = focus_rules(load_stylesheet())
    missing = {FOCUS_SELECTOR[k] for k in kinds} - qss
    assert not missing, f"no :focus style for {missing}"


def test_settings_dialog_is_named_and_reachable_by_keyboard(
    qtbot: QtBot, tmp_path: Path, loop: asyncio.AbstractEventLoop
) -> None:
    editor = SettingsEditor(tmp_path / "counter.toml", MemoryAudit(), environ={})
    tests = DeviceTests(preview_dir=tmp_path, training=True, window=3)
    dialog = SettingsDialog(editor, supervisor_session(), AsyncRunner(), tests)
    qtbot.addWidget(dialog)
    dialog.show()
    assert problems(dialog, "settings") == []
    missing = {FOCUS_SELECTOR[k] for k in types_in(dialog)} - focus_rules(load_stylesheet())
    assert not missing


def test_restyled_buttons_keep_a_visible_focus() -> None:
    """A `QPushButton#Name` rule with its own border hides the generic :focus border."""
    qss = load_stylesheet()
    styled = set(re.findall(r"(QPushButton#\w+)\s*\{[^}]*border", qss))
    assert styled, "the check found nothing to check"
    unfocused = {name for name in styled if f"{name}:focus" not in qss}
    assert not unfocused, f"focus invisible on {unfocused}"


def test_text_sizes_scale_with_the_system() -> None:
    """Body text takes the system font; sizes given in pt follow the system's text scale."""
    qss = load_stylesheet()
    assert not re.findall(r"font-size:\s*\d+px", qss), "use pt (scales with the system DPI)"


@pytest.mark.parametrize(
    ("name", "pairs"),
    [
        ("hall display", PALETTE.pairs()),
        ("evaluator", TEXT_PAIRS),
    ],
)
def test_citizen_facing_colours_pass_wcag_aa(name: str, pairs: dict[str, tuple[str, str]]) -> None:
    low = {k: round(contrast_ratio(fg, bg), 2) for k, (fg, bg) in pairs.items()}
    assert all(r >= 4.5 for r in low.values()), (name, low)


def _rules(sheet: str) -> list[tuple[str, str]]:
    return re.findall(r"([^{}]+)\{([^}]*)\}", sheet)


def _colour(body: str, prop: str) -> str | None:
    match = re.search(rf"(?<![-\w]){prop}:\s*(#[0-9a-fA-F]{{6}})", body)
    return match.group(1) if match else None


def test_the_evaluator_windows_own_style_sheet_passes_wcag_aa(qtbot: QtBot) -> None:
    """Every rule of the window as built: its text colour on its (or the page's) background."""
    window = EvaluatorWindow()
    qtbot.addWidget(window)
    checked = 0
    for widget in [window, *window.findChildren(QWidget)]:
        for selector, body in _rules(widget.styleSheet()):
            fg = _colour(body, "color")
            if fg is None or ":disabled" in selector:
                continue  # disabled controls are exempt from WCAG 1.4.3
            bg = _colour(body, "background") or PAGE_BG
            ratio = contrast_ratio(fg, bg)
            assert ratio >= 4.5, (selector.strip(), fg, bg, round(ratio, 2))
            checked += 1
    assert checked >= 5
