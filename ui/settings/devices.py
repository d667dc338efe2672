"""The settings dialog's 测试 buttons: try a device as the edited settings describe it.

Each test answers a `counter.doctor.Check` (the same rows `counter doctor` prints), through
`probe_check_async`: OK with what happened, FAIL with the driver's Chinese message, which
says what to do. The printer test is `counter print-test` itself. No Qt here.
"""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from counter.announce import TEST_TEXT, SpeechUnavailable, VoiceError
from counter.config import Config
from counter.doctor import Check, Outcome, probe_check_async
from counter.identity import mask_card_no, mask_id
from drivers.caller import HttpCaller, open_caller
from drivers.idcard import open_id_card_reader
from drivers.printer.cli import main as print_test
from drivers.sscard import open_social_card_reader
from drivers.voice import open_voice


class DeviceTestFailed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DeviceTests:
    """`training`: the app prints to the preview there, so the test does too."""

    def __init__(self, *, preview_dir: Path, training: bool, window: int) -> None:
        self.preview_dir = preview_dir
        self.training = training
        self.window = window

    async def printer(self, config: Config) -> Check:
        uri = "preview://" if self.training else config.printer.uri

        async def probe() -> str:
            out = io.StringIO()
            code = await asyncio.to_thread(
                print_test, uri, config.printer.paper_mm, preview_dir=self.preview_dir, out=out
            )
            text = out.getvalue().strip().replace("\n", "；")
            if code != 0:
                raise DeviceTestFailed(
                    f"{text}。请检查打印机电源、纸卷和连线，核对打印机地址后重试。"
                )
            return text

        return await probe_check_async("打印机", probe)

    async def caller(self, config: Config) -> Check:
        async def probe() -> str:
            caller = open_caller(config.caller.kind, config.caller.url)
            if caller is None:
                return "未启用叫号系统（caller.kind = none）：取号和叫号只在本机进行。"
            try:
                if isinstance(caller, HttpCaller):
                    health = await caller.health()
                    waiting = await caller.list_waiting()
                    return (
                        f"叫号系统连接正常（{config.caller.url}，版本 {health.version}），"
                        f"当前社保等候 {len(waiting)} 人。"
                    )
                return "内置叫号（builtin）：由本机管理社保队列并驱动叫号屏，无需外部设备。"
            finally:
                await caller.aclose()

        return await probe_check_async("叫号系统", probe)

    async def id_reader(self, config: Config) -> Check:
        async def probe() -> str:
            reader = open_id_card_reader(
                config.reader.kind, port=config.reader.port, url=config.reader.url
            )
            try:
                card = await reader.read()
            finally:
                await reader.aclose()
            return f"读卡成功：{card.masked_name} {mask_id(card.id_number)}"

        return await probe_check_async("身份证读卡器", probe)

    async def social_reader(self, config: Config) -> Check:
        async def probe() -> str:
            reader = open_social_card_reader(config.reader.kind)
            try:
                card = await reader.read()
            finally:
                await reader.aclose()
            ssn = mask_id(card.ssn) if card.ssn.strip() else "（第三代卡，号码需在线认证）"
            return f"读卡成功：卡号 {mask_card_no(card.card_no)}，社会保障号码 {ssn}"

        return await probe_check_async("社保卡读卡器", probe)

    async def voice(self, config: Config) -> Check:
        async def probe() -> str:
            voice = await asyncio.to_thread(open_voice, config.hall.voice)
            try:
                await voice.chime()
                if not voice.speech_available:
                    return f"已播放提示音（{voice.name}）；本机不播报语音。"
                try:
                    await voice.speak(TEST_TEXT.format(window=self.window))
                except SpeechUnavailable as exc:
                    return f"已播放提示音；语音不可用：{exc.message}"
                return f"已播放提示音和测试语音（{voice.name}），请在大厅确认听得清楚。"
            except VoiceError as exc:
                raise DeviceTestFailed(
                    f"{exc.message}。请检查音箱电源、音量和连线，或改选“仅提示音”。"
                ) from exc
            finally:
                await voice.aclose()

        return await probe_check_async("语音播报", probe)


__all__ = ["Check", "DeviceTestFailed", "DeviceTests", "Outcome"]
