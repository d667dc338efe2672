"""Connection state to the bureau platform: online / degraded / offline (DESIGN §4).

Judged from real traffic (every request and the heartbeat), not from a separate probe:
a fast answer means online; a slow answer or a server error means degraded; a transport
failure (refused, timed out, reset, TLS failure) means offline.
"""

from __future__ import annotations

import time
from enum import StrEnum

from counter.events import Event

SLOW_ANSWER_S = 2.0


class ConnectionState(StrEnum):
    UNKNOWN = "unknown"
    ONLINE = "online"
    DEGRADED = "degraded"
    OFFLINE = "offline"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ConnectionState.UNKNOWN: "连接中…",
    ConnectionState.ONLINE: "在线",
    ConnectionState.DEGRADED: "网络不稳定",
    ConnectionState.OFFLINE: "离线",
}


class ConnectionMonitor:
    def __init__(self) -> None:
        self.state = ConnectionState.UNKNOWN
        self.last_change = time.monotonic()
        self.last_error = ""
        self.changed: Event[ConnectionState] = Event("connection.changed")

    def _set(self, state: ConnectionState, error: str = "") -> None:
        self.last_error = error
        if state != self.state:
            self.state = state
            self.last_change = time.monotonic()
            self.changed.emit(state)

    def answered(self, elapsed_s: float, status_code: int) -> None:
        if status_code >= 500:
            self._set(ConnectionState.DEGRADED, f"平台返回 {status_code}")
        elif elapsed_s >= SLOW_ANSWER_S:
            self._set(ConnectionState.DEGRADED, f"平台响应慢（{elapsed_s:.1f} 秒）")
        else:
            self._set(ConnectionState.ONLINE)

    def failed(self, error: str) -> None:
        self._set(ConnectionState.OFFLINE, error)
