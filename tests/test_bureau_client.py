"""The core's bureau client against the real training platform on loopback HTTPS."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from counter.bureau.client import (
    BureauCertificateError,
    BureauClient,
    BureauError,
    BureauInvalidResponse,
    BureauUnreachable,
    build_ssl_context,
)
from counter.bureau.connection import ConnectionMonitor, ConnectionState
from counter.bureau.models import SessionRequest
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD
from counter.training.server import TrainingServer
from counter.training.tls import (
    TlsFiles,
    ensure_tls,
    generate_self_signed,
    issue_server_certificate,
    load_ca,
    write_server_pair,
)
from tests.training_fixtures import NewStaff


def client_for(server: TrainingServer) -> BureauClient:
    return BureauClient(server.base_url, build_ssl_context(server.ca_file))


def request(staff_no: str, password: str = TRAINING_PASSWORD) -> SessionRequest:
    return SessionRequest(
        staff_no=staff_no, password=password, outlet_code=TRAINING_OUTLET_CODE, device_id="T-1"
    )


async def test_health_login_catalogue_and_etag(
    training_server: TrainingServer, new_staff: NewStaff
) -> None:
    client = client_for(training_server)
    try:
        health = await client.health()
        assert health.training
        assert client.monitor.state is ConnectionState.ONLINE
        grant = await client.login(request(new_staff()))
        assert grant.outlet.code == TRAINING_OUTLET_CODE
        first = await client.catalogue()
        assert first.catalogue is not None and len(first.catalogue.items) > 40
        again = await client.catalogue(first.etag)
        assert again.catalogue is None  # 304: the cached one is current
    finally:
        await client.aclose()


async def test_wrong_password_has_a_chinese_message(
    training_server: TrainingServer, new_staff: NewStaff
) -> None:
    client = client_for(training_server)
    try:
        with pytest.raises(BureauError) as caught:
            await client.login(request(new_staff(), "wrong-Pass1"))
        assert caught.value.code == "BAD_CREDENTIALS"
        assert "密码错误" in caught.value.message
    finally:
        await client.aclose()


async def test_server_with_certificate_from_another_ca_is_refused(
    tmp_path: Path, training_server: TrainingServer
) -> None:
    other_ca = ensure_tls(tmp_path / "other").ca_cert
    client = BureauClient(training_server.base_url, build_ssl_context(other_ca))
    try:
        with pytest.raises(BureauCertificateError) as caught:
            await client.health()
        assert "不是由受信任的人社专网 CA 签发" in caught.value.message
        assert client.monitor.state is ConnectionState.OFFLINE
    finally:
        await client.aclose()


async def test_system_trust_store_is_not_used(training_server: TrainingServer) -> None:
    context = build_ssl_context(training_server.ca_file)
    # Only our CA is loaded: the system's public CAs are not trusted for the bureau link.
    assert len(context.get_ca_certs()) == 1
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname


def test_missing_ca_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(BureauCertificateError, match="找不到人社平台 CA 证书文件"):
        build_ssl_context(tmp_path / "nope.pem")


async def test_unreachable_platform_goes_offline() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on `port` now.
    monitor = ConnectionMonitor()
    client = BureauClient(
        f"https://127.0.0.1:{port}",
        ssl.create_default_context(),
        monitor=monitor,
        connect_timeout_s=1,
    )
    try:
        with pytest.raises(BureauUnreachable, match="无法连接人社平台"):
            await client.health()
        assert monitor.state is ConnectionState.OFFLINE
    finally:
        await client.aclose()


class _Canned(BaseHTTPRequestHandler):
    body = b"{}"
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def serve_canned(tls: TlsFiles) -> tuple[ThreadingHTTPServer, type[_Canned]]:
    handler = type("Handler", (_Canned,), {})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls.server_cert, tls.server_key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, handler


Canned = tuple[str, Path, type[_Canned]]
CertMaker = Callable[[Path, TlsFiles], TlsFiles]


@pytest.fixture
def canned_server(tmp_path: Path) -> Iterator[tuple[str, Path, type[_Canned]]]:
    """A tiny HTTPS server, certificate from its own test CA, answering whatever we set."""
    tls = ensure_tls(tmp_path / "tls")
    httpd, handler = serve_canned(tls)
    yield f"https://127.0.0.1:{httpd.server_address[1]}", tls.ca_cert, handler
    httpd.shutdown()
    httpd.server_close()


def _expired(tmp_path: Path, trusted: TlsFiles) -> TlsFiles:
    now = datetime.now(UTC)
    key, cert = issue_server_certificate(
        *load_ca(trusted), not_before=now - timedelta(days=400), not_after=now - timedelta(days=1)
    )
    return write_server_pair(tmp_path / "expired", key, cert, ca_cert=trusted.ca_cert)


def _wrong_host(tmp_path: Path, trusted: TlsFiles) -> TlsFiles:
    key, cert = issue_server_certificate(*load_ca(trusted), hostnames=("bureau.example",))
    return write_server_pair(tmp_path / "wronghost", key, cert, ca_cert=trusted.ca_cert)


def _self_signed(tmp_path: Path, trusted: TlsFiles) -> TlsFiles:
    return generate_self_signed(tmp_path / "self")


@pytest.mark.parametrize(
    ("make_certificate", "message"),
    [
        (_expired, "已过期"),
        (_wrong_host, "与访问地址不符"),
        (_self_signed, "不是由受信任的人社专网 CA 签发"),
    ],
)
async def test_bad_platform_certificates_are_refused_and_said_so(
    tmp_path: Path, make_certificate: CertMaker, message: str
) -> None:
    trusted = ensure_tls(tmp_path / "trusted")
    httpd, _handler = serve_canned(make_certificate(tmp_path, trusted))
    client = BureauClient(
        f"https://127.0.0.1:{httpd.server_address[1]}", build_ssl_context(trusted.ca_cert)
    )
    try:
        with pytest.raises(BureauCertificateError, match=message):
            await client.health()
    finally:
        await client.aclose()
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize(
    "body",
    [
        b"not json at all",
        b'{"version": "1", "items": [{"code": "bad"}]}',
        b'{"version": 12}',
        b"[]",
        b'{"version": "1", "items": "none"}',
    ],
)
async def test_malformed_catalogue_is_rejected_with_a_message(
    canned_server: Canned, body: bytes
) -> None:
    url, ca, handler = canned_server
    handler.body = body
    client = BureauClient(url, build_ssl_context(ca))
    try:
        with pytest.raises(BureauInvalidResponse, match="数据格式不正确"):
            await client.catalogue()
    finally:
        await client.aclose()


async def test_server_error_without_json_is_degraded_and_explained(canned_server: Canned) -> None:
    url, ca, handler = canned_server
    handler.status, handler.body = 503, b"<html>busy</html>"
    client = BureauClient(url, build_ssl_context(ca))
    try:
        with pytest.raises(BureauError, match="HTTP 503") as caught:
            await client.health()
        assert caught.value.status == 503
        assert client.monitor.state is ConnectionState.DEGRADED
    finally:
        await client.aclose()


async def test_catalogue_asks_for_gzip_validates_off_the_loop_and_works_without_gzip() -> None:
    import httpx

    from counter.bureau.models import Catalogue
    from counter.training.seed import load_catalogue

    items = [i.model_dump(mode="json") for i in load_catalogue()[:3]]
    body = Catalogue.model_validate({"version": "9", "items": items}).model_dump_json()
    seen: list[str] = []

    def plain(request: httpx.Request) -> httpx.Response:  # a bureau that never compresses
        seen.append(request.headers.get("accept-encoding", ""))
        return httpx.Response(200, headers={"ETag": '"v9"'}, content=body.encode())

    client = BureauClient(
        "https://bureau.invalid", ssl.create_default_context(), transport=httpx.MockTransport(plain)
    )
    threads: list[str] = []

    def parse(raw: bytes) -> Catalogue:
        threads.append(threading.current_thread().name)
        return Catalogue.model_validate_json(raw)

    try:
        answer = await client.catalogue(parse=parse)
        assert answer.catalogue is not None and answer.catalogue.version == "9"
        assert answer.raw == body.encode() and answer.etag == '"v9"'
        assert "gzip" in seen[0]
        assert threads and threads[0] != threading.main_thread().name  # not the event loop
        with pytest.raises(BureauInvalidResponse):
            await client.catalogue(parse=lambda raw: Catalogue.model_validate_json(raw[:-1]))
    finally:
        await client.aclose()
