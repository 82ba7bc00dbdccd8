"""Theme values turned into reportlab styles, and the one path by which text enters the PDF.

Every string the PDF prints (answers, headings, title block, header and footer, contents, annex)
goes through :meth:`Styles.runs`: it is split into runs by the font that can draw each character
(the element's own family, the other family, else a fallback that draws a box), from the same
coverage the check stage reads. :meth:`Styles.markup` turns runs into paragraph markup (see
markup.py); the running header and footer draw the runs directly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from ...fonts import FACES, FontFaces, coverage, truetype_subset
from ...theme import Theme
from .fonts import FontFamily, pinned, register_family
from .hyphenation import hyphenator
from .markup import Markup, element

_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
PAGE_SIZES = {"A4": A4, "Letter": LETTER}
HYPHENATED = ("body", "quote", "list", "footnote", "table")   # running text; never headings or code

@lru_cache(maxsize=256)
def colour_of(value: str) -> HexColor:
    """A #RRGGBB colour, made once: reportlab takes it as it is (a hex string it parses every time)."""
    return HexColor(value)


@dataclass(frozen=True)
class Styles:
    """Everything the PDF rules need from the theme, already in reportlab's terms."""

    theme: Theme
    body_font: FontFamily
    code_font: FontFamily
    paragraph: dict[str, ParagraphStyle]
    page_size: tuple[float, float]
    margins: dict[str, float]                   # points
    chain: tuple[FontFamily, ...]               # the families, in the order a character is looked for
    faces: dict[str, tuple[FontFamily, str]]    # reportlab font name -> its family and face
    files: dict[str, Path]                      # reportlab font name -> its font file
    _fonts_for: dict = field(default_factory=dict, compare=False)   # font -> the fonts to try, with coverage
    # characters no font has, met while laying out: check reports them before a build, so one
    # found here is a text check did not see; the renderer stops rather than print a box
    unprintable: set[str] = field(default_factory=set, compare=False)
    _ascii: dict = field(default_factory=dict, compare=False)     # font -> whether it has all of ASCII

    def _order(self, font: str) -> list[tuple[str, frozenset[int]]]:
        """The fonts a character of ``font`` is looked for in: the face itself, its family's regular
        face (a face may lack a script its regular has: Cyrillic italic prints upright, never as a
        box), then each family of the chain in the same face and in its regular face."""
        found = self._fonts_for.get(font)
        if found is None:
            family, face = self.faces[font]
            names = [font, family.regular] + [name for other in self.chain for name in (other.face(face), other.regular)]
            found = [(self._upright(name, face), coverage(self.files[name])) for name in dict.fromkeys(names)]
            self._fonts_for[font] = found
        return found

    def _upright(self, name: str, face: str) -> str:
        """A regular face standing in for a bold or italic one, pinned (see fonts.pinned)."""
        if face == "regular" or self.faces[name][1] != "regular":
            return name
        return pinned(name)

    def face(self, font: str, face: str) -> str:
        """The font of ``font``'s family in ``face`` (bold, italic ...), added to what it has."""
        family, own = self.faces[font]
        bold = "bold" in own or "bold" in face
        italic = "italic" in own or "italic" in face
        return family.face("bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular")

    def runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """(font, text) runs: each character in the first font of ``_order(font)`` that has it."""
        order = self._order(font)
        own = order[0][1]
        if text.isascii() and (self._has_ascii(font, own) or all(ord(c) in own for c in set(text) if not c.isspace())):
            return [(font, text)]
        found: list[tuple[str, str]] = []
        for char in text:
            code = ord(char)
            chosen = font if code in own or char.isspace() else next(
                (name for name, covered in order if code in covered), None)
            if chosen is None:
                self.unprintable.add(char)
                chosen = font
            if found and found[-1][0] == chosen:
                found[-1] = (chosen, found[-1][1] + char)
            else:
                found.append((chosen, char))
        return found

    def _has_ascii(self, font: str, own) -> bool:
        """Whether ``font`` has every printable ASCII character (asked once per font)."""
        if font not in self._ascii:
            self._ascii[font] = all(code in own for code in range(0x21, 0x7F))
        return self._ascii[font]

    def markup(self, text: str, font: str) -> Markup:
        """User text as paragraph markup, set run by run in a font that has it."""
        return [run if face == font else element("font", {"face": face}, [run]) for face, run in self.runs(text, font)]

    def width(self, text: str, font: str, size: float) -> float:
        return sum(stringWidth(run, face, size) for face, run in self.runs(text, font))

    def colour(self, name: str) -> HexColor:
        return colour_of(self.theme.colour(name))

    def option(self, section: str, key: str):
        return self.theme.option(section, key)

    def indent(self, name: str) -> float:
        return self.theme.styles[name].indent

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.margins["left"] - self.margins["right"]

    @property
    def frame_height(self) -> float:
        return self.page_size[1] - self.margins["top"] - self.margins["bottom"]


def _families(theme: Theme, characters: frozenset[str], project_root: Path | None):
    """The theme's families registered with reportlab, in fallback order, and the file of each
    face. A script family is registered only if the document needs it; one with PostScript
    outlines as a TrueType subset of the characters it draws."""
    registered, chain, files, needed = {}, [], {}, {ord(c) for c in characters}
    for role, faces in theme.chain(project_root):
        script = role not in ("body", "code")
        if script and not needed:       # all printed already: a script's font is not even opened
            continue
        covered = coverage(faces.regular)
        if script and not needed & covered:
            continue
        if faces.cff:
            path = truetype_subset(faces.regular, frozenset(chr(c) for c in needed & covered))
            faces = FontFaces(faces.name + "-" + path.stem[-8:], path, path, path, path, builtin=True)
            covered = coverage(path)
        family = register_family(faces)
        registered[role] = family
        chain.append(family)
        files.update((family.face(face), faces.path(face)) for face in FACES)
        needed -= covered
    return registered, chain, files


def make_styles(theme: Theme, language: str, characters: frozenset[str], project_root: Path | None) -> Styles:
    """Styles for the theme; ``characters``: all those the document prints (for the fonts)."""
    families, chain, files = _families(theme, characters, project_root)
    faces = {family.face(face): (family, face) for family in families.values() for face in FACES}
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
                  tuple(chain), faces, files)
