"""Mandarin speech on Windows through System.Speech (SAPI 5), offline.

Windows 10/11 Chinese editions ship a zh-CN voice (Microsoft Huihui / Kangkang / Yaoyao).
Each utterance runs one PowerShell process (text on stdin as UTF-8, so no quoting issues)
on the voice's own thread. Only this code path is Windows-specific; it cannot run on the
Linux build machines, so it is kept small and guarded by `sys.platform`.
"""

from __future__ import annotations

import base64
import logging
import shutil
import subprocess
import sys

from counter.announce import SpeechUnavailable, VoiceError, spoken_text
from drivers.voice.audio import ChimeSound, DeviceThread, WavPlayer

log = logging.getLogger("drivers.voice.sapi")

NO_VOICE_EXIT = 3
SPEAK_TIMEOUT_S = 30.0
_SCRIPT = r"""
$ErrorActionPreference = 'Stop'
[Console]::InputEncoding = [Text.Encoding]::UTF8
Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
$v = $s.GetInstalledVoices() | Where-Object {
    $_.Enabled -and $_.VoiceInfo.Culture.Name -eq 'zh-CN' } | Select-Object -First 1
if (-not $v) { exit 3 }
$s.SelectVoice($v.VoiceInfo.Name)
$s.Rate = -1
$s.Speak([Console]::In.ReadToEnd())
"""


def _powershell() -> str | None:
    found: str | None = None
    if sys.platform == "win32":
        found = shutil.which("powershell") or shutil.which("pwsh")
    return found


def sapi_available() -> bool:
    return _powershell() is not None


class SapiVoice:
    """`Voice` with SAPI speech (zh-CN) and the generated chime (winsound)."""

    def __init__(self, player: WavPlayer | None = None) -> None:
        self._chime = ChimeSound(player or WavPlayer.detect())
        self._thread = DeviceThread("voice")
        self._powershell = _powershell()
        self._no_voice = False
        encoded = base64.b64encode(_SCRIPT.encode("utf-16-le")).decode("ascii")
        self._argv = [
            self._powershell or "powershell",
            "-NoProfile",
            "-NonInteractive",
            "-EncodedCommand",
            encoded,
        ]

    @property
    def name(self) -> str:
        return "Windows 语音（zh-CN）"

    @property
    def speech_available(self) -> bool:
        return self._powershell is not None and not self._no_voice

    async def chime(self) -> None:
        await self._thread.run(self._chime.play)

    async def speak(self, text: str) -> None:
        await self._thread.run(self._speak, spoken_text(text))

    def _speak(self, text: str) -> None:
        if not self.speech_available:
            raise SpeechUnavailable("本机没有中文语音（zh-CN），仅播放提示音")
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        try:
            done = subprocess.run(
                self._argv,
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=SPEAK_TIMEOUT_S,
                check=False,
                creationflags=flags,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise VoiceError(f"语音播报失败（Windows 语音）：{type(exc).__name__}") from exc
        if done.returncode == NO_VOICE_EXIT:
            self._no_voice = True
            raise SpeechUnavailable("本机没有中文语音（zh-CN），仅播放提示音")
        if done.returncode != 0:
            log.warning(
                "SAPI exited %s: %s", done.returncode, done.stderr[-300:].decode(errors="replace")
            )
            raise VoiceError("语音播报失败（Windows 语音），已记录日志")

    async def aclose(self) -> None:
        self._thread.shutdown()
