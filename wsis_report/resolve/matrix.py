"""The matrix annex: every Action Line against the 17 SDGs, from the questions' sdg-map blocks."""
from __future__ import annotations

from ..model import Entry, Labels, MatrixRow, Origin, Question, SdgMap, SdgMatrix
from ..model.text import walk_blocks
from ..reference import load_reference
from .labels import matrix_legend
from .sdgmap import action_line, goal


def matrix_links(entries: list[Entry]) -> dict[tuple[str, int], list[int]]:
    """(Action Line, SDG) -> the numbers of the questions whose sdg-map blocks link them."""
    found: dict[tuple[str, int], list[int]] = {}
    for entry in entries:
        if not isinstance(entry, Question):
            continue
        for block in walk_blocks(entry.blocks):
            for row in block.rows if isinstance(block, SdgMap) else ():
                for sdg in row.goals:
                    numbers = found.setdefault((row.line.code, sdg.number), [])
                    if entry.number not in numbers:
                        numbers.append(entry.number)
    return found


def sdg_matrix(entries: list[Entry], labels: Labels, language: str, origin: Origin,
               own: dict[str, str] | None = None) -> SdgMatrix:
    """The 11 Action Lines, with each C7 sub-line that a map uses listed under C7."""
    reference, links = load_reference(), matrix_links(entries)
    used = {code for code, _ in links}
    rows = tuple(MatrixRow(action_line(code, language, own),
                           tuple(tuple(links.get((code, n), ())) for n in reference.goals))
                 for code, line in reference.action_lines.items() if not line.parent or code in used)
    return SdgMatrix(labels.matrix_title, "annex-sdg-matrix", tuple(goal(n, language) for n in reference.goals),
                     rows, matrix_legend(labels, language), labels.action_line, origin)
