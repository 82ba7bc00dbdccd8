"""Accepted syntax, configured in one place: the markdown-it parser, and where code lies in a text.

CommonMark plus GitHub's pipe tables, strikethrough, bare-URL links (linkify) and footnotes, with
typographic quotes, dashes and ellipses in prose (never inside code) in the text's language.
:func:`code_regions` finds the code in an answer *before* templating, so that Jinja2 leaves code
alone and the prose checks never read it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

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
CODE_BLOCKS = ("fence", "code_block")
SDG_MAP = "sdg-map"              # the info string of a fence that maps Action Lines to SDGs


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


# Characters that text pasted from word processors carries and fonts lack, as what they show:
# spaces of other widths, invisible joiners and marks, a non-breaking hyphen, Word's Symbol bullet.
PASTED = str.maketrans({
    **{chr(c): " " for c in range(0x2000, 0x200B)}, "\u205f": " ", "\u3000": " ",
    "\u2007": "\u00a0", "\u202f": "\u202f",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
    "\u2011": "-", "\uf0b7": "\u2022",
})


def clean(text: str) -> str:
    """Text as it shows: what word processors paste is made what it looks like."""
    return text if text.isascii() else text.translate(PASTED)


# French puts a narrow no-break space before ; : ! ? and inside « » (a colon in "10:30" or "https:"
# is no punctuation mark: only a mark followed by a space or the end of the text gets one)
_FRENCH_BEFORE = re.compile(r"(?<=\S)[ \u00a0]?([;:!?]+)(?=\s|$)")
_FRENCH_OPEN = re.compile(r"«[ \u00a0]?(?=\S)")
_FRENCH_CLOSE = re.compile(r"(?<=\S)[ \u00a0]?»")


def french_spacing(text: str) -> str:
    if not any(c in text for c in ";:!?«»"):
        return text
    text = _FRENCH_BEFORE.sub(NNBSP + r"\1", text)
    return _FRENCH_CLOSE.sub(NNBSP + "»", _FRENCH_OPEN.sub("«" + NNBSP, text))


_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]<>&!~|#])")


@lru_cache(maxsize=4096)      # running headers and footers ask again on every page
def typeset(text: str, language: str = "en") -> str:
    """Plain text (a question, a title, a header) with the typographic quotes, dashes and
    ellipses that answers get; its other characters stay literal, never Markdown."""
    if not text:
        return text
    tokens = make_parser(language).parseInline(_MARKDOWN_SYNTAX.sub(r"\\\1", text))
    text = clean("".join(" " if child.type == "softbreak" else child.content for child in tokens[0].children))
    return french_spacing(text) if base_language(language) == "fr" else text


# ---------------------------------------------------------------- where the code is

@dataclass(frozen=True)
class CodeRegions:
    """Code in a Markdown text: whole lines of fenced or indented blocks (0-based), and inline
    code spans as (line, start column, end column), 0-based and end-exclusive, one per line."""

    block_lines: frozenset[int]
    spans: tuple[tuple[int, int, int], ...]
    other_lines: frozenset[int] = frozenset()    # raw HTML and sdg-map blocks: not code, not prose


_BACKTICKS = re.compile(r"`+")


def _escaped(line: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd number of backslashes."""
    start = index
    while start and line[start - 1] == "\\":
        start -= 1
    return (index - start) % 2 == 1


def _code_spans(lines: list[str], first: int) -> list[tuple[int, int, int]]:
    """Code spans of one paragraph-like run of lines (CommonMark: an opening run of N backticks
    closes at the next run of exactly N). Linear: each run length keeps a sorted position list."""
    runs: list[tuple[int, int, int]] = []       # (line, column, length) in reading order
    for index, line in enumerate(lines):
        runs.extend((first + index, m.start(), len(m.group())) for m in _BACKTICKS.finditer(line))
    by_length: dict[int, list[int]] = {}
    for order, (_, _, length) in enumerate(runs):
        by_length.setdefault(length, []).append(order)
    spans, order = [], 0
    while order < len(runs):
        line, col, length = runs[order]
        if col and _escaped(lines[line - first], col):
            order += 1
            continue
        candidates = by_length[length]
        position = bisect.bisect_right(candidates, order)
        if position == len(candidates):
            order += 1                           # no closing run: the backticks are literal
            continue
        closing = candidates[position]
        end_line, end_col, _ = runs[closing]
        for span_line in range(line, end_line + 1):
            start = col if span_line == line else 0
            end = end_col + length if span_line == end_line else len(lines[span_line - first])
            spans.append((span_line, start, end))
        order = closing + 1
    return spans


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """The parser without its inline rules: where blocks lie is all code_regions needs."""
    return MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable(["table"]).use(
        footnote_plugin).disable(["inline", "text_join"])


def code_regions(markdown: str) -> CodeRegions:
    """Where fenced and indented code blocks and inline code spans lie in ``markdown``."""
    lines = markdown.split("\n")
    block_lines: set[int] = set()
    other_lines: set[int] = set()
    for token in _block_parser().parse(markdown):
        if not token.map:
            continue
        if token.type == "html_block" or (token.type == "fence" and token.info.strip() == SDG_MAP):
            other_lines.update(range(*token.map))     # the tool's own data: templates may write it
        elif token.type in CODE_BLOCKS:
            block_lines.update(range(*token.map))
    spans: list[tuple[int, int, int]] = []
    start = None
    for index in range(len(lines) + 1):
        prose = index < len(lines) and index not in block_lines and index not in other_lines and lines[index].strip()
        if prose and start is None:
            start = index
        elif not prose and start is not None:
            if any("`" in line for line in lines[start:index]):
                spans.extend(_code_spans(lines[start:index], start))
            start = None
    return CodeRegions(frozenset(block_lines), tuple(spans), frozenset(other_lines))
