"""Images as flowables: PNG and JPEG drawn from the bytes the model holds (checked by resolve:
format, size), SVG through svglib from its cleaned text. Nothing here opens a file."""
from __future__ import annotations

import io
from functools import lru_cache

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ...model import Image


class RasterImage(Flowable):
    """A PNG or JPEG scaled to a given size; one reader per image data, so an image used many
    times is decoded and embedded once (and a JPEG is embedded as it is)."""

    def __init__(self, reader: ImageReader, width: float, height: float):
        super().__init__()
        self.reader, self.width, self.height = reader, width, height
        self.hAlign = "LEFT"

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height, mask="auto")


@lru_cache(maxsize=64)
def _reader(data: bytes) -> ImageReader:
    return ImageReader(io.BytesIO(data))


def _svg_drawing(data: bytes, font: str, bold_font: str):
    """An SVG as a reportlab Drawing, with its text in the document's embedded fonts."""
    from reportlab.graphics.shapes import Group, Image as DrawnImage, String
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(data), resolve_entities=False)
    if drawing is None:
        raise ValueError("svglib could not read the SVG")
    drawing.initialFontName = font        # reportlab's drawing state starts in Helvetica otherwise
    stack = [drawing]
    while stack:
        group = stack.pop()
        group.contents = [shape for shape in group.contents if not isinstance(shape, DrawnImage)]
        for shape in group.contents:
            if isinstance(shape, String):
                shape.fontName = bold_font if "bold" in str(shape.fontName).lower() else font
            elif isinstance(shape, Group):
                stack.append(shape)
    return drawing


def image_flowable(image: Image, max_width: float, max_height: float, dpi: int, fonts: tuple[str, str]) -> Flowable:
    """The image at its natural size (pixels at ``dpi``; an SVG at its own size), scaled down to fit."""
    width, height = image.size
    if image.format == "SVG":
        drawing = _svg_drawing(image.data, *fonts)
        width, height = drawing.width or width, drawing.height or height
    else:
        width, height = width * 72 / dpi, height * 72 / dpi
    scale = min(1.0, max_width / width, max_height / height)
    if image.format != "SVG":
        return RasterImage(_reader(image.data), width * scale, height * scale)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = width * scale, height * scale
    return VectorImage(drawing)


class VectorImage(Flowable):
    """An SVG's drawing as a flowable of our own (a reportlab Drawing refuses attributes it does not
    know, such as the tag of its structure element)."""

    def __init__(self, drawing):
        super().__init__()
        self.drawing, self.width, self.height = drawing, drawing.width, drawing.height
        self.hAlign = "LEFT"

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        self.drawing.drawOn(self.canv, 0, 0)
