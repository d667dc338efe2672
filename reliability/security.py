"""Suite 6, security checks: TLS, roles, maker ≠ checker, lock, lockout, sessions, secrets.

* **TLS matrix** (`reliability._tls`): the counter's `BureauClient` against the real
  training platform with good and bad certificates, plain HTTP, and a server that asks for
  a device certificate. The controls connect; every other row is refused.
* **Role matrix** (`reliability._roles`): every public action of every core service the
  composition root builds is classified (roles allowed, or open with a reason); each
  restricted action is called as each role outside its set and must raise
  `PermissionDenied` before touching its arguments. An unclassified action fails.
* **Maker ≠ checker**: on the composed services against the platform, a clerk cannot
  review their own case (client and platform refuse), a staff member without the reviewer
  role cannot review, the B post can.
* **Idle lock**: after the idle time the terminal locks; only the same staff member's
  password unlocks (core). The full run also runs the GUI test that checks the locked
  window shows no personal data (`tests/test_ui_shell.py`).
* **Account lockout** after 5 wrong passwords (even the right one is refused then) and
  **session replaced** (a login elsewhere ends this one at the next heartbeat).
* **Secrets never on disk**: after the above, every file under the counter's data
  directory (SQLite files with their -wal, logs, printer previews) is searched as raw bytes
  for the keyring's secrets (text and decoded), the passwords typed and the access tokens.
* **pip-audit** of the installed dependency set (full run only; needs PyPI).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from counter.bureau.cases import IdentityMethod, ReviewRequest
from counter.bureau.client import BureauClient, BureauError, build_ssl_context
from counter.bureau.models import Role, SessionRequest
from counter.cases import CaseError
from counter.session import IdleLock, LockState, LoginError
from counter.training.forms import example_values
from counter.training.persons import featured_persons
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD, add_staff
from reliability._composed import Composed, composed
from reliability._platform import CLERK, CLERK_B, GUIDE
from reliability._roles import check_matrix
from reliability._tls import tls_matrix
from reliability.common import SuiteResult

METHOD = __doc__.split("\n\n", 1)[1] if __doc__ else ""
REVIEW_ITEM = "SB02010"  # 待遇发放账户变更: needs_review
WRONG_PASSWORD = "Wrong#pass1"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Seen:
    """What must never reach the disk: passwords typed and tokens handed out."""

    passwords: set[str] = field(default_factory=lambda: {TRAINING_PASSWORD, WRONG_PASSWORD})
    tokens: set[str] = field(default_factory=set)


def run(*, full: bool, workdir: str) -> SuiteResult:
    root = Path(workdir)
    result = SuiteResult("security", "6. Security checks", METHOD)

    rows = tls_matrix(root / "tls")
    wrong = [f"{r.name}: {r.detail}" for r in rows if not r.ok]
    result.add(
        "TLS matrix: rows as expected (refused / controls connect)",
        f"{sum(r.ok for r in rows)}/{len(rows)}",
        "all",
        not wrong,
        "; ".join(wrong) or "; ".join(f"{r.name} → {r.detail}" for r in rows),
    )

    seen = Seen()
    with composed(root / "counter") as c:
        services = c.services
        table = {
            type(s).__name__: s
            for s in (
                services.sessions,
                services.idle,
                services.catalogue,
                services.persons,
                services.queue,
                services.outbox,
                services.sender,
                services.cases,
                services.evaluations,
                services.transport,
                services.identify,
                services.supervision.uploader,
                services.supervision.reports,
                services.supervision.reconciler,
                services.supervision.day_close,
                services.supervision.followups,
                services.supervision.feedback,
                services.supervision.roster,
                services.supervision.retention,
            )
        }
        matrix = check_matrix(table, services.sessions)
        unclassified = matrix.unclassified or []
        failures = matrix.failures or []
        result.add(
            "role matrix: actions classified",
            f"{matrix.actions - len(unclassified)}/{matrix.actions}",
            "all",
            not unclassified,
            "unclassified: " + ", ".join(unclassified) if unclassified else "",
        )
        result.add(
            "role matrix: role × restricted action refused",
            f"{matrix.cells - len(failures)}/{matrix.cells}",
            "all",
            not failures,
            "; ".join(failures[:8])
            or f"{matrix.restricted} restricted actions × the roles outside each one's set",
        )
        asyncio.run(_session_checks(c, result, seen))
        leaks = _scan_secrets(c, seen)
    result.add(
        "secrets found on disk (keyring secrets, passwords, tokens)",
        len(leaks),
        "0",
        not leaks,
        "; ".join(leaks[:8])
        or f"{len(c.keyring.secrets)} keyring secrets, {len(seen.passwords)} passwords, "
        f"{len(seen.tokens)} tokens searched in every file of the data directory",
    )
    if full:
        _ui_lock_test(result)
        _pip_audit(result)
    return result


async def _session_checks(c: Composed, result: SuiteResult, seen: Seen) -> None:
    services = c.services
    try:
        await _maker_checker(c, result, seen)
        await _idle_lock(c, result)
        await _lockout(c, result, seen)
        await _replaced(c, result, seen)
    finally:
        if services.sessions.current is not None:
            await services.sessions.logout()
        await services.aclose()


async def _login(c: Composed, staff_no: str, seen: Seen) -> None:
    sessions = c.services.sessions
    if sessions.current is not None:
        await sessions.logout()
    session = await sessions.login(staff_no, TRAINING_PASSWORD)
    c.services.catalogue.set_outlet(session.outlet)  # as the app does on login
    if c.services.client.token:
        seen.tokens.add(c.services.client.token)


async def _maker_checker(c: Composed, result: SuiteResult, seen: Seen) -> None:
    services = c.services
    await _login(c, CLERK, seen)
    await services.catalogue.sync(CLERK)
    item = services.catalogue.item(REVIEW_ITEM)
    assert item is not None, "review item missing from the training catalogue"
    draft = services.cases.new_draft(item, ticket_number=None)
    draft.set_person(featured_persons()[0].id_number, IdentityMethod.ID_CARD)
    for name, value in example_values(item.form_fields).items():
        draft.set_field(name, value)
    for material in item.materials:
        draft.set_material(material.name, True)
    outcomes: list[str] = []
    refused = 0
    for reviewer, expect_refused in ((CLERK, True), (GUIDE, True), (CLERK_B, False)):
        try:
            await services.cases.request_review(draft, reviewer, TRAINING_PASSWORD)
        except CaseError as exc:
            outcomes.append(f"{reviewer}: refused ({exc.code})")
            refused += expect_refused
        else:
            outcomes.append(f"{reviewer}: approved")
            refused += not expect_refused
    # The platform refuses self-review too, whatever a client does.
    digest = draft.digest()
    assert digest is not None
    try:
        await services.client.request_review(
            ReviewRequest(
                staff_no=CLERK,
                password=TRAINING_PASSWORD,
                maker=CLERK,
                item_code=item.code,
                case_digest=digest,
            )
        )
        outcomes.append("platform: self-review approved")
    except BureauError as exc:
        outcomes.append(f"platform: self-review refused ({exc.code})")
        refused += 1
    result.add(
        "maker ≠ checker: reviews refused / allowed as expected",
        f"{refused}/4",
        "4/4",
        refused == 4,
        "; ".join(outcomes),
    )


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _idle_lock(c: Composed, result: SuiteResult) -> None:
    sessions = c.services.sessions
    clock = _Clock()
    lock = IdleLock(
        sessions, idle_minutes=c.services.config.security.idle_lock_minutes, clock=clock
    )
    steps: list[bool] = []
    clock.now += lock.idle_s - 1
    steps.append(not await lock.check())  # not yet
    clock.now += 2
    steps.append(await lock.check() and lock.state is LockState.LOCKED)
    steps.append(not await lock.unlock(CLERK, WRONG_PASSWORD))
    steps.append(not await lock.unlock(CLERK_B, TRAINING_PASSWORD))  # someone else
    steps.append(lock.state is LockState.LOCKED)
    steps.append(await lock.unlock(CLERK, TRAINING_PASSWORD))
    result.add(
        "idle lock: locks after the idle time, only the same staff unlocks",
        f"{sum(steps)}/{len(steps)} steps",
        "all",
        all(steps),
        f"idle_lock_minutes = {c.services.config.security.idle_lock_minutes}",
    )


async def _lockout(c: Composed, result: SuiteResult, seen: Seen) -> None:
    services = c.services
    server = services.training_server
    staff_no = f"X-{secrets.token_hex(4).upper()}"
    with Session(server.engine) as db, db.begin():  # type: ignore[attr-defined]
        add_staff(
            db,
            staff_no=staff_no,
            name="锁定测试",
            roles=(Role.CLERK,),
            post=None,
            outlet_code=TRAINING_OUTLET_CODE,
            password=TRAINING_PASSWORD,
        )
    if services.sessions.current is not None:
        await services.sessions.logout()
    codes = []
    for _ in range(5):
        try:
            await services.sessions.login(staff_no, WRONG_PASSWORD)
            codes.append("LOGGED_IN")
        except LoginError as exc:
            codes.append(exc.code)
    try:
        await services.sessions.login(staff_no, TRAINING_PASSWORD)
        codes.append("LOGGED_IN")
    except LoginError as exc:
        codes.append(exc.code)
    ok = codes[:4] == ["BAD_CREDENTIALS"] * 4 and codes[4:] == ["ACCOUNT_LOCKED"] * 2
    result.add(
        "account lockout after 5 wrong passwords (right one refused while locked)",
        "yes" if ok else "no",
        "yes",
        ok,
        " → ".join(codes),
    )


async def _replaced(c: Composed, result: SuiteResult, seen: Seen) -> None:
    services = c.services
    await _login(c, CLERK, seen)
    reasons: list[str] = []
    services.sessions.ended.connect(reasons.append)
    server = services.training_server
    other = BureauClient(server.base_url, build_ssl_context(server.ca_file))  # type: ignore[attr-defined]
    try:
        await other.login(
            SessionRequest(
                staff_no=CLERK,
                password=TRAINING_PASSWORD,
                outlet_code=TRAINING_OUTLET_CODE,
                device_id="OTHER-PC",
            )
        )
        if other.token:
            seen.tokens.add(other.token)
    finally:
        await other.aclose()
    await services.sessions.heartbeat_once()
    ok = services.sessions.current is None and bool(reasons)
    result.add(
        "session replaced by a login elsewhere ends this one",
        "yes" if ok else "no",
        "yes",
        ok,
        reasons[0] if reasons else "session still open",
    )


def _needles(c: Composed, seen: Seen) -> dict[str, bytes]:
    needles: dict[str, bytes] = {}
    for (service, user), value in c.keyring.secrets.items():
        label = f"keyring {service}/{user}"
        needles[label] = value.encode()
        for decode in (base64.b64decode, base64.urlsafe_b64decode, binascii.unhexlify):
            try:
                raw = decode(value)
            except (ValueError, binascii.Error):
                continue
            if len(raw) >= 16:
                needles[f"{label} (decoded)"] = raw
    for i, password in enumerate(sorted(seen.passwords)):
        needles[f"password #{i + 1}"] = password.encode()
    for i, token in enumerate(sorted(seen.tokens)):
        needles[f"access token #{i + 1}"] = token.encode()
    return needles


def _scan_secrets(c: Composed, seen: Seen) -> list[str]:
    """Every file of the counter's data directory (the training platform's own directory,
    the bureau's side, excluded), raw bytes."""
    needles = _needles(c, seen)
    platform_dir = c.data_dir / "platform"
    found: list[str] = []
    for path in sorted(c.data_dir.rglob("*")):
        if not path.is_file() or platform_dir in path.parents:
            continue
        data = path.read_bytes()
        for label, needle in needles.items():
            if needle and needle in data:
                found.append(f"{label} in {path.relative_to(c.data_dir)}")
    return found


