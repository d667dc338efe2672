"""Hall announcements: one at a time, always the window, chime without speech, offline.

Queueing semantics run on the simulated voice; the chime WAV, the player and espeak-ng
(when installed) run for real.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import shutil
import sys
import wave
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter.announce import AnnouncementQueue, VoiceError, spoken_text
from counter.queue.model import Call, ChangeKind, QueueChange
from drivers.voice import (
    ChimeOnlyVoice,
    EspeakEngine,
    EspeakVoice,
    SilentVoice,
    SimulatedVoice,
    WavPlayer,
    chime_wav,
    open_voice,
)
from tests.hall_support import called, issued

AT = datetime(2024, 5, 20, 2, 0, tzinfo=UTC)


def call(number: str, window: int, recall: bool = False) -> Call:
    return Call(number, window, recall, AT)


async def no_sleep(_: float) -> None:
    await asyncio.sleep(0)


async def test_announcements_play_in_order_one_at_a_time() -> None:
    gate = asyncio.Event()
    voice = SimulatedVoice(gate=gate)
    queue = AnnouncementQueue(voice, sleep=no_sleep)
    queue.announce(call("S012", 3))
    queue.announce(call("S013", 2))
    queue.announce(call("S014", 3))
    await asyncio.sleep(0.01)
    # The first is playing (held open by the gate); the others wait their turn.
    assert queue.playing is not None and queue.playing.number == "S012"
    assert [a.number for a in queue.pending()] == ["S013", "S014"]
    assert voice.events == [("chime", "")]
    gate.set()
    await queue.drain()
    assert voice.events == [
        ("chime", ""),
        ("speak", "请S012号到3号窗口办理"),
        ("chime", ""),
        ("speak", "请S013号到2号窗口办理"),
        ("chime", ""),
        ("speak", "请S014号到3号窗口办理"),
    ]
    assert voice.max_active == 1  # nothing ever overlapped
    assert [a.serial for a in queue.played] == [1, 2, 3]
    await queue.aclose()


async def test_a_recall_repeats_the_same_text() -> None:
    voice = SimulatedVoice()
    queue = AnnouncementQueue(voice, sleep=no_sleep)
    queue.follow(called(12, window=3))
    await queue.drain()
    queue.follow(called(12, window=3, recall=True))
    await queue.drain()
    assert voice.spoken == ["请S012号到3号窗口办理", "请S012号到3号窗口办理"]
    assert [a.recall for a in queue.played] == [False, True]
    await queue.aclose()


async def test_only_calls_are_announced_and_a_pending_duplicate_is_not_queued_twice() -> None:
    gate = asyncio.Event()
    voice = SimulatedVoice(gate=gate)
    queue = AnnouncementQueue(voice, sleep=no_sleep)
    queue.follow(issued(1))
    queue.follow(QueueChange(ChangeKind.PAUSED, None, window=3))
    assert queue.pending() == [] and queue.playing is None
    queue.announce(call("S001", 3))
    queue.announce(call("S002", 3))
    queue.announce(call("S002", 3, recall=True))  # S002 has not been heard yet
    await asyncio.sleep(0.01)
    assert [a.number for a in queue.pending()] == ["S002"]
    gate.set()
    await queue.drain()
    assert voice.spoken == ["请S001号到3号窗口办理", "请S002号到3号窗口办理"]
    await queue.aclose()


async def test_the_chime_plays_when_speech_is_unavailable() -> None:
    voice = SimulatedVoice(speech=False)
    queue = AnnouncementQueue(voice, sleep=no_sleep)
    states = []
    queue.changed.connect(states.append)
    queue.announce(call("S012", 3))
    queue.announce(call("S013", 3))
    await queue.drain()
    assert voice.events == [("chime", ""), ("chime", "")]
    assert states[-1].speech_available is False
    await queue.aclose()


async def test_speech_still_plays_when_the_chime_fails_and_the_error_is_shown() -> None:
    voice = SimulatedVoice(chime_works=False)
    queue = AnnouncementQueue(voice, sleep=no_sleep)
    queue.announce(call("S012", 3))
    await queue.drain()
    assert voice.spoken == ["请S012号到3号窗口办理"]
    assert queue.state().last_error == "提示音播放失败（模拟）"
    await queue.aclose()


async def test_repeat_says_each_call_twice_after_one_chime() -> None:
    voice = SimulatedVoice()
    queue = AnnouncementQueue(voice, repeat=2, sleep=no_sleep)
    queue.announce(call("S005", 1))
    await queue.drain()
    assert voice.events == [
        ("chime", ""),
        ("speak", "请S005号到1号窗口办理"),
        ("speak", "请S005号到1号窗口办理"),
    ]
    await queue.aclose()


async def test_test_speak_names_the_window() -> None:
    voice = SimulatedVoice()
    queue = AnnouncementQueue(voice, sleep=no_sleep)
    item = queue.test_speak(3)
    await queue.drain()
    assert item.test and item.number is None
    assert voice.spoken == ["语音测试：请到3号窗口办理"]
    await queue.aclose()


def test_spoken_text_reads_ticket_digits_one_by_one() -> None:
    assert spoken_text("请S012号到3号窗口办理") == "请S零一二号到3号窗口办理"
    assert spoken_text("请A1号到12号窗口办理") == "请A一号到12号窗口办理"
    assert spoken_text("语音测试：请到3号窗口办理") == "语音测试：请到3号窗口办理"


def test_the_chime_is_a_two_tone_wav() -> None:
    data = chime_wav()
    with wave.open(io.BytesIO(data)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
    assert 0.8 < seconds < 1.5
    samples = [
        int.from_bytes(frames[i : i + 2], "little", signed=True) for i in range(0, len(frames), 2)
    ]
    assert max(abs(s) for s in samples) > 10_000  # audible, not clipped silence
    split = int(22050 * 0.42)

    def pitch(part: list[int]) -> float:
        window = part[200:4200]  # the loud start of the tone
        crossings = sum(1 for a, b in itertools.pairwise(window) if a < 0 <= b)
        return crossings / (len(window) / 22050)

    assert pitch(samples[:split]) == pytest.approx(659.25, rel=0.05)  # ding (E5)
    assert pitch(samples[split:]) == pytest.approx(523.25, rel=0.05)  # dong (C5)


def _recording_player(tmp_path: Path, exit_code: int = 0) -> WavPlayer:
    """A real program as the player: copies each file it is given (as aplay would play it)."""
    script = (
        "import shutil, sys, pathlib; d = pathlib.Path(sys.argv[1]);"
        "n = len(list(d.glob('*.wav'))); shutil.copy(sys.argv[2], d / f'{n}.wav');"
        f"sys.exit({exit_code})"
    )
    out = tmp_path / "played"
    out.mkdir(exist_ok=True)
    return WavPlayer([sys.executable, "-c", script, str(out)])


async def test_chime_only_voice_plays_the_chime_on_the_player(tmp_path: Path) -> None:
    voice = ChimeOnlyVoice(_recording_player(tmp_path))
    queue = AnnouncementQueue(voice, sleep=no_sleep)
    queue.announce(call("S012", 3))
    await queue.drain()
    played = sorted((tmp_path / "played").glob("*.wav"))
    assert [p.read_bytes() for p in played] == [chime_wav()]
    assert queue.state().speech_available is False and queue.state().last_error is None
    await queue.aclose()


async def test_a_failing_player_is_a_clear_error_not_a_crash(tmp_path: Path) -> None:
    voice = ChimeOnlyVoice(_recording_player(tmp_path, exit_code=1))
    with pytest.raises(VoiceError, match="声音播放失败"):
        await voice.chime()
    queue = AnnouncementQueue(voice, sleep=no_sleep)
    queue.announce(call("S012", 3))
    queue.announce(call("S013", 3))
    await queue.drain()  # the queue carries on
    assert len(queue.played) == 2
    assert "声音播放失败" in (queue.state().last_error or "")
    await queue.aclose()


def test_open_voice_kinds() -> None:
    assert isinstance(open_voice("simulated"), SimulatedVoice)
    assert isinstance(open_voice("silent"), SilentVoice)
    assert isinstance(open_voice("chime_only"), ChimeOnlyVoice)
    with pytest.raises(ValueError, match="未知的语音类型"):
        open_voice("cloud")


needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not here")


@needs_espeak
def test_espeak_renders_the_mandarin_call_to_a_wav(tmp_path: Path) -> None:
    engine = EspeakEngine.detect()
    assert engine is not None
    assert engine.voice in {"cmn-latn-pinyin", "cmn", "zh"}
    out = tmp_path / "call.wav"
    engine.render(spoken_text("请S012号到3号窗口办理"), out)
    with wave.open(str(out)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
    assert out.stat().st_size > 10_000
    assert 1.5 < seconds < 10


@needs_espeak
async def test_espeak_voice_speaks_through_the_player_after_the_chime(tmp_path: Path) -> None:
    engine = EspeakEngine.detect()
    assert engine is not None
    voice = EspeakVoice(engine, _recording_player(tmp_path))
    queue = AnnouncementQueue(voice, sleep=no_sleep)
    queue.announce(call("S012", 3))
    await queue.drain()
    played = sorted((tmp_path / "played").glob("*.wav"), key=lambda p: int(p.stem))
    assert len(played) == 2
    assert played[0].read_bytes() == chime_wav()
    with wave.open(str(played[1])) as speech:
        assert speech.getnframes() / speech.getframerate() > 1.5
    assert queue.state().last_error is None
    await queue.aclose()
