"""The Huashi termb ctypes adapter against a real shared library built from C in the test.

tests/fake_termb/fake_termb.c exports the SDK's functions, answers in GBK and leaves
zp.bmp / wz.txt / xp.wlt in the working directory like the real SDK.
"""

from __future__ import annotations

import ctypes
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from counter.identity import IdentityKind
from counter.readers import ReaderError, ReaderFailure
from drivers.idcard.termb import LEFTOVER_FILES, TermbReader
from tests.fake_termb.build import build_library


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_library("fake_termb.c", tmp_path_factory.mktemp("termb"), "libtermb.so")


@pytest.fixture
def fake(library: Path) -> Iterator[ctypes.CDLL]:
    lib = ctypes.CDLL(str(library))  # the same handle the adapter gets (dlopen refcount)
    lib.fake_set_mode(0)
    lib.fake_set_person(0)
    yield lib
    lib.fake_set_mode(0)
    lib.fake_set_person(0)


@dataclass(frozen=True)
class Sdk:
    library: Path
    fake: ctypes.CDLL
    workdir: Path


@pytest.fixture
def sdk(library: Path, fake: ctypes.CDLL, workdir: Path) -> Sdk:
    return Sdk(library, fake, workdir)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The SDK writes its files into the current directory: make that a fresh one."""
    folder = tmp_path / "sdk-cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name in LEFTOVER_FILES)


async def test_reads_a_resident_card_and_decodes_gbk(
    library: Path, fake: ctypes.CDLL, workdir: Path
) -> None:
    reader = TermbReader(library, port=1001)
    try:
        card = await reader.read()
    finally:
        await reader.aclose()
    assert card.kind is IdentityKind.RESIDENT  # GetCertType answered " "
    assert card.name == "张伟"
    assert card.sex == "男"
    assert card.ethnicity == "汉"
    assert card.id_number == "330102198506150315"
    assert card.birth == date(1985, 6, 15)
    assert card.address == "浙江省杭州市上城区湖滨街道平海路1号"
    assert card.issuer == "杭州市公安局上城分局"
    assert (card.valid_from, card.valid_to) == (date(2015, 3, 1), date(2035, 3, 1))
    assert card.photo is not None and card.photo.startswith(b"BM") and len(card.photo) == 70
    # the photo and text files the SDK wrote are gone, and the repr leaks nothing
    assert leftovers(workdir) == []
    assert "张伟" not in repr(card) and "330102198506150315" not in repr(card)


async def test_reading_runs_on_the_devices_own_thread(
    library: Path, fake: ctypes.CDLL, workdir: Path
) -> None:
    seen: list[str] = []
    reader = TermbReader(library)
    original = reader.read_blocking

    def spy() -> object:
        seen.append(threading.current_thread().name)
        return original()

    reader.read_blocking = spy  # type: ignore[method-assign]
    try:
        await reader.read()
        await reader.read()
    finally:
        await reader.aclose()
    assert len(set(seen)) == 1 and seen[0].startswith("termb-1001")
    assert threading.main_thread().name not in seen


@pytest.mark.parametrize(
    "case",
    [
        (1, IdentityKind.HKMOTW_PERMIT, "陈嘉欣", date(2025, 1, 1)),
        (2, IdentityKind.FOREIGN_PR_2023, "安德鲁·史密斯", date(2033, 6, 1)),
        (3, IdentityKind.RESIDENT, "李秀英", None),  # 长期
    ],
)
async def test_document_types_and_long_term_validity(
    sdk: Sdk, case: tuple[int, IdentityKind, str, date | None]
) -> None:
    person, kind, name, valid_to = case
    sdk.fake.fake_set_person(person)
    reader = TermbReader(sdk.library)
    try:
        card = await reader.read()
    finally:
        await reader.aclose()
    assert (card.kind, card.name, card.valid_to) == (kind, name, valid_to)
    assert leftovers(sdk.workdir) == []


@pytest.mark.parametrize(
    "case",
    [
        (1, ReaderFailure.NO_CARD, 2, "未放卡"),
        (5, ReaderFailure.READ_ERROR, 3, "读卡失败"),
        (2, ReaderFailure.READ_ERROR, 0, "读卡失败"),
        (4, ReaderFailure.NOT_CONNECTED, 4, "读卡器未连接"),
    ],
)
async def test_failure_codes_are_mapped_to_clear_messages(
    sdk: Sdk, case: tuple[int, ReaderFailure, int, str]
) -> None:
    mode, failure, code, words = case
    reader = TermbReader(sdk.library)
    try:
        sdk.fake.fake_set_mode(mode)
        with pytest.raises(ReaderError) as caught:
            await reader.read()
        assert caught.value.failure is failure
        assert caught.value.code == code
        assert words in caught.value.message
        assert leftovers(sdk.workdir) == []
        # the fault cleared, the same reader reads again (reopening the port if it was lost)
        sdk.fake.fake_set_mode(0)
        assert (await reader.read()).name == "张伟"
    finally:
        await reader.aclose()


async def test_port_that_will_not_open_is_not_connected(
    library: Path, fake: ctypes.CDLL, workdir: Path
) -> None:
    fake.fake_set_mode(3)
    reader = TermbReader(library, port=1003)
    try:
        with pytest.raises(ReaderError) as caught:
            await reader.read()
    finally:
        await reader.aclose()
    assert caught.value.failure is ReaderFailure.NOT_CONNECTED
    assert "USB" in caught.value.message


async def test_port_is_opened_once_and_closed_on_aclose(
    library: Path, fake: ctypes.CDLL, workdir: Path
) -> None:
    inits, closes = fake.fake_init_calls(), fake.fake_close_calls()
    reader = TermbReader(library)
    await reader.read()
    await reader.read()
    await reader.aclose()
    assert fake.fake_init_calls() - inits == 1
    assert fake.fake_close_calls() - closes == 1


async def test_a_stale_photo_is_never_taken_for_this_card(
    library: Path, fake: ctypes.CDLL, workdir: Path
) -> None:
    (workdir / "zp.bmp").write_bytes(b"BM-the-previous-citizen")
    (workdir / "wz.txt").write_bytes("上一位群众".encode("gbk"))
    (workdir / "notes.txt").write_text("not the SDK's", encoding="utf-8")
    reader = TermbReader(library)
    try:
        fake.fake_set_mode(2)  # the read fails: there is no photo of this card at all
        with pytest.raises(ReaderError):
            await reader.read()
        assert leftovers(workdir) == []
        fake.fake_set_mode(0)
        card = await reader.read()
    finally:
        await reader.aclose()
    assert card.photo is not None and b"previous" not in card.photo
    assert sorted(p.name for p in workdir.iterdir()) == ["notes.txt"]  # only the SDK's files


async def test_photo_from_get_bmp_data_when_the_sdk_has_it(tmp_path: Path, workdir: Path) -> None:
    library = build_library("fake_termb.c", tmp_path / "bmp", "libtermb.so", "WITH_BMPDATA")
    reader = TermbReader(library, workdir=workdir)
    try:
        card = await reader.read()
    finally:
        await reader.aclose()
    assert card.photo is not None and card.photo.startswith(b"BM") and len(card.photo) == 70
    assert leftovers(workdir) == []


async def test_failure_mode_from_the_environment(
    library: Path, tmp_path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "env" / "libtermb.so"  # another path: a fresh copy of the library state
    copy.parent.mkdir()
    shutil.copyfile(library, copy)
    monkeypatch.setenv("FAKE_TERMB_MODE", "1")
    reader = TermbReader(copy)
    try:
        with pytest.raises(ReaderError) as caught:
            await reader.read()
    finally:
        await reader.aclose()
    assert caught.value.failure is ReaderFailure.NO_CARD


async def test_missing_library_says_what_to_do(tmp_path: Path) -> None:
    reader = TermbReader(tmp_path / "nowhere" / "libtermb.so")
    try:
        with pytest.raises(ReaderError) as caught:
            await reader.read()
    finally:
        await reader.aclose()
    assert caught.value.failure is ReaderFailure.NOT_CONNECTED
    assert "无法加载身份证读卡器驱动" in caught.value.message
    assert "32/64" in caught.value.message
