"""sdg-map blocks: which Action Lines serve which SDGs, read and checked entry by entry."""
from __future__ import annotations

from ..errors import Diagnostic, ProjectError, error
from ..load import read_yaml
from ..model import ActionLineRef, Goal, Origin, SdgRow
from ..reference import ActionLine, load_reference
from ..syntax import typeset
from .labels import action_line_title, goal_title



def goal(number: int, language: str = "en") -> Goal:
    """An SDG as the model prints it: number, short title in the language, official colour."""
    reference = load_reference().goals[number]
    return Goal(number, goal_title(number, language), reference.colour)


def action_line(code: str, language: str = "en", own: dict[str, str] | None = None) -> ActionLineRef:
    """An Action Line as the model prints it; a C7 sub-line reads "C7 E-health" with C7's title.
    A title with no source in the language prints in English."""
    lines = load_reference().action_lines
    line: ActionLine = lines[code]
    title = lambda key: action_line_title(key, language, own) or lines[key].title    # noqa: E731
    if line.parent:
        return ActionLineRef(code, f"{line.parent} {title(code)}", title(line.parent), sub_line=True)
    return ActionLineRef(code, code, title(code))


def _read_goals(value, where: Origin, code: str, problems: list[Diagnostic], language: str) -> tuple[Goal, ...]:
    goals = load_reference().goals
    if not isinstance(value, list) or not value:
        problems.append(error(where.file, where.line, f"{code}: expected a list of SDG numbers such as [4, 9]",
                              "sdg-map"))
        return ()
    found: list[int] = []
    for number in value:
        if isinstance(number, bool) or not isinstance(number, int) or number not in goals:
            problems.append(error(where.file, where.line, f"{code}: unknown SDG {number!r}; SDGs are numbered "
                                                          "1 to 17", "sdg-map"))
        elif number in found:
            problems.append(error(where.file, where.line, f"{code}: SDG {number} is listed twice", "sdg-map"))
        else:
            found.append(number)
    return tuple(goal(n, language) for n in found)


def read_sdg_map(text: str, file: str, line_of, language: str,
                 own: dict[str, str] | None = None) -> tuple[tuple[SdgRow, ...], list[Diagnostic]]:
    """Read an sdg-map block: ``CODE: [goals]`` or ``CODE: {sdgs: [goals], note: text}``.
    ``line_of(i)``: the file line of the block's 0-based content line ``i``."""
    first_line = line_of(0)
    try:
        doc = read_yaml(text, file, first_line)
    except ProjectError as exc:
        return (), list(exc.diagnostics)
    if not isinstance(doc.value, dict):
        return (), [error(file, first_line, "sdg-map: expected lines such as 'C2: [8, 9]'", "sdg-map")]
    lines = load_reference().action_lines
    rows: list[SdgRow] = []
    problems: list[Diagnostic] = []
    for code, value in doc.value.items():
        where = Origin(file, line_of(doc.line(str(code), first_line) - first_line))
        if code not in lines:
            problems.append(error(file, where.line, f"sdg-map: unknown Action Line {code!r}; use C1 to C11 "
                                                    "or a C7 sub-line such as C7-ehealth", "sdg-map"))
            continue
        note = None
        if isinstance(value, dict):
            extra = set(value) - {"sdgs", "note"}
            if extra:
                problems.append(error(file, where.line, f"{code}: unknown key(s) {', '.join(map(str, extra))}; "
                                                        "expected 'sdgs' and 'note'", "sdg-map"))
            note = value.get("note")
            if note is not None and not isinstance(note, str):
                problems.append(error(file, where.line, f"{code}: 'note' must be text", "sdg-map"))
                note = None
            value = value.get("sdgs")
        rows.append(SdgRow(action_line(code, language, own), _read_goals(value, where, code, problems, language),
                           typeset(note, language) if note else None, where))
    return tuple(rows), problems
