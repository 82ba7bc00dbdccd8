"""Reference data shipped in the package: the 17 SDGs and the 11 WSIS Action Lines."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Goal:
    number: int
    short_title: str
    long_title: str
    colour: str


@dataclass(frozen=True)
class ActionLine:
    """An Action Line (C1 ... C11) or one of C7's sub-lines (key such as C7-ehealth)."""

    code: str
    title: str
    parent: str | None = None
    matrix_label: str | None = None


@dataclass(frozen=True)
class Reference:
    goals: dict[int, Goal]
    action_lines: dict[str, ActionLine]  # main lines and C7 sub-lines, in document order


def _read(name: str) -> dict:
    text = resources.files("wsis_report.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def load_reference() -> Reference:
    """Read the data files once per process; the result is immutable."""
    goals = {
        g["number"]: Goal(g["number"], g["short_title"], g["long_title"], g["colour"])
        for g in _read("sdgs.yaml")["goals"]
    }
    lines: dict[str, ActionLine] = {}
    for entry in _read("action_lines.yaml")["action_lines"]:
        lines[entry["code"]] = ActionLine(entry["code"], entry["title"])
        for sub in entry.get("sub_lines", []):
            lines[sub["key"]] = ActionLine(
                sub["key"], sub["name"], entry["code"], sub.get("matrix_label")
            )
    return Reference(goals, lines)
