"""Loading scenario files: TOML → :class:`Scenario`, checked against the catalogue and seed.

Every problem is a :class:`ScenarioError` naming the file, the field (dotted, e.g.
``citizen[2].item``) and what is wrong, in Chinese, so a trainer who edits a file sees at
once where to look.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from counter.bureau.models import CatalogueItem
from counter.resources import resource_path
from counter.scenarios.model import (
    DEFAULT_PASS_MARK,
    Citizen,
    Outcome,
    Scenario,
    ScenarioSet,
)

__all__ = [
    "SETS_FILE",
    "ScenarioError",
    "ScenarioLibrary",
    "default_directory",
    "load_library",
    "load_scenario",
]

SETS_FILE = "sets.toml"


class ScenarioError(ValueError):
    """A scenario (or set) file that cannot be used; ``str()`` is shown to the trainer."""

    def __init__(self, path: Path | str, field: str, message: str) -> None:
        self.path = Path(path)
        self.field = field
        self.message = message
        where = f"{self.path.name}：{field}：" if field else f"{self.path.name}："
        super().__init__(where + message)


def default_directory() -> Path:
    return resource_path("training", "scenarios")


# --- reference data ---------------------------------------------------------------------


@cache
def _catalogue() -> dict[str, CatalogueItem]:
    from counter.training.seed import load_catalogue

    return {item.code: item for item in load_catalogue()}


@cache
def _persons() -> tuple[tuple[str, str], ...]:
    """(id_number, name) of the seeded persons, in seed order (the first are featured)."""
    from counter.training.persons import generate_persons

    return tuple((p.id_number, p.name) for p in generate_persons())


@cache
def _person_names() -> dict[str, str]:
    return dict(_persons())


def catalogue_item(code: str) -> CatalogueItem:
    return _catalogue()[code]


# --- pydantic errors in Chinese ---------------------------------------------------------------


def _loc(loc: Iterable[int | str]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in ("function-after", "function-before") or "[" in part:
            continue
        else:
            text += ("." if text else "") + part
    return text


_SIMPLE_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的字段（拼写错误？）",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文字（用引号括起来）",
    "string_too_short": "不能为空",
    "tuple_type": '应为列表，例如 ["idcard"]',
    "list_type": '应为列表，例如 ["idcard"]',
    "dict_type": "应为表（[节] 或 { 键 = 值 }）",
    "model_type": "应为表（[节] 或 { 键 = 值 }）",
}
_BOUNDS = {
    "greater_than": ("应大于", "gt"),
    "greater_than_equal": ("应大于等于", "ge"),
    "less_than": ("应小于", "lt"),
    "less_than_equal": ("应小于等于", "le"),
}


def _message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in _SIMPLE_MESSAGES:
        return _SIMPLE_MESSAGES[kind]
    if kind == "enum":
        return f"取值不对，应为：{ctx.get('expected', '')}"
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length', 1)} 项"
    if kind in _BOUNDS:
        words, key = _BOUNDS[kind]
        return f"{words} {ctx.get(key)}"
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", "")))
    return str(error.get("msg", "取值不对"))


# --- loading ------------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ScenarioError(path, "", f"无法读取文件（{exc.strerror or exc}）") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(path, "", f"TOML 格式错误：{exc}") from exc


def load_scenario(path: Path) -> Scenario:
    """One scenario file, validated and with its persons resolved."""
    data = _read_toml(path)
    try:
        scenario = Scenario.model_validate({**data, "path": path})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ScenarioError(path, _loc(first["loc"]), _message(first)) from None
    citizens = tuple(_resolve(path, i, c) for i, c in enumerate(scenario.citizen))
    scenario = scenario.model_copy(update={"citizen": citizens})
    _check_scenario(path, scenario)
    return scenario


def _resolve(path: Path, index: int, citizen: Citizen) -> Citizen:
    where = f"citizen[{index}]"
    persons = _persons()
    if citizen.person is not None:
        if citizen.person >= len(persons):
            raise ScenarioError(path, f"{where}.person", f"种子人员只有 {len(persons)} 位")
        id_number, name = persons[citizen.person]
    else:
        id_number = citizen.id_number.upper()
        name = _person_names().get(id_number, "")
        if not name:
            raise ScenarioError(path, f"{where}.id_number", "培训平台种子数据中没有此人")
    return citizen.model_copy(update={"resolved_id": id_number, "resolved_name": name})


def _check_scenario(path: Path, scenario: Scenario) -> None:
    from counter.scenarios.scoring import MistakeCode

    keys: list[str] = []
    for i, c in enumerate(scenario.citizen):
        _check_citizen(path, f"citizen[{i}]", c, keys, scenario)
        keys.append(c.key)
    for key in scenario.careless.citizen:
        if key not in keys:
            raise ScenarioError(path, f"careless.citizen.{key}", "没有这个群众编号")
    codes = {m.value for m in MistakeCode}
    for code in scenario.careless.expect_mistakes:
        if code not in codes:
            raise ScenarioError(path, "careless.expect_mistakes", f"“{code}”不是已知的差错代码")


def _check_citizen(
    path: Path, where: str, c: Citizen, earlier: list[str], scenario: Scenario
) -> None:
    if c.key in earlier:
        raise ScenarioError(path, f"{where}.key", f"群众编号“{c.key}”重复")
    item = _catalogue().get(c.item)
    if item is None:
        raise ScenarioError(path, f"{where}.item", f"办事目录中没有事项“{c.item}”")
    known = {m.name for m in item.materials}
    for name in c.materials or ():
        if name not in known:
            raise ScenarioError(
                path,
                f"{where}.materials",
                f"“{name}”不是“{item.name}”的材料（应为：{'、'.join(sorted(known)) or '无'}）",
            )
    fields = {f.name for f in item.form_fields}
    for name in c.form:
        if name not in fields:
            raise ScenarioError(path, f"{where}.form.{name}", f"“{item.name}”的表单没有此字段")
    after = c.arrive_after
    if after is not None and after[1] not in earlier:
        raise ScenarioError(path, f"{where}.arrive", f"“{after[1]}”须是排在前面的群众编号")
    _check_reprint(path, where, c, earlier, scenario)


def _check_reprint(
    path: Path, where: str, c: Citizen, earlier: list[str], scenario: Scenario
) -> None:
    field = f"{where}.expect.reprint_of"
    if c.expect.outcome is not Outcome.REPRINT:
        if c.expect.reprint_of:
            raise ScenarioError(path, field, '只有 outcome = "reprint" 才能填')
        return
    if c.expect.reprint_of not in earlier:
        raise ScenarioError(path, field, "补打须指向排在前面、已受理的群众编号")
    if scenario.by_key(c.expect.reprint_of).expect.outcome not in (
        Outcome.ACCEPT,
        Outcome.ACCEPT_OFFLINE,
    ):
        raise ScenarioError(path, field, "所指群众的业务未被受理")


@dataclass
class ScenarioLibrary:
    """All scenarios of a directory and the sets that group them."""

    directory: Path
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    sets: dict[str, ScenarioSet] = field(default_factory=dict)

    def get(self, scenario_id: str) -> Scenario:
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            raise ScenarioError(self.directory, "", f"没有情景“{scenario_id}”") from None

    def in_set(self, set_id: str) -> list[Scenario]:
        chosen = self.sets[set_id]
        ids = chosen.scenarios or tuple(self.scenarios)
        return [self.scenarios[i] for i in ids]

    def pass_mark(self, set_id: str | None, scenario: Scenario | None = None) -> int:
        if scenario is not None and scenario.pass_mark is not None:
            return scenario.pass_mark
        if set_id is not None and set_id in self.sets:
            return self.sets[set_id].pass_mark
        return DEFAULT_PASS_MARK


def load_library(directory: Path | None = None) -> ScenarioLibrary:
    """Every ``*.toml`` scenario of *directory* (sorted by file name) and its ``sets.toml``."""
    directory = directory or default_directory()
    library = ScenarioLibrary(directory)
    for path in sorted(directory.glob("*.toml")):
        if path.name == SETS_FILE:
            continue
        scenario = load_scenario(path)
        if scenario.id in library.scenarios:
            raise ScenarioError(path, "id", f"情景编号“{scenario.id}”与其他文件重复")
        library.scenarios[scenario.id] = scenario
    sets_path = directory / SETS_FILE
    if sets_path.exists():
        data = _read_toml(sets_path)
        for i, raw in enumerate(data.get("set", [])):
            try:
                chosen = ScenarioSet.model_validate(raw)
            except ValidationError as exc:
                first = exc.errors()[0]
                raise ScenarioError(
                    sets_path, f"set[{i}].{_loc(first['loc'])}", _message(first)
                ) from None
            for sid in chosen.scenarios:
                if sid not in library.scenarios:
                    raise ScenarioError(sets_path, f"set[{i}].scenarios", f"没有情景“{sid}”")
            library.sets[chosen.id] = chosen
    return library
