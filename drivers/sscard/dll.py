"""社保卡 readers through the vendor's `SSCardDriver` library (the 人社部 common interface).

    long iReadCardBas(int iType, char *pOutInfo)                 basic fields, "|"-separated
    long iReadCardBas_HSM_Step1(int iType, char *pOutInfo)        third generation, step 1
    long iReadCardBas_HSM_Step2(char *pKey, char *pOutInfo)       step 2 with the HSM's answer

0 is success; the text is GBK. `iType`: 1 contact, 2 contactless, 3 auto (contact first),
4 auto (contactless first). PINs never pass through here: the reader's own pad takes them.

A third-generation card answers `iReadCardBas` without number and name. Its online read
sends step 1's output to the card platform's HSM (加密机) and feeds the answer to step 2.
That round trip is the `hsm` coroutine given to the reader (the bureau's card service;
not part of the v1 contract yet); without one, `read_online` fails with a clear message
and the clerk identifies the citizen by ID card or 电子社保卡 instead.

Calls run on a single-thread executor per device, as for the ID-card reader; the 32-bit
helper-process plan in `drivers.idcard.termb` applies here too.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

from counter.readers import ReaderError, ReaderFailure, SocialCardData
from drivers.sscard.basics import parse_card_basics, reader_error

__all__ = ["HsmExchange", "SSCardDllReader", "default_library_name"]

log = logging.getLogger("drivers.sscard")

OUT_BUFFER = 4096
HsmExchange = Callable[[str], Awaitable[str]]


def default_library_name() -> str:
    return "SSCardDriver.dll" if sys.platform == "win32" else "libsscard.so"


class SSCardDllReader:
    """A `SocialCardReader` on the vendor's SSCardDriver library."""

    def __init__(
        self,
        library: str | Path | None = None,
        *,
        card_type: int = 3,
        hsm: HsmExchange | None = None,
        calling_convention: Literal["auto", "stdcall", "cdecl"] = "auto",
    ) -> None:
        self.library = str(library or default_library_name())
        self.card_type = card_type
        self.hsm = hsm
        self.calling_convention = calling_convention
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sscard")
        self._lib: Any = None

    async def read(self) -> SocialCardData:
        text = await self._run(self._call_typed, "iReadCardBas")
        return parse_card_basics(text)

    async def read_online(self) -> SocialCardData:
        if self.hsm is None:
            raise ReaderError(
                ReaderFailure.ONLINE_FAILED,
                "本机未接入社保卡在线认证服务，读不出第三代社保卡的号码和姓名；"
                "请改用身份证或电子社保卡核验身份。",
            )
        step1 = await self._run(self._call_typed, "iReadCardBas_HSM_Step1")
        try:
            key = await self.hsm(step1)
        except Exception as exc:
            log.warning("third-generation card online step failed: %s", type(exc).__name__)
            raise ReaderError(ReaderFailure.ONLINE_FAILED) from exc
        text = await self._run(self._call_step2, key)
        return parse_card_basics(text)

    async def aclose(self) -> None:
        self._executor.shutdown(wait=True)

    # --- the device thread -------------------------------------------------------------

    async def _run(self, fn: Callable[[str], str], arg: str) -> str:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, arg)

    def _call_typed(self, function: str) -> str:
        lib = self._load()
        out = ctypes.create_string_buffer(OUT_BUFFER)
        rc = int(getattr(lib, function)(self.card_type, out))
        return self._answer(rc, out)

    def _call_step2(self, key: str) -> str:
        lib = self._load()
        out = ctypes.create_string_buffer(OUT_BUFFER)
        rc = int(lib.iReadCardBas_HSM_Step2(key.encode("ascii", errors="strict"), out))
        return self._answer(rc, out)

    @staticmethod
    def _answer(rc: int, out: ctypes.Array[ctypes.c_char]) -> str:
        if rc != 0:
            raise reader_error(rc)
        return out.value.decode("gb18030", errors="replace")

    def _load(self) -> Any:
        if self._lib is not None:
            return self._lib
        try:
            if self.calling_convention == "stdcall" or (
                self.calling_convention == "auto" and sys.platform == "win32"
            ):
                loader: Callable[[str], Any] = getattr(ctypes, "WinDLL", ctypes.CDLL)
            else:
                loader = ctypes.CDLL
            lib = loader(self.library)
            for name in ("iReadCardBas", "iReadCardBas_HSM_Step1"):
                fn = getattr(lib, name)
                fn.argtypes = [ctypes.c_int, ctypes.c_char_p]
                fn.restype = ctypes.c_long
            step2 = lib.iReadCardBas_HSM_Step2
            step2.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
            step2.restype = ctypes.c_long
        except (OSError, AttributeError) as exc:
            log.error("cannot load social card library %s: %s", self.library, exc)
            raise ReaderError(
                ReaderFailure.NOT_CONNECTED,
                f"无法加载社保卡读卡器驱动（{Path(self.library).name}）：请安装厂商驱动，"
                "或检查 32/64 位是否匹配。",
            ) from exc
        self._lib = lib
        return lib
