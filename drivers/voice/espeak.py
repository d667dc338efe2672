"""Mandarin speech with espeak-ng (offline; Linux, also runs on Windows if installed).

espeak-ng 1.51's `cmn` voice reads Latin letters as English, and its Mandarin dictionary
output (pinyin with tone digits) then comes out as English letters and numbers ("hao4" →
"h a o four"). The `cmn-latn-pinyin` voice reads it as Mandarin, so it is preferred; `cmn`
and `zh` are fallbacks for other builds. Speech is rendered to a WAV (`-w`) and played on
the same player as the chime, one utterance at a time on the voice's own thread.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from counter.announce import SpeechUnavailable, VoiceError, spoken_text
from drivers.voice.audio import ChimeSound, DeviceThread, WavPlayer

log = logging.getLogger("drivers.voice.espeak")

PREFERRED_VOICES = ("cmn-latn-pinyin", "cmn", "zh")
BINARIES = ("espeak-ng", "espeak")
RENDER_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class EspeakEngine:
    binary: str
    voice: str
    rate: int = 150  # words per minute; 150 is calm and clear in a hall

    @classmethod
    def detect(cls) -> EspeakEngine | None:
        """espeak-ng with a Mandarin voice, or None."""
        for name in BINARIES:
            binary = shutil.which(name)
            if binary is None:
                continue
            voice = _mandarin_voice(binary)
            if voice is not None:
                return cls(binary, voice)
        return None

    def render(self, text: str, out: Path) -> None:
        """Write the spoken `text` (already in its spoken form) to a WAV file."""
        argv = [self.binary, "-v", self.voice, "-s", str(self.rate), "-w", str(out), "--", text]
        try:
            done = subprocess.run(argv, capture_output=True, timeout=RENDER_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise VoiceError(f"语音合成失败（espeak-ng）：{type(exc).__name__}") from exc
        if done.returncode != 0 or not out.is_file() or out.stat().st_size <= 44:
            log.warning(
                "espeak-ng exited %s: %s",
                done.returncode,
                done.stderr[-300:].decode(errors="replace"),
            )
            raise VoiceError("语音合成失败（espeak-ng），已记录日志")


def _mandarin_voice(binary: str) -> str | None:
    try:
        done = subprocess.run(
            [binary, "--voices=cmn"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    names: set[str] = set()
    for line in done.stdout.splitlines()[1:]:  # Pty Language Age/Gender VoiceName File …
        parts = line.split()
        if len(parts) > 1:
            names.add(parts[1].lower())
        if len(parts) > 4:
            names.add(parts[4].rsplit("/", 1)[-1].lower())
    for voice in PREFERRED_VOICES:
        if voice in names:
            return voice
    return None


class EspeakVoice:
    """`Voice` with espeak-ng speech and the generated chime."""

    def __init__(self, engine: EspeakEngine, player: WavPlayer | None) -> None:
        self.engine = engine
        self._chime = ChimeSound(player)
        self._player = player
        self._thread = DeviceThread("voice")
        self._dir = Path(tempfile.mkdtemp(prefix="counter-speech-"))

    @property
    def name(self) -> str:
        return f"espeak-ng（{self.engine.voice}）"

    @property
    def speech_available(self) -> bool:
        return self._player is not None

    async def chime(self) -> None:
        await self._thread.run(self._chime.play)

    async def speak(self, text: str) -> None:
        await self._thread.run(self._speak, spoken_text(text))

    def _speak(self, text: str) -> None:
        if self._player is None:
            raise SpeechUnavailable("本机没有可用的声音播放程序")
        out = self._dir / "speech.wav"
        try:
            self.engine.render(text, out)
            if self._player.argv:
                self._player.play_file(out)
            else:
                self._player.play(out.read_bytes())
        finally:
            out.unlink(missing_ok=True)

    async def aclose(self) -> None:
        self._thread.shutdown()
        shutil.rmtree(self._dir, ignore_errors=True)
        if self._player is not None:
            self._player.cleanup()
