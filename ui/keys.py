"""The F-keys, one scheme across workspaces (Chinese queue systems bind actions to F-keys).

Kept in one place so the help overlay, the buttons and the shortcuts never disagree.
"""

from __future__ import annotations

from ui.qt import QT_TRANSLATE_NOOP  # marks the meanings for lupdate; the overlay translates

HELP = "F1"
LOCK = "Ctrl+L"

# Clerk: the call panel
CALL_NEXT = "F2"
RECALL = "F3"
START = "F4"
NO_SHOW = "F9"
HOLD = "F10"
CALL_BACK = "Shift+F10"
TRANSFER = "F11"
COMPLETE = "F12"
CALL_SPECIFIC = "Shift+F2"
PAUSE = "Ctrl+B"  # not Ctrl+P: that prints (告知单, 交接清单) everywhere

# Clerk: identifying the citizen
READ_ID_CARD = "F5"
READ_SOCIAL_CARD = "F6"
SCAN_ECARD = "F7"
MANUAL_ENTRY = "F8"

# Clerk: the case flow (Enter does the step, Esc goes back, Tab moves through the fields)
REPRINT_RECEIPT = "Ctrl+Shift+P"  # a slip, like PRINT_SLIP elsewhere

# Guide: the ticket desk
ISSUE_TICKET = "F2"
FOCUS_SEARCH = "Ctrl+F"
TEST_SPEAK = "Ctrl+T"

# Courier and supervisor
REFRESH = "Ctrl+R"  # not F5: that reads the ID card, and one key means one thing
PRINT = "Ctrl+P"  # print what is in view (告知单, 交接清单)
PRINT_SLIP = "Ctrl+Shift+P"

# What every key means, the same in every workspace (the F1 overlay falls back to these
# when a shortcut has no button text; tests/test_ui_help.py checks each live shortcut has one).
MEANINGS: dict[str, str] = {
    HELP: QT_TRANSLATE_NOOP("HelpOverlay", "快捷键帮助"),
    LOCK: QT_TRANSLATE_NOOP("HelpOverlay", "锁屏"),
    "F2": QT_TRANSLATE_NOOP("HelpOverlay", "下一位：导办打印排队号，经办叫下一位"),
    RECALL: QT_TRANSLATE_NOOP("HelpOverlay", "重呼"),
    START: QT_TRANSLATE_NOOP("HelpOverlay", "开始办理"),
    READ_ID_CARD: QT_TRANSLATE_NOOP("HelpOverlay", "读身份证"),
    REFRESH: QT_TRANSLATE_NOOP("HelpOverlay", "刷新当前页"),
    READ_SOCIAL_CARD: QT_TRANSLATE_NOOP("HelpOverlay", "读社保卡"),
    SCAN_ECARD: QT_TRANSLATE_NOOP("HelpOverlay", "扫电子社保卡"),
    MANUAL_ENTRY: QT_TRANSLATE_NOOP("HelpOverlay", "手工录入证件"),
    NO_SHOW: QT_TRANSLATE_NOOP("HelpOverlay", "过号"),
    HOLD: QT_TRANSLATE_NOOP("HelpOverlay", "挂起"),
    CALL_BACK: QT_TRANSLATE_NOOP("HelpOverlay", "回呼挂起的号"),
    TRANSFER: QT_TRANSLATE_NOOP("HelpOverlay", "转移"),
    COMPLETE: QT_TRANSLATE_NOOP("HelpOverlay", "办结"),
    CALL_SPECIFIC: QT_TRANSLATE_NOOP("HelpOverlay", "指定叫号"),
    PAUSE: QT_TRANSLATE_NOOP("HelpOverlay", "暂停 / 恢复服务"),
    PRINT: QT_TRANSLATE_NOOP("HelpOverlay", "打印"),
    PRINT_SLIP: QT_TRANSLATE_NOOP("HelpOverlay", "打印小票（经办：补打回执）"),
    FOCUS_SEARCH: QT_TRANSLATE_NOOP("HelpOverlay", "搜索事项"),
    TEST_SPEAK: QT_TRANSLATE_NOOP("HelpOverlay", "试播语音"),
}
# Keys that work the same everywhere (not bound to one widget).
CONVENTIONS: tuple[tuple[str, str], ...] = (
    ("Enter", QT_TRANSLATE_NOOP("HelpOverlay", "执行当前步骤 / 下一个输入框")),
    ("Esc", QT_TRANSLATE_NOOP("HelpOverlay", "返回上一步或关闭对话框（已填内容保留）")),
    ("Tab / Shift+Tab", QT_TRANSLATE_NOOP("HelpOverlay", "在输入框和按钮之间移动")),
    ("Ctrl+1…9", QT_TRANSLATE_NOOP("HelpOverlay", "管理岗：切换功能页")),
)
