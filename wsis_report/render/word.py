"""The submission as a Word document (python-docx), for secretariats that ask for Word.

Sections are Heading 1 and questions Heading 2 (Word's navigation pane and table of contents use
them), an answer's own headings below; lists are Word lists (a numbered list starts at its own
number), tables Word tables with a repeating header row, links real hyperlinks (to the web, or to
a heading's bookmark), footnotes real footnotes. An sdg-map block is a table with a row per goal,
its SDG cell shaded in the goal's colour; the matrix annex likewise. The header and footer carry
the short title, the organisation and "Page X of Y" as fields; the document properties its title,
author and language. The file is the same for the same sources (fixed dates and zip times).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.sax.saxutils import escape

from ..model import (Block, Code, CodeBlock, Document, Emphasis, Entry, FootnoteRef, Heading, Image, Inline,
                     LineBreak, Link, ListBlock, Paragraph, Quote, SdgMap, SdgMatrix, Section, SoftBreak, Span,
                     Strikethrough, Strong, Table, Text, ThematicBreak)
from ..model.text import heading_levels
from ..theme import Theme
from .text import inline_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MONOSPACE = "Consolas"
_MAX_PICTURE_INCHES = 6.0


def _bookmark(anchor: str) -> str:
    """A Word bookmark name for a link target: letters, digits and underscores, at most 40."""
    return ("a_" + re.sub(r"\W", "_", anchor))[:40]


_PAGES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}


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
        self.text_width = Mm(width - margins["left"] - margins["right"])
        self.levels: dict[int, int] = {}
        self.notes: list[tuple[int, str]] = []          # footnote id, text
        self.note_ids: dict[str, int] = {}              # model note anchor -> Word footnote id
        self.bookmarks = 0
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name, normal.font.size = "Calibri", Pt(11)
        self._language(normal)
        self._add_styles()
        self._end = self.doc.element.body.sectPr           # paragraphs go before the section's settings
        self._style_ids = {style.name: style.style_id for style in styles}

    def paragraph(self, text: str | None = None, style: str | None = None):
        """A new last paragraph (python-docx's add_paragraph looks for the end of the body each
        time: quadratic in the paragraphs; this keeps the place)."""
        from docx.oxml import OxmlElement
        from docx.text.paragraph import Paragraph as WordParagraph

        element = OxmlElement("w:p")
        self._end.addprevious(element)
        if self.rtl:                # on each paragraph too: a list style's own settings would start it on the left
            element.get_or_add_pPr().append(OxmlElement("w:bidi"))
        made = WordParagraph(element, self.doc._body)
        if style:           # by its id: python-docx looks a style up among all of them on each use
            element.style = self._style_ids[style]
        if text:
            made.add_run(text)
        return made

    # ---------------------------------------------------------------- styles and settings

    def _language(self, style) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        meta = self.model.meta
        run = style.element.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), meta.language)
        lang.set(qn("w:bidi"), meta.language)
        run.append(lang)
        if meta.direction == "rtl":
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
        counts = styles.add_style("Counts", WD_STYLE_TYPE.PARAGRAPH)
        counts.base_style, counts.font.size, counts.font.italic = styles["Normal"], Pt(9), True

    # ---------------------------------------------------------------- inlines

    def runs(self, paragraph, nodes: tuple[Inline, ...], bold=False, italic=False, strike=False, link=None) -> None:
        for node in nodes:
            if isinstance(node, Text):
                self._run(paragraph, node.text, bold, italic, strike, link=link)
            elif isinstance(node, Code):
                self._run(paragraph, node.text, bold, italic, strike, font=_MONOSPACE, link=link)
            elif isinstance(node, SoftBreak):
                self._run(paragraph, " ", bold, italic, strike, link=link)
            elif isinstance(node, LineBreak):
                self._run(paragraph, None, link=link)
            elif isinstance(node, Emphasis):
                self.runs(paragraph, node.children, bold, True, strike, link)
            elif isinstance(node, Strong):
                self.runs(paragraph, node.children, True, italic, strike, link)
            elif isinstance(node, Strikethrough):
                self.runs(paragraph, node.children, bold, italic, True, link)
            elif isinstance(node, Span):
                self.runs(paragraph, node.children, bold, italic, strike, link)
            elif isinstance(node, Link) and link is None and (node.url or node.anchor):
                self.runs(paragraph, node.children, bold, italic, strike, self._hyperlink(paragraph, node))
            elif isinstance(node, Link):
                self.runs(paragraph, node.children, bold, italic, strike, link)
            elif isinstance(node, Image):
                self._run(paragraph, f"[{node.alt}]" if node.alt else "", bold, italic, strike, link=link)
            elif isinstance(node, FootnoteRef):
                self._footnote_reference(paragraph, node)

    def _run(self, paragraph, text: str | None, bold=False, italic=False, strike=False, font=None, link=None):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        for flag, tag in ((font, "w:rFonts"), (bold, "w:b"), (italic, "w:i"), (strike, "w:strike"),
                          (link is not None, "w:color"), (link is not None, "w:u")):
            if flag:
                element = OxmlElement(tag)
                if tag == "w:rFonts":
                    element.set(qn("w:ascii"), font)
                    element.set(qn("w:hAnsi"), font)
                elif tag == "w:color":
                    element.set(qn("w:val"), "005A9C")
                elif tag == "w:u":
                    element.set(qn("w:val"), "single")
                properties.append(element)
        if len(properties):
            run.append(properties)
        if text is None:
            run.append(OxmlElement("w:br"))
        else:
            value = OxmlElement("w:t")
            value.set(qn("xml:space"), "preserve")
            value.text = text
            run.append(value)
        (link if link is not None else paragraph._p).append(run)

    def _hyperlink(self, paragraph, node: Link):
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        hyperlink = OxmlElement("w:hyperlink")
        if node.url:
            hyperlink.set(qn("r:id"), self.doc.part.relate_to(node.url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
        else:
            hyperlink.set(qn("w:anchor"), _bookmark(node.anchor))
        paragraph._p.append(hyperlink)
        return hyperlink

    def _footnote_reference(self, paragraph, node: FootnoteRef) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "FootnoteReference")
        properties.append(style)
        run.append(properties)
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(self.note_ids.get(node.target, 0)))
        run.append(reference)
        paragraph._p.append(run)

    # ---------------------------------------------------------------- blocks

    def heading(self, text: str, level: int, anchor: str | None = None, inlines: tuple[Inline, ...] | None = None):
        paragraph = self.paragraph(style=f"Heading {min(level, 9)}")
        if anchor:
            self._bookmark_around(paragraph, anchor, lambda: self._fill(paragraph, text, inlines))
        else:
            self._fill(paragraph, text, inlines)
        return paragraph

    def _fill(self, paragraph, text: str, inlines) -> None:
        if inlines is None:
            self._run(paragraph, text)
        else:
            self.runs(paragraph, inlines)

    def _bookmark_around(self, paragraph, anchor: str, fill) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self.bookmarks += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.bookmarks))
        start.set(qn("w:name"), _bookmark(anchor))
        paragraph._p.append(start)
        fill()
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.bookmarks))
        paragraph._p.append(end)

    def blocks(self, blocks: tuple[Block, ...], depth: int = 0) -> None:
        for block in blocks:
            self.block(block, depth)

    def block(self, block: Block, depth: int = 0) -> None:
        if isinstance(block, Paragraph):
            paragraph = self.paragraph()
            self.runs(paragraph, block.inlines)
            self._pictures(block)
        elif isinstance(block, Heading):
            self.heading("", self.levels.get(id(block), 6), block.anchor, block.inlines)
        elif isinstance(block, ListBlock):
            self._list(block, depth)
        elif isinstance(block, Quote):
            for inner in block.blocks:
                if isinstance(inner, Paragraph):
                    self.runs(self.paragraph(style="Quote"), inner.inlines)
                else:
                    self.block(inner, depth)
        elif isinstance(block, CodeBlock):
            paragraph = self.paragraph(style="Code")
            for index, line in enumerate(block.text.rstrip("\n").split("\n")):
                if index:
                    self._run(paragraph, None)
                self._run(paragraph, line)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, SdgMap):
            self._sdg_map(block)
        elif isinstance(block, ThematicBreak):
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            self.paragraph("* * *").alignment = WD_ALIGN_PARAGRAPH.CENTER

    def _pictures(self, block: Paragraph) -> None:
        from docx.shared import Inches

        for node in block.inlines:
            if isinstance(node, Image) and node.data is not None and node.format in ("PNG", "JPEG"):
                width, height = node.size or (1, 1)
                inches = min(_MAX_PICTURE_INCHES, width / 96)
                self.doc.add_picture(io.BytesIO(node.data), width=Inches(inches))
                self.doc.inline_shapes[-1]._inline.docPr.set("descr", node.alt)

    def _list(self, node: ListBlock, depth: int) -> None:
        kind = "List Number" if node.ordered else "List Bullet"
        style = kind if depth == 0 else f"{kind} {min(depth + 1, 3)}"
        number = self._restart(style, node.start) if node.ordered else None
        for item in node.items:
            first, rest = (item.blocks[0], item.blocks[1:]) if item.blocks else (None, ())
            paragraph = self.paragraph(style=style)
            if number is not None:
                paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = number
            if item.checked is not None:
                self._run(paragraph, "\u2612 " if item.checked else "\u2610 ")
            if isinstance(first, Paragraph):
                self.runs(paragraph, first.inlines)
            elif first is not None:
                rest = item.blocks
            for inner in rest:
                if isinstance(inner, ListBlock):
                    self._list(inner, depth + 1)
                elif isinstance(inner, Paragraph):
                    self.runs(self.paragraph(style="List Continue" if depth == 0 else
                                                f"List Continue {min(depth + 1, 3)}"), inner.inlines)
                else:
                    self.block(inner, depth + 1)

    def _restart(self, style: str, start: int) -> int:
        """A numbering of its own for a numbered list, so it starts at its own first number."""
        numbering = self.doc.part.numbering_part.element
        base = self.doc.styles[style].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(base).abstractNumId.val
        made = numbering.add_num(abstract)
        made.add_lvlOverride(ilvl=0).add_startOverride(start)
        return made.numId

    def _grid(self, rows: int, columns: int, shares: list[float] | None = None):
        """A Word table, and its cells by row (python-docx's table.cell() walks every cell each time);
        ``shares``: each column's part of the text width (else Word sizes them)."""
        from docx.oxml import OxmlElement

        table = self.doc.add_table(rows=rows, cols=columns)
        table.style = self.doc.styles["Table Grid"]
        if self.rtl:
            table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))     # its first column on the right
        header = table.rows[0]._tr.get_or_add_trPr()
        header.append(OxmlElement("w:tblHeader"))          # repeated on each page
        grid = [row.cells for row in table.rows]
        if shares:
            table.autofit = False
            widths = [int(self.text_width * share / sum(shares)) for share in shares]
            for column, width in zip(table.columns, widths):
                column.width = width
            for row in grid:
                for cell, width in zip(row, widths):
                    cell.width = width
        return table, grid

    def _table(self, node: Table) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        rows = (*node.head, *node.body)
        if not rows:
            return
        _, grid = self._grid(len(rows), node.columns)
        alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                     "right": WD_ALIGN_PARAGRAPH.RIGHT}
        for r, row in enumerate(rows):
            for c, cell in enumerate(row.cells):
                paragraph = grid[r][c].paragraphs[0]
                if cell.align:
                    paragraph.alignment = alignment[cell.align]
                self.runs(paragraph, cell.inlines, bold=r < len(node.head))

    @staticmethod
    def _narrow(table, twips: int = 30) -> None:
        """Small cell margins (the matrix's 17 goal columns are narrow)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), str(twips))
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        table._tbl.tblPr.append(margins)

    def _shade(self, cell, colour: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), colour.lstrip("#").upper())
        cell._tc.get_or_add_tcPr().append(shading)

    def _badge(self, cell, text: str, colour: str, size: float | None = None) -> None:
        """A cell on a goal's colour, its text in white bold (a badge, as in the PDF)."""
        from docx.shared import Pt, RGBColor

        self._shade(cell, colour)
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.color.rgb = True, RGBColor(0xFF, 0xFF, 0xFF)
        if size:
            run.font.size = Pt(size)

    def _sdg_map(self, node: SdgMap) -> None:
        """A row per goal: the Action Line (merged over its goals), the goal on its colour, its title, the note."""
        labels = self.model.labels
        notes = any(row.note for row in node.rows)
        heads = [labels.action_line, labels.sdgs, ""] + ([labels.note] if notes else [])
        count = sum(max(len(row.goals), 1) for row in node.rows)
        _, grid = self._grid(count + 1, len(heads), [33, 13, 30] + ([24] if notes else []))
        for c, text in enumerate(heads):
            if text:
                grid[0][c].paragraphs[0].add_run(text).bold = True
        merges = [(grid[0][1], grid[0][2])]               # the goals' head spans their badge and title
        r = 1
        for row in node.rows:
            span = max(len(row.goals), 1)
            line = grid[r][0].paragraphs[0]
            line.add_run(row.line.label).bold = True
            line.add_run(f" {row.line.title}")
            if notes:
                grid[r][3].paragraphs[0].add_run(row.note or "")
            for offset, goal in enumerate(row.goals):
                self._badge(grid[r + offset][1], f"SDG\u00a0{goal.number}", goal.colour)
                grid[r + offset][2].paragraphs[0].add_run(goal.title)
            if span > 1:
                merges.append((grid[r][0], grid[r + span - 1][0]))
                if notes:
                    merges.append((grid[r][3], grid[r + span - 1][3]))
            r += span
        for first, last in merges:
            first.merge(last)

    def _matrix(self, annex: SdgMatrix) -> None:
        labels = self.model.labels
        self.heading(annex.title, 1, annex.anchor)
        from docx.shared import Pt

        table, grid = self._grid(len(annex.rows) + 1, len(annex.goals) + 1, [8] + [1] * len(annex.goals))
        self._narrow(table)
        header = grid[0][0].paragraphs[0].add_run(annex.header)
        header.bold, header.font.size = True, Pt(8)
        for c, goal in enumerate(annex.goals, start=1):
            self._badge(grid[0][c], str(goal.number), goal.colour, 8)
        for r, row in enumerate(annex.rows, start=1):
            line = grid[r][0].paragraphs[0]
            code, title = line.add_run(row.line.label), line.add_run(f" {row.line.title}")
            code.bold, code.font.size, title.font.size = True, Pt(8), Pt(8)
            for c, (goal, questions) in enumerate(zip(annex.goals, row.cells), start=1):
                if questions:
                    self._badge(grid[r][c], ", ".join(labels.question_mark.format(n=q) for q in questions),
                                goal.colour, 7)
        self.runs(self.paragraph(), annex.legend)

    # ---------------------------------------------------------------- the document

    def entry(self, entry: Entry, level: int) -> None:
        self.levels.update(heading_levels(entry, level, deepest=9))          # Word has Heading 1 to 9
        for note in entry.footnotes:
            self.note_ids[note.anchor] = len(self.notes) + 1
            self.notes.append((len(self.notes) + 1, _note_text(note, self.model)))
        text = f"{entry.number}. {entry.heading}" if entry.number is not None else entry.heading
        self.heading(text, level, entry.anchor)
        self.blocks(entry.blocks)

    def build(self) -> bytes:
        meta = self.model.meta
        self.paragraph(meta.title, "Title")
        if meta.subtitle:
            self.paragraph(meta.subtitle, "Subtitle")
        for line in filter(None, [meta.organisation, " \u00b7 ".join(filter(None, [meta.consultation,
                                                                                    meta.date_text]))]):
            self.paragraph(line)
        for item in self.model.body:
            if isinstance(item, Section):
                self.heading(item.title, 1, item.anchor)
                for entry in item.entries:
                    self.entry(entry, 2)
            else:
                self.entry(item, 1)
        for annex in self.model.annexes:
            self._matrix(annex)
        self._furniture()
        self._properties()
        self._footnotes()
        out = io.BytesIO()
        self.doc.save(out)
        return _reproducible(out.getvalue(), self.epoch)

    def _furniture(self) -> None:
        """The short title in the header; the organisation and "Page X of Y" (as fields) in the footer."""
        meta, labels = self.model.meta, self.model.labels
        section = self.doc.sections[0]
        section.header.paragraphs[0].text = meta.short_title
        footer = section.footer.paragraphs[0]
        footer.add_run(f"{meta.organisation} \u00b7 ")
        for piece in re.split(r"(\{page\}|\{total\})", labels.page_x_of_y):
            if piece in ("{page}", "{total}"):
                self._field(footer, "PAGE" if piece == "{page}" else "NUMPAGES")
            elif piece:
                footer.add_run(piece)

    def _field(self, paragraph, instruction: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), instruction)
        run = OxmlElement("w:r")
        value = OxmlElement("w:t")
        value.text = "1"
        run.append(value)
        field.append(run)
        paragraph._p.append(field)

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
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        notes = "".join(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
            for number, text in self.notes)
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W}">'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
               f"</w:p></w:footnote>{notes}</w:footnotes>")
        part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, xml.encode("utf-8"),
                    self.doc.part.package)
        self.doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        settings = self.doc.settings.element
        properties = OxmlElement("w:footnotePr")
        for number in (-1, 0):
            reference = OxmlElement("w:footnote")
            reference.set(qn("w:id"), str(number))
            properties.append(reference)
        compat = settings.find(qn("w:compat"))       # the schema puts footnotePr just before compat
        if compat is not None:
            compat.addprevious(properties)
        else:
            settings.append(properties)


def _note_text(note, document: Document) -> str:
    """A footnote's text (footnotes are plain text in Word: their links as "text (URL)")."""
    return " ".join(" ".join(inline_text(block.inlines).split()) for block in note.blocks
                    if isinstance(block, (Paragraph, Heading)))


def _reproducible(data: bytes, epoch: int) -> bytes:
    """The same .docx for the same sources: zip entries in a fixed order, dated by the document."""
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
