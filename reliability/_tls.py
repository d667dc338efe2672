"""The TLS matrix (suite 6): what the counter's client refuses, through `BureauClient`.

Rows: the control (trusted CA, valid certificate) must connect; every other row must be
refused: a client trusting another CA, an untrusted self-signed server, an expired and a
wrong-host certificate from the trusted CA, plain HTTP (in the config, given to the
client, and a plain-HTTP server behind an https URL), and — against a server that asks
for a device certificate as the bureau's may — no client certificate and one from another
CA (plus the control with the right device certificate).

The training platform itself does not ask for client certificates: a classroom shares it
and the counters there have no device certificates. The client supports them
(`bureau.client_cert` / `bureau.client_key`, passphrase in the keyring), so the mutual-TLS
rows run the same platform app under uvicorn with ``CERT_REQUIRED``.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from counter.bureau.client import (
    BureauCertificateError,
    BureauClient,
    BureauError,
    BureauUnreachable,
    build_ssl_context,
)
from counter.config import ConfigError, load_config
from counter.training.app import create_app
from counter.training.server import TrainingServer, bind_socket
from counter.training.tls import (
    create_ca,
    generate_foreign_ca,
    generate_self_signed,
    issue_server_certificate,
    load_ca,
    write_server_pair,
)


@dataclass(frozen=True)
class Row:
    name: str
    expect_refused: bool
    refused: bool
    detail: str

    @property
    def ok(self) -> bool:
        return self.refused == self.expect_refused


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def issue_client_certificate(
    directory: Path, ca_key: ec.EllipticCurvePrivateKey, ca_cert: x509.Certificate, name: str
) -> tuple[Path, Path]:
    """A device (client) certificate and key signed by the CA; returns (cert, key) paths."""
    now = datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    cert_path = _write(directory / f"{name}.pem", cert.public_bytes(serialization.Encoding.PEM))
    key_path = _write(
        directory / f"{name}.key",
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    return cert_path, key_path


async def _health(base_url: str, context: ssl.SSLContext) -> tuple[bool, str]:
    """(refused, detail) of one `GET /v1/health` through the counter's client."""
    try:
        client = BureauClient(base_url, context, connect_timeout_s=5, read_timeout_s=5)
    except BureauCertificateError as exc:
        return True, f"refused by the client: {exc.message}"
    try:
        await client.health()
    except BureauCertificateError as exc:
        return True, f"refused: {exc.message}"
    except BureauUnreachable as exc:
        return True, f"refused (connection): {exc.message}"
    except BureauError as exc:
        return False, f"answered {exc.status}: {exc.message}"
    finally:
        await client.aclose()
    return False, "connected"


@contextlib.contextmanager
def _server(directory: Path, tls: object | None = None) -> Iterator[TrainingServer]:
    server = TrainingServer(directory, tls=tls)  # type: ignore[arg-type]
    server.start_in_thread()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def _mtls_server(server: TrainingServer, device_ca: Path) -> Iterator[str]:
    """The platform app on its own port, asking for a device certificate from `device_ca`."""
    app = create_app(server.engine)
    sock = bind_socket("127.0.0.1", 0)
    config = uvicorn.Config(
        app,
        ssl_certfile=str(server.tls.server_cert),
        ssl_keyfile=str(server.tls.server_key),
        ssl_cert_reqs=ssl.CERT_REQUIRED,
        ssl_ca_certs=str(device_ca),
        lifespan="off",
        log_config=None,
        log_level="critical",
        access_log=False,
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(
        target=lambda: asyncio.run(uv.serve(sockets=[sock])), name="mtls", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 15
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"https://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        uv.should_exit = True
        thread.join(timeout=5)
        sock.close()


@contextlib.contextmanager
def _plain_http_server() -> Iterator[int]:
    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = (
                b'{"status":"ok","api_version":"1","platform":"plain","platform_version":"0",'
                b'"server_time":"2026-11-28T00:00:00Z","training":true}'
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


def tls_matrix(root: Path) -> list[Row]:
    rows: list[Row] = []
    loop = asyncio.new_event_loop()

    def probe(name: str, url: str, context: ssl.SSLContext, *, refused: bool = True) -> None:
        got, detail = loop.run_until_complete(_health(url, context))
        rows.append(Row(name, refused, got, detail))

    try:
        with _server(root / "good") as good:
            trusted = build_ssl_context(good.ca_file)
            probe("trusted CA, valid certificate (control)", good.base_url, trusted, refused=False)
            other = generate_foreign_ca(root / "other-ca")
            probe("client trusts another CA", good.base_url, build_ssl_context(other.ca_cert))

            ca_key, ca_cert = load_ca(good.tls)
            now = datetime.now(UTC)
            for name, hostnames, shift in (
                ("expired certificate from the trusted CA", ("localhost", "127.0.0.1"), -400),
                ("wrong host name, trusted CA", ("bureau.example",), 0),
            ):
                when = now + timedelta(days=shift)
                key, cert = issue_server_certificate(
                    ca_key, ca_cert, hostnames, now=when, not_after=when + timedelta(days=30)
                )
                bad = write_server_pair(root / name[:7], key, cert, good.tls.ca_cert)
                with _server(root / f"{name[:7]}-data", bad) as server:
                    probe(name, server.base_url, trusted)
            rogue = generate_self_signed(root / "rogue")
            with _server(root / "rogue-data", rogue) as server:
                probe("untrusted self-signed server", server.base_url, trusted)

            # Plain HTTP: the config refuses it, so does the client, so does TLS.
            config_file = root / "plain.toml"
            config_file.write_text('[bureau]\nbase_url = "http://127.0.0.1:8080"\n')
            try:
                load_config(config_file, {})
                rows.append(Row("plain HTTP URL in the config", True, False, "accepted"))
            except ConfigError as exc:
                rows.append(Row("plain HTTP URL in the config", True, True, f"refused: {exc}"))
            with _plain_http_server() as port:
                probe("plain HTTP URL given to the client", f"http://127.0.0.1:{port}", trusted)
                probe("https URL, server speaks plain HTTP", f"https://127.0.0.1:{port}", trusted)

            # Mutual TLS against a server that asks for a device certificate.
            device_ca_key, device_ca_cert = create_ca("Bureau device CA (test)")
            device_ca = _write(
                root / "device-ca" / "ca.pem",
                device_ca_cert.public_bytes(serialization.Encoding.PEM),
            )
            device_cert, device_key = issue_client_certificate(
                root / "device", device_ca_key, device_ca_cert, "counter-pc"
            )
            stranger_key, stranger_ca = create_ca("Some other CA")
            wrong_cert, wrong_key = issue_client_certificate(
                root / "stranger", stranger_key, stranger_ca, "stranger-pc"
            )
            with _mtls_server(good, device_ca) as url:
                probe(
                    "mutual TLS, right device certificate (control)",
                    url,
                    build_ssl_context(good.ca_file, device_cert, device_key),
                    refused=False,
                )
                probe("mutual TLS, no client certificate", url, trusted)
                probe(
                    "mutual TLS, client certificate from another CA",
                    url,
                    build_ssl_context(good.ca_file, wrong_cert, wrong_key),
                )
    finally:
        loop.close()
    return rows
