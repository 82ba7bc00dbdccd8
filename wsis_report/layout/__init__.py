"""Stage 5, lay out: reportlab platypus flowables from the checked document."""
from .document import LaidOut, LayoutOptions, lay_out

__all__ = ["LaidOut", "LayoutOptions", "lay_out"]
