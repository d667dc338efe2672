"""Voices without speech: `chime_only` (the chime, no words) and `silent` (nothing)."""

from __future__ import annotations

from counter.announce import SpeechUnavailable
from drivers.voice.audio import ChimeSound, DeviceThread, WavPlayer


class ChimeOnlyVoice:
    """The chime on the hall speakers; the call itself is only on the screen."""

    def __init__(self, player: WavPlayer | None, reason: str = "未安装中文语音") -> None:
        self._chime = ChimeSound(player)
        self._thread = DeviceThread("voice")
        self.reason = reason

    @property
    def name(self) -> str:
        player = self._chime.player
        return f"仅提示音（{player.name if player else '无播放器'}）"

    @property
    def speech_available(self) -> bool:
        return False

    async def chime(self) -> None:
        await self._thread.run(self._chime.play)

    async def speak(self, text: str) -> None:
        raise SpeechUnavailable(f"语音播报不可用：{self.reason}")

    async def aclose(self) -> None:
        self._thread.shutdown()
        if self._chime.player is not None:
            self._chime.player.cleanup()


class SilentVoice:
    """No sound at all (e.g. a PC with no speakers): the hall display still shows calls."""

    name = "静音"

    @property
    def speech_available(self) -> bool:
        return False

    async def chime(self) -> None:
        return None

    async def speak(self, text: str) -> None:
        raise SpeechUnavailable("语音播报已关闭")

    async def aclose(self) -> None:
        return None
