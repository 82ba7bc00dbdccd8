"""Stage 3, parse: each answer's templated Markdown to a markdown-it-py syntax tree.

The accepted syntax is configured in :mod:`wsis_report.syntax`; this stage only runs it and
refuses what the parser would silently cut (nesting beyond its limit).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from markdown_it.tree import SyntaxTreeNode

from .errors import Diagnostic, ProjectError, error
from .memo import cached
from .limits import OVER_BUDGET, over_budget
from .template import RenderedPart
from .syntax import MAX_NESTING, make_parser


class SyntaxTree(SyntaxTreeNode):
    """markdown-it's syntax tree without the links from each node to its parent, which nothing
    here follows: without the cycles they make, a tree is freed the moment it is no longer used
    (the collector would free 40 MB of a 1,000-question document's trees only in a full
    collection, long after layout has grown the heap past them); and each node's type kept."""

    @property
    def parent(self) -> None:
        return None

    @parent.setter
    def parent(self, value) -> None:
        pass

    @cached_property
    def type(self) -> str:          # asked 160,000 times of 1,000 answers' trees: worked out once a node
        return SyntaxTreeNode.type.fget(self)


@dataclass(frozen=True)
class ParsedPart:
    rendered: RenderedPart
    tree: SyntaxTreeNode
    env: dict = field(default_factory=dict)   # markdown-it's env: footnote labels, references

    @property
    def source(self):
        return self.rendered.source


def parse_part(rendered: RenderedPart, language: str = "en") -> ParsedPart | Diagnostic:
    """The syntax tree, or the diagnostic that says why the answer cannot be used."""
    env: dict = {}
    tokens = make_parser(language).parse(rendered.markdown, env)
    too_deep = next((t for t in tokens if t.level >= MAX_NESTING - 2), None)
    if too_deep is not None:
        line = rendered.file_line(too_deep.map[0] if too_deep.map else 0)
        return error(rendered.source.file, line, f"lists or quotes nested more than {MAX_NESTING // 2} "
                                                 "levels deep; flatten them", "nesting")
    return ParsedPart(rendered, SyntaxTree(tokens), env)


@dataclass(frozen=True)
class Parsed:
    parts: tuple[ParsedPart, ...]
    failed: frozenset[str]
    diagnostics: tuple[Diagnostic, ...]


def parse_project(rendered: tuple[RenderedPart, ...], language: str = "en") -> Parsed:
    parsed, problems, failed = [], [], set()
    for part in rendered:
        language_of = part.source.language or language
        try:        # an unchanged answer is parsed once per watch (the tree is only ever read)
            result = cached("parse", (part.source.file, part.source.body_line, part.markdown, part.line_map,
                                       language_of),
                            lambda: parse_part(part, language_of))
        except OVER_BUDGET as exc:     # markdown-it is slow on some shapes (thousands of "["), big on others
            raise ProjectError([over_budget(exc, part.source.file, part.source.body_line, "parsing this answer "
                                            "(thousands of unclosed [ or ![, or of list items?)")]) from None
        if isinstance(result, ParsedPart):
            parsed.append(result if result.rendered is part else ParsedPart(part, result.tree, result.env))
        else:
            problems.append(result)
            failed.add(part.source.file)
    return Parsed(tuple(parsed), frozenset(failed), tuple(problems))
