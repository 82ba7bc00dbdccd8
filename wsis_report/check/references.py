"""References to SDGs and Action Lines in prose: recognised, checked, and near-misses spelled out.

Scans the *source* Markdown of an answer (before templating), so every finding names the line
and column the author typed. Code (fenced, indented, inline), URLs, link destinations and
template tags are masked first: nothing inside them is ever flagged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Diagnostic, error, warning
from ..load import PartSource
from ..syntax import code_regions
from ..reference import load_reference

_SEPARATOR = r"\s*(?:,\s*(?:and|&|or)?|and|&|or)\s*"
_SDG = re.compile(
    r"\b(?P<word>SDGs?|SGDs?|Goals?)(?:\s*[-#]\s*|\s?)(?P<numbers>\d{1,4}(?:" + _SEPARATOR + r"\d{1,4})*)\b"
    r"(?P<money>\s*(?:million|billion|thousand|bn|m|k)\b|[.,]\d{3}\b)?", re.IGNORECASE)
_ACTION_LINES = re.compile(
    r"\bAction\s+Lines?\s+(?P<codes>(?:CA?\s?\d{1,2}|\d{1,2})\b(?:" + _SEPARATOR + r"(?:CA?\s?\d{1,2}|\d{1,2})\b)*)",
    re.IGNORECASE)
_CODE = re.compile(r"\b(?P<prefix>CA?)(?P<number>\d{1,2})\b")
_CODE_LIST = re.compile(r"\bC\d{1,2}(?:" + _SEPARATOR + r"C\d{1,2}\b)+")
_C7_SUB_LINE = re.compile(r"\bC7\s*[-\u2013:]?\s*(?P<name>e-?[a-z]+)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")

# Masked before scanning (replaced by spaces, so columns stay true), besides code (see
# syntax.code_regions, which finds code spans in linear time). Each pattern either matches
# or fails at once wherever it starts, so masking a line is linear in its length: an unclosed
# destination or tag runs to the end of the line, an e-mail address starts only where a word does.
_MASKS = re.compile("|".join((
    r"\]\([^)]*(?:\)|$)",                         # link destination
    r"<[^<>\s]+>",                               # autolink or HTML tag
    r"(?:https?|ftp)://\S+|www\.\S+",            # bare URL
    r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+",      # e-mail address
    r"\{\{.*?(?:\}\}|$)|\{%.*?(?:%\}|$)|\{#.*?(?:#\}|$)",   # template tags
)))
# a line with none of these cannot hold a reference: most lines, passed over without masking.
# Searched in the lower-cased line, where every branch starts with a letter, so the engine skips
# to the next s, g, a or c (6x quicker than the same search ignoring case: 0.19 s of 1,000 answers)
_TRIGGER = re.compile(r"sdg|sgd|goal|action|c(?<!\wc)a?\d")
# a text without these holds no fenced, indented or HTML block
_BLOCK_HINT = re.compile(r"```|~~~|^(?: {4}|\t)|^ {0,3}<", re.MULTILINE)


@dataclass(frozen=True)
class Reference:
    """A recognised reference: an SDG number or an Action Line code, where it was written."""

    kind: str          # "sdg" or "action-line"
    key: str           # "4", "C5", "C7-ehealth"
    line: int
    col: int


def _blank(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with the given (start, end) ranges replaced by spaces, in one pass."""
    pieces, position = [], 0
    for start, end in sorted(ranges):
        pieces += [text[position:start], " " * (end - max(start, position))]
        position = max(position, end)
    return "".join(pieces) + text[position:]


def prose_lines(source: PartSource) -> list[tuple[int, str]]:
    """(line number, text) of the body's prose lines that may hold a reference, with code, URLs
    and template tags blanked out (so columns stay the author's)."""
    lines = source.body.split("\n")
    candidates = [(index, text) for index, text in enumerate(lines) if _TRIGGER.search(text.lower())]
    if not candidates:
        return []
    skipped: frozenset[int] = frozenset()
    spans: dict[int, list[tuple[int, int]]] = {}
    if _BLOCK_HINT.search(source.body) or any("`" in text for _, text in candidates):
        regions = code_regions(source.body)
        skipped = regions.block_lines | regions.other_lines
        for line, start, end in regions.spans:
            spans.setdefault(line, []).append((start, end))
    masked = []
    for index, text in candidates:
        if index in skipped:
            continue
        if index in spans:
            text = _blank(text, spans[index])
        masked.append((source.body_line + index, _MASKS.sub(lambda m: " " * len(m.group(0)), text)))
    return masked


