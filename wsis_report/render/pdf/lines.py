"""Paragraphs in any script: shaped, broken into lines, and ordered right to left where needed.

reportlab sets Latin, Greek and Cyrillic well, but it orders right-to-left text only with a bidi
library that cannot be installed (rlbidi), and its Chinese line breaking lets a line start with
a full-width comma. Paragraphs holding Arabic or Chinese text are laid out here instead:

1. the text is split into pieces by style run and by bidirectional level (python-bidi), and each
   piece is shaped with HarfBuzz (letters join, ligatures form, marks sit where they belong);
2. lines are broken between words, and between Chinese characters except before a closing mark
   or after an opening one (kinsoku), greedily to the width;
3. each line's pieces are put in visual order (rule L2 of the bidi algorithm), aligned, and
   drawn glyph by glyph, as PDF readers expect right-to-left text; every glyph that shaping chose
   maps back (ToUnicode) to the letters it stands for, so copy, search and text extraction give
   the logical text.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from bidi import algorithm as bidi, get_display
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr
from reportlab.platypus import Flowable

from .marked import begin_language, end_marked
from .tags import LABEL_CLOSE, LABEL_OPEN

# kinsoku: no line starts with a closing mark, none ends with an opening one (reportlab's lists,
# with the full-width forms Chinese text uses)
NO_START = frozenset(ALL_CANNOT_START) | frozenset("，。、：；！？）」』】〕〉》”’…‥·・～)]}.,:;!?%")
NO_END = frozenset(ALL_CANNOT_END) | frozenset("（「『【〔〈《“‘([{")


LINE_BREAK = "\u2028"            # a hard line break inside a paragraph


def mirrored(style: ParagraphStyle) -> ParagraphStyle:
    """The style for right-to-left text: what was indented on the left is indented on the right."""
    if not style.leftIndent and not style.rightIndent:
        return style
    return ParagraphStyle(f"{style.name}-rtl", parent=style, leftIndent=style.rightIndent,
                          rightIndent=style.leftIndent)


def needs_lines(text: str) -> bool:
    """Whether a text holds right-to-left or CJK characters, which reportlab cannot set alone."""
    if not text or max(text) < "\u0590":     # most text, told at C speed: none of those is below
        return False
    return any(_rtl(c) or _wide(c) for c in text if ord(c) >= 0x0590)


NO_BREAK = frozenset("\u00a0\u202f\u2007\u2060\ufeff")


def _space(char: str) -> bool:
    """White space a line may break at and justification may stretch (not a no-break space)."""
    return char.isspace() and char not in NO_BREAK


def _rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


@dataclass(frozen=True)
class Run:
    """Text in one style: reportlab font name, size, colour, and what a link or anchor needs."""

    text: str
    font: str
    size: float
    colour: object
    link: str | None = None          # a URL, or "#anchor"
    anchors: tuple[str, ...] = ()    # names this run defines
    back: object | None = None       # background colour (a code span, an SDG badge)
    rise: float = 0.0                # superscript
    strike: bool = False             # struck through
    language: str = ""               # BCP 47, when not the paragraph's: shaped by its rules, marked /Lang
    elements: tuple[int, ...] = ()   # when tagging: the inline elements around the text (see tags.py)
    underline: bool = False          # underlined (a redline's inserted words)


@dataclass
class Piece:
    """Part of a word in one run and at one bidi level, shaped: (char to draw, dx, dy, advance)."""

    run: Run
    text: str
    level: int
    glyphs: list[tuple[str, float, float, float]]
    width: float
    space: bool                      # white space: stretched when justifying, dropped at line ends


@dataclass
class Line:
    pieces: list[Piece]              # visual order
    width: float
    text: str                        # in logical order


@lru_cache(maxsize=64)
def _hb_font(font: str):
    """reportlab's HarfBuzz font for a registered TrueType font (its glyphs map to characters
    reportlab can draw, private ones where the font's cmap has none)."""
    ttf = pdfmetrics.getFont(font)
    hb_font = ttf.hbFont(1000)
    hb_font.scale = (1000, 1000)             # positions in thousandths of an em, whatever the font's units
    return ttf, hb_font


def shape(text: str, run: Run, level: int, language: str) -> list[tuple[str, float, float, float]]:
    """HarfBuzz glyphs of ``text`` in visual order, as (character, dx, dy, advance) in points."""
    import uharfbuzz as hb

    ttf, font = _hb_font(run.font)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if level % 2 else "ltr"
    if language:
        buffer.language = language
    hb.shape(font, buffer, {"kern": True, "liga": True})
    scale = run.size / 1000.0                 # the HarfBuzz font is set at 1000 units an em
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, starts[1:] + [len(text)]))
    glyphs = []
    for info, position in zip(infos, positions):
        letters = text[info.cluster:ends[info.cluster]]
        char = _drawn(ttf, font, info, position, letters, infos, level)
        glyphs.append((char, position.x_offset * scale, position.y_offset * scale, position.x_advance * scale))
    return glyphs


