"""Words counted as a person would: each run of letters or digits in prose is a word (so
"multi-stakeholder" and "2,000" are one each), and an inline code span, a URL or a code block
counts as one word whatever its length. sdg-map tables and raw HTML are not counted."""
from __future__ import annotations

import re

from markdown_it.tree import SyntaxTreeNode

_WORD = re.compile(r"[^\W_](?:[\w'\u2019.,\-\u2010/]*[^\W_])?")


def count_words(node: SyntaxTreeNode) -> int:
    if node.type == "text":
        return len(_WORD.findall(node.content))
    if node.type in ("code_inline", "code_block"):
        return 1
    if node.type == "fence":
        return 0 if node.info.strip() == "sdg-map" else 1
    if node.type == "link" and node.markup in ("linkify", "autolink"):
        return 1                                   # a bare URL is one word, however long
    if node.type in ("html_inline", "html_block", "image"):
        return 0
    return sum(count_words(child) for child in node.children)
