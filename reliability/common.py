"""What a reliability suite reports: named figures, each against its target."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Figure:
    """One measured figure: ``value`` as shown in the table, ``ok`` whether it meets ``target``."""

    name: str
    value: str
    target: str
    ok: bool
    note: str = ""


@dataclass
class SuiteResult:
    """The figures of one suite run, and how it was run (so the table says what it measured)."""

    suite: str
    title: str
    method: str
    figures: list[Figure] = field(default_factory=list)
    seconds: float = 0.0
    ran_at: str = ""

    @property
    def ok(self) -> bool:
        return all(figure.ok for figure in self.figures)

    def add(self, name: str, value: object, target: str, ok: bool, note: str = "") -> None:
        self.figures.append(Figure(name, str(value), target, ok, note))


class Suite(Protocol):
    def __call__(self, *, full: bool, workdir: str) -> SuiteResult: ...
