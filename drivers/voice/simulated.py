"""The simulated voice: records what the hall would hear (tests, training on a silent PC).

`events` lists ("chime", "") and ("speak", text) in the order they were played. A test can
hold every sound open with `gate` (an asyncio.Event) to see that nothing overlaps:
`max_active` counts sounds playing at the same time and must stay 1.
"""

from __future__ import annotations

import asyncio

from counter.announce import SpeechUnavailable, VoiceError, spoken_text


class SimulatedVoice:
    def __init__(
        self,
        *,
        speech: bool = True,
        chime_works: bool = True,
        gate: asyncio.Event | None = None,
    ) -> None:
        self.speech = speech
        self.chime_works = chime_works
        self.gate = gate
        self.events: list[tuple[str, str]] = []
        self.active = 0
        self.max_active = 0

    @property
    def name(self) -> str:
        return "模拟语音"

    @property
    def speech_available(self) -> bool:
        return self.speech

    @property
    def spoken(self) -> list[str]:
        return [text for kind, text in self.events if kind == "speak"]

    @property
    def spoken_forms(self) -> list[str]:
        """What an engine would be asked to read (ticket digits one by one)."""
        return [spoken_text(text) for text in self.spoken]

    async def _sound(self, kind: str, text: str) -> None:
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            self.events.append((kind, text))
            if self.gate is not None:
                await self.gate.wait()
            await asyncio.sleep(0)
        finally:
            self.active -= 1

    async def chime(self) -> None:
        if not self.chime_works:
            raise VoiceError("提示音播放失败（模拟）")
        await self._sound("chime", "")

    async def speak(self, text: str) -> None:
        if not self.speech:
            raise SpeechUnavailable("语音播报不可用（模拟）")
        await self._sound("speak", text)

    async def aclose(self) -> None:
        return None
