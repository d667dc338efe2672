"""Run core coroutines from widgets (the role Anki's CollectionOp plays).

Keeps a strong reference to every task (asyncio only keeps weak ones), disables the
triggering control until the task ends, and turns an exception into a clear message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from ui.qt import QWidget

T = TypeVar("T")
log = logging.getLogger("ui.async")


def user_message(exc: BaseException) -> str:
    """The Chinese message an exception carries for people, or a generic one."""
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message
    if isinstance(exc, PermissionError | ValueError) and str(exc):
        return str(exc)
    return "操作未完成：程序内部错误，已记录日志。请重试或联系网点科技人员。"


class AsyncRunner:
    def __init__(self, on_error: Callable[[str], None] | None = None) -> None:
        self.tasks: set[asyncio.Task[Any]] = set()
        self.on_error = on_error

    def run(
        self,
        coro: Coroutine[Any, Any, T],
        *,
        control: QWidget | None = None,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> asyncio.Task[T]:
        if control is not None:
            control.setEnabled(False)
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)

        def finished(done: asyncio.Task[T]) -> None:
            self.tasks.discard(done)
            if control is not None:
                try:
                    control.setEnabled(True)
                except RuntimeError:  # the widget was deleted meanwhile
                    pass
            if done.cancelled():
                return
            exc = done.exception()
            if exc is not None:
                known = getattr(exc, "message", None) is not None
                if not known:
                    log.error("task failed", exc_info=exc)
                handler = on_error or self.on_error
                if handler is not None:
                    handler(user_message(exc))
                return
            if on_done is not None:
                on_done(done.result())

        task.add_done_callback(finished)
        return task

    def cancel_all(self) -> None:
        for task in list(self.tasks):
            task.cancel()
