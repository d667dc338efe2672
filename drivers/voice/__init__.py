"""Hall voice drivers: implement `counter.announce.Voice`.

Kinds: `auto` (the best this PC has), `espeak` (espeak-ng, Mandarin), `windows_sapi`
(System.Speech zh-CN), `chime_only`, `silent`, `simulated`. Every kind but `silent` and
`simulated` plays the generated chime on the local player even when speech is missing.
"""

from __future__ import annotations

import logging
import sys

from counter.announce import Voice
from drivers.voice.audio import WavPlayer, chime_wav
from drivers.voice.espeak import EspeakEngine, EspeakVoice
from drivers.voice.fallback import ChimeOnlyVoice, SilentVoice
from drivers.voice.simulated import SimulatedVoice
from drivers.voice.windows_sapi import SapiVoice, sapi_available

log = logging.getLogger("drivers.voice")

VOICE_KINDS = ("auto", "espeak", "windows_sapi", "chime_only", "silent", "simulated")


def detect_voice_kind() -> str:
    """What `auto` picks here: speech if an offline Mandarin engine exists, else chime."""
    if sys.platform == "win32" and sapi_available():
        return "windows_sapi"
    player = WavPlayer.detect()
    if player is not None and EspeakEngine.detect() is not None:
        return "espeak"
    return "chime_only" if player is not None else "silent"


def open_voice(kind: str = "auto") -> Voice:
    """Blocking (probes programs): call it off the UI thread, e.g. in build_services."""
    if kind == "auto":
        kind = detect_voice_kind()
        log.info("hall voice: %s", kind)
    if kind == "simulated":
        return SimulatedVoice()
    if kind == "silent":
        return SilentVoice()
    if kind == "windows_sapi":
        return SapiVoice()
    player = WavPlayer.detect()
    if kind == "espeak":
        engine = EspeakEngine.detect()
        if engine is not None:
            return EspeakVoice(engine, player)
        return ChimeOnlyVoice(player, "未找到 espeak-ng 中文语音（cmn）")
    if kind == "chime_only":
        return ChimeOnlyVoice(player, "已设为仅提示音")
    raise ValueError(f"未知的语音类型“{kind}”（可用：{'、'.join(VOICE_KINDS)}）")


__all__ = [
    "VOICE_KINDS",
    "ChimeOnlyVoice",
    "EspeakEngine",
    "EspeakVoice",
    "SapiVoice",
    "SilentVoice",
    "SimulatedVoice",
    "WavPlayer",
    "chime_wav",
    "detect_voice_kind",
    "open_voice",
]
