"""`counter doctor`: is this counter ready to work? A table and an exit code.

Each check says OK / WARN / FAIL with a short Chinese explanation; any FAIL on a required
check makes the exit code non-zero, so installers can script it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from cryptography import x509

from counter.config import Config


class Outcome(StrEnum):
    OK = "OK"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Check:
    name: str
    outcome: Outcome
    detail: str
    required: bool = True


def check_data_dir(path: Path) -> Check:
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check("数据目录", Outcome.FAIL, f"{path} 不可写：{exc.strerror}")
    return Check("数据目录", Outcome.OK, str(path))


def check_certificate(label: str, path: Path | None, *, required: bool, now: datetime) -> Check:
    if path is None:
        outcome = Outcome.FAIL if required else Outcome.OK
        return Check(label, outcome, "未配置" if required else "未配置（可选）", required)
    try:
        cert = x509.load_pem_x509_certificate(path.read_bytes())
    except (OSError, ValueError) as exc:
        return Check(label, Outcome.FAIL, f"{path} 无法读取：{exc}", required)
    not_after = cert.not_valid_after_utc
    if not (cert.not_valid_before_utc <= now <= not_after):
        return Check(
            label, Outcome.FAIL, f"已过期或尚未生效（有效期至 {not_after:%Y-%m-%d}）", required
        )
    days = (not_after - now).days
    outcome = Outcome.WARN if days < 30 else Outcome.OK
    subject = cert.subject.rfc4514_string()
    return Check(
        label, outcome, f"{subject}，有效期至 {not_after:%Y-%m-%d}（剩 {days} 天）", required
    )


def check_device(label: str, value: str, *, configured: bool) -> Check:
    return Check(label, Outcome.OK if configured else Outcome.WARN, value, required=False)


def device_checks(config: Config) -> list[Check]:
    """The device rows of the table (the settings dialog shows the same, per device)."""
    caller = config.caller.kind + (f" {config.caller.url}" if config.caller.url else "")
    return [
        check_device(
            "打印机",
            f"{config.printer.uri}（{config.printer.paper_mm} mm）",
            configured=not config.printer.uri.startswith("dummy"),
        ),
        check_device("叫号系统", caller, configured=config.caller.kind != "none"),
        check_device("身份证读卡器", config.reader.kind, configured=config.reader.kind != "none"),
        check_device("评价器", config.evaluator.kind, configured=config.evaluator.kind != "none"),
    ]


def probe_check(label: str, probe: Callable[[], str], *, required: bool = True) -> Check:
    """Run a probe: its answer is the OK detail, its exception's message the FAIL detail."""
    try:
        return Check(label, Outcome.OK, probe(), required)
    except Exception as exc:
        return Check(label, Outcome.FAIL, getattr(exc, "message", None) or str(exc), required)


async def probe_check_async(
    label: str, probe: Callable[[], Awaitable[str]], *, required: bool = False
) -> Check:
    """`probe_check` for a device test that runs on the event loop (the settings dialog)."""
    try:
        return Check(label, Outcome.OK, await probe(), required)
    except Exception as exc:
        return Check(label, Outcome.FAIL, getattr(exc, "message", None) or str(exc), required)


def run_checks(
    config: Config,
    *,
    config_source: str,
    data_dir: Path,
    keyring_probe: Callable[[], str],
    bureau_probe: Callable[[], str] | None,
    extra: Iterable[Check] = (),
) -> list[Check]:
    now = datetime.now(UTC)
    checks = [Check("配置文件", Outcome.OK, config_source), check_data_dir(data_dir)]
    checks.append(probe_check("系统密钥环", keyring_probe))
    checks.append(
        check_certificate("人社平台 CA 证书", config.bureau.ca_file, required=True, now=now)
    )
    checks.append(
        check_certificate("本机设备证书", config.bureau.client_cert, required=False, now=now)
    )
    if bureau_probe is None:
        checks.append(Check("人社平台连接", Outcome.FAIL, "缺少 CA 证书，未尝试连接"))
    else:
        checks.append(probe_check("人社平台连接", bureau_probe))
    checks.extend(device_checks(config))
    checks.extend(extra)
    return checks


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(checks: list[Check]) -> str:
    name_width = max(_width(c.name) for c in checks)
    lines = []
    for check in checks:
        pad = " " * (name_width - _width(check.name))
        lines.append(f"{check.outcome.value:<4}  {check.name}{pad}  {check.detail}")
    failed = [c for c in checks if c.outcome is Outcome.FAIL and c.required]
    lines.append("")
    lines.append("结论：" + ("有必需项未通过，请按上表处理。" if failed else "本机可以办理业务。"))
    return "\n".join(lines)


def exit_code(checks: list[Check]) -> int:
    return 1 if any(c.outcome is Outcome.FAIL and c.required for c in checks) else 0


def environment_source() -> str:
    names = sorted(n for n in os.environ if n.startswith("COUNTER_"))
    return "，环境变量覆盖：" + "、".join(names) if names else ""
