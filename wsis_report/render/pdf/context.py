"""The values every PDF rule receives: immutable, narrowed with ``dataclasses.replace``."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ...model import Labels
from .styles import Styles
from .tags import Element, Structure


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
    structure: Structure | None = None  # when tagging: the structure tree being built
    parent: Element | None = None   # when tagging: the element the blocks here belong to
    headings: dict | None = None    # when tagging: id of an answer's Heading -> its level (H4 ...)

    def child(self, role: str, **details) -> Element | None:
        """A new structure element under ``parent`` (None when not tagging)."""
        if self.structure is None:
            return None
        return self.structure.add(role, self.parent, self.language, **details)

    def inline(self, role: str, **details) -> Element | None:
        """A new element inside a line of text (None when not tagging)."""
        if self.structure is None:
            return None
        return self.structure.inline(role, **details)

    def under(self, element: Element | None) -> Context:
        """This context with ``element`` as the parent of the blocks it makes."""
        return self if element is None else dataclasses.replace(self, parent=element)
