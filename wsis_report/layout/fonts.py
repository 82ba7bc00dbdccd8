"""Built-in font families: static TrueType faces shipped by pip packages, always embedded."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont


@dataclass(frozen=True)
class FontFamily:
    """reportlab names of a registered family's four faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def face(self, name: str) -> str:
        return getattr(self, name)


def _source_sans_pro() -> dict[str, Path]:
    import font_source_sans_pro

    folder = Path(font_source_sans_pro.font_directory)
    names = {"regular": "Regular", "bold": "Bold", "italic": "It", "bold_italic": "BoldIt"}
    return {face: folder / f"SourceSansPro-{stem}.ttf" for face, stem in names.items()}


def _ibm_plex_mono() -> dict[str, Path]:
    import fontpkg_ibm_plex_mono

    folder = Path(fontpkg_ibm_plex_mono.ROOT) / "files"
    names = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}
    return {face: folder / f"IBMPlexMono-{stem}.ttf" for face, stem in names.items()}


BUILTIN_FAMILIES = {"source-sans-pro": ("SourceSansPro", _source_sans_pro),
                    "ibm-plex-mono": ("IBMPlexMono", _ibm_plex_mono)}


@lru_cache(maxsize=None)
def register_family(slug: str) -> FontFamily:
    """Register a built-in family with reportlab once per process (reportlab's registry is global)."""
    prefix, files = BUILTIN_FAMILIES[slug]
    faces = {face: f"{prefix}-{face}" for face in ("regular", "bold", "italic", "bold_italic")}
    for face, path in files().items():
        pdfmetrics.registerFont(TTFont(faces[face], str(path)))
    for bold, italic, face in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"), (1, 1, "bold_italic")):
        addMapping(faces["regular"], bold, italic, faces[face])
    return FontFamily(**faces)


def has_glyph(font_name: str, char: str) -> bool:
    return ord(char) in pdfmetrics.getFont(font_name).face.charToGlyph
