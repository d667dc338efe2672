"""Editing the device settings in the config file (the supervisor's 设置 dialog).

The same rules as `counter.config` validate the edited values (the whole file is validated
with the edits applied, so a value the loader would refuse is never written). The file is
rewritten with tomlkit, which keeps unrelated keys, comments and layout, and replaced
atomically (temp file in the same folder, fsync, rename): a crash leaves the old file or
the new one, never half of one. Only a supervisor may save; every save is journaled with the
old and the new values (URLs without any password part).

Every device is built once at start-up (`ui.composition.build_services`), so saved changes
take effect after a restart; `SaveResult.restart` names them.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import tomlkit
from pydantic import ValidationError
from tomlkit.items import Table

from counter.audit import AuditLog
from counter.bureau.models import Role
from counter.config import (
    ENV_PREFIX,
    Config,
    ConfigError,
    _explain,
    default_config_path,
)
from counter.journal import Action
from counter.session import ActiveSession, PermissionDenied


@dataclass(frozen=True)
class SettingField:
    key: str  # "section.name"
    label: str
    restart: bool = True  # read at start-up only


#: The keys the settings dialog edits, in its order.
FIELDS: tuple[SettingField, ...] = (
    SettingField("printer.uri", "打印机地址"),
    SettingField("printer.paper_mm", "纸宽"),
    SettingField("caller.kind", "叫号系统"),
    SettingField("caller.url", "叫号系统地址"),
    SettingField("reader.kind", "读卡器"),
    SettingField("reader.port", "读卡器端口"),
    SettingField("reader.url", "读卡服务地址"),
    SettingField("evaluator.kind", "评价器"),
    SettingField("ui.hall_screen", "叫号屏所在屏幕"),
    SettingField("hall.voice", "语音播报"),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
LABELS = {f.key: f.label for f in FIELDS}


class SettingsInvalid(Exception):
    """Edited values the config rules refuse: `errors` maps each key to a Chinese message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        first = next(iter(self.errors.items()), ("", ""))
        self.message = f"{LABELS.get(first[0], first[0])}：{first[1]}（请按提示修改后再保存）"
        super().__init__(self.message)


