"""TLS material for the training platform: a private CA and a server certificate.

The training platform speaks HTTPS like the real bureau platform, so the client's
"trust only the bureau's private CA" path is exercised in training too. On first run we
create a CA (ECDSA P-256, ten years) and a server certificate for the loopback names
signed by it; later runs reuse both while they stay valid for more than 30 days and
re-issue only the server certificate otherwise (the CA the clients trust is kept).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_COMMON_NAME = "社银通培训平台 CA"
SERVER_COMMON_NAME = "社银通培训平台"
ORGANIZATION = "社银通 Counter 培训环境"
DEFAULT_HOSTNAMES: tuple[str, ...] = ("localhost", "127.0.0.1")
CA_VALID_DAYS = 3650
SERVER_VALID_DAYS = 825
RENEW_BEFORE = timedelta(days=30)
# Certificates start a little in the past so a clock that lags slightly still accepts them.
BACKDATE = timedelta(minutes=5)

CA_CERT_FILE = "training-ca.pem"
CA_KEY_FILE = "training-ca.key"
SERVER_CERT_FILE = "server.pem"
SERVER_KEY_FILE = "server.key"


@dataclass(frozen=True)
class TlsFiles:
    """Paths of the PEM files the training platform serves with and clients trust."""

    ca_cert: Path
    server_cert: Path
    server_key: Path
    ca_key: Path | None = None


def ensure_tls(
    directory: Path,
    hostnames: Sequence[str] = DEFAULT_HOSTNAMES,
    *,
    now: datetime | None = None,
) -> TlsFiles:
    """Return usable TLS files in `directory`, creating or renewing them as needed."""
    now = now or datetime.now(UTC)
    directory.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # not supported everywhere (e.g. Windows ACLs)
        directory.chmod(0o700)
    files = TlsFiles(
        ca_cert=directory / CA_CERT_FILE,
        server_cert=directory / SERVER_CERT_FILE,
        server_key=directory / SERVER_KEY_FILE,
        ca_key=directory / CA_KEY_FILE,
    )
    assert files.ca_key is not None

    ca = _load_pair(files.ca_cert, files.ca_key)
    if ca is None or not _valid_for(ca[1], now, RENEW_BEFORE) or not _is_ca(ca[1]):
        ca = create_ca(now=now)
        _write_key(files.ca_key, ca[0])
        _write_cert(files.ca_cert, ca[1])
        server = None
    else:
        server = _load_pair(files.server_cert, files.server_key)

    if server is None or not _server_cert_ok(server[1], ca[1], hostnames, now):
        server = issue_server_certificate(ca[0], ca[1], hostnames, now=now)
        _write_key(files.server_key, server[0])
        _write_cert(files.server_cert, server[1])
    return files


# --- building blocks (also used by tests to make "bad" certificates) ---------------------


def create_ca(
    common_name: str = CA_COMMON_NAME,
    *,
    now: datetime | None = None,
    valid_days: int = CA_VALID_DAYS,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A self-signed CA certificate and its key."""
    now = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def issue_server_certificate(
    ca_key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    hostnames: Iterable[str] = DEFAULT_HOSTNAMES,
    *,
    now: datetime | None = None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    common_name: str = SERVER_COMMON_NAME,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A TLS server certificate for `hostnames` (DNS names and IP addresses) signed by the CA."""
    now = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key()
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(ca_cert.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - BACKDATE)
        .not_valid_after(not_after or now + timedelta(days=SERVER_VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(_general_names(hostnames)), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def generate_self_signed(
    directory: Path,
    hostnames: Sequence[str] = DEFAULT_HOSTNAMES,
    *,
    now: datetime | None = None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    common_name: str = "Self-signed test server",
) -> TlsFiles:
    """Write a self-signed server certificate (its own issuer) and key into `directory`.

    For tests: a server presenting it must be refused by a client trusting the training
    CA. `ca_cert` points at the certificate itself (what a client would have to trust).
    """
    now = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - BACKDATE)
        .not_valid_after(not_after or now + timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName(_general_names(hostnames)), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    files = TlsFiles(
        ca_cert=directory / SERVER_CERT_FILE,
        server_cert=directory / SERVER_CERT_FILE,
        server_key=directory / SERVER_KEY_FILE,
    )
    _write_key(files.server_key, key)
    _write_cert(files.server_cert, cert)
    return files


def generate_foreign_ca(directory: Path, common_name: str = "Another CA") -> TlsFiles:
    """A different CA with a localhost server certificate: trusted by nobody here."""
    ca_key, ca_cert = create_ca(common_name)
    key, cert = issue_server_certificate(ca_key, ca_cert)
    files = write_server_pair(directory, key, cert, directory / CA_CERT_FILE)
    _write_cert(files.ca_cert, ca_cert)
    _write_key(directory / CA_KEY_FILE, ca_key)
    return TlsFiles(files.ca_cert, files.server_cert, files.server_key, directory / CA_KEY_FILE)


def load_ca(files: TlsFiles) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """The CA key and certificate of `files` (to sign further test certificates)."""
    if files.ca_key is None:
        raise ValueError("这组证书文件不含 CA 私钥")
    pair = _load_pair(files.ca_cert, files.ca_key)
    if pair is None:
        raise ValueError(f"无法读取 CA 证书或私钥：{files.ca_cert}")
    return pair


def write_server_pair(
    directory: Path,
    key: ec.EllipticCurvePrivateKey,
    cert: x509.Certificate,
    ca_cert: Path,
) -> TlsFiles:
    """Write a server key and certificate (e.g. an expired one) and return serving files."""
    directory.mkdir(parents=True, exist_ok=True)
    files = TlsFiles(
        ca_cert=ca_cert,
        server_cert=directory / SERVER_CERT_FILE,
        server_key=directory / SERVER_KEY_FILE,
    )
    _write_key(files.server_key, key)
    _write_cert(files.server_cert, cert)
    return files


# --- helpers -------------------------------------------------------------------------------


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _general_names(hostnames: Iterable[str]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in dict.fromkeys(hostnames):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def _load_pair(
    cert_path: Path, key_path: Path
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate] | None:
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError):
        return None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        return None
    if key.public_key().public_numbers() != _ec_public(cert):
        return None
    return key, cert


def _ec_public(cert: x509.Certificate) -> ec.EllipticCurvePublicNumbers | None:
    public = cert.public_key()
    if isinstance(public, ec.EllipticCurvePublicKey):
        return public.public_numbers()
    return None


def _valid_for(cert: x509.Certificate, now: datetime, margin: timedelta) -> bool:
    return cert.not_valid_before_utc <= now and cert.not_valid_after_utc - margin > now


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
        cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    except x509.ExtensionNotFound:
        return False
    return constraints.ca


def _server_cert_ok(
    cert: x509.Certificate, ca_cert: x509.Certificate, hostnames: Sequence[str], now: datetime
) -> bool:
    if not _valid_for(cert, now, RENEW_BEFORE):
        return False
    try:
        cert.verify_directly_issued_by(ca_cert)
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
        return False
    present = set(san)
    return all(name in present for name in _general_names(hostnames))


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _atomic_write(path, data, 0o600)


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    _atomic_write(path, cert.public_bytes(serialization.Encoding.PEM), 0o644)


def _atomic_write(path: Path, data: bytes, mode: int) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, mode)  # the umask may have narrowed or the file may have existed
    os.replace(tmp, path)
