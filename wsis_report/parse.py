"""Stage 3, parse: Markdown to a markdown-it-py syntax tree.

Accepted syntax is configured in one place, :func:`make_parser`: CommonMark plus GitHub's
pipe tables, strikethrough, bare-URL links (linkify) and footnotes, with typographic quotes,
dashes and ellipses in prose (never inside code) in the document's language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

from .template import RenderedPart

NNBSP = "\u202f"  # narrow no-break space, inside French guillemets
# primary open, primary close, secondary open, secondary close
QUOTES = {
    "en": ["\u201c", "\u201d", "\u2018", "\u2019"],
    "fr": ["\u00ab" + NNBSP, NNBSP + "\u00bb", "\u201c", "\u201d"],
    "es": ["\u00ab", "\u00bb", "\u201c", "\u201d"],
    "ru": ["\u00ab", "\u00bb", "\u201e", "\u201c"],
    "zh": ["\u201c", "\u201d", "\u2018", "\u2019"],
    "ar": ["\u00ab", "\u00bb", "\u2039", "\u203a"],
    "de": ["\u201e", "\u201c", "\u201a", "\u2018"],
}


def base_language(language: str) -> str:
    return language.split("-")[0].lower()


@lru_cache(maxsize=8)
def make_parser(language: str = "en") -> MarkdownIt:
    quotes = QUOTES.get(base_language(language), QUOTES["en"])
    return (
        MarkdownIt("commonmark", {"linkify": True, "typographer": True, "quotes": quotes})
        .enable(["table", "strikethrough", "linkify", "replacements", "smartquotes"])
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


def parse_part(rendered: RenderedPart, language: str = "en") -> ParsedPart:
    env: dict = {}
    tokens = make_parser(language).parse(rendered.markdown, env)
    return ParsedPart(rendered, SyntaxTreeNode(tokens), env)


def parse_project(rendered: list[RenderedPart], language: str = "en") -> list[ParsedPart]:
    return [parse_part(part, language) for part in rendered]
