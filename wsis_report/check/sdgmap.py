"""sdg-map blocks: which Action Lines serve which SDGs, read and checked entry by entry."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import Diagnostic, ProjectError, error
from ..load import read_yaml
from ..reference import load_reference

SDG_MAP_KIND = "sdg-map"


@dataclass(frozen=True)
class SdgLink:
    """One row of an sdg-map table: an Action Line and the goals it serves."""

    code: str
    goals: tuple[int, ...]
    note: str | None
    line: int


def _read_goals(value, file: str, line: int, code: str, problems: list[Diagnostic]) -> tuple[int, ...]:
    goals = load_reference().goals
    if not isinstance(value, list) or not value:
        problems.append(error(file, line, f"{code}: expected a list of SDG numbers such as [4, 9]",
                              "sdg-map"))
        return ()
    found: list[int] = []
    for goal in value:
        if isinstance(goal, bool) or not isinstance(goal, int) or goal not in goals:
            problems.append(error(file, line, f"{code}: unknown SDG {goal!r}; SDGs are numbered 1 to 17",
                                  "sdg-map"))
        elif goal in found:
            problems.append(error(file, line, f"{code}: SDG {goal} is listed twice", "sdg-map"))
        else:
            found.append(goal)
    return tuple(found)


def read_sdg_map(text: str, file: str, first_line: int) -> tuple[tuple[SdgLink, ...], list[Diagnostic]]:
    """Read an sdg-map block: ``CODE: [goals]`` or ``CODE: {sdgs: [goals], note: text}``."""
    problems: list[Diagnostic] = []
    try:
        doc = read_yaml(text, file, first_line)
    except ProjectError as exc:
        return (), list(exc.diagnostics)
    if not isinstance(doc.value, dict):
        return (), [error(file, first_line, "sdg-map: expected lines such as 'C2: [8, 9]'", "sdg-map")]
    lines = load_reference().action_lines
    links: list[SdgLink] = []
    for code, value in doc.value.items():
        line = doc.line(str(code), first_line)
        if code not in lines:
            problems.append(error(file, line, f"sdg-map: unknown Action Line {code!r}; use C1 to C11 "
                                              "or a C7 sub-line such as C7-ehealth", "sdg-map"))
            continue
        note = None
        if isinstance(value, dict):
            extra = set(value) - {"sdgs", "note"}
            if extra:
                problems.append(error(file, line, f"{code}: unknown key(s) {', '.join(map(str, extra))}; "
                                                  "expected 'sdgs' and 'note'", "sdg-map"))
            note = value.get("note")
            if note is not None and not isinstance(note, str):
                problems.append(error(file, line, f"{code}: 'note' must be text", "sdg-map"))
                note = None
            value = value.get("sdgs")
        links.append(SdgLink(code, _read_goals(value, file, line, code, problems), note, line))
    return tuple(links), problems