def _drawn(ttf, font, info, position, letters: str, infos, level: int) -> str:
    """The character that draws a shaped glyph, mapped (ToUnicode) to the letters it stands for.

    Readers put right-to-left text in reading order by reversing it, letter by letter, so the
    letters of a ligature are given in drawing order. A glyph whose own character means
    something else here (a bracket mirrored in right-to-left text) is drawn through a private
    character of its own."""
    chars = ttf.face.glyphToChar.get(info.codepoint)
    own = chr(chars[0]) if chars else None
    if own is not None and own in letters:
        return own
    others = "".join(chr(ttf.face.glyphToChar.get(o.codepoint, [0])[0]) for o in infos
                     if o.cluster == info.cluster and o is not info)
    spoken = "".join(c for c in letters if c not in others) or letters
    spoken = spoken[::-1] if level % 2 else spoken
    if own is not None and not _presentation_form(own):
        name = f"{font.glyph_to_string(info.codepoint)}={spoken}"
    else:
        name = font.glyph_to_string(info.codepoint)
    if own is not None and _presentation_form(own):
        char = own
    else:
        char = chr(ttf.hbAddPrivate(name, info.codepoint, position.x_advance))
    ttf.spoken.setdefault(ord(char), spoken)
    return char


def _presentation_form(char: str) -> bool:
    """An Arabic presentation form: a code point that only ever means its letters' joined form."""
    return "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufeff"


def _levels(text: str, base: int) -> list[int]:
    """The resolved bidi embedding level of each character (rules up to I2)."""
    if base == 0 and not any(_rtl(c) for c in text):
        return [0] * len(text)
    storage = bidi.get_empty_storage()
    storage["base_level"], storage["base_dir"] = base, "LR"[base]
    bidi.get_embedding_levels(text, storage)
    bidi.explicit_embed_and_overrides(storage)
    bidi.resolve_weak_types(storage)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    return [char["level"] for char in storage["chars"]]


def _breaks(text: str) -> list[bool]:
    """Whether a line may break before each character (between words; between wide characters
    unless kinsoku forbids it)."""
    allowed = [False] * len(text)
    for index in range(1, len(text)):
        before, char = text[index - 1], text[index]
        if before == LINE_BREAK or char == LINE_BREAK:
            allowed[index] = True
        elif _space(before):
            allowed[index] = not _space(char)
        elif _space(char) or before in NO_BREAK or char in NO_BREAK:
            allowed[index] = False
        elif (_wide(before) or _wide(char)) and char not in NO_START and before not in NO_END:
            allowed[index] = True
    return allowed


@dataclass
class Unit:
    """What may not be broken: a word (with the space after it), or one Chinese character."""

    pieces: list[Piece] = field(default_factory=list)

    @property
    def width(self) -> float:                    # without trailing space
        return sum(p.width for p in self.pieces) - self.trailing

    @property
    def trailing(self) -> float:
        space = 0.0
        for piece in reversed(self.pieces):
            if not piece.space:
                break
            space += piece.width
        return space


def units(runs: list[Run], base: int, language: str) -> list[Unit]:
    """The text's unbreakable units, each in shaped pieces (in logical order)."""
    text = "".join(run.text for run in runs)
    levels, breaks = _levels(text, base), _breaks(text)
    owner = [index for index, run in enumerate(runs) for _ in run.text]
    found: list[Unit] = []
    start = 0
    for end in range(1, len(text) + 1):
        if end < len(text) and owner[end] == owner[start] and levels[end] == levels[start] \
                and _space(text[end]) == _space(text[start]) and not breaks[end]:
            continue
        piece_text, run = text[start:end], runs[owner[start]]
        glyphs = shape(piece_text, run, levels[start], run.language or language)
        piece = Piece(run, piece_text, levels[start], glyphs, sum(g[3] for g in glyphs), _space(piece_text[0]))
        if not found or breaks[start]:
            found.append(Unit())
        found[-1].pieces.append(piece)
        start = end
    return found


