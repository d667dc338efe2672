"""Editing the device settings: config rules, atomic write keeping comments, role, journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter.audit import MemoryAudit
from counter.bureau.models import Outlet, Role, Staff
from counter.config import load_config
from counter.session import ActiveSession
from counter.settings_edit import (
    FIELD_KEYS,
    SettingsEditor,
    SettingsFileError,
    SettingsForbidden,
    SettingsInvalid,
    config_file_path,
    safe_value,
)

OUTLET = Outlet(code="330102001", name="培训网点", category=1)
ORIGINAL = """# 本机配置（由科技人员维护）
data_dir = "DATA"

[outlet]
code = "330102001"  # 网点编码
window = 3

[printer]
# 柜台小票打印机
uri = "network://192.0.2.10:9100"
paper_mm = 80
"""


def session(*roles: Role) -> ActiveSession:
    staff = Staff(staff_no="S9001", name="王管理", roles=list(roles))
    return ActiveSession(staff=staff, outlet=OUTLET, window=3, expires_at_utc=0.0)


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "counter.toml"
    path.write_text(ORIGINAL.replace("DATA", (tmp_path / "data").as_posix()), encoding="utf-8")
    return path


def editor(path: Path, audit: MemoryAudit | None = None) -> SettingsEditor:
    return SettingsEditor(path, audit or MemoryAudit(), environ={})


def test_current_values_come_from_the_file_and_defaults(config_file: Path) -> None:
    current = editor(config_file).current()
    assert set(current) == set(FIELD_KEYS)
    assert current["printer.uri"] == "network://192.0.2.10:9100"
    assert current["printer.paper_mm"] == 80
    assert current["caller.kind"] == "builtin"  # the default: the file is silent
    assert current["caller.url"] is None


def test_validation_uses_the_config_rules_with_chinese_messages(config_file: Path) -> None:
    errors = editor(config_file).validate(
        {
            "printer.uri": "lpt1",
            "printer.paper_mm": 57,
            "reader.port": 5000,
            "caller.kind": "http",
            "caller.url": None,
            "ui.hall_screen": 9,
        }
    )
    assert "无法识别的打印机地址" in errors["printer.uri"]
    assert "取值不在允许范围内" in errors["printer.paper_mm"]
    assert "数值太大" in errors["reader.port"]
    assert "必须填写地址" in errors["caller.url"]
    assert "数值太大" in errors["ui.hall_screen"]
    assert editor(config_file).validate({"printer.uri": "usb://0x0416:0x5011"}) == {}


async def test_nothing_is_written_while_a_value_is_invalid(config_file: Path) -> None:
    audit = MemoryAudit()
    with pytest.raises(SettingsInvalid) as caught:
        await editor(config_file, audit).save(
            session(Role.SUPERVISOR), {"printer.uri": "dummy", "hall.voice": "loud"}
        )
    assert set(caught.value.errors) == {"printer.uri", "hall.voice"}
    assert "请按提示修改" in caught.value.message
    assert config_file.read_text(encoding="utf-8").startswith("# 本机配置")
    assert "dummy" not in config_file.read_text(encoding="utf-8")
    assert audit.entries == []


async def test_save_keeps_comments_and_other_keys_and_journals(config_file: Path) -> None:
    audit = MemoryAudit()
    result = await editor(config_file, audit).save(
        session(Role.SUPERVISOR),
        {
            "printer.uri": "network://192.0.2.11:9100",
            "printer.paper_mm": 58,
            "caller.kind": "http",
            "caller.url": "http://ops:secret@192.0.2.5:8080/api/v1",
            "hall.voice": "chime_only",
            "reader.port": 1001,  # unchanged
        },
    )
    text = config_file.read_text(encoding="utf-8")
    for kept in ("# 本机配置（由科技人员维护）", "# 网点编码", "# 柜台小票打印机", "window = 3"):
        assert kept in text
    config = load_config(config_file, environ={})
    assert config.printer.uri == "network://192.0.2.11:9100"
    assert config.printer.paper_mm == 58
    assert config.caller.kind == "http"
    assert config.hall.voice == "chime_only"
    assert config.outlet.window == 3
    assert [c.key for c in result.changes] == [
        "printer.uri",
        "printer.paper_mm",
        "caller.kind",
        "caller.url",
        "hall.voice",
    ]
    assert "重新启动" in result.note and "打印机地址" in result.note
    (entry,) = audit.entries
    assert entry["action"] == "config_change"
    assert entry["staff_no"] == "S9001"
    details = entry["details"]
    assert isinstance(details, dict)
    assert details["printer.uri"] == "network://192.0.2.10:9100 → network://192.0.2.11:9100"
    assert "secret" not in str(details) and "***@192.0.2.5" in str(details["caller.url"])
    assert not [p for p in config_file.parent.iterdir() if p.name.startswith(".counter-")]


async def test_clearing_an_optional_value_removes_the_key(config_file: Path) -> None:
    edit = editor(config_file)
    await edit.save(
        session(Role.SUPERVISOR), {"reader.kind": "http", "reader.url": "http://127.0.0.1:1/x"}
    )
    assert "reader" in config_file.read_text(encoding="utf-8")
    await edit.save(session(Role.SUPERVISOR), {"reader.url": None})
    assert load_config(config_file, environ={}).reader.url is None


async def test_only_a_supervisor_may_save(config_file: Path) -> None:
    audit = MemoryAudit()
    before = config_file.read_bytes()
    with pytest.raises(SettingsForbidden) as caught:
        await editor(config_file, audit).save(
            session(Role.CLERK, Role.REVIEWER), {"printer.paper_mm": 58}
        )
    assert "管理" in caught.value.message
    assert config_file.read_bytes() == before
    assert audit.entries == []


async def test_unchanged_values_write_nothing(config_file: Path) -> None:
    audit = MemoryAudit()
    edit = editor(config_file, audit)
    before = config_file.stat().st_mtime_ns
    result = await edit.save(session(Role.SUPERVISOR), edit.current())
    assert result.changes == ()
    assert result.note == "没有修改，无需保存。"
    assert config_file.stat().st_mtime_ns == before
    assert audit.entries == []


async def test_a_missing_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "counter.toml"
    await editor(path).save(session(Role.SUPERVISOR), {"evaluator.kind": "screen"})
    assert load_config(path, environ={}).evaluator.kind == "screen"


def test_a_broken_file_is_reported_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "counter.toml"
    path.write_text("[printer\nuri = 1", encoding="utf-8")
    with pytest.raises(SettingsFileError, match="语法错误"):
        editor(path).current()


async def test_an_unwritable_place_says_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(SettingsFileError, match="修改未保存"):
        await editor(blocker / "counter.toml").save(
            session(Role.SUPERVISOR), {"printer.paper_mm": 58}
        )


def test_environment_overrides_are_named(config_file: Path) -> None:
    edit = SettingsEditor(config_file, MemoryAudit(), environ={"COUNTER_PRINTER__URI": "dummy://"})
    assert edit.overridden() == ["printer.uri"]


def test_config_path_follows_the_loader() -> None:
    assert config_file_path(Path("/x/a.toml"), {}) == Path("/x/a.toml")
    assert config_file_path(None, {"COUNTER_CONFIG": "/y/b.toml"}) == Path("/y/b.toml")
    assert config_file_path(None, {}).name == "counter.toml"
    assert safe_value("caller.url", "http://192.0.2.5:80/") == "http://192.0.2.5:80/"
