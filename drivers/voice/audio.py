"""Sound on the hall PC: the chime, generated at run time, and a WAV player.

The chime is a two-tone "ding-dong" (E5 then C5, bell-like decay) written with the stdlib
`wave` module, so it needs no sound file and works on every machine that can play a WAV:
`winsound` on Windows; on Linux the first of paplay, aplay, sox `play`, ffplay found.
Playing blocks, so it runs on the voice's own thread (`DeviceThread`), never the UI's.
"""

from __future__ import annotations

import asyncio
import io
import logging
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from counter.announce import VoiceError

log = logging.getLogger("drivers.voice")
T = TypeVar("T")

SAMPLE_RATE = 22050
CHIME_TONES = ((659.25, 0.42), (523.25, 0.62))  # E5 "ding", C5 "dong": Hz, seconds
PLAY_TIMEOUT_S = 30.0

# argv before the file name, in order of preference
LINUX_PLAYERS: tuple[tuple[str, ...], ...] = (
    ("paplay",),
    ("aplay", "-q"),
    ("play", "-q"),
    ("ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet"),
)


def chime_wav(sample_rate: int = SAMPLE_RATE, volume: float = 0.6) -> bytes:
    """A mono 16-bit WAV of the two-tone chime."""
    frames = bytearray()
    for freq, seconds in CHIME_TONES:
        count = int(sample_rate * seconds)
        attack = int(sample_rate * 0.008)
        for i in range(count):
            t = i / sample_rate
            envelope = math.exp(-3.2 * t / seconds) * min(1.0, i / attack if attack else 1.0)
            tail = min(1.0, (count - i) / attack) if attack else 1.0  # no click at the end
            sample = (
                math.sin(2 * math.pi * freq * t)
                + 0.35 * math.sin(2 * math.pi * 2 * freq * t)
                + 0.12 * math.sin(2 * math.pi * 3 * freq * t)
            ) / 1.47
            value = int(32767 * volume * envelope * tail * sample)
            frames += struct.pack("<h", value)
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(bytes(frames))
    return out.getvalue()


def find_player(which: Callable[[str], str | None] = shutil.which) -> tuple[str, ...] | None:
    """The command that plays a WAV file here (Linux), or None."""
    for argv in LINUX_PLAYERS:
        path = which(argv[0])
        if path:
            return (path, *argv[1:])
    return None


class WavPlayer:
    """Plays WAV bytes and returns when done (blocking: call it on a device thread)."""

    def __init__(self, argv: Sequence[str] | None = None) -> None:
        self.windows = sys.platform == "win32"
        self.argv: tuple[str, ...] | None = None if self.windows else tuple(argv or ()) or None
        self._dir: Path | None = None

    @classmethod
    def detect(cls) -> WavPlayer | None:
        if sys.platform == "win32":
            return cls()
        argv = find_player()
        return cls(argv) if argv else None

    @property
    def name(self) -> str:
        if self.windows:
            return "winsound"
        return Path(self.argv[0]).name if self.argv else "无"

    def play(self, data: bytes) -> None:
        if self.windows:
            self._play_windows(data)
            return
        if not self.argv:
            raise VoiceError("本机没有可用的声音播放程序（aplay、paplay、play 或 ffplay）")
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="counter-voice-"))
        fd, name = tempfile.mkstemp(suffix=".wav", dir=self._dir)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            self.play_file(Path(name))
        finally:
            Path(name).unlink(missing_ok=True)

    def play_file(self, path: Path) -> None:
        assert self.argv
        try:
            done = subprocess.run(
                [*self.argv, str(path)],
                capture_output=True,
                timeout=PLAY_TIMEOUT_S,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise VoiceError(f"声音播放失败（{self.name}）：{type(exc).__name__}") from exc
        if done.returncode != 0:
            log.warning(
                "%s exited %s: %s",
                self.name,
                done.returncode,
                done.stderr[-300:].decode(errors="replace"),
            )
            raise VoiceError(f"声音播放失败（{self.name}），请检查音箱或声卡设置")

    @staticmethod
    def _play_windows(data: bytes) -> None:
        if sys.platform == "win32":
            import winsound

            try:
                winsound.PlaySound(data, winsound.SND_MEMORY | winsound.SND_NODEFAULT)
            except RuntimeError as exc:
                raise VoiceError("声音播放失败，请检查音箱或声卡设置") from exc

    def cleanup(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


class DeviceThread:
    """One thread per sound device: blocking playback never touches the event loop."""

    def __init__(self, name: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class ChimeSound:
    """The chime on a player: shared by every voice that has a speaker."""

    def __init__(self, player: WavPlayer | None) -> None:
        self.player = player
        self.wav = chime_wav()

    def play(self) -> None:
        if self.player is None:
            raise VoiceError("本机没有可用的声音播放程序，提示音无法播放")
        self.player.play(self.wav)
