"""Images: which file an image reference names, whether it is one the tool prints, and its bytes.

Only PNG, JPEG and SVG are accepted, recognised by their first bytes (never by the file name),
and opened only as that format: a PostScript or any other file named .png is refused here, so
no renderer ever hands it to a decoder that would run it. A raster image's size is read from its
header and capped before anything decodes it. An SVG is cleaned before any renderer sees it.
"""
from __future__ import annotations

import io
import math
import re
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..errors import ProjectError
from ..load import AssetError, read_bytes, resolve_asset

MAX_PIXELS = 40_000_000          # a 40-megapixel photo; a decoded image is 4 bytes a pixel
MAX_IMAGE_BYTES = 20_000_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"


@dataclass(frozen=True)
class ImageFile:
    path: Path
    format: str                  # PNG, JPEG or SVG
    size: tuple[float, float]    # pixels (SVG: points)
    data: bytes                  # the bytes a renderer draws (an SVG already cleaned)


def sniff(head: bytes) -> str | None:
    if head.startswith(PNG_SIGNATURE):
        return "PNG"
    if head.startswith(JPEG_SIGNATURE):
        return "JPEG"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<") and b"<svg" in head:
        return "SVG"
    return None


def _too_large(name: str, width: int, height: int) -> AssetError:
    return AssetError(f"image {name!r} is {width}x{height} pixels; images are limited to "
                      f"{MAX_PIXELS // 1_000_000} megapixels: scale it down", "unreadable")


def _raster(data: bytes, fmt: str, name: str) -> tuple[float, float]:
    import PIL.Image        # only documents with images pay for Pillow

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PIL.Image.DecompressionBombWarning)     # ours says it better
            with PIL.Image.open(io.BytesIO(data), formats=[fmt]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise _too_large(name, width, height)
                image.verify()  # reads the whole file: a truncated one fails here
    except AssetError:
        raise
    except (PIL.Image.DecompressionBombWarning, PIL.Image.DecompressionBombError):
        width, height = _header_size(data, fmt)
        raise _too_large(name, width, height) from None
    except Exception:       # Pillow raises many types for files it cannot read
        raise AssetError(f"image {name!r} cannot be read as {fmt}; save it again as PNG or JPEG",
                         "unreadable") from None
    return float(width), float(height)


_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|mm|cm|in)?\s*$")
_UNITS = {None: 0.75, "px": 0.75, "pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}


def _svg_length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    if not match:
        return None
    points = float(match[1]) * _UNITS[match[2]]
    return points if math.isfinite(points) and 0.5 <= points <= 14_400 else None


# in CSS and attributes: a font name (a renderer would search the system for it), an import, or a
# url() that is not a reference inside the document
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)
_CSS_HAZARDS = re.compile(r"font-family\s*:[^;}]*;?|font\s*:[^;}]*;?|@import[^;]*;?|url\(\s*['\"]?(?!#)[^)]*\)",
                          re.IGNORECASE)


def _clean_css(css: str) -> str:
    return _CSS_HAZARDS.sub("", css)


def clean_svg(data: bytes, name: str) -> tuple[bytes, tuple[float, float]]:
    """The SVG without what could read other files or the network (entities, DTDs, <image>,
    <script>, <foreignObject>, references to other documents, font names that would make a
    renderer search the system), and its size in points."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise AssetError(f"image {name!r} is not a well-formed SVG file", "unreadable") from None
    if not isinstance(tree.tag, str) or etree.QName(tree).localname != "svg":
        raise AssetError(f"image {name!r} is not an SVG file", "unreadable")
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue
        local_name = etree.QName(element).localname
        if local_name in ("image", "script", "foreignObject"):
            element.getparent().remove(element)
            continue
        if local_name == "style" and element.text:
            element.text = _clean_css(element.text)
        for attribute, value in list(element.attrib.items()):
            local = etree.QName(attribute).localname
            if local == "style":
                element.set(attribute, _clean_css(value))
            elif (local in ("href", "src") and not value.startswith("#")) or local == "font-family" \
                    or _EXTERNAL_URL.search(value):
                del element.attrib[attribute]
    size = _svg_size(tree)
    if size is None:
        raise AssetError(f"image {name!r} has no usable size; give the <svg> a width and height (or a "
                         "viewBox) between 1 and 10,000", "unreadable")
    return etree.tostring(tree), size


def _svg_size(tree) -> tuple[float, float] | None:
    width, height = _svg_length(tree.get("width")), _svg_length(tree.get("height"))
    if width and height:
        return width, height
    box = (tree.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        width, height = _svg_length(box[2]), _svg_length(box[3])
        if width and height:
            return width, height
    return None


def _header_size(data: bytes, fmt: str) -> tuple[int, int]:
    """Width and height from a PNG's header (for a message; JPEG: unknown, 0 x 0)."""
    if fmt == "PNG" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    return 0, 0


def read_image(src: str, content_dir: Path, base: Path | None = None) -> ImageFile:
    """The image ``src`` names inside content/ (from ``base``, the answer's folder), checked;
    AssetError says why it cannot be used."""
    path = resolve_asset(src, content_dir, base)
    name = src
    try:
        data = read_bytes(path, name, content_dir, MAX_IMAGE_BYTES, "images")
    except ProjectError as exc:
        raise AssetError(f"image {name!r} {exc.diagnostics[0].message}", "unreadable") from None
    fmt = sniff(data[:512])
    if fmt is None:
        raise AssetError(f"image {name!r} is not a PNG, JPEG or SVG file (whatever its name says); save it "
                         "as one of those", "unreadable")
    if fmt == "SVG":
        cleaned, points = clean_svg(data, name)
        return ImageFile(path, fmt, points, cleaned)
    return ImageFile(path, fmt, _raster(data, fmt, name), data)
