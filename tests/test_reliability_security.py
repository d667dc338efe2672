"""The security suite, short version (TLS matrix, role matrix, maker ≠ checker, idle lock,
lockout, replaced session, secrets on disk), and the role matrix's own teeth."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from counter.bureau.models import Role
from counter.session import ActiveSession
from reliability import _roles, security


class _Unchecked:
    """A service whose restricted action forgot its role check."""

    def __init__(self, sessions: SimpleNamespace) -> None:
        self.sessions = sessions

    async def approve(self, case_id: str) -> str:
        return case_id.upper()  # touches its input, checks nothing


class _Checked:
    def __init__(self, sessions: SimpleNamespace) -> None:
        self.sessions = sessions

    async def approve(self, case_id: str) -> str:
        session: ActiveSession = self.sessions.current
        session.require(Role.SUPERVISOR)
        return case_id.upper()

    def brand_new_action(self) -> None:
        """Not in any table."""


def test_the_role_matrix_catches_missing_checks_and_unclassified_actions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rule = {"approve": _roles.SUPERVISOR}
    monkeypatch.setitem(_roles.ROLE_TABLE, "_Unchecked", rule)
    monkeypatch.setitem(_roles.ROLE_TABLE, "_Checked", rule)
    sessions = SimpleNamespace(current=None)

    bad = _roles.check_matrix({"_Unchecked": _Unchecked(sessions)}, sessions)
    assert bad.cells == len(Role) - 1
    assert bad.failures and all("before checking the role" in f for f in bad.failures)

    good = _roles.check_matrix({"_Checked": _Checked(sessions)}, sessions)
    assert good.failures == [] and good.cells == len(Role) - 1
    assert good.unclassified == ["_Checked.brand_new_action"]
    assert sessions.current is None  # restored


@pytest.mark.slow
def test_short_security_suite_passes(tmp_path: Path) -> None:
    result = security.run(full=False, workdir=str(tmp_path))
    names = {f.name for f in result.figures}
    assert "TLS matrix: rows as expected (refused / controls connect)" in names
    assert "role matrix: role × restricted action refused" in names
    failed = [f"{f.name}: {f.value} ({f.note})" for f in result.figures if not f.ok]
    assert not failed
