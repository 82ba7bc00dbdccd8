"""The bar beside a block quote (or a redline's changed blocks), drawn along its content across page breaks.

The quote's blocks stay ordinary flowables (so any of them can split across pages); two
zero-size marks before and after them record where the quote starts and ends, and the document
template draws the bar: from the start mark to the end mark, or to the foot of the page and on
from the top of the next one.
"""
from __future__ import annotations

from reportlab.platypus import Flowable


class QuoteBar:
    """One quote's bar: ``start()`` and ``end()`` give the marks that bracket its blocks."""

    def __init__(self, thickness: float, colour, right: bool = False, offset: float = 0.0):
        self.thickness, self.colour, self.right = thickness, colour, right    # right: right-to-left text
        self.offset = offset            # from the text's edge, outwards when negative (a change bar)
        self.x: float | None = None
        self.top: float | None = None

    def start(self) -> Flowable:
        return _Mark(self, opening=True)

    def end(self) -> Flowable:
        return _Mark(self, opening=False)

    def draw(self, canvas, bottom: float) -> None:
        """The bar from where it last started down to ``bottom``."""
        if self.thickness and self.top is not None and self.top > bottom:
            x = self.x - self.thickness / 2 - self.offset if self.right else self.x + self.thickness / 2 + self.offset
            canvas.saveState()
            canvas.setStrokeColor(self.colour)
            canvas.setLineWidth(self.thickness)
            canvas.line(x, self.top, x, bottom)
            canvas.restoreState()


def open_bars(canvas) -> list[QuoteBar]:
    """The bars of quotes begun and not yet ended, kept on the canvas of the current build pass."""
    if not hasattr(canvas, "wsis_quote_bars"):
        canvas.wsis_quote_bars = []
    return canvas.wsis_quote_bars


def continue_bars(canvas, frame_bottom: float, frame_top: float) -> None:
    """At the end of a page: each open bar runs to the foot of the page, and on from the top."""
    for bar in open_bars(canvas):
        bar.draw(canvas, frame_bottom)
        bar.top = frame_top


class _Mark(Flowable):
    def __init__(self, bar: QuoteBar, opening: bool):
        super().__init__()
        self.bar, self.opening = bar, opening

    def wrap(self, available_width, available_height):
        self.available = available_width
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):
        bars = open_bars(canvas)
        if self.opening:
            self.bar.x, self.bar.top = (x + self.available if self.bar.right else x), y
            bars.append(self.bar)
        elif self.bar in bars:
            self.bar.draw(canvas, y)
            bars.remove(self.bar)

    def draw(self):
        pass
