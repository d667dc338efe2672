"""Identifying the citizen at the window: the clerk's panel and its parts."""

from ui.identify.id_field import FieldState, IdNumberField, live_check
from ui.identify.panel import IdentifyPanel
from ui.identify.summary import PersonSummaryView
from ui.identify.wedge import WedgeField, WedgeTiming

__all__ = [
    "FieldState",
    "IdNumberField",
    "IdentifyPanel",
    "PersonSummaryView",
    "WedgeField",
    "WedgeTiming",
    "live_check",
]