def _ui_lock_test(result: SuiteResult) -> None:
    test = "tests/test_ui_shell.py::test_idle_lock_hides_personal_data_until_the_same_clerk_returns"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    last = (done.stdout.strip().splitlines() or ["no output"])[-1]
    result.add(
        "idle lock hides personal data (GUI, offscreen)",
        "passed" if done.returncode == 0 else "failed",
        "passed",
        done.returncode == 0,
        f"{test}: {last}",
    )


def _pip_audit(result: SuiteResult) -> None:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "-f", "json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        report = json.loads(done.stdout or "{}")
    except (subprocess.TimeoutExpired, ValueError) as exc:
        result.add("pip-audit", "not run", "0 findings", False, f"{type(exc).__name__}")
        return
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if "skip_reason" in d]
    findings = [
        f"{d['name']} {d.get('version')}: {v.get('id')}"
        for d in dependencies
        for v in d.get("vulns", [])
    ]
    audited = len(dependencies) - len(skipped)
    note = "; ".join(findings[:8])
    if skipped:
        note = (
            f"{len(skipped)} of {len(dependencies)} packages could not be audited "
            f"(“{skipped[0]['skip_reason'].split(':')[0]}”: the vulnerability service on PyPI "
            "is not reachable from this machine); run `pip-audit` where PyPI is reachable. " + note
        ).strip()
    result.add(
        "pip-audit: known vulnerabilities in audited packages",
        f"{len(findings)} ({audited}/{len(dependencies)} packages audited, "
        f"{datetime.now(UTC):%Y-%m-%d})",
        "0, every package audited",
        not findings and not skipped,
        note,
    )