class SettingsForbidden(Exception):
    """Only a supervisor may change the settings (enforced here, not by hiding a button)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SettingsFileError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Change:
    key: str
    old: Any
    new: Any


@dataclass(frozen=True)
class SaveResult:
    changes: tuple[Change, ...]
    restart: tuple[str, ...]  # labels of the changed settings that need a restart

    @property
    def note(self) -> str:
        if not self.changes:
            return "没有修改，无需保存。"
        if not self.restart:
            return "已保存，立即生效。"
        return "已保存。以下修改在重新启动程序后生效：" + "、".join(self.restart)


def config_file_path(
    explicit: Path | None = None, environ: Mapping[str, str] | None = None
) -> Path:
    """The file `load_config` reads: `--config`, else `COUNTER_CONFIG`, else the default."""
    environ = os.environ if environ is None else environ
    if explicit is not None:
        return explicit
    if "COUNTER_CONFIG" in environ:
        return Path(environ["COUNTER_CONFIG"])
    return default_config_path()


def safe_value(key: str, value: Any) -> Any:
    """What the journal may hold: URLs lose any user:password part."""
    if isinstance(value, str) and "://" in value and "@" in value:
        parts = urlsplit(value)
        host = parts.hostname or ""
        netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return value


def _get(tree: Mapping[str, Any], key: str) -> Any:
    section, name = key.split(".")
    node = tree.get(section)
    return node.get(name) if isinstance(node, Mapping) else None


class SettingsEditor:
    """Reads, validates and writes the device settings of one config file."""

    def __init__(
        self, path: Path, audit: AuditLog, *, environ: Mapping[str, str] | None = None
    ) -> None:
        self.path = path
        self.audit = audit
        self.environ = os.environ if environ is None else environ

    # --- reading ----------------------------------------------------------------------

    def _raw(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            return tomllib.loads(self.path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsFileError(
                f"配置文件 {self.path} 有语法错误，请先修正或请科技人员处理：{exc}"
            ) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsFileError(f"无法读取配置文件 {self.path}：{exc}") from exc

    def current(self) -> dict[str, Any]:
        """The file's values for the edited keys (defaults where the file is silent)."""
        raw = self._raw()
        try:
            config = Config.model_validate(raw)
        except ValidationError as exc:
            raise SettingsFileError(
                str(ConfigError(self.path, _loc(exc.errors()[0]), _explain(exc.errors()[0])))
            ) from exc
        dumped = config.model_dump()
        return {key: _get(dumped, key) for key in FIELD_KEYS}

    def overridden(self) -> list[str]:
        """Edited keys an environment variable overrides (the file's value is not used)."""
        names = {ENV_PREFIX + key.replace(".", "__").upper(): key for key in FIELD_KEYS}
        return [key for name, key in names.items() if name in self.environ]

    # --- validating -------------------------------------------------------------------

    def validate(self, values: Mapping[str, Any]) -> dict[str, str]:
        """Errors per key (Chinese), empty when the edited file would load."""
        errors, _config = self._check(values)
        return errors

    def edited_config(self, values: Mapping[str, Any]) -> Config:
        """The config the file would give with `values` applied (for the 测试 buttons)."""
        errors, config = self._check(values)
        if errors or config is None:
            raise SettingsInvalid(errors)
        return config

    def _check(self, values: Mapping[str, Any]) -> tuple[dict[str, str], Config | None]:
        raw = self._raw()
        for key, value in values.items():
            if key not in LABELS:
                raise KeyError(key)
            section, name = key.split(".")
            table = raw.setdefault(section, {})
            if value is None or value == "":
                table.pop(name, None)
            else:
                table[name] = value
        errors: dict[str, str] = {}
        config: Config | None = None
        try:
            config = Config.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                errors.setdefault(_loc(error), _explain(error))
        caller = raw.get("caller", {})
        if caller.get("kind") == "http" and not caller.get("url"):
            # the driver's own rule (drivers.caller.open_caller), said at the field
            errors.setdefault(
                "caller.url", "选择 http 叫号系统时必须填写地址，例如 http://192.0.2.5:8080"
            )
        url = caller.get("url")
        if isinstance(url, str) and url and not url.startswith(("http://", "https://")):
            errors.setdefault("caller.url", "地址应以 http:// 或 https:// 开头")
        reader_url = raw.get("reader", {}).get("url")
        if isinstance(reader_url, str) and not reader_url.startswith(("http://", "https://")):
            errors.setdefault("reader.url", "地址应以 http:// 或 https:// 开头")
        return errors, (config if not errors else None)

    # --- saving -----------------------------------------------------------------------

    async def save(self, session: ActiveSession, values: Mapping[str, Any]) -> SaveResult:
        """Validate, write atomically, journal. Raises PermissionDenied / SettingsInvalid."""
        try:
            session.require(Role.SUPERVISOR)
        except PermissionDenied as exc:
            raise SettingsForbidden(str(exc)) from exc
        result = await asyncio.to_thread(self._save_blocking, values)
        if result.changes:
            await self.audit.record(
                Action.CONFIG_CHANGE,
                staff_no=session.staff.staff_no,
                role=Role.SUPERVISOR.value,
                object="settings",
                details={
                    c.key: f"{safe_value(c.key, c.old)} → {safe_value(c.key, c.new)}"
                    for c in result.changes
                },
            )
        return result

    def _save_blocking(self, values: Mapping[str, Any]) -> SaveResult:
        before = self.current()
        errors, config = self._check(values)
        if errors or config is None:
            raise SettingsInvalid(errors)
        dumped = config.model_dump()
        after = {key: _get(dumped, key) for key in FIELD_KEYS}
        changes = tuple(
            Change(key, before[key], after[key])
            for key in FIELD_KEYS
            if key in values and before[key] != after[key]
        )
        if not changes:
            return SaveResult((), ())
        text = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
        document = tomlkit.parse(text)
        for change in changes:
            section, name = change.key.split(".")
            table = document.get(section)
            if not isinstance(table, Table):
                table = tomlkit.table()
                document[section] = table
            if change.new is None:
                table.pop(name, None)
            else:
                table[name] = change.new
        self._write_atomically(tomlkit.dumps(document))
        restart = tuple(LABELS[c.key] for c in changes if _field(c.key).restart)
        return SaveResult(changes, restart)

    def _write_atomically(self, text: str) -> None:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=folder, prefix=".counter-", suffix=".toml")
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temp, self.path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise SettingsFileError(
                f"无法写入配置文件 {self.path}（{exc.strerror}）：请确认该文件夹可写，"
                "或请科技人员以管理员身份修改。修改未保存。"
            ) from exc


def _field(key: str) -> SettingField:
    return next(f for f in FIELDS if f.key == key)


def _loc(error: Mapping[str, Any]) -> str:
    return ".".join(str(part) for part in error.get("loc", ()))
