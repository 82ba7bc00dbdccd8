"""Stage 3, parse: Markdown to a markdown-it-py syntax tree.

Accepted syntax is configured in one place, :func:`make_parser`: CommonMark plus GitHub's
pipe tables, strikethrough, bare-URL links (linkify) and footnotes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

from .template import RenderedPart


@lru_cache(maxsize=1)
def make_parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"linkify": True, "typographer": False})
        .enable(["table", "strikethrough", "linkify"])
        .use(footnote_plugin)
    )


@dataclass(frozen=True)
class ParsedPart:
    rendered: RenderedPart
    tree: SyntaxTreeNode
    env: dict = field(default_factory=dict)   # markdown-it's env: footnote labels, references

    @property
    def source(self):
        return self.rendered.source


def parse_part(rendered: RenderedPart) -> ParsedPart:
    env: dict = {}
    tokens = make_parser().parse(rendered.markdown, env)
    return ParsedPart(rendered, SyntaxTreeNode(tokens), env)


def parse_project(rendered: list[RenderedPart]) -> list[ParsedPart]:
    return [parse_part(part) for part in rendered]
