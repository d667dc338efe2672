"""社银通 Counter — core package (no Qt, no ui, no drivers)."""

__version__ = "0.1.0"
