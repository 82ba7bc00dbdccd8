"""The two floors the benchmark compares wsis-report with, each run as a whole process:

    python floors.py plain|styled CONTENT_DIR OUT.pdf

plain: each paragraph, list item and table row of the Markdown as one unstyled Paragraph in a
SimpleDocTemplate, with the body font embedded: the cost of Python, reportlab and the text.

styled: the same blocks set as wsis-report sets them, by plain reportlab: questions in the
bold accent style, justified hyphenated body text (reportlab's pyphen hyphenation), list items
with bullets and their indent, tables as reportlab Tables with a shaded header row and rules,
on A4 with the theme's margins: the cost of reportlab itself setting styled text. Neither
parses Markdown (a few regular expressions split the blocks), checks anything, tags or
archives the PDF.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import font_source_sans_pro
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

FONTS = Path(font_source_sans_pro.font_directory)
for face, stem in (("r", "Regular"), ("b", "Bold"), ("i", "It"), ("bi", "BoldIt")):
    pdfmetrics.registerFont(TTFont(f"SSP-{face}", str(FONTS / f"SourceSansPro-{stem}.ttf")))
pdfmetrics.registerFontFamily("SSP", normal="SSP-r", bold="SSP-b", italic="SSP-i", boldItalic="SSP-bi")

ACCENT = colors.HexColor("#005A9C")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
INLINE = [(re.compile(r"\*\*(.+?)\*\*"), r"<b>\1</b>"), (re.compile(r"(?<![*\w])\*(?!\s)(.+?)\*"), r"<i>\1</i>"),
          (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r'<a href="\2" color="#005A9C">\1</a>')]


def blocks(content: Path):
    """(kind, text) for each question, paragraph, list item and table (as rows) in file order."""
    for path in sorted(content.glob("*.md")):
        front, text = path.read_text(encoding="utf-8").split("\n---\n", 1)
        question = re.search(r"^(?:question|title): (.*)$", front, re.M)
        if question:
            yield "question", question.group(1)
        for block in re.split(r"\n\s*\n", text):
            if block.lstrip().startswith("```"):
                continue
            lines = [line for line in block.split("\n") if line.strip()]
            if lines and all(line.lstrip().startswith("|") for line in lines):
                rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines
                        if not re.fullmatch(r"[\s|:-]+", line)]
                yield "table", rows
                continue
            for item in re.split(r"\n(?=\s*(?:[-*+]|\d+\.) )", block):
                if item.strip():
                    yield ("item" if LIST_ITEM.match(item) else "paragraph"), " ".join(item.split())


def plain(content: Path, out: Path) -> None:
    body = ParagraphStyle("body", fontName="SSP-r", fontSize=10.5, leading=14.5, spaceAfter=6)
    head = ParagraphStyle("head", fontName="SSP-b", fontSize=12.5, leading=16, spaceBefore=14, spaceAfter=7)
    story = []
    for kind, text in blocks(content):
        rows = text if kind == "table" else [[text]]
        for row in rows:
            story.append(Paragraph(escape(" ".join(row)), head if kind == "question" else body))
    SimpleDocTemplate(str(out), initialFontName="SSP-r", invariant=1).build(story)


def _markup(text: str) -> str:
    text = escape(text)
    for pattern, replacement in INLINE:
        text = pattern.sub(replacement, text)
    return text


def styled(content: Path, out: Path) -> None:
    body = ParagraphStyle("body", fontName="SSP-r", fontSize=10.5, leading=14.5, spaceAfter=6, alignment=TA_JUSTIFY,
                          hyphenationLang="en_GB", embeddedHyphenation=1, uriWasteReduce=0.3)
    question = ParagraphStyle("question", fontName="SSP-b", fontSize=12.5, leading=16, spaceBefore=14, spaceAfter=7,
                              textColor=ACCENT, leftIndent=22, firstLineIndent=-22, keepWithNext=1)
    item = ParagraphStyle("item", parent=body, leftIndent=16, bulletIndent=4, spaceAfter=3)
    cell = ParagraphStyle("cell", fontName="SSP-r", fontSize=9.5, leading=12)
    header = ParagraphStyle("header", parent=cell, fontName="SSP-b")
    story, number = [], 0
    for kind, text in blocks(content):
        if kind == "question":
            number += 1
            story.append(Paragraph(f"{number}.&nbsp;&nbsp;{_markup(text)}", question))
        elif kind == "item":
            story.append(Paragraph(_markup(LIST_ITEM.sub("", text)), item, bulletText="\u2022"))
        elif kind == "table":
            rows = [[Paragraph(_markup(c), header if r == 0 else cell) for c in row] for r, row in enumerate(text)]
            table = Table(rows, repeatRows=1, hAlign="LEFT")
            table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3ECF5")),
                                       ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#C9D3DD")),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
        else:
            story.append(Paragraph(_markup(text), body))
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=24 * mm,
                            bottomMargin=24 * mm, initialFontName="SSP-r", invariant=1)
    doc.build(story)


if __name__ == "__main__":
    {"plain": plain, "styled": styled}[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]))
