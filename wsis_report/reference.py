"""Reference data shipped in the package: the 17 SDGs, the 11 WSIS Action Lines, and the texts
that print in the six UN languages (data/i18n.yaml, each value with its source; an empty value
was not found in a source and is never filled in by guess)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .diskcache import cache_path, read_marshal, write_marshal


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
    """A data file, parsed once per machine: building i18n.yaml's objects takes PyYAML 15 ms."""
    data = resources.files("wsis_report.data").joinpath(name).read_bytes()
    kept_at = cache_path("data") / f"{Path(name).stem}-{hashlib.sha1(data).hexdigest()[:20]}.marshal"
    kept = read_marshal(kept_at)
    if isinstance(kept, dict):
        return kept
    import yaml

    parsed = yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))   # our own data
    write_marshal(kept_at, parsed)
    return parsed


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


LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")        # the six official UN languages
LABELS = ("contents", "annex", "question", "action_line", "sdgs", "note", "draft", "page_x_of_y",
          "matrix_title")                               # the fixed texts a document prints
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


@dataclass(frozen=True)
class Translations:
    """Sourced texts by language; "" where no source gave one."""

    goals: dict[int, dict[str, str]]                # SDG number -> language -> short title
    action_lines: dict[str, dict[str, str]]         # code -> language -> title
    labels: dict[str, dict[str, str]]               # label -> language -> text
    months: dict[str, list[str]]                    # language -> month names (as in a date)
    date_patterns: dict[str, str]                   # language -> CLDR long date pattern


@lru_cache(maxsize=1)
def load_translations() -> Translations:
    data = _read("i18n.yaml")
    return Translations(
        goals={g["number"]: dict(g["short_title"]) for g in data["goals"]},
        action_lines={a["code"]: dict(a["title"]) for a in data["action_lines"]},
        labels={key: dict(entry["value"]) for key, entry in data["labels"].items()},
        months={lang: list(names) for lang, names in data["dates"]["month_names_format_wide"].items()},
        date_patterns=dict(data["dates"]["long_date_pattern_cldr"]),
    )
