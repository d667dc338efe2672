"""The F-keys, one scheme across workspaces (Chinese queue systems bind actions to F-keys).

Kept in one place so the help overlay, the buttons and the shortcuts never disagree.
"""

from __future__ import annotations

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
PAUSE = "Ctrl+P"

# Clerk: identifying the citizen
READ_ID_CARD = "F5"
READ_SOCIAL_CARD = "F6"
SCAN_ECARD = "F7"
MANUAL_ENTRY = "F8"

# Clerk: the case flow (Enter does the step, Esc goes back, Tab moves through the fields)
REPRINT_RECEIPT = "Ctrl+R"

# Guide: the ticket desk
ISSUE_TICKET = "F2"
PRINT_NOTICE = "F3"
FOCUS_SEARCH = "Ctrl+F"
TEST_SPEAK = "Ctrl+T"
