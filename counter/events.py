"""A tiny observer for core → UI news. The UI adapts it to Qt signals; the core knows no Qt."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger("counter.events")


class Event(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._listeners: list[Callable[[T], None]] = []

    def connect(self, listener: Callable[[T], None]) -> None:
        self._listeners.append(listener)

    def disconnect(self, listener: Callable[[T], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self, value: T) -> None:
        for listener in list(self._listeners):
            try:
                listener(value)
            except Exception:
                # One faulty listener must not stop the others or the service that emits.
                log.exception("listener of %s failed", self.name)
