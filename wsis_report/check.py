"""Stage 4, check: number the questions, read sdg-map blocks, and report diagnostics.

Returns a :class:`CheckedDocument` — the ordered sections, questions and parts the layout
prints — together with every diagnostic found. Errors stop a build; warnings do not.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from markdown_it.tree import SyntaxTreeNode

from .errors import ERROR, Diagnostic, ProjectError, error, warning
from .load import Submission, read_yaml
from .parse import ParsedPart, plain_text, slugify, typeset
from .reference import load_reference

SDG_MAP_KIND = "sdg-map"


@dataclass(frozen=True)
class SdgLink:
    """One row of an sdg-map table: an Action Line and the goals it serves."""

    code: str
    goals: tuple[int, ...]
    note: str | None
    line: int


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    file: str
    line: int
    alias: str = ""              # GitHub-style slug of the title, a second link target


@dataclass(frozen=True)
class Answer:
    """A numbered question (``number`` set) or an unnumbered part (``number`` None)."""

    heading: str                 # question text, or the part's title
    number: int | None
    anchor: str
    outline_title: str
    parsed: ParsedPart
    sdg_maps: dict[int, tuple[SdgLink, ...]] = field(default_factory=dict)  # by fence start line
    heading_anchors: dict[int, str] = field(default_factory=dict)           # by heading start line

    @property
    def file(self) -> str:
        return self.parsed.source.file

    @property
    def body_line(self) -> int:
        return self.parsed.source.body_line


def link_targets(entries) -> frozenset[str]:
    """Every internal link target: questions (q1, q2 ...), sections, parts and headings."""
    names = set()
    for entry in entries:
        names.add(entry.anchor)
        names.update([entry.alias] if isinstance(entry, Section) else entry.heading_anchors.values())
    return frozenset(names)


@dataclass(frozen=True)
class CheckedDocument:
    submission: Submission
    entries: tuple[Section | Answer, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def anchors(self) -> frozenset[str]:
        return link_targets(self.entries)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]


def _walk(node: SyntaxTreeNode):
    yield node
    for child in node.children:
        yield from _walk(child)


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


def _check_answer(parsed: ParsedPart, anchors: set[str],
                  problems: list[Diagnostic]) -> dict[int, tuple[SdgLink, ...]]:
    """One walk over an answer: read its sdg-map blocks, check internal links, spot an empty body."""
    source = parsed.source
    maps: dict[int, tuple[SdgLink, ...]] = {}
    has_content, block_line = False, source.body_line
    for node in (n for top in parsed.tree.children for n in _walk(top)):
        if node.map:
            block_line = source.body_line + node.map[0]
        if node.type != "footnote_block":
            has_content = True
        if node.type == "fence" and node.info.strip() == SDG_MAP_KIND and node.map:
            links, found = read_sdg_map(node.content, source.file, block_line + 1)
            problems.extend(found)
            maps[node.map[0]] = links
        elif node.type == "link":
            href = str(node.attrs.get("href", ""))
            if href.startswith("#") and href[1:] not in anchors:
                problems.append(warning(source.file, block_line, f"internal link '{href}' has no target; "
                                                                 "link to a question as #q3, or to "
                                                                 "#section-1, #part-1", "link-target"))
    if not has_content:
        problems.append(warning(source.file, source.body_line, "empty answer; write the answer below "
                                                               "the front matter", "empty-answer"))
    return maps


def _number_questions(parts: list[ParsedPart], problems: list[Diagnostic]) -> list[int | None]:
    """Each part's question number (None for unnumbered parts): automatic unless 'number:' says."""
    numbers: list[int | None] = []
    next_number, seen = 1, {}
    for parsed in parts:
        source = parsed.source
        if not source.question:
            numbers.append(None)
            continue
        number = source.number or next_number
        line = source.lines.get("number", source.lines.get("question", 1))
        if number in seen:
            problems.append(error(source.file, line, f"question number {number} is already used by "
                                                     f"{seen[number]}; remove 'number:' or choose another",
                                  "numbering"))
        elif source.number and source.number < next_number:
            problems.append(warning(source.file, line, f"question number {number} is lower than the "
                                                       f"previous one ({next_number - 1})", "numbering"))
        seen.setdefault(number, source.file)
        next_number = number + 1
        numbers.append(number)
    return numbers


class _Slugs:
    """Unique GitHub-style slugs across the document: a repeated title gets -1, -2 ..."""

    def __init__(self):
        self.used: set[str] = set()

    def __call__(self, text: str) -> str:
        base = slugify(text) or "heading"
        slug, n = base, 0
        while slug in self.used:
            n += 1
            slug = f"{base}-{n}"
        self.used.add(slug)
        return slug


def _heading_anchors(parsed: ParsedPart, slugs: _Slugs) -> dict[int, str]:
    return {node.map[0]: slugs(plain_text(node)) for node in parsed.tree.children
            if node.type == "heading" and node.map}


def check_document(submission: Submission, parts: list[ParsedPart]) -> CheckedDocument:
    problems: list[Diagnostic] = []
    numbers = _number_questions(parts, problems)
    slugs, sections, unnumbered = _Slugs(), 0, 0
    entries: list[Section | Answer] = []
    language = submission.language
    for parsed, number in zip(parts, numbers):
        source = parsed.source
        if source.section:
            sections += 1
            entries.append(Section(typeset(source.section, language), f"section-{sections}", source.file,
                                   source.lines.get("section", 1), slugs(source.section)))
        unnumbered += number is None
        anchor = f"q{number}" if number is not None else f"part-{unnumbered}"
        heading = typeset(source.question or source.title, language)
        label = typeset(source.title, language) if source.title else heading
        outline = f"{number}. {label}" if number is not None else label
        entries.append(Answer(heading, number, anchor, outline, parsed,
                              heading_anchors=_heading_anchors(parsed, slugs)))
    known = link_targets(entries)
    entries = [dataclasses.replace(e, sdg_maps=_check_answer(e.parsed, known, problems))
               if isinstance(e, Answer) else e for e in entries]
    return CheckedDocument(submission, tuple(entries), tuple(problems))
