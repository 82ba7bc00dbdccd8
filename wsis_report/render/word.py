"""The submission as a Word document, for secretariats that ask for Word.

Sections are Heading 1 and questions Heading 2 (Word's navigation pane and table of contents use
them), an answer's own headings below; lists are Word lists (a numbered list starts at its own
number), tables Word tables with a repeating header row, links real hyperlinks (to the web, or to
a heading's bookmark), footnotes real footnotes. An sdg-map block is a table with a row per goal,
its SDG cell shaded in the goal's colour; the matrix annex likewise. The header and footer carry
the short title, the organisation and "Page X of Y" as fields; the document properties its title,
author and language. Pages and margins are the theme's. The file is the same for the same
sources (fixed dates and zip times).

python-docx provides the package (its template's styles and numbering, relationships, parts,
properties); the body is written as WordprocessingML text and parsed a few times in all, which is
many times faster than building it element by element.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from html import escape   # not xml.sax.saxutils, which imports urllib.request: 25 ms

from ..model import (Block, Code, CodeBlock, Document, Emphasis, Entry, FootnoteRef, Heading, Image, Inline,
                     LineBreak, Link, ListBlock, Paragraph, Quote, SdgMap, SdgMatrix, Section, SoftBreak, Span,
                     Strikethrough, Strong, Subscript, Superscript, Table, Text, ThematicBreak)
from ..model.text import heading_levels
from ..theme import Theme
from .text import inline_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MONOSPACE = "Consolas"
_MAX_PICTURE_INCHES = 6.0
_PAGES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
_TWIPS_PER_MM = 1440 / 25.4


def _bookmark(anchor: str) -> str:
    """A Word bookmark name for a link target: letters, digits and underscores, at most 40."""
    return ("a_" + re.sub(r"\W", "_", anchor))[:40]


def _text(text: str) -> str:
    """Text for w:t: escaped, and without the control characters XML cannot hold."""
    return escape(re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text), quote=False)


class _Word:
    def __init__(self, document: Document, epoch: int, theme: Theme | None):
        from docx import Document as Docx
        from docx.shared import Mm, Pt

        self.model, self.epoch = document, epoch
        self.rtl = document.meta.direction == "rtl"
        self.doc = Docx()
        section = self.doc.sections[0]             # the PDF's page size and margins
        width, height = _PAGES_MM[theme.page_size if theme is not None else "A4"]
        margins = theme.margins_mm if theme is not None else {"top": 25, "bottom": 25, "left": 22, "right": 22}
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
        section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
        self.text_width = (width - margins["left"] - margins["right"]) * _TWIPS_PER_MM      # twips
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name, normal.font.size = "Calibri", Pt(11)
        self._language(normal)
        self._add_styles()
        self.style_ids = {style.name: style.style_id for style in styles}
        self.levels: dict[int, int] = {}
        self.notes: list[tuple[int, str]] = []          # footnote id, text
        self.note_ids: dict[str, int] = {}              # model note anchor -> Word footnote id
        self.referenced: set[str] = set()               # notes referenced already
        self.bookmarks = 0
        self.xml: list[str] = []                        # body text not yet parsed

    # ---------------------------------------------------------------- styles

    def _language(self, style) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        meta = self.model.meta
        run = style.element.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), meta.language)
        lang.set(qn("w:bidi"), meta.language)
        run.append(lang)
        if self.rtl:
            run.append(OxmlElement("w:rtl"))
            style.element.get_or_add_pPr().append(OxmlElement("w:bidi"))
            # letter spacing in the Title style would stretch Arabic letters apart (as kashida)
            for spacing in self.doc.styles["Title"].element.rPr.findall(qn("w:spacing")):
                spacing.getparent().remove(spacing)

    def _add_styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt

        styles = self.doc.styles
        code = styles.add_style("Code", WD_STYLE_TYPE.PARAGRAPH)
        code.base_style = styles["Normal"]
        code.font.name, code.font.size = _MONOSPACE, Pt(9.5)
        code.paragraph_format.space_after = Pt(6)
        text = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
        text.base_style, text.font.size = styles["Normal"], Pt(9)
        reference = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
        reference.font.superscript = True

    # ---------------------------------------------------------------- the body, as text

    def paragraph(self, content: str, style: str | None = None, extra: str = "") -> None:
        """A paragraph of runs (``content``) in a style; ``extra``: more paragraph properties."""
        properties = (f'<w:pStyle w:val="{self.style_ids[style]}"/>' if style else "") + extra + \
            ("<w:bidi/>" if self.rtl else "")   # on each paragraph: a list style's own settings would start it left
        self.xml.append(f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{content}</w:p>")

    def flush(self) -> None:
        """Parse the body written so far into the document, before its section settings."""
        if not self.xml:
            return
        from docx.oxml import parse_xml

        holder = parse_xml(f'<w:body xmlns:w="{W}" xmlns:r="{R}">{"".join(self.xml)}</w:body>')
        end = self.doc.element.body.sectPr
        for element in list(holder):
            end.addprevious(element)
        self.xml = []

    @staticmethod
    def run(text: str | None, bold=False, italic=False, strike=False, font=None, linked=False, size=None,
            colour=None, raise_=None) -> str:
        properties = "".join((
            f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>' if font else "", "<w:b/>" if bold else "",
            "<w:i/>" if italic else "", "<w:strike/>" if strike else "",
            f'<w:color w:val="{colour}"/>' if colour else '<w:color w:val="005A9C"/>' if linked else "",
            f'<w:sz w:val="{round(size * 2)}"/>' if size else "", '<w:u w:val="single"/>' if linked else "",
            f'<w:vertAlign w:val="{raise_}"/>' if raise_ else ""))
        body = "<w:br/>" if text is None else f'<w:t xml:space="preserve">{_text(text)}</w:t>'
        return f"<w:r>{f'<w:rPr>{properties}</w:rPr>' if properties else ''}{body}</w:r>"

    def runs(self, nodes: tuple[Inline, ...], bold=False, italic=False, strike=False, linked=False,
             raise_=None) -> str:
        out = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(self.run(node.text, bold, italic, strike, linked=linked, raise_=raise_))
            elif isinstance(node, Code):
                out.append(self.run(node.text, bold, italic, strike, font=_MONOSPACE, linked=linked, raise_=raise_))
            elif isinstance(node, SoftBreak):
                out.append(self.run(" ", bold, italic, strike, linked=linked))
            elif isinstance(node, LineBreak):
                out.append(self.run(None))
            elif isinstance(node, Emphasis):
                out.append(self.runs(node.children, bold, True, strike, linked, raise_))
            elif isinstance(node, Strong):
                out.append(self.runs(node.children, True, italic, strike, linked, raise_))
            elif isinstance(node, Strikethrough):
                out.append(self.runs(node.children, bold, italic, True, linked, raise_))
            elif isinstance(node, (Superscript, Subscript)):
                kind = "superscript" if isinstance(node, Superscript) else "subscript"
                out.append(self.runs(node.children, bold, italic, strike, linked, kind))
            elif isinstance(node, Link) and not linked and (node.url or node.anchor):
                out.append(self._hyperlink(node, self.runs(node.children, bold, italic, strike, True, raise_)))
            elif isinstance(node, (Link, Span)):
                out.append(self.runs(node.children, bold, italic, strike, linked, raise_))
            elif isinstance(node, Image):
                out.append(self.run(f"[{node.alt}]" if node.alt else "", bold, italic, strike, linked=linked))
            elif isinstance(node, FootnoteRef):
                out.append(self._note_reference(node))
        return "".join(out)

    def _note_reference(self, node: FootnoteRef) -> str:
        """The first reference to a note is Word's footnote; a later one (Word has no shared
        footnotes) is its number, raised, as a cross-reference."""
        style = f'<w:rStyle w:val="{self.style_ids["Footnote Reference"]}"/>'
        number = self.note_ids.get(node.target, 0)
        if node.target in self.referenced:
            return f'<w:r><w:rPr>{style}</w:rPr><w:t>{number}</w:t></w:r>'
        self.referenced.add(node.target)
        return f'<w:r><w:rPr>{style}</w:rPr><w:footnoteReference w:id="{number}"/></w:r>'

    def _hyperlink(self, node: Link, content: str) -> str:
        from docx.opc.constants import RELATIONSHIP_TYPE

        if node.url:
            target = f'r:id="{self.doc.part.relate_to(node.url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)}"'
        else:
            target = f'w:anchor="{_bookmark(node.anchor)}"'
        return f"<w:hyperlink {target}>{content}</w:hyperlink>"

    def heading(self, content: str, level: int, anchor: str | None = None) -> None:
        if anchor:
            self.bookmarks += 1
            content = (f'<w:bookmarkStart w:id="{self.bookmarks}" w:name="{_bookmark(anchor)}"/>{content}'
                       f'<w:bookmarkEnd w:id="{self.bookmarks}"/>')
        self.paragraph(content, f"Heading {min(level, 9)}")

    # ---------------------------------------------------------------- blocks

    def blocks(self, blocks: tuple[Block, ...], depth: int = 0) -> None:
        for block in blocks:
            self.block(block, depth)

    def block(self, block: Block, depth: int = 0) -> None:
        if isinstance(block, Paragraph):
            self.paragraph(self.runs(block.inlines))
            self._pictures(block)
        elif isinstance(block, Heading):
            self.heading(self.runs(block.inlines), self.levels.get(id(block), 6), block.anchor)
        elif isinstance(block, ListBlock):
            self._list(block, depth)
        elif isinstance(block, Quote):
            for inner in block.blocks:
                if isinstance(inner, Paragraph):
                    self.paragraph(self.runs(inner.inlines), "Quote")
                else:
                    self.block(inner, depth)
        elif isinstance(block, CodeBlock):
            lines = block.text.rstrip("\n").split("\n")
            self.paragraph(self.run(None).join(self.run(line) for line in lines), "Code")
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, SdgMap):
            self._sdg_map(block)
        elif isinstance(block, ThematicBreak):
            self.paragraph(self.run("* * *"), extra='<w:jc w:val="center"/>')

    def _pictures(self, block: Paragraph) -> None:
        """PNG and JPEG images, after their paragraph (python-docx makes the picture's part)."""
        from docx.shared import Inches

        for node in block.inlines:
            if isinstance(node, Image) and node.data is not None and node.format in ("PNG", "JPEG"):
                self.flush()
                width, _ = node.size or (1, 1)
                self.doc.add_picture(io.BytesIO(node.data), width=Inches(min(_MAX_PICTURE_INCHES, width / 96)))
                self.doc.inline_shapes[-1]._inline.docPr.set("descr", node.alt)

    def _list(self, node: ListBlock, depth: int) -> None:
        kind = "List Number" if node.ordered else "List Bullet"
        style = kind if depth == 0 else f"{kind} {min(depth + 1, 3)}"
        numbering = (f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{self._restart(style, node.start)}"/></w:numPr>'
                     if node.ordered else "")
        following = "List Continue" if depth == 0 else f"List Continue {min(depth + 1, 3)}"
        for item in node.items:
            box = "" if item.checked is None else self.run("\u2612 " if item.checked else "\u2610 ")
            first, rest = (item.blocks[0], item.blocks[1:]) if item.blocks else (None, ())
            if isinstance(first, Paragraph):
                self.paragraph(box + self.runs(first.inlines), style, numbering)
            else:
                self.paragraph(box, style, numbering)
                rest = item.blocks
            for inner in rest:
                if isinstance(inner, ListBlock):
                    self._list(inner, depth + 1)
                elif isinstance(inner, Paragraph):
                    self.paragraph(self.runs(inner.inlines), following)
                else:
                    self.block(inner, depth + 1)

    def _restart(self, style: str, start: int) -> int:
        """A numbering of its own for a numbered list, so it starts at its own first number."""
        numbering = self.doc.part.numbering_part.element
        base = self.doc.styles[style].element.pPr.numPr.numId.val
        made = numbering.add_num(numbering.num_having_numId(base).abstractNumId.val)
        made.add_lvlOverride(ilvl=0).add_startOverride(start)
        return made.numId

    # ---------------------------------------------------------------- tables

    def table(self, rows: list[list[tuple[str, dict]]], shares: list[float] | None = None, narrow: bool = False) -> None:
        """A table of rows of (content, cell properties): ``shade`` (a colour), ``span`` (columns),
        ``merge`` ("restart" or "continue": rows merged down), ``align``. The first row is the header, which
        Word repeats on each page; ``shares``: each column's part of the text width."""
        columns = sum(cell.get("span", 1) for _, cell in rows[0])
        widths = [round(self.text_width * share / sum(shares)) for share in shares] if shares else None
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths) if widths else ""
        properties = ('<w:tblStyle w:val="TableGrid"/>' + (f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>' if widths else
                                                            '<w:tblW w:w="0" w:type="auto"/>')
                      + ("<w:bidiVisual/>" if self.rtl else "") + ('<w:tblLayout w:type="fixed"/>' if widths else "")
                      + ('<w:tblCellMar><w:left w:w="30" w:type="dxa"/><w:right w:w="30" w:type="dxa"/>'
                         "</w:tblCellMar>" if narrow else "") + '<w:tblLook w:val="04A0"/>')
        out = [f"<w:tbl><w:tblPr>{properties}</w:tblPr><w:tblGrid>{grid or '<w:gridCol/>' * columns}</w:tblGrid>"]
        for number, row in enumerate(rows):
            # a row stays on one page; the first, the header, repeats on each
            out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if number == 0 else "") + "</w:trPr>")
            column = 0
            for content, cell in row:
                span = cell.get("span", 1)
                width = f'<w:tcW w:w="{sum(widths[column:column + span])}" w:type="dxa"/>' if widths else ""
                tc = (width + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
                      + ('<w:vMerge w:val="restart"/>' if cell.get("merge") == "restart" else
                         "<w:vMerge/>" if cell.get("merge") == "continue" else "")
                      + (f'<w:shd w:val="clear" w:color="auto" w:fill="{cell["shade"].lstrip("#").upper()}"/>'
                         if cell.get("shade") else ""))
                paragraph_properties = (f'<w:jc w:val="{cell["align"]}"/>' if cell.get("align") else "") + \
                    ("<w:bidi/>" if self.rtl else "")
                paragraph = f"<w:p>{f'<w:pPr>{paragraph_properties}</w:pPr>' if paragraph_properties else ''}{content}</w:p>"
                out.append(f"<w:tc>{f'<w:tcPr>{tc}</w:tcPr>' if tc else ''}{paragraph}</w:tc>")
                column += span
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.xml.append("".join(out))
        self.paragraph("")                  # Word keeps a paragraph between a table and what follows

    def _table(self, node: Table) -> None:
        rows = []
        for number, row in enumerate((*node.head, *node.body)):
            cells = [(self.runs(cell.inlines, bold=number < len(node.head)), {"align": cell.align} if cell.align else {})
                     for cell in row.cells]
            rows.append(cells + [("", {})] * (node.columns - len(cells)))
        if rows:
            self.table(rows)

    def _badge(self, text: str, colour: str, size: float | None = None) -> tuple[str, dict]:
        """A cell on a goal's colour, its text in white bold (a badge, as in the PDF)."""
        return self.run(text, bold=True, colour="FFFFFF", size=size), {"shade": colour}

    def _sdg_map(self, node: SdgMap) -> None:
        """A row per goal: the Action Line (merged over its goals), the goal on its colour, its title, the note."""
        labels = self.model.labels
        notes = any(row.note for row in node.rows)
        rows = [[(self.run(labels.action_line, bold=True), {}), (self.run(labels.sdgs, bold=True), {"span": 2})]
                + ([(self.run(labels.note, bold=True), {})] if notes else [])]
        for row in node.rows:
            line = self.run(row.line.label, bold=True) + self.run(f" {row.line.title}")
            for index, goal in enumerate(row.goals or (None,)):
                merge = {} if len(row.goals) < 2 else {"merge": "restart" if index == 0 else "continue"}
                cells = [(line if index == 0 else "", merge)]
                cells += [self._badge(f"SDG\u00a0{goal.number}", goal.colour), (self.run(goal.title), {})] if goal else \
                    [("", {}), ("", {})]
                if notes:
                    cells.append((self.run(row.note or "") if index == 0 else "", merge))
                rows.append(cells)
        self.table(rows, [33, 13, 30] + ([24] if notes else []))

    def _matrix(self, annex: SdgMatrix) -> None:
        labels = self.model.labels
        self.heading(self.run(annex.title), 1, annex.anchor)
        rows = [[(self.run(annex.header, bold=True, size=8), {})] +
                [self._badge(str(goal.number), goal.colour, 8) for goal in annex.goals]]
        for row in annex.rows:
            cells = [(self.run(row.line.label, bold=True, size=8) + self.run(f" {row.line.title}", size=8), {})]
            for goal, questions in zip(annex.goals, row.cells):
                cells.append(self._badge(", ".join(labels.question_mark.format(n=q) for q in questions), goal.colour, 7)
                             if questions else ("", {}))
            rows.append(cells)
        self.table(rows, [8] + [1] * len(annex.goals), narrow=True)
        self.paragraph(self.runs(annex.legend))

    # ---------------------------------------------------------------- the document

    def entry(self, entry: Entry, level: int) -> None:
        self.levels.update(heading_levels(entry, level, deepest=9))          # Word has Heading 1 to 9
        for note in entry.footnotes:
            self.note_ids[note.anchor] = len(self.notes) + 1
            self.notes.append((len(self.notes) + 1, _note_text(note)))
        text = f"{entry.number}. {entry.heading}" if entry.number is not None else entry.heading
        self.heading(self.run(text), level, entry.anchor)
        self.blocks(entry.blocks)

    def build(self) -> bytes:
        meta = self.model.meta
        self.paragraph(self.run(meta.title), "Title")
        if meta.subtitle:
            self.paragraph(self.run(meta.subtitle), "Subtitle")
        for line in filter(None, [meta.organisation, " \u00b7 ".join(filter(None, [meta.consultation,
                                                                                    meta.date_text]))]):
            self.paragraph(self.run(line))
        for item in self.model.body:
            if isinstance(item, Section):
                self.heading(self.run(item.title), 1, item.anchor)
                for entry in item.entries:
                    self.entry(entry, 2)
            else:
                self.entry(item, 1)
        for annex in self.model.annexes:
            self._matrix(annex)
        self.flush()
        self._furniture()
        self._properties()
        self._footnotes()
        out = io.BytesIO()
        self.doc.save(out)
        return _reproducible(out.getvalue(), self.epoch)

    def _furniture(self) -> None:
        """The short title in the header; the organisation and "Page X of Y" (as fields) in the footer."""
        from docx.oxml import parse_xml

        meta, labels = self.model.meta, self.model.labels
        section = self.doc.sections[0]
        section.header.paragraphs[0].text = meta.short_title
        pieces = [self.run(f"{meta.organisation} \u00b7 ")]
        for piece in re.split(r"(\{page\}|\{total\})", labels.page_x_of_y):
            if piece in ("{page}", "{total}"):
                field = "PAGE" if piece == "{page}" else "NUMPAGES"
                pieces.append(f'<w:fldSimple w:instr="{field}"><w:r><w:t>1</w:t></w:r></w:fldSimple>')
            elif piece:
                pieces.append(self.run(piece))
        footer = section.footer.paragraphs[0]._p
        for element in parse_xml(f'<w:p xmlns:w="{W}">{"".join(pieces)}</w:p>'):
            footer.append(element)

    def _properties(self) -> None:
        meta = self.model.meta
        core = self.doc.core_properties
        core.title, core.author, core.language = meta.title, meta.organisation, meta.language
        core.subject, core.keywords = meta.consultation or meta.title, ", ".join(meta.keywords)
        core.last_modified_by, core.revision = meta.organisation, 1
        moment = dt.datetime.fromtimestamp(self.epoch, dt.timezone.utc).replace(tzinfo=None)
        core.created = core.modified = moment

    def _footnotes(self) -> None:
        """Word footnotes: a footnotes part with the separators Word expects, and each note."""
        if not self.notes:
            return
        from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from docx.oxml import parse_xml

        text, reference = self.style_ids["Footnote Text"], self.style_ids["Footnote Reference"]
        notes = "".join(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="{text}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{reference}"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {_text(note)}</w:t></w:r></w:p></w:footnote>'
            for number, note in self.notes)
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W}">'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
               f"</w:p></w:footnote>{notes}</w:footnotes>")
        part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml.encode("utf-8"),
                    self.doc.part.package)
        self.doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        settings = self.doc.settings.element
        properties = parse_xml(f'<w:footnotePr xmlns:w="{W}"><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
                               "</w:footnotePr>")
        compat = settings.find(f"{{{W}}}compat")      # the schema puts footnotePr just before compat
        if compat is not None:
            compat.addprevious(properties)
        else:
            settings.append(properties)


def _note_text(note) -> str:
    """A footnote's text (footnotes are plain text in Word: their links as "text (URL)")."""
    return " ".join(" ".join(inline_text(block.inlines).split()) for block in note.blocks
                    if isinstance(block, (Paragraph, Heading)))


def _reproducible(data: bytes, epoch: int) -> bytes:
    """The same .docx for the same sources: zip entries dated by the document, not by the clock."""
    moment = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.timezone.utc)      # zip dates start in 1980
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def render_docx(document: Document, epoch: int, theme: Theme | None = None) -> bytes:
    """The submission as .docx bytes, on the theme's page; ``epoch`` dates it (as the PDF)."""
    return _Word(document, epoch, theme).build()
