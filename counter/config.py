"""The configuration file (DESIGN §3.2): one TOML file, validated, `COUNTER_*` overrides.

Secrets never live here: passwords and keys are in the OS keyring. With no file at all the
defaults are enough for `counter --training`.

Overrides: `COUNTER_<SECTION>__<KEY>=value`, e.g. `COUNTER_PRINTER__URI=dummy://` or
`COUNTER_SECURITY__IDLE_LOCK_MINUTES=5`; `COUNTER_DATA_DIR` for the top-level key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

APP_NAME = "shebaotong-counter"
ENV_PREFIX = "COUNTER_"
PRINTER_SCHEMES = ("network", "usb", "serial", "win32", "file", "dummy", "preview")


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "counter.toml"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OutletConfig(Section):
    code: str = "330102001"
    window: Annotated[int, Field(ge=1, le=99)] = 3

    @field_validator("code")
    @classmethod
    def _digits(cls, value: str) -> str:
        if not (value.isascii() and value.isdigit() and 6 <= len(value) <= 12):
            raise ValueError(f"网点编码“{value}”应为 6–12 位数字")
        return value


class BureauConfig(Section):
    base_url: str = "https://127.0.0.1:8443"
    ca_file: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    connect_timeout_s: Annotated[float, Field(gt=0, le=60)] = 5.0
    read_timeout_s: Annotated[float, Field(gt=0, le=300)] = 20.0
    heartbeat_s: Annotated[float, Field(ge=2, le=600)] = 15.0
    catalogue_sync_minutes: Annotated[float, Field(ge=1, le=1440)] = 15.0

    @field_validator("base_url")
    @classmethod
    def _https_only(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise ValueError("必须以 https:// 开头（与人社平台的连接必须加密）")
        return value.rstrip("/")


class PrinterConfig(Section):
    uri: str = "preview://"
    paper_mm: Literal[58, 80] = 80

    @field_validator("uri")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in PRINTER_SCHEMES:
            forms = "、".join(f"{s}://…" for s in PRINTER_SCHEMES)
            raise ValueError(f"无法识别的打印机地址“{value}”，可用的形式：{forms}")
        return value


class CallerConfig(Section):
    kind: Literal["http", "builtin", "none"] = "builtin"
    url: str | None = None


class QueueConfig(Section):
    prefix: Annotated[str, Field(pattern=r"^[A-Z]{1,3}$")] = "S"
    max_recalls: Annotated[int, Field(ge=0, le=10)] = 3
    priority_cap: Annotated[int, Field(ge=0, le=10)] = 2
    escalate_after_minutes: Annotated[float, Field(gt=0, le=240)] = 30
    late_return_minutes: Annotated[float, Field(gt=0, le=240)] = 30


class HallConfig(Section):
    voice: Literal["auto", "espeak", "windows_sapi", "chime_only", "silent"] = "auto"
    notice: str = ""


class ReaderConfig(Section):
    kind: Literal["simulated", "termb", "http", "none"] = "simulated"
    port: Annotated[int, Field(ge=1, le=1016)] = 1001
    url: str | None = None


class EvaluatorConfig(Section):
    kind: Literal["simulated", "screen", "none"] = "simulated"


class SecurityConfig(Section):
    idle_lock_minutes: Annotated[float, Field(gt=0, le=60)] = 10


class UiConfig(Section):
    language: Literal["zh_CN", "en"] = "zh_CN"
    hall_screen: Annotated[int, Field(ge=0, le=8)] = 1


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    outlet: OutletConfig = OutletConfig()
    bureau: BureauConfig = BureauConfig()
    printer: PrinterConfig = PrinterConfig()
    caller: CallerConfig = CallerConfig()
    queue: QueueConfig = QueueConfig()
    hall: HallConfig = HallConfig()
    reader: ReaderConfig = ReaderConfig()
    evaluator: EvaluatorConfig = EvaluatorConfig()
    security: SecurityConfig = SecurityConfig()
    ui: UiConfig = UiConfig()
    data_dir: Path = Field(default_factory=default_data_dir)


TRAINING_DIR = "training"


def effective_data_dir(config: Config, training: bool) -> Path:
    """Training keeps its own data dir, so practice never mixes with real cases."""
    return config.data_dir / TRAINING_DIR if training else config.data_dir


class ConfigError(Exception):
    """A config problem, with the file, the key and what is wrong, in Chinese."""

    def __init__(self, path: Path | None, key: str, problem: str) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        where = f"配置文件 {path}" if path else "配置"
        super().__init__(f"{where}：{key}：{problem}" if key else f"{where}：{problem}")


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name == "COUNTER_CONFIG":
            continue
        path = name[len(ENV_PREFIX) :].lower().split("__")
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[path[-1]] = value
    return tree


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


_PYDANTIC_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的配置项（拼写错误？）",
    "string_pattern_mismatch": "格式不对",
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "literal_error": "取值不在允许范围内",
    "greater_than": "数值太小",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "model_type": "应为一个表（[section]）",
}


def _explain(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    base = _PYDANTIC_MESSAGES.get(kind, "取值无效")
    ctx = error.get("ctx") or {}
    if kind == "literal_error" and "expected" in ctx:
        return f"{base}：可选 {ctx['expected']}"
    if kind in {"greater_than", "greater_than_equal", "less_than_equal"}:
        limit = ctx.get("gt", ctx.get("ge", ctx.get("le")))
        return f"{base}（界限 {limit}）"
    return base


def load_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Load, merge the environment overrides, validate. Missing default file → defaults."""
    environ = os.environ if environ is None else environ
    explicit = path is not None or "COUNTER_CONFIG" in environ
    if path is None:
        path = Path(environ["COUNTER_CONFIG"]) if "COUNTER_CONFIG" in environ else None
    path = path or default_config_path()
    raw: dict[str, Any] = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(path, "", f"TOML 语法错误：{exc}") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(path, "", f"无法读取：{exc}") from exc
    elif explicit:
        raise ConfigError(path, "", "文件不存在")
    overrides = _env_overrides(environ)
    try:
        return Config.model_validate(_merge(raw, overrides))
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(part) for part in first["loc"]]
        key = ".".join(loc)
        if _has_path(overrides, loc):
            env_name = ENV_PREFIX + "__".join(loc).upper()
            raise ConfigError(None, key, f"{_explain(first)}（来自环境变量 {env_name}）") from exc
        raise ConfigError(path if path.exists() else None, key, _explain(first)) from exc


def _has_path(tree: Mapping[str, Any], loc: list[str]) -> bool:
    node: Any = tree
    for part in loc:
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True
