"""Huashi (华视) second-generation ID-card readers through the vendor's `termb` library.

The API (REFERENCE.md "Devices"): `CVR_InitComm(port)` (1–16 serial, 1001–1016 USB),
`CVR_Authenticate()` finds and selects the card, `CVR_Read_Content(n)` reads it, then
getters `GetPeopleName(char* buf, int* len)` … return the fields as GBK strings; every
call returns 1 on success. While reading, the SDK writes files into its working
directory — the decoded photo `zp.bmp`, the raw text `wz.txt`, the compressed photo
`xp.wlt`/`zp.wlt`, fingerprints `fp.dat` — which hold personal data, so this adapter
deletes them before and after every read, whatever happened.

Threading: the vendor library is not thread-safe and its calls block (a read takes about
half a second), so every call runs on one single-thread executor per device, never on the
UI thread; `read()` is a coroutine.

Return codes mapped (Huashi SDK manual; adjust `AUTH_FAILURES` if a model differs):

    CVR_InitComm       1 成功, 2 端口打开失败, 0 动态库加载失败        → 读卡器未连接
    CVR_Authenticate   1 成功, 2 寻卡失败 → 未放卡, 3 选卡失败 → 读卡失败,
                       4 未连接读卡器 / 0 动态库未加载 → 读卡器未连接
    CVR_Read_Content   1 成功, 4 未连接读卡器 → 读卡器未连接, other → 读卡失败

32-bit vendor DLLs (plan, not implemented): many vendors still ship only a 32-bit
termb.dll, which a 64-bit Python cannot load (`OSError: [WinError 193]`). The plan is a
small helper process: a 32-bit embedded Python (or a tiny 32-bit C host) started by the
client runs this same module (`TermbReader` against the DLL) and speaks JSON lines over
its stdin/stdout — `{"op": "read"}` → `{"ok": true, "card": {...fields..., "photo":
base64}}` or `{"ok": false, "failure": "no_card", "code": 2}`. The parent implements
`IdCardReader` by writing a request and awaiting the answer line
(`asyncio.create_subprocess_exec`), restarts the helper when it dies, and kills it on
`aclose()`. The helper keeps the SDK's working directory in a private temporary folder and
deletes the files exactly as here. It ships as a separate PyInstaller 32-bit build next to
the main one; the pipe carries personal data, so it never leaves the process pair.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import re
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, Literal

from counter.readers import (
    IdCardData,
    ReaderError,
    ReaderFailure,
    identity_kind_for_cert_type,
)

__all__ = [
    "LEFTOVER_FILES",
    "TermbReader",
    "default_library_name",
    "parse_card_date",
]

log = logging.getLogger("drivers.idcard.termb")

OK = 1
#: Files the SDK leaves in its working directory (all hold personal data).
LEFTOVER_FILES = (
    "zp.bmp",
    "zp.jpg",
    "zp.png",
    "zp.wlt",
    "xp.wlt",
    "wz.txt",
    "wx.txt",
    "fp.dat",
)
#: CVR_Authenticate return code → failure.
AUTH_FAILURES = {
    2: ReaderFailure.NO_CARD,
    3: ReaderFailure.READ_ERROR,
    4: ReaderFailure.NOT_CONNECTED,
    0: ReaderFailure.NOT_CONNECTED,
}
TEXT_BUFFER = 512
PHOTO_BUFFER = 65536  # 102 x 126 x 24-bit BMP is 38,610 bytes

_Getter = Callable[..., int]


def default_library_name() -> str:
    return "termb.dll" if sys.platform == "win32" else "libtermb.so"


def parse_card_date(text: str) -> date | None:
    """`20150101`, `2015-01-01`, `2015.01.01` or `2015年01月01日`; `长期` and junk → None."""
    digits = re.sub(r"\D", "", text)
    if len(digits) != 8:
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _sex(text: str) -> str:
    return {"1": "男", "2": "女"}.get(text, text)


class TermbReader:
    """An `IdCardReader` on a Huashi reader through `termb.dll` / `libtermb.so`."""

    def __init__(
        self,
        library: str | Path | None = None,
        *,
        port: int = 1001,
        workdir: Path | None = None,
        content_mode: int = 4,
        calling_convention: Literal["auto", "stdcall", "cdecl"] = "auto",
    ) -> None:
        self.library = str(library or default_library_name())
        self.port = port
        self.workdir = workdir
        self.content_mode = content_mode
        self.calling_convention = calling_convention
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"termb-{port}")
        self._lib: Any = None
        self._open = False

    # --- IdCardReader ---------------------------------------------------------------------

    async def read(self) -> IdCardData:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.read_blocking)

    async def aclose(self) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, self._close_blocking)
        self._executor.shutdown(wait=True)

    # --- the device thread -------------------------------------------------------------------

    def read_blocking(self) -> IdCardData:
        """One read, on the calling thread (the executor's, or a helper process's)."""
        lib = self._load()
        self.remove_leftovers()  # a stale photo must never pass for this card's
        try:
            self._ensure_open(lib)
            rc = lib.CVR_Authenticate()
            if rc != OK:
                failure = AUTH_FAILURES.get(rc, ReaderFailure.READ_ERROR)
                if failure is ReaderFailure.NOT_CONNECTED:
                    self._open = False
                raise ReaderError(failure, code=rc)
            rc = lib.CVR_Read_Content(self.content_mode)
            if rc != OK:
                if rc == 4:
                    self._open = False
                    raise ReaderError(ReaderFailure.NOT_CONNECTED, code=rc)
                raise ReaderError(ReaderFailure.READ_ERROR, code=rc)
            return self._card(lib)
        finally:
            self.remove_leftovers()

    def _card(self, lib: Any) -> IdCardData:
        kind = identity_kind_for_cert_type(self._text(lib, "GetCertType", required=False))
        name = self._text(lib, "GetPeopleName")
        id_number = self._text(lib, "GetPeopleIDCode").upper()
        return IdCardData(
            kind=kind,
            name=name,
            sex=_sex(self._text(lib, "GetPeopleSex", required=False)),
            id_number=id_number,
            birth=parse_card_date(self._text(lib, "GetPeopleBirthday", required=False)),
            ethnicity=self._text(lib, "GetPeopleNation", required=False).removesuffix("族"),
            address=self._text(lib, "GetPeopleAddress", required=False),
            issuer=self._text(lib, "GetDepartment", required=False),
            valid_from=parse_card_date(self._text(lib, "GetStartDate", required=False)),
            valid_to=parse_card_date(self._text(lib, "GetEndDate", required=False)),
            photo=self._photo(lib),
        )

    def _text(self, lib: Any, getter: str, *, required: bool = True) -> str:
        fn: _Getter | None = getattr(lib, getter, None)
        if fn is None:
            if required:
                raise ReaderError(
                    ReaderFailure.READ_ERROR, f"读卡器驱动缺少函数 {getter}，请联系网点科技人员。"
                )
            return ""
        buffer = ctypes.create_string_buffer(TEXT_BUFFER)
        length = ctypes.c_int(TEXT_BUFFER)
        if fn(buffer, ctypes.byref(length)) != OK:
            if required:
                raise ReaderError(ReaderFailure.READ_ERROR)
            return ""
        raw = buffer.raw[: max(0, min(length.value, TEXT_BUFFER))].split(b"\0", 1)[0]
        # The SDK speaks GBK; GB18030 is its superset and also decodes rare name characters.
        return raw.decode("gb18030", errors="replace").strip()

    def _photo(self, lib: Any) -> bytes | None:
        if self._has(lib, "GetBMPData"):
            buffer = ctypes.create_string_buffer(PHOTO_BUFFER)
            length = ctypes.c_int(PHOTO_BUFFER)
            if lib.GetBMPData(buffer, ctypes.byref(length)) == OK and length.value > 0:
                return buffer.raw[: min(length.value, PHOTO_BUFFER)]
        for folder in self._folders():
            path = folder / "zp.bmp"
            try:
                return path.read_bytes()
            except OSError:
                continue
        return None

    # --- library and port ----------------------------------------------------------------

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
        except OSError as exc:
            log.error("cannot load ID reader library %s: %s", self.library, exc)
            raise ReaderError(
                ReaderFailure.NOT_CONNECTED,
                f"无法加载身份证读卡器驱动（{Path(self.library).name}）：请安装厂商驱动，"
                "或检查 32/64 位是否匹配；无法恢复时可手工录入（读卡器故障）。",
            ) from exc
        for name in ("CVR_InitComm", "CVR_Authenticate", "CVR_Read_Content", "CVR_CloseComm"):
            if self._has(lib, name):
                fn = getattr(lib, name)
                fn.restype = ctypes.c_int
                fn.argtypes = [ctypes.c_int] if name in ("CVR_InitComm", "CVR_Read_Content") else []
        pointer_args = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
        for name in (
            "GetPeopleName",
            "GetPeopleSex",
            "GetPeopleNation",
            "GetPeopleBirthday",
            "GetPeopleAddress",
            "GetPeopleIDCode",
            "GetDepartment",
            "GetStartDate",
            "GetEndDate",
            "GetCertType",
            "GetBMPData",
        ):
            if self._has(lib, name):
                fn = getattr(lib, name)
                fn.restype = ctypes.c_int
                fn.argtypes = pointer_args
        self._lib = lib
        return lib

    @staticmethod
    def _has(lib: Any, name: str) -> bool:
        try:
            getattr(lib, name)
        except AttributeError:
            return False
        return True

    def _ensure_open(self, lib: Any) -> None:
        if self._open:
            return
        rc = lib.CVR_InitComm(self.port)
        if rc != OK:
            raise ReaderError(ReaderFailure.NOT_CONNECTED, code=rc)
        self._open = True

    def _close_blocking(self) -> None:
        if self._lib is not None and self._open and self._has(self._lib, "CVR_CloseComm"):
            self._lib.CVR_CloseComm()
        self._open = False
        self.remove_leftovers()

    # --- leftovers ---------------------------------------------------------------------------

    def _folders(self) -> list[Path]:
        folders = [self.workdir or Path.cwd()]
        library_dir = Path(self.library).parent
        if str(library_dir) not in ("", ".") and library_dir not in folders:
            folders.append(library_dir)
        return folders

    def remove_leftovers(self) -> list[str]:
        """Delete the SDK's photo/text files; returns the names it removed."""
        removed: list[str] = []
        for folder in self._folders():
            for name in LEFTOVER_FILES:
                path = folder / name
                try:
                    path.unlink()
                except FileNotFoundError:
                    continue
                except OSError as exc:  # locked by the SDK: try again after the next read
                    log.warning("cannot delete reader file %s: %s", name, exc.strerror)
                    continue
                removed.append(name)
        return removed
