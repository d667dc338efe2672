"""Hall announcements: "请S012号到3号窗口办理", one at a time, chime first, offline.

`Voice` is the port (drivers in `drivers/voice/`: espeak-ng, Windows SAPI, chime only,
silent, simulated). `AnnouncementQueue` follows the queue's changes and plays each call
from a FIFO queue: an announcement never cuts another off, the window is always said, the
chime plays even when speech is unavailable, and a recall repeats the same text.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from counter.events import Event
from counter.queue.model import Call, ChangeKind, QueueChange

log = logging.getLogger("counter.announce")

TEST_TEXT = "语音测试：请到{window}号窗口办理"
_CN_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")
_TICKET_NUMBER = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,3})(\d{1,5})(?=号)")


class VoiceError(Exception):
    """A chime or an utterance could not be played; the message is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SpeechUnavailable(VoiceError):
    """This voice cannot speak (no engine, no Mandarin voice): only the chime plays."""


class Voice(Protocol):
    """The hall's sound: a chime and Mandarin speech. Both calls return when played."""

    @property
    def name(self) -> str: ...

    @property
    def speech_available(self) -> bool: ...

    async def chime(self) -> None: ...

    async def speak(self, text: str) -> None: ...

    async def aclose(self) -> None: ...


def spoken_text(text: str) -> str:
    """The text as a speech engine should read it: ticket digits one by one.

    "请S012号到3号窗口办理" → "请S零一二号到3号窗口办理" (not "S十二号"); the window
    number stays a number ("12号窗口" is read 十二号窗口).
    """
    return _TICKET_NUMBER.sub(lambda m: m.group(1) + m.group(2).translate(_CN_DIGITS), text)


@dataclass(frozen=True)
class Announcement:
    serial: int
    text: str
    window: int
    number: str | None  # None for a test announcement
    recall: bool = False
    test: bool = False


@dataclass(frozen=True)
class AnnouncerState:
    playing: Announcement | None
    pending: int
    speech_available: bool
    last_error: str | None


Sleep = Callable[[float], Awaitable[None]]


class AnnouncementQueue:
    """Plays announcements one at a time; see the module docstring.

    `repeat`: how many times each text is said (after one chime); `gap_s`: silence
    between announcements so they never run together.
    """

    def __init__(
        self,
        voice: Voice,
        *,
        repeat: int = 1,
        gap_s: float = 0.8,
        max_pending: int = 30,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.voice = voice
        self.repeat = max(1, repeat)
        self.gap_s = gap_s
        self.max_pending = max_pending
        self._sleep = sleep
        self._pending: deque[Announcement] = deque()
        self._playing: Announcement | None = None
        self._serial = 0
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._worker: asyncio.Task[None] | None = None
        self._closed = False
        self._last_error: str | None = None
        self.played: deque[Announcement] = deque(maxlen=200)  # newest last
        self.changed: Event[AnnouncerState] = Event("announcer.changed")

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        if self._worker is None and not self._closed:
            self._worker = asyncio.get_running_loop().create_task(self._run())

    async def aclose(self) -> None:
        self._closed = True
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        await self.voice.aclose()

    async def drain(self) -> None:
        """Wait until everything queued so far has been played."""
        await self._idle.wait()

    # -- state -------------------------------------------------------------------------

    def pending(self) -> list[Announcement]:
        return list(self._pending)

    @property
    def playing(self) -> Announcement | None:
        return self._playing

    def state(self) -> AnnouncerState:
        return AnnouncerState(
            self._playing, len(self._pending), self.voice.speech_available, self._last_error
        )

    # -- queueing ----------------------------------------------------------------------

    def follow(self, change: QueueChange) -> None:
        """`QueueService.changed` listener: every call (and recall) is announced."""
        if change.kind is ChangeKind.CALLED and change.call is not None:
            self.announce(change.call)

    def announce(self, call: Call) -> Announcement:
        return self._add(call.announcement, call.window, call.number, recall=call.recall)

    def test_speak(self, window: int) -> Announcement:
        """The guide's "试播": chime and a test sentence naming the window."""
        return self._add(TEST_TEXT.format(window=window), window, None, test=True)

    def _add(
        self,
        text: str,
        window: int,
        number: str | None,
        *,
        recall: bool = False,
        test: bool = False,
    ) -> Announcement:
        if f"{window}号窗口" not in text:
            raise ValueError("播报内容必须包含窗口号")
        for waiting in self._pending:
            if waiting.text == text:
                return waiting  # not yet heard: saying it twice in a row helps nobody
        self._serial += 1
        item = Announcement(self._serial, text, window, number, recall, test)
        if len(self._pending) >= self.max_pending:
            dropped = self._pending.popleft()
            log.warning("announcement queue full: dropped #%s", dropped.serial)
        self._pending.append(item)
        self._idle.clear()
        self._wake.set()
        if not self._closed:
            with contextlib.suppress(RuntimeError):  # no loop yet: `start()` begins
                self.start()
        self._notify()
        return item

    # -- playing -----------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            if not self._pending:
                self._idle.set()
                self._wake.clear()
                await self._wake.wait()
                continue
            item = self._pending.popleft()
            self._playing = item
            self._notify()
            try:
                await self._play(item)
            finally:
                self._playing = None
                self.played.append(item)
            self._notify()
            if self._pending and self.gap_s > 0:
                await self._sleep(self.gap_s)

    async def _play(self, item: Announcement) -> None:
        errors: list[str] = []
        await self._attempt("chime", self.voice.chime(), errors)
        if self.voice.speech_available:
            for n in range(self.repeat):
                if n:
                    await self._sleep(self.gap_s / 2)
                if not await self._attempt("speech", self.voice.speak(item.text), errors):
                    break
        self._last_error = errors[-1] if errors else None

    @staticmethod
    async def _attempt(what: str, sound: Awaitable[None], errors: list[str]) -> bool:
        try:
            await sound
        except VoiceError as exc:
            errors.append(exc.message)
            log.warning("%s failed: %s", what, exc.message)
            return False
        except Exception:  # a driver bug must not silence the hall for the rest of the day
            errors.append("播报设备出错，已记录日志")
            log.exception("%s failed", what)
            return False
        return True

    def _notify(self) -> None:
        self.changed.emit(self.state())
