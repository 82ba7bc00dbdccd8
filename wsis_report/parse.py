"""Stage 3, parse: Markdown to a markdown-it-py syntax tree.

Accepted syntax is configured in one place, :func:`make_parser`: CommonMark plus GitHub's
pipe tables, strikethrough, bare-URL links (linkify) and footnotes, with typographic quotes,
dashes and ellipses in prose (never inside code) in the document's language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from linkify_it import LinkifyIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.footnote import footnote_plugin

from .errors import ContentError, error
from .template import RenderedPart

# markdown-it drops whatever lies deeper than maxNesting (20 by default, which cuts a list nested
# ten deep); this allows lists about 100 levels deep, and a deeper input is reported, not cut.
MAX_NESTING = 220
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


class _GitHubLinkify(LinkifyIt):
    """Bare links as GitHub makes them: text with "://", "www." or an e-mail address.

    linkify-it's own pretest is a large regular expression run over every text, a quarter of
    all parsing time; most texts contain none of these marks and are passed over at once."""

    def pretest(self, text: str) -> bool:
        return ("://" in text or "www." in text or "@" in text) and super().pretest(text)


@lru_cache(maxsize=8)
def make_parser(language: str = "en") -> MarkdownIt:
    quotes = QUOTES.get(base_language(language), QUOTES["en"])
    parser = (
        MarkdownIt("commonmark", {"linkify": True, "typographer": True, "quotes": quotes,
                                  "maxNesting": MAX_NESTING})
        .enable(["table", "strikethrough", "linkify", "replacements", "smartquotes"])
        .use(footnote_plugin)
    )
    parser.linkify = _GitHubLinkify()
    return parser


@dataclass(frozen=True)
class ParsedPart:
    rendered: RenderedPart
    tree: SyntaxTreeNode
    env: dict = field(default_factory=dict)   # markdown-it's env: footnote labels, references

    @property
    def source(self):
        return self.rendered.source


_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<>&!~|#])")


def typeset(text: str, language: str = "en") -> str:
    """Plain text (a question, a title) with the typographic quotes, dashes and ellipses that
    answers get; its other characters stay literal, never Markdown."""
    tokens = make_parser(language).parseInline(_MARKDOWN_SYNTAX.sub(r"\\\1", text))
    return "".join(" " if child.type == "softbreak" else child.content for child in tokens[0].children)


def plain_text(node: SyntaxTreeNode) -> str:
    """The visible text of a node: for heading anchors and measuring table columns."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain_text(child) for child in node.children)


def slugify(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    kept = "".join(c for c in text.lower() if c.isalnum() or c in " -_")
    return kept.strip().replace(" ", "-")


def parse_part(rendered: RenderedPart, language: str = "en") -> ParsedPart:
    env: dict = {}
    tokens = make_parser(language).parse(rendered.markdown, env)
    too_deep = next((t for t in tokens if t.level >= MAX_NESTING - 2), None)
    if too_deep is not None:
        source = rendered.source
        line = source.body_line + (too_deep.map[0] if too_deep.map else 0)
        raise ContentError([error(source.file, line, f"lists or quotes nested more than {MAX_NESTING // 2} "
                                                     "levels deep; flatten them", "nesting")])
    return ParsedPart(rendered, SyntaxTreeNode(tokens), env)


def parse_project(rendered: list[RenderedPart], language: str = "en") -> list[ParsedPart]:
    parsed, problems = [], []
    for part in rendered:
        try:
            parsed.append(parse_part(part, language))
        except ContentError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise ContentError(problems)
    return parsed
