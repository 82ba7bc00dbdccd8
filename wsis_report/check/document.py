"""The checked document: numbered questions, sections and parts, each answer checked once."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import PIL.Image
from markdown_it.tree import SyntaxTreeNode

from ..errors import ERROR, Diagnostic, error, warning
from ..load import AssetError, Submission, resolve_asset
from ..parse import ParsedPart, plain_text, slugify, typeset
from .references import CODE_BLOCKS, find_references
from .sdgmap import SDG_MAP_KIND, SdgLink, read_sdg_map
from .words import count_words


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


SAFE_SCHEMES = ("http:", "https:", "mailto:")


@dataclass(frozen=True)
class _Where:
    """What a node check needs to know besides the node: the file, the block's line, the project."""

    file: str
    line: int
    content_dir: Path
    anchors: frozenset[str]


def _check_link(node: SyntaxTreeNode, where: _Where) -> list[Diagnostic]:
    href = str(node.attrs.get("href", ""))
    if href.startswith("#"):
        if href[1:] in where.anchors:
            return []
        return [warning(where.file, where.line, f"internal link '{href}' has no target; link to a "
                                                "question as #q3, a section or heading by its name, "
                                                "or #part-1", "link-target")]
    if href and not href.lower().startswith(SAFE_SCHEMES):
        return [warning(where.file, where.line, f"link to {href!r} printed as text: only http, https "
                                                "and mailto links are kept", "link-scheme")]
    return []


def _check_image(node: SyntaxTreeNode, where: _Where) -> list[Diagnostic]:
    try:
        path = resolve_asset(str(node.attrs.get("src", "")), where.content_dir)
        with PIL.Image.open(path) as image:
            image.verify()                     # reads the whole file: a truncated one fails here
    except AssetError as exc:    # never read: the answer keeps its alt text, and builds (--strict fails)
        return [warning(where.file, where.line, f"{exc}; its alt text is printed instead", "image")]
    except Exception:                          # PIL raises many types for files it cannot read
        return [warning(where.file, where.line, f"image {node.attrs.get('src')!r} cannot be read; use "
                                                "a PNG or JPEG file", "image")]
    return []


NODE_CHECKS = {"link": _check_link, "image": _check_image}


def _check_answer(parsed: ParsedPart, content_dir: Path, anchors: frozenset[str],
                  problems: list[Diagnostic]) -> dict[int, tuple[SdgLink, ...]]:
    """One walk over an answer: read its sdg-map blocks, check links and images, count words."""
    source = parsed.source
    maps: dict[int, tuple[SdgLink, ...]] = {}
    block_line, code = source.body_line, set()
    for node in (n for top in parsed.tree.children for n in _walk(top)):
        if node.map:
            block_line = source.body_line + node.map[0]
            if node.type in CODE_BLOCKS:
                code.update(range(*node.map))
        if node.type == "fence" and node.info.strip() == SDG_MAP_KIND and node.map:
            links, found = read_sdg_map(node.content, source.file, block_line + 1)
            problems.extend(found)
            maps[node.map[0]] = links
        elif node.type in NODE_CHECKS:
            problems.extend(NODE_CHECKS[node.type](node, _Where(source.file, block_line, content_dir, anchors)))
    if not any(node.type != "footnote_block" for node in parsed.tree.children):
        problems.append(warning(source.file, source.body_line, "empty answer; write the answer below "
                                                               "the front matter", "empty-answer"))
    words = count_words(parsed.tree)
    if source.word_limit and words > source.word_limit:
        problems.append(warning(source.file, source.lines.get("word_limit", 1),
                                f"the answer has {words} words, over its limit of {source.word_limit}; "
                                f"cut {words - source.word_limit}", "word-limit"))
    # the prose check reads the source; the tree's code lines are its lines when nothing was templated
    same = parsed.rendered.markdown == source.body
    problems.extend(find_references(source, code if same else None)[1])
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


def check_document(submission: Submission, parts: list[ParsedPart], content_dir: Path) -> CheckedDocument:
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
    entries = [dataclasses.replace(e, sdg_maps=_check_answer(e.parsed, content_dir, known, problems))
               if isinstance(e, Answer) else e for e in entries]
    if "sdg-matrix" in submission.annexes and not any(isinstance(e, Answer) and e.number and e.sdg_maps
                                                        for e in entries):
        problems.append(warning(submission.file, submission.lines.get("annexes", 1),
                                "the sdg-matrix annex will be empty: no question has an sdg-map block",
                                "annex"))
    order = {submission.file: -1, **{p.source.file: i for i, p in enumerate(parts)}}
    problems.sort(key=lambda d: (order.get(d.file, len(order)), d.line, d.col))
    return CheckedDocument(submission, tuple(entries), tuple(problems))
