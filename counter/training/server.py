"""Serving the training platform over HTTPS with uvicorn.

`TrainingServer.start_in_thread()` is what `counter --training` and the tests use: the
platform runs on loopback in a daemon thread with its own event loop, on a socket bound
before the thread starts (so port 0 works and the URL is known at once).
`run_forever()` is the `counter training-server` command: the same app in the
foreground, for a classroom of counters to share.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from counter.training.app import create_app
from counter.training.db import make_engine, utc_now
from counter.training.deps import Clock
from counter.training.tls import DEFAULT_HOSTNAMES, TlsFiles, ensure_tls

log = logging.getLogger(__name__)

DB_FILE = "training-platform.sqlite3"
TLS_DIR = "tls"
READY_TIMEOUT = 15.0
_WILDCARDS = ("", "0.0.0.0", "::")


def default_db_url(data_dir: Path) -> str:
    return URL.create("sqlite", database=str(data_dir / DB_FILE)).render_as_string()


def san_hostnames(host: str, extra: Sequence[str] = ()) -> tuple[str, ...]:
    """Names the server certificate must cover when listening on `host`."""
    names = [*DEFAULT_HOSTNAMES, *extra]
    if host in _WILDCARDS:
        hostname = socket.gethostname()
        names.append(hostname)
        with contextlib.suppress(OSError):
            names.extend(ip for ip in socket.gethostbyname_ex(hostname)[2] if ip[:4] != "127.")
    else:
        names.append(host)
    return tuple(dict.fromkeys(names))


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in _WILDCARDS else host
    with contextlib.suppress(ValueError):
        if ipaddress.ip_address(shown).version == 6:
            shown = f"[{shown}]"
    return f"https://{shown}:{port}"


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on (host, port); port 0 picks a free port."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        if sys.platform != "win32":  # on Windows SO_REUSEADDR would allow port hijacking
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)  # connections queue up even before uvicorn starts accepting
    except OSError:
        sock.close()
        raise
    return sock


def _uvicorn_config(app: Any, tls: TlsFiles, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        ssl_certfile=str(tls.server_cert),
        ssl_keyfile=str(tls.server_key),
        lifespan="off",
        ws="none",
        log_config=None,
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=3,
        server_header=False,
    )


class TrainingServer:
    """The training platform on HTTPS in a background thread.

    Data lives in `data_dir`: the SQLite database (unless `db_url` says otherwise) and the
    TLS files in `data_dir/tls` (unless `tls` gives others, e.g. a bad certificate in a
    test). The first start seeds the database; later starts reuse everything.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        db_url: str | None = None,
        clock: Clock = utc_now,
        tls: TlsFiles | None = None,
        extra_hostnames: Sequence[str] = (),
        log_level: str = "warning",
    ) -> None:
        self.data_dir = data_dir
        self.db_url = db_url or default_db_url(data_dir)
        self.clock = clock
        self._tls = tls
        self._extra_hostnames = tuple(extra_hostnames)
        self._log_level = log_level
        self._engine: Engine | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._base_url: str | None = None
        self._error: BaseException | None = None

    # -- properties --------------------------------------------------------------------

    @property
    def tls(self) -> TlsFiles:
        if self._tls is None:
            self._tls = ensure_tls(self.data_dir / TLS_DIR, san_hostnames("127.0.0.1"))
        return self._tls

    @property
    def ca_file(self) -> Path:
        """The CA certificate a client must trust (and only it)."""
        return self.tls.ca_cert

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("培训平台尚未启动")
        return self._base_url

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.db_url)
        return self._engine

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- lifecycle ---------------------------------------------------------------------

    def start_in_thread(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start serving; returns the base URL (e.g. https://127.0.0.1:54321)."""
        if self.running:
            return self.base_url
        if self._tls is None:
            self._tls = ensure_tls(
                self.data_dir / TLS_DIR, san_hostnames(host, self._extra_hostnames)
            )
        app = create_app(self.engine, clock=self.clock)
        sock = bind_socket(host, port)
        self._socket = sock
        server = uvicorn.Server(_uvicorn_config(app, self.tls, self._log_level))
        self._server = server
        self._error = None
        thread = threading.Thread(
            target=self._serve, args=(server, sock), name="training-platform", daemon=True
        )
        self._thread = thread
        thread.start()
        deadline = time.monotonic() + READY_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("培训平台启动失败") from self._error
            time.sleep(0.002)
        self._base_url = url_for(host, sock.getsockname()[1])
        log.info("training platform listening on %s", self._base_url)
        return self._base_url

    def _serve(self, server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            asyncio.run(server.serve(sockets=[sock]))
        except BaseException as exc:  # reported by start_in_thread; SystemExit included
            self._error = exc
            log.exception("training platform stopped with an error")

    def stop(self) -> None:
        """Stop serving and wait for the thread (idempotent)."""
        server, thread = self._server, self._thread
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(timeout=5)
            if thread.is_alive() and server is not None:
                server.force_exit = True
                thread.join(timeout=2)
        if self._socket is not None:
            self._socket.close()
        if self._engine is not None:
            self._engine.dispose()
        self._server = self._thread = self._socket = None
        self._base_url = None

    def __enter__(self) -> TrainingServer:
        self.start_in_thread()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def run_forever(host: str, port: int, db_url: str | None, data_dir: Path) -> None:
    """Serve the training platform in the foreground until Ctrl+C / SIGTERM."""
    tls = ensure_tls(data_dir / TLS_DIR, san_hostnames(host))
    engine = make_engine(db_url or default_db_url(data_dir))
    app = create_app(engine)
    sock = bind_socket(host, port)
    try:
        server = uvicorn.Server(_uvicorn_config(app, tls, "info"))
        _print_banner(url_for(host, sock.getsockname()[1]), tls, db_url or default_db_url(data_dir))
        server.run(sockets=[sock])
    finally:
        sock.close()
        engine.dispose()


def _print_banner(base_url: str, tls: TlsFiles, db_url: str) -> None:
    from counter.training.seed import TRAINING_ACCOUNTS, TRAINING_OUTLETS

    lines = [
        "社银通培训平台（培训环境，数据均为虚构）",
        f"  地址：   {base_url}",
        f"  CA 证书：{tls.ca_cert}（客户端 bureau.ca_file 指向此文件）",
        f"  数据库： {_safe_url(db_url)}",
        "  网点：",
        *(f"    {o.code}  {o.category} 类  {o.name}" for o in TRAINING_OUTLETS),
        "  培训账号（密码均为 " + TRAINING_ACCOUNTS[0].password + "）：",
        *(
            f"    {a.staff_no:<11} {a.name}  {a.role_label}  网点 {a.outlet_code}"
            for a in TRAINING_ACCOUNTS
        ),
        "  按 Ctrl+C 停止。",
    ]
    print("\n".join(lines), flush=True)


def _safe_url(db_url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(db_url).render_as_string(hide_password=True)