def _visual(pieces: list[Piece], base: int) -> list[Piece]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every run of pieces at
    that level or higher. Trailing white space takes the paragraph's level (L1)."""
    levels = [p.level for p in pieces]
    for index in range(len(pieces) - 1, -1, -1):
        if not pieces[index].space:
            break
        levels[index] = base
    order = list(range(len(pieces)))
    highest = max(levels, default=0)
    lowest_odd = min((level for level in levels if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return [pieces[i] for i in order]


def break_lines(found: list[Unit], width: float, first_width: float, base: int) -> list[Line]:
    lines, current, used = [], [], 0.0
    for unit in found:
        room = first_width if not lines else width
        forced = unit.pieces[0].text == LINE_BREAK
        if current and (forced or used + unit.width > room):
            lines.append(current)
            current, used = [], 0.0
        if not forced:
            current.append(unit)
            used += unit.width + unit.trailing
    if current:
        lines.append(current)
    made = []
    for line_units in lines:
        pieces = [p for unit in line_units for p in unit.pieces]
        natural = sum(p.width for p in pieces) - line_units[-1].trailing
        made.append(Line(_visual(pieces, base), natural, "".join(p.text for p in pieces).rstrip()))
    return made


class ScriptParagraph(Flowable):
    """A paragraph laid out by this module: Arabic, Chinese, or any text mixing them.

    Alignment is by the text's start and end: a left-aligned style starts each line on the right
    in a right-to-left paragraph, and a list marker hangs on that side."""

    def __init__(self, runs: list[Run], style: ParagraphStyle, rtl: bool, language: str,
                 bullet: str | None = None, lines: list[Line] | None = None, part: str = "whole"):
        super().__init__()
        self.runs, self.style, self.rtl, self.language, self.bullet = runs, style, rtl, language, bullet
        self.lines, self.part = lines, part          # part: whole, first (of a split) or rest
        self.base = 1 if rtl else 0
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self._width: float | None = None

    def _lay_out(self, width: float) -> list[Line]:
        if self.lines is not None and (self._width == width or self.part != "whole"):
            return self.lines
        inner = width - self.style.leftIndent - self.style.rightIndent
        self.lines = break_lines(units(self.runs, self.base, self.language), inner,
                                 inner - self.style.firstLineIndent, self.base)
        self._width = width
        return self.lines

    def wrap(self, width, height):
        self.width = width
        self.height = len(self._lay_out(width)) * self.style.leading
        return width, self.height

    def split(self, width, height):
        lines = self._lay_out(width)
        fits = min(int(height // self.style.leading), len(lines) - 2)     # no orphan, no widow
        if fits >= len(lines) or len(lines) < 4 and fits < len(lines):
            return [] if fits < len(lines) else [self]
        if fits < 2:
            return []
        first = ScriptParagraph(self.runs, replace_style(self.style, spaceAfter=0), self.rtl, self.language,
                                self.bullet, lines[:fits], "first" if self.part == "whole" else "middle")
        rest = ScriptParagraph(self.runs, replace_style(self.style, spaceBefore=0), self.rtl, self.language,
                               None, lines[fits:], "rest")
        return [first, rest]

    def draw(self):
        style = self.style
        y = self.height - pdfmetrics.getAscentDescent(style.fontName, style.fontSize)[0]
        self._marking = getattr(self.canv, "marking", None)
        self._elements: tuple[int, ...] = ()
        for number, line in enumerate(self.lines):
            first = number == 0 and self.part in ("whole", "first")
            last = number == len(self.lines) - 1 and self.part in ("whole", "rest")
            indent = style.firstLineIndent if first else 0
            left = style.leftIndent + (0 if self.rtl else indent)
            room = self.width - style.leftIndent - style.rightIndent - indent
            spaces = sum(p.space for p in line.pieces)
            justify = style.alignment == TA_JUSTIFY and not last and line.width < room
            stretch = (room - line.width) / spaces if justify and spaces else 0.0
            spacing = (room - line.width) / max(sum(len(p.glyphs) for p in line.pieces) - 1, 1) \
                if justify and not spaces else 0.0             # Chinese: space between the characters
            offset = 0.0 if justify else self._offset(room - line.width)
            self._draw_line(line, left + offset, y, stretch, spacing)
            if first and self.bullet:
                self._draw_bullet(y)
            y -= style.leading
        self._enter(())

    def _enter(self, elements: tuple[int, ...]) -> None:
        """When tagging: close the inline elements the text leaves, open those it enters (markers
        that the marking of this paragraph reads, see tags.py)."""
        if self._marking is None or elements == self._elements:
            return
        common = 0
        while common < min(len(elements), len(self._elements)) and elements[common] == self._elements[common]:
            common += 1
        code = self.canv._code
        code.extend(f"\x00/{number}\x00" for number in reversed(self._elements[common:]))
        code.extend(f"\x00{number}\x00" for number in elements[common:])
        self._elements = elements

    def _offset(self, free: float) -> float:
        """Where a line starts in its box: at the text's start side, its end side, or centred."""
        alignment = self.style.alignment
        if alignment == TA_CENTER:
            return free / 2
        at_end = alignment == TA_RIGHT
        return free if at_end != self.rtl else 0.0

    def _draw_line(self, line: Line, x: float, y: float, stretch: float, spacing: float) -> None:
        """A line, a text object per stretch of one run (a run's words, and the spaces between them)."""
        canvas = self.canv
        for segment in _segments(line.pieces):
            run = segment[0].run
            widths = [p.width + (stretch if p.space else spacing * len(p.glyphs)) for p in segment]
            if run.back is not None:
                canvas.saveState()
                canvas.setFillColor(run.back)
                descent = pdfmetrics.getAscentDescent(run.font, run.size)[1]
                left = x
                for piece, width in zip(segment, widths):
                    canvas.rect(left, y + descent - 1, piece.width, run.size * 1.2, stroke=0, fill=1)
                    left += width
                canvas.restoreState()
            # spaces are drawn too: a reader that extracts the text finds them where they are
            self._enter(run.elements)
            foreign = (self._marking is None and bool(run.language) and run.language != self.language
                       and begin_language(canvas, run.language))      # tagged: its Span element has the /Lang
            self._draw_glyphs(segment, x, y + run.rise, spacing, stretch)
            if foreign:
                end_marked(canvas)
            for drawn, height in ((run.strike, run.size / 3), (run.underline, -run.size / 8)):
                if drawn:
                    canvas.saveState()
                    canvas.setStrokeColor(run.colour)
                    canvas.setLineWidth(run.size / 16)
                    canvas.line(x, y + height, x + sum(widths), y + height)
                    canvas.restoreState()
            for piece, width in zip(segment, widths):
                if not piece.space:
                    self._annotate(piece, x, y)
                x += width

    def _draw_glyphs(self, segment: list[Piece], x: float, y: float, spacing: float, stretch: float) -> None:
        """A segment's glyphs as one string, placed by reportlab's shaped-text output (a TJ array
        whose numbers move each glyph from where its width would put it to where HarfBuzz does):
        readers then see one run of text, not a glyph per position. Right-to-left glyphs are drawn
        in visual order, as readers expect (they put them back in reading order)."""
        canvas, run = self.canv, segment[0].run
        widths = pdfmetrics.getFont(run.font).face.charWidths
        per_point = 1000.0 / run.size                       # shape data is in thousandths of an em
        data, chars = [], []
        for piece in segment:
            extra = spacing + (stretch / max(len(piece.glyphs), 1) if piece.space else 0.0)
            # rounded, so a glyph set at its own width needs no number (1e-13 would still split the string)
            data += [ShapeData(0, round((advance + extra) * per_point, 3), 0, round(dx * per_point, 3),
                               round(dy * per_point, 3), widths[ord(char)])
                     for char, dx, dy, advance in piece.glyphs]
            chars += [glyph[0] for glyph in piece.glyphs]
        text = canvas.beginText(x, y)
        text.setFont(run.font, run.size)
        text.setFillColor(run.colour)
        text.textOut(ShapedStr("".join(chars), shapeData=data))
        canvas.drawText(text)

    def _annotate(self, piece: Piece, x: float, y: float) -> None:
        run, canvas = piece.run, self.canv
        for name in run.anchors:
            canvas.bookmarkHorizontal(name, x, y + run.size)
        if run.link:
            rect = (x, y - run.size * 0.25, x + piece.width, y + run.size)
            if run.link.startswith("#"):
                canvas.linkRect("", run.link[1:], rect, relative=1, thickness=0)
            else:
                canvas.linkURL(run.link, rect, relative=1, thickness=0)

    def _draw_bullet(self, y: float) -> None:
        """The list marker, hanging in the indent on the side where the text starts."""
        canvas = self.canv
        if self._marking is not None:
            self._enter(())
            canvas._code.append(LABEL_OPEN)
            self._draw_marker(y)
            canvas._code.append(LABEL_CLOSE)
        else:
            self._draw_marker(y)

    def _draw_marker(self, y: float) -> None:
        style, canvas = self.style, self.canv
        canvas.setFont(style.bulletFontName, style.bulletFontSize)
        canvas.setFillColor(style.textColor)
        if self.rtl:
            canvas.drawRightString(self.width - style.bulletIndent, y, get_display(self.bullet, base_dir="R"))
        else:
            canvas.drawString(style.bulletIndent, y, self.bullet)


def _segments(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces side by side that are in the same run: each is drawn as one text object."""
    found: list[list[Piece]] = []
    for piece in pieces:
        if found and found[-1][-1].run is piece.run:
            found[-1].append(piece)
        else:
            found.append([piece])
    return found


def replace_style(style: ParagraphStyle, **changes) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}*", parent=style, **changes)
