"""`counter report` and `counter verify-journal`: headless, exit codes, what they name."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from counter.dayclose import close_mac
from counter.outbox import NewMessage
from counter.storage.db import open_database
from counter.storage.models import installation_id
from counter.supervision_store import KIND_DAY_CLOSE, DayCloseRow
from tests.test_report_support import DAY, Store, at, fixture_day, open_store
from ui.cli import main
from ui.composition import open_keystore

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Counter:
    config: Path
    database: Path
    key: bytes


def write_config(tmp_path: Path) -> Path:
    path = tmp_path / "counter.toml"
    path.write_text(
        f'data_dir = "{(tmp_path / "data").as_posix()}"\n[outlet]\ncode = "330102001"\n'
        "window = 1\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
async def counter(tmp_path: Path) -> AsyncIterator[Counter]:
    """A counter's data directory with the fixture day, journaled under its keyring key."""
    config = write_config(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    database = data / "counter.sqlite3"
    db = open_database(database)
    key = open_keystore(data, False, installation_id(db)).journal_key()
    db.close()
    store = open_store(database, key=key)
    await fixture_day(store)
    store.close()
    yield Counter(config, database, key)


def record_close(c: Counter) -> str:
    """The close of the fixture day as the day-close service records it; the head."""
    store: Store = open_store(c.database, key=c.key)
    try:
        head = store.journal.head()
        count = len(store.journal.entries())
        message = NewMessage(kind=KIND_DAY_CLOSE, path="/v1/day-closes", object_id="d", body={})
        with store.db.session() as s:
            store.outbox_store.add(s, message, created_by="M001", now=at(17, 30))
            s.add(
                DayCloseRow(
                    business_day=DAY,
                    outlet_code="330102001",
                    window=1,
                    closed_at=at(17, 30),
                    closed_by="M001",
                    journal_head=head,
                    journal_count=count,
                    head_mac=close_mac(c.key, DAY, head, count),
                    summary="{}",
                    outbox_key=message.key,
                )
            )
        return head
    finally:
        store.close()


def tamper(c: Counter, *statements: str) -> None:
    with closing(sqlite3.connect(c.database)) as conn:
        for trigger in (
            "journal_entries_no_update",
            "journal_entries_no_delete",
            "day_closes_no_update",
        ):
            conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for statement in statements:
            conn.execute(statement)
        conn.commit()


def run(c: Counter, *args: str) -> int:
    return main(["--config", str(c.config), *args])


def test_an_intact_journal_verifies(counter: Counter, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(counter, "verify-journal") == 0
    out = capsys.readouterr().out
    assert "日志校验通过" in out
    assert run(counter, "verify-journal", "--date", "2026-03-18") == 0
    assert "尚未日结" in capsys.readouterr().out


def test_an_edited_entry_is_named(counter: Counter, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(
        counter,
        "UPDATE journal_entries SET object = 'S099' WHERE object = 'S003' "
        "AND action = 'ticket_no_show'",
    )
    assert run(counter, "verify-journal") == 1
    err = capsys.readouterr().err
    assert "内容与校验值不符" in err
    assert "第一条异常记录：第" in err and "ticket_no_show S099（C002）" in err
    assert run(counter, "verify-journal", "--date", "2026-03-18") == 1


def test_a_deleted_entry_is_named(counter: Counter, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(counter, "DELETE FROM journal_entries WHERE seq = 5")
    assert run(counter, "verify-journal") == 1
    err = capsys.readouterr().err
    assert "日志第 6 条与前一条不衔接" in err


def test_truncation_is_caught_against_the_closed_head(
    counter: Counter, capsys: pytest.CaptureFixture[str]
) -> None:
    head = record_close(counter)
    assert run(counter, "verify-journal", "--date", "2026-03-18") == 0
    assert f"链头 {head[:12]}… 一致" in capsys.readouterr().out
    tamper(
        counter,
        "DELETE FROM journal_entries WHERE seq > (SELECT max(seq) - 3 FROM journal_entries)",
    )
    for args in (("verify-journal",), ("verify-journal", "--date", "2026-03-18")):
        assert run(counter, *args) == 1
        err = capsys.readouterr().err
        assert "截断" in err and head[:12] in err


def test_the_head_on_the_slip_can_be_checked(
    counter: Counter, capsys: pytest.CaptureFixture[str]
) -> None:
    head = record_close(counter)
    assert run(counter, "verify-journal", "--head", head) == 0
    assert "签字单链头" in capsys.readouterr().out
    assert run(counter, "verify-journal", "--head", "ab" * 32) == 1
    assert "签字单链头核对" in capsys.readouterr().err


def test_an_edited_close_record_is_not_trusted(
    counter: Counter, capsys: pytest.CaptureFixture[str]
) -> None:
    record_close(counter)
    tamper(
        counter,
        "UPDATE day_closes SET journal_head = (SELECT hash FROM journal_entries WHERE seq = 3)",
    )
    assert run(counter, "verify-journal") == 1
    assert "日结记录被改动" in capsys.readouterr().err


def test_report_json_csv_and_pdf(
    counter: Counter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(counter, "report", "--date", "2026-03-18") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["queue"]["issued"] == 7 and data["journal"]["verify"]["ok"] is True
    assert data["outlet_code"] == "330102001" and data["window"] == 1
    out = tmp_path / "day.csv"
    assert run(counter, "report", "--date", "2026-03-18", "--format", "csv", "--out", str(out)) == 0
    assert out.read_text(encoding="utf-8").startswith("\ufeff部分,分组,指标,数值")
    pdf = tmp_path / "day.pdf"
    assert run(counter, "report", "--date", "2026-03-18", "--format", "pdf", "--out", str(pdf)) == 0
    body = pdf.read_bytes()
    assert body.startswith(b"%PDF") and body.count(b"/Type /Page\n") >= 2


def test_the_report_warns_about_a_tampered_journal(
    counter: Counter, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(counter, "UPDATE journal_entries SET staff_no = 'X' WHERE seq = 4")
    assert run(counter, "report", "--date", "2026-03-18") == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["journal"]["verify"]["ok"] is False
    assert "警告" in captured.err


def test_missing_data_and_bad_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path)
    assert main(["--config", str(config), "verify-journal"]) == 2
    assert "找不到本地数据库" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["--config", str(config), "report", "--date", "2026-13-01"])
    assert info.value.code == 2
    assert "格式不对" in capsys.readouterr().err


SCRIPT = """
import json, sys
from pathlib import Path
import keyring
from tests.keyring_support import MemoryKeyring
keyring.set_keyring(MemoryKeyring())
from counter.journal import Action, Journal
from counter.storage.db import open_database
from counter.storage.models import installation_id
from ui.composition import open_keystore
data = Path(sys.argv[1]) / "data"
data.mkdir()
db = open_database(data / "counter.sqlite3")
journal = Journal(db, open_keystore(data, False, installation_id(db)).journal_key())
journal.append(staff_no="C001", role="clerk", action=Action.LOGIN)
db.close()
from ui.cli import main
codes = [main(["--config", sys.argv[2], "report", "--format", "pdf", "--out", sys.argv[3]]),
         main(["--config", sys.argv[2], "verify-journal"])]
print(json.dumps({"codes": codes, "qt": [m for m in sys.modules if m.startswith("PySide6")]}))
"""


def test_the_commands_run_without_qt(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), str(config), str(tmp_path / "r.pdf")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"codes": [0, 0], "qt": []}
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
