"""The values every PDF rule receives: immutable, narrowed with ``dataclasses.replace``."""
from __future__ import annotations

from dataclasses import dataclass

from ...model import Labels
from .styles import Styles


@dataclass(frozen=True)
class Context:
    styles: Styles
    labels: Labels
    width: float                    # width available at this depth, points
    text_style: str = "body"        # the paragraph style of running text here: body, quote, footnote ...
    depth: int = 0                  # list nesting depth
    face: str = "regular"           # inside <b> or <i>: bold, italic, bold_italic
    language: str = "en"            # of the text here (BCP 47)
    rtl: bool = False               # paragraphs run right to left; lists, quotes and tables are mirrored
