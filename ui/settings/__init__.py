"""The supervisor's settings dialog (devices) and its device tests."""

from ui.settings.devices import DeviceTests
from ui.settings.dialog import SettingsDialog

__all__ = ["DeviceTests", "SettingsDialog"]
