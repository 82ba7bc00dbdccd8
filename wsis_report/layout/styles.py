"""Theme values turned into reportlab styles: the only place ParagraphStyle is built."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from ..theme import FontFiles, Theme
from .hyphenation import hyphenator
from .fonts import FACES, FontFamily, register_fallback, register_family, register_files

_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
PAGE_SIZES = {"A4": A4, "Letter": LETTER}


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(text: str) -> str:
    """Text made safe for reportlab paragraph markup (xml.sax.saxutils costs 14 ms of imports)."""
    return text.translate(_ESCAPES)


def quoted_attribute(text: str) -> str:
    return '"' + text.translate(_ATTRIBUTE_ESCAPES) + '"'


@dataclass(frozen=True)
class Styles:
    """Everything the layout rules need from the theme, already in reportlab's terms."""

    theme: Theme
    body_font: FontFamily
    code_font: FontFamily
    paragraph: dict[str, ParagraphStyle]
    page_size: tuple[float, float]
    margins: dict[str, float]           # points
    fallback: str | None = None         # draws, as a box, what neither family has

    def missing_glyphs(self, text: str) -> list[str]:
        """Characters of text that the body font cannot draw (they print as boxes)."""
        if text.isascii():
            return []
        text = text.translate(PASTED)
        cmap = _cmap(self.body_font.regular)
        return sorted({c for c in text if ord(c) not in cmap and not c.isspace()})

    def markup(self, text: str, font: str) -> str:
        """User text as paragraph markup: escaped, and each run of characters that ``font``
        lacks set in the other family that has them, or else in the fallback: none is lost."""
        if text.isascii():
            return escape(text)
        text = text.translate(PASTED)
        own = _cmap(font)
        others = [(name, _cmap(name)) for name in (self.body_font.regular, self.code_font.regular)]
        runs: list[tuple[str | None, str]] = []
        for char in text:
            code = ord(char)
            face = None if code in own or char.isspace() else next(
                (name for name, cmap in others if code in cmap), self.fallback)
            if runs and runs[-1][0] == face:
                runs[-1] = (face, runs[-1][1] + char)
            else:
                runs.append((face, char))
        return "".join(escape(run) if face is None else f'<font face="{face}">{escape(run)}</font>'
                       for face, run in runs)

    def colour(self, name: str) -> HexColor:
        return HexColor(self.theme.colour(name))

    def hex(self, name: str) -> str:
        return self.theme.colour(name)

    def indent(self, name: str) -> float:
        return self.theme.styles[name].indent

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.margins["left"] - self.margins["right"]

    @property
    def frame_height(self) -> float:
        return self.page_size[1] - self.margins["top"] - self.margins["bottom"]


# Characters that text pasted from word processors carries and the fonts lack, as what they show:
# spaces of other widths, invisible joiners and marks, a non-breaking hyphen, Word's Symbol bullet.
PASTED = str.maketrans({
    **{chr(c): " " for c in range(0x2000, 0x200B)}, "\u205f": " ", "\u3000": " ",
    "\u2007": "\u00a0", "\u202f": "\u202f",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
    "\u2011": "-", "\uf0b7": "\u2022",
})

HYPHENATED = ("body", "quote", "list", "footnote", "table")   # running text; never headings or code


def _cmap(font: str) -> dict[int, int]:
    return pdfmetrics.getFont(font).face.charToGlyph


def fallback_for(chars: frozenset[str], families: list[FontFamily]) -> str | None:
    """The fallback font for the characters that no family can draw, if there are any."""
    cmaps = [_cmap(family.regular) for family in families]
    missing = frozenset(c for c in chars if not c.isspace() and all(ord(c) not in m for m in cmaps))
    return register_fallback(missing).regular if missing else None


def _family(spec: str | FontFiles, project_root: Path | None) -> FontFamily:
    if isinstance(spec, str):
        return register_family(spec)
    return register_files({face: (project_root or Path()) / getattr(spec, face) for face in FACES})


def make_styles(theme: Theme, language: str = "en", chars: frozenset[str] = frozenset(),
                project_root: Path | None = None) -> Styles:
    """Styles for the theme; ``chars`` are all characters the document prints (for the fallback)."""
    families = {role: _family(spec, project_root) for role, spec in theme.fonts.items()}
    hyphenate = hyphenator(language)
    paragraph = {}
    for name, spec in theme.styles.items():
        family = families[spec.font]
        paragraph[name] = ParagraphStyle(
            name,
            fontName=family.face(spec.face),
            fontSize=spec.size,
            leading=spec.leading,
            textColor=HexColor(theme.colour(spec.colour)),
            alignment=_ALIGN[spec.align],
            spaceBefore=spec.space_before,
            spaceAfter=spec.space_after,
            allowWidows=0,
            allowOrphans=0,
            splitLongWords=1,
            # bullets and list numbers in the same face and size (reportlab's default: Helvetica 10)
            bulletFontName=family.face(spec.face),
            bulletFontSize=spec.size,
            hyphenationLang=hyphenate if name in HYPHENATED and spec.font == "body" else "",
            # reportlab 5.1's embedded-hyphen and URI "waste reduction" splitting can set a URL
            # such as https://x.org/a-1.b?c=1&d=2/... on one line past the margin; without them
            # a too-long URL still breaks after a "/", or wherever the line ends
            embeddedHyphenation=0,
            uriWasteReduce=0,
        )
    margins = {side: value * mm for side, value in theme.margins_mm.items()}
    return Styles(theme, families["body"], families["code"], paragraph, PAGE_SIZES[theme.page_size], margins,
                  fallback_for(chars, list(families.values())))
