"""Images from inside the project's content/ folder, scaled to fit the frame."""
from __future__ import annotations

import io
from pathlib import Path

from markdown_it.tree import SyntaxTreeNode
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Paragraph

from ..load import AssetError, resolve_asset
from .context import Context

PIXEL = 72 / 96  # a pixel at 96 dpi, in points: the size images have on screen


def scaled_image(path: Path, max_width: float, max_height: float) -> Image:
    try:
        width, height = ImageReader(str(path)).getSize()
    except Exception as exc:  # PIL raises many types for unreadable files
        raise AssetError(f"image {path.name!r} cannot be read ({exc.__class__.__name__}); "
                         "use a PNG or JPEG file") from None
    width, height = width * PIXEL, height * PIXEL
    scale = min(1.0, max_width / width, max_height / height)
    image = Image(str(path), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def image_flowables(inline: SyntaxTreeNode, ctx: Context) -> list[Flowable]:
    story: list[Flowable] = []
    for child in inline.children:
        if child.type != "image":
            continue
        src = str(child.attrs.get("src", ""))
        try:
            path = resolve_asset(src, ctx.content_dir)
            story.append(scaled_image(path, ctx.width, ctx.styles.frame_height * 0.85))
        except AssetError:         # reported by the check stage; the alt text keeps the place
            alt = child.content or src
            style = ctx.styles.paragraph[ctx.text_style]
            story.append(Paragraph(f"<i>[image: {ctx.styles.markup(alt, style.fontName)}]</i>", style))
    return story


def _sanitised_svg(path: Path) -> bytes:
    """The SVG without what could read other files or the network: <image> elements, references
    to other documents, entities and DTDs. svglib then never opens anything but this text."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    tree = etree.fromstring(path.read_bytes(), parser)
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname in ("image", "script", "foreignObject"):
            element.getparent().remove(element)
            continue
        for name, value in list(element.attrib.items()):
            if etree.QName(name).localname == "href" and not value.startswith("#"):
                del element.attrib[name]
    return etree.tostring(tree)


def _svg_drawing(path: Path, font: str, bold_font: str):
    """An SVG as a reportlab Drawing, with its text in the document's embedded font and without
    raster images (which could name files outside the project)."""
    from reportlab.graphics.shapes import Group, Image as RasterImage, String
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(_sanitised_svg(path)), resolve_entities=False)
    if drawing is None:
        raise AssetError(f"logo {path.name!r} is not an SVG file that can be read")
    drawing.initialFontName = font        # reportlab's drawing state starts in Helvetica otherwise
    stack = [drawing]
    while stack:
        group = stack.pop()
        group.contents = [shape for shape in group.contents if not isinstance(shape, RasterImage)]
        for shape in group.contents:
            if isinstance(shape, String):
                shape.fontName = bold_font if "bold" in str(shape.fontName).lower() else font
            elif isinstance(shape, Group):
                stack.append(shape)
    return drawing


def logo_flowable(path: Path, max_width: float, max_height: float, font: str, bold_font: str) -> Flowable:
    """The logo, PNG, JPEG or SVG, scaled to fit max_width x max_height (points)."""
    if path.suffix.lower() != ".svg":
        return scaled_image(path, max_width, max_height)
    try:
        drawing = _svg_drawing(path, font, bold_font)
    except AssetError:
        raise
    except Exception as exc:             # lxml and svglib raise many types for broken files
        raise AssetError(f"logo {path.name!r} cannot be read as SVG ({exc.__class__.__name__})") from None
    scale = min(max_width / drawing.width, max_height / drawing.height)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    drawing.hAlign = "LEFT"
    return drawing
