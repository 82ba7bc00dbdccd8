"""The values every layout rule receives: immutable, narrowed with ``dataclasses.replace``."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..check import SdgLink
from ..errors import Diagnostic
from .styles import Styles


@dataclass(frozen=True)
class Context:
    styles: Styles
    content_dir: Path
    file: str                       # the content file, for messages
    body_line: int                  # its first body line: token line 0 maps here
    anchor: str                     # the answer's anchor, prefix of its footnote anchors
    width: float                    # width available at this depth, points
    sdg_maps: dict[int, tuple[SdgLink, ...]] = field(default_factory=dict)
    anchors: frozenset[str] = frozenset()   # internal link targets that exist
    heading_anchors: dict[int, str] = field(default_factory=dict)  # this answer's, by source line
    text_style: str = "body"        # "body", or "quote" inside block quotes
    depth: int = 0                  # list nesting depth
    block_line: int = 0             # source line of the block being laid out, for inline warnings
    diagnostics: list[Diagnostic] = field(default_factory=list)  # shared: layout warnings

    def line(self, node) -> int:
        """The source line of a block node (its opening token's map)."""
        return self.body_line + (node.map[0] if node.map else 0)

    def footnote_anchor(self, footnote_id: int) -> str:
        return f"{self.anchor}-fn{footnote_id + 1}"

    def footnote_ref_anchor(self, footnote_id: int, sub_id: int) -> str:
        return f"{self.anchor}-fnref{footnote_id + 1}-{sub_id}"
