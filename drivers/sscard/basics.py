"""The `iReadCardBas` answer of a 社保卡 reader, and the readers' return codes.

`iReadCardBas(iType, pOutInfo)` fills `pOutInfo` with "|"-separated fields (REFERENCE.md
"Devices"):

    发卡地区行政区划代码 | 社会保障号码 | 卡号 | 卡识别码 | 姓名 | 卡复位信息 | 规范版本 |
    发卡日期 | 卡有效期 | 终端机编号 | 终端设备号 |

usually with a trailing "|". Third-generation cards (规范版本 3.00) leave 社会保障号码 and
姓名 empty until the online two-step read (`iReadCardBas_HSM_Step1/Step2`).

Return codes: 0 is success; the negative codes below are those commonly documented for
the 人社部 social-security card terminal interface. Vendors add their own, so an unknown
code becomes 读卡失败 with the number shown for the technician.
"""

from __future__ import annotations

from datetime import date

from counter.readers import ReaderError, ReaderFailure, SocialCardData

__all__ = ["FIELD_COUNT", "RETURN_CODES", "format_card_basics", "parse_card_basics", "reader_error"]

FIELD_COUNT = 11

#: return code → (failure, message)
RETURN_CODES: dict[int, tuple[ReaderFailure, str]] = {
    -1: (ReaderFailure.READ_ERROR, "卡片类型不对：请确认插入的是社会保障卡（芯片朝上插入）。"),
    -2: (ReaderFailure.NO_CARD, "未插卡：请将社保卡芯片朝上插入读卡器，或放在感应区。"),
    -3: (ReaderFailure.READ_ERROR, "社保卡未上电：请取出后重新插入。"),
    -4: (
        ReaderFailure.READ_ERROR,
        "社保卡无应答：芯片可能损坏，请重新插入；仍不成功可改用身份证。",
    ),
    -11: (ReaderFailure.NOT_CONNECTED, "社保卡读卡器连接错误：请检查读卡器连线和电源。"),
    -12: (ReaderFailure.NOT_CONNECTED, "未与社保卡读卡器建立连接：请检查读卡器连线和驱动。"),
    -13: (ReaderFailure.UNSUPPORTED, "社保卡读卡器不支持该操作，请联系网点科技人员。"),
    -14: (ReaderFailure.READ_ERROR, "社保卡读卡参数错误，请联系网点科技人员。"),
    -15: (ReaderFailure.READ_ERROR, "社保卡信息校验出错：请取出后重新插入。"),
}


def reader_error(code: int) -> ReaderError:
    """The `ReaderError` for a non-zero return code."""
    known = RETURN_CODES.get(code)
    if known is None:
        message = f"社保卡读卡失败（返回码 {code}），请重新插卡。"
        return ReaderError(ReaderFailure.READ_ERROR, message, code=code)
    failure, message = known
    return ReaderError(failure, message, code=code)


def _date(text: str) -> date | None:
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) != 8:
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def parse_card_basics(text: str) -> SocialCardData:
    """The fields of an `iReadCardBas` answer; a malformed answer is a read error."""
    fields = [part.strip() for part in text.strip().strip("\0").split("|")]
    if fields and fields[-1] == "":
        fields.pop()  # the trailing separator
    if len(fields) < FIELD_COUNT:
        raise ReaderError(
            ReaderFailure.READ_ERROR,
            f"社保卡基本信息不完整（{len(fields)} 项，应为 {FIELD_COUNT} 项），请重新插卡。",
        )
    region, ssn, card_no, card_id, name, atr, version, issued, expiry, terminal, device = fields[
        :FIELD_COUNT
    ]
    return SocialCardData(
        region=region,
        ssn=ssn.upper(),
        card_no=card_no.upper(),
        card_id_code=card_id,
        name=name,
        atr=atr,
        version=version,
        issue_date=_date(issued),
        expiry=_date(expiry),
        terminal_no=terminal,
        device_no=device,
    )


def format_card_basics(card: SocialCardData) -> str:
    """The `iReadCardBas` text for `card` (the simulated reader and tests speak it)."""
    dates = [d.strftime("%Y%m%d") if d else "" for d in (card.issue_date, card.expiry)]
    fields = [
        card.region,
        card.ssn,
        card.card_no,
        card.card_id_code,
        card.name,
        card.atr,
        card.version,
        *dates,
        card.terminal_no,
        card.device_no,
    ]
    return "|".join(fields) + "|"
