"""TLS of the training platform: generated CA and server certificate, and refusals."""

from __future__ import annotations

import ipaddress
import ssl
import stat
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from counter.training.server import TrainingServer
from counter.training.tls import (
    CA_COMMON_NAME,
    ensure_tls,
    generate_foreign_ca,
    generate_self_signed,
    issue_server_certificate,
    load_ca,
    write_server_pair,
)
from tests.training_fixtures import TrainingHome, server_from_home, trust_only


def _cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_first_run_creates_ca_and_server_certificate(tmp_path: Path) -> None:
    files = ensure_tls(tmp_path / "tls")
    ca, server = _cert(files.ca_cert), _cert(files.server_cert)

    assert ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == CA_COMMON_NAME
    assert isinstance(ca.public_key(), ec.EllipticCurvePublicKey)
    assert isinstance(ca.public_key().curve, ec.SECP256R1)  # type: ignore[union-attr]
    lifetime = ca.not_valid_after_utc - ca.not_valid_before_utc
    assert timedelta(days=3649) < lifetime < timedelta(days=3651)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign

    server.verify_directly_issued_by(ca)
    san = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["localhost"]
    assert san.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("127.0.0.1")]
    assert not server.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = server.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and not usage.key_cert_sign
    eku = server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]

    if sys.platform != "win32":
        assert files.ca_key is not None
        for key in (files.server_key, files.ca_key):
            assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_valid_files_are_reused(tmp_path: Path) -> None:
    first = ensure_tls(tmp_path)
    before = {p: p.read_bytes() for p in (first.ca_cert, first.server_cert, first.server_key)}
    second = ensure_tls(tmp_path, now=datetime.now(UTC) + timedelta(days=300))
    assert second == first
    assert {p: p.read_bytes() for p in before} == before


def test_server_certificate_renewed_within_30_days_of_expiry_ca_kept(tmp_path: Path) -> None:
    files = ensure_tls(tmp_path)
    ca_before, server_before = _cert(files.ca_cert), _cert(files.server_cert)
    later = server_before.not_valid_after_utc - timedelta(days=29)

    ensure_tls(tmp_path, now=later)

    ca_after, server_after = _cert(files.ca_cert), _cert(files.server_cert)
    assert ca_after == ca_before  # clients keep trusting the same CA
    assert server_after.serial_number != server_before.serial_number
    assert server_after.not_valid_after_utc > later + timedelta(days=30)
    server_after.verify_directly_issued_by(ca_after)


def test_ca_near_expiry_is_replaced(tmp_path: Path) -> None:
    files = ensure_tls(tmp_path)
    ca_before = _cert(files.ca_cert)
    ensure_tls(tmp_path, now=ca_before.not_valid_after_utc - timedelta(days=10))
    ca_after = _cert(files.ca_cert)
    assert ca_after.serial_number != ca_before.serial_number
    _cert(files.server_cert).verify_directly_issued_by(ca_after)


def test_missing_hostname_or_broken_key_triggers_new_server_certificate(tmp_path: Path) -> None:
    files = ensure_tls(tmp_path)
    serial = _cert(files.server_cert).serial_number

    ensure_tls(tmp_path, ("localhost", "127.0.0.1", "classroom-pc", "10.1.2.3"))
    san = _cert(files.server_cert).extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert "classroom-pc" in san.value.get_values_for_type(x509.DNSName)
    assert ipaddress.ip_address("10.1.2.3") in san.value.get_values_for_type(x509.IPAddress)
    assert _cert(files.server_cert).serial_number != serial

    files.server_key.write_text("not a key")
    ensure_tls(tmp_path)
    assert files.server_key.read_text().startswith("-----BEGIN PRIVATE KEY-----")


def test_client_trusting_the_training_ca_connects(
    training_server: TrainingServer, client: httpx.Client
) -> None:
    assert client.get("/v1/health").status_code == 200
    assert training_server.base_url.startswith("https://127.0.0.1:")


def test_client_trusting_another_ca_is_refused(
    training_server: TrainingServer, tmp_path: Path
) -> None:
    other = generate_foreign_ca(tmp_path / "other")
    with (
        httpx.Client(verify=trust_only(other.ca_cert)) as stranger,
        pytest.raises(httpx.ConnectError) as caught,
    ):
        stranger.get(f"{training_server.base_url}/v1/health")
    assert _ssl_cause(caught.value) is not None


def test_client_refuses_a_server_with_an_untrusted_self_signed_certificate(
    training_home: TrainingHome, tmp_path: Path
) -> None:
    rogue = generate_self_signed(tmp_path / "rogue")
    server = server_from_home(training_home, tmp_path / "data", tls=rogue)
    server.start_in_thread()
    try:
        with (
            httpx.Client(verify=trust_only(training_home.tls.ca_cert)) as counter,
            pytest.raises(httpx.ConnectError) as caught,
        ):
            counter.get(f"{server.base_url}/v1/health")
    finally:
        server.stop()
    cause = _ssl_cause(caught.value)
    assert cause is not None and "self" in cause.verify_message


@pytest.mark.parametrize(
    ("hostnames", "shift", "reason"),
    [
        (("localhost", "127.0.0.1"), timedelta(days=-400), "expired"),
        (("bureau.example",), timedelta(0), "mismatch"),
    ],
)
def test_client_refuses_expired_or_wrong_host_certificate_even_from_trusted_ca(
    training_home: TrainingHome,
    tmp_path: Path,
    hostnames: tuple[str, ...],
    shift: timedelta,
    reason: str,
) -> None:
    ca_key, ca_cert = load_ca(training_home.tls)
    now = datetime.now(UTC) + shift
    key, cert = issue_server_certificate(
        ca_key, ca_cert, hostnames, now=now, not_after=now + timedelta(days=30)
    )
    tls = write_server_pair(tmp_path / "bad", key, cert, training_home.tls.ca_cert)
    server = server_from_home(training_home, tmp_path / "data", tls=tls)
    server.start_in_thread()
    try:
        with (
            httpx.Client(verify=trust_only(tls.ca_cert)) as counter,
            pytest.raises(httpx.ConnectError) as caught,
        ):
            counter.get(f"{server.base_url}/v1/health")
    finally:
        server.stop()
    cause = _ssl_cause(caught.value)
    assert cause is not None
    assert reason in cause.verify_message.lower()


def _ssl_cause(error: BaseException) -> ssl.SSLCertVerificationError | None:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
