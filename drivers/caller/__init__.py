"""Hall caller drivers (`caller.kind`): implement `counter.hall_sync.HallCallerPort`.

- `http`: the bank's hall queue system over JSON/HTTP (`HttpCaller`, docs/caller-api.md);
  training mode points it at `counter.training.hall_caller.SimulatedHallCaller`.
- `builtin`: no outside system (`BuiltinCaller`); our hall display follows the queue.
- `none`: no hall sync at all (`open_caller` returns None).
"""

from __future__ import annotations

from counter.hall_sync import CallerError, HallCallerPort
from drivers.caller.builtin import BuiltinCaller
from drivers.caller.http import HttpCaller


def open_caller(
    kind: str,
    url: str | None = None,
    *,
    service: str = "社保",
    connect_timeout_s: float = 2.0,
    read_timeout_s: float = 5.0,
) -> HallCallerPort | None:
    """The driver `caller.kind` names; `http` needs `caller.url`."""
    if kind == "http":
        if not url:
            raise CallerError(
                "caller.kind = http 时必须配置 caller.url（叫号系统地址）", code="no_url"
            )
        return HttpCaller(
            url,
            service=service,
            connect_timeout_s=connect_timeout_s,
            read_timeout_s=read_timeout_s,
        )
    if kind == "builtin":
        return BuiltinCaller(service)
    if kind == "none":
        return None
    raise CallerError(f"未知的叫号系统类型“{kind}”（可用：http、builtin、none）", code="bad_kind")


__all__ = ["BuiltinCaller", "HttpCaller", "open_caller"]