class _Finder:
    """Collects references and diagnostics for one content file."""

    def __init__(self, file: str):
        self.file = file
        self.references: list[Reference] = []
        self.diagnostics: list[Diagnostic] = []
        reference = load_reference()
        self.goals = reference.goals
        self.lines = {code for code, line in reference.action_lines.items() if not line.parent}
        self.sub_lines = {line.title.lower().replace("-", ""): code
                          for code, line in reference.action_lines.items() if line.parent}

    def sdgs(self, line: int, text: str) -> None:
        for match in _SDG.finditer(text):
            word = match["word"]
            if word.lower().startswith("goal") and word[0] != "G":
                continue                            # "goal 4": an ordinary word
            numbers = [(int(n.group()), match.start("numbers") + n.start() + 1)
                       for n in _NUMBER.finditer(match["numbers"]) if len(n.group()) < 4]  # not years
            if word.upper().startswith("SGD"):
                self._sgd(line, match, numbers)
                continue
            for value, col in numbers:
                if value in self.goals:
                    self.references.append(Reference("sdg", str(value), line, col))
                elif word.upper().startswith("SDG"):    # "Goal 25" may be any goal; "SDG 25" is not
                    self.diagnostics.append(error(self.file, line, f"unknown SDG {value}; SDGs are "
                                                                   "numbered 1 to 17", "sdg-ref", col))

    def _sgd(self, line: int, match: re.Match, numbers: list[tuple[int, int]]) -> None:
        """"SGD 17" is a typo for "SDG 17", unless it is money (Singapore dollars)."""
        if numbers and not match["money"] and all(value in self.goals for value, _ in numbers):
            right = "SDGs" if match["word"].upper().endswith("S") else "SDG"
            written = match.group().strip()
            self.diagnostics.append(warning(self.file, line, f"'{written}' looks like a typo; write "
                                                             f"'{right} {match['numbers']}'", "sdg-typo",
                                            match.start() + 1))

    def action_lines(self, line: int, text: str) -> None:
        explicit: set[int] = set()
        for match in _ACTION_LINES.finditer(text):
            for code in re.finditer(r"(CA?)?\s?(\d{1,2})", match["codes"], re.IGNORECASE):
                col = match.start("codes") + code.start(1 if code[1] else 2) + 1
                explicit.add(col)
                written = code.group().strip()
                self._code(line, col, (code[1] or "").upper(), int(code[2]), written,
                           f"'{match.group().split(written)[0]}{written}'")
        in_lists = {m.start() + c.start() for m in _CODE_LIST.finditer(text) for c in _CODE.finditer(m.group())}
        for code in _CODE.finditer(text):
            col = code.start() + 1
            if col in explicit:
                continue
            prefix, number = code["prefix"].upper(), int(code["number"])
            if prefix == "CA" and f"C{number}" in self.lines:
                self._code(line, col, prefix, number, code.group(), f"'{code.group()}'")
            elif prefix == "C" and (f"C{number}" in self.lines or code.start() in in_lists):
                self._code(line, col, prefix, number, code.group(), f"'{code.group()}'")
        for match in _C7_SUB_LINE.finditer(text):
            self._sub_line(line, match)

    def _code(self, line: int, col: int, prefix: str, number: int, written: str, quoted: str) -> None:
        code = f"C{number}"
        if code not in self.lines:
            self.diagnostics.append(error(self.file, line, f"unknown Action Line {code}; Action Lines are "
                                                           "C1 to C11", "action-line-ref", col))
        elif prefix == "C":
            self.references.append(Reference("action-line", code, line, col))
        else:                                        # "CA4", or "Action Line 4"
            fixed = quoted.replace(written, code)
            self.diagnostics.append(warning(self.file, line, f"{quoted} looks like a typo; write {fixed}",
                                            "action-line-typo", col))

    def _sub_line(self, line: int, match: re.Match) -> None:
        name = match["name"].lower().replace("-", "")
        if name in self.sub_lines:
            self.references.append(Reference("action-line", self.sub_lines[name], line, match.start() + 1))
        else:
            known = ", ".join(sorted(f"e-{n[1:]}" for n in self.sub_lines))
            self.diagnostics.append(warning(self.file, line, f"'{match.group()}' is not a C7 sub-line; "
                                                             f"C7 has {known}", "action-line-ref",
                                            match.start("name") + 1))


def find_references(source: PartSource) -> tuple[list[Reference], list[Diagnostic]]:
    finder = _Finder(source.file)
    for line, text in prose_lines(source):
        finder.sdgs(line, text)
        finder.action_lines(line, text)
    return finder.references, sorted(finder.diagnostics, key=lambda d: (d.line, d.col))
