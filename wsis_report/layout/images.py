"""Images from inside the project's content/ folder, scaled to fit the frame."""
from __future__ import annotations

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
