"""Hostile-looking but honest input: huge words, URLs, tables, images, deep lists, long code.

Each builds, loses no text and keeps every character inside the frame's left and right edges.
"""
from __future__ import annotations

import re

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from conftest import body_text, build_pdf, question, write_project

LEFT = RIGHT = 22 * 72 / 25.4        # the default theme's side margins, in points
SLACK = 0.5


def registered_fonts() -> dict[str, str]:
    """PostScript name -> reportlab font name, for measuring extracted text."""
    found = {}
    for name in pdfmetrics.getRegisteredFontNames():
        face = getattr(pdfmetrics.getFont(name), "face", None)
        if face is not None and isinstance(face.name, bytes):
            found[face.name.decode()] = name
    return found


def overflowing_text(reader: PdfReader) -> list[str]:
    """Every run of text that starts left of the frame or ends right of it."""
    fonts, problems = registered_fonts(), []
    for number, page in enumerate(reader.pages, start=1):
        width = float(page.mediabox.width)

        def visit(text, cm, tm, font, size, number=number, width=width):
            text = text.strip("\n")
            if not text.strip() or font is None:
                return
            name = fonts.get(str(font["/BaseFont"]).split("+")[-1])
            scale = tm[0] * cm[0]
            x = tm[4] * cm[0] + cm[4]
            # one visit may hold several lines, each starting at x (T*); measure the widest
            widest = max(pdfmetrics.stringWidth(line, name, size) for line in text.split("\n")) if name else 0
            end = x + widest * scale
            if x < LEFT - SLACK or end > width - RIGHT + SLACK:
                problems.append(f"page {number}: {text[:40]!r} spans {x:.1f}..{end:.1f}")
        page.extract_text(visitor_text=visit)
    return problems


def squeezed(reader: PdfReader) -> str:
    return re.sub(r"\s+", "", body_text(reader))


def build(tmp_path, body: str, files: dict | None = None) -> PdfReader:
    project = write_project(tmp_path, {"01.md": question("Adversarial?", body), **(files or {})})
    reader = build_pdf(project)
    assert overflowing_text(reader) == []
    return reader


def test_the_bounds_check_can_fail(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Overflow?", "x")})
    reader = build_pdf(project)
    global LEFT
    saved, LEFT = LEFT, 200.0           # pretend the frame starts far to the right
    try:
        assert overflowing_text(reader)
    finally:
        LEFT = saved


def test_a_word_of_5000_characters(tmp_path):
    word = "".join(chr(ord("a") + i % 26) for i in range(5000))
    reader = build(tmp_path, f"Before {word} after.")
    assert f"Before{word}after." in squeezed(reader)


def test_a_url_of_400_characters(tmp_path):
    url = "https://example.org/" + "/".join(f"segment-{i:03d}.part?q={i}&x=y" for i in range(16))
    url = url[:400]
    reader = build(tmp_path, f"See {url} now.")
    assert url in squeezed(reader)
    uris = [a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots") or []]
    assert url in uris


def test_a_table_of_12_columns(tmp_path):
    header = "| " + " | ".join(f"Column heading {i}" for i in range(12)) + " |"
    rule = "|" + "---|" * 12
    rows = ["| " + " | ".join(f"cell {r}.{c} with some words" for c in range(12)) + " |" for r in range(5)]
    reader = build(tmp_path, "\n".join([header, rule, *rows]))
    text = squeezed(reader)
    assert all(f"cell{r}.{c}" in text for r in range(5) for c in range(12))


def test_a_table_of_2000_rows(tmp_path):
    rows = "\n".join(f"| r{i} | value {i} |" for i in range(2000))
    reader = build(tmp_path, f"| Key | Value |\n|---|---|\n{rows}\n")
    text = squeezed(reader)
    assert all(f"r{i}value{i}" in text for i in range(2000))
    assert len(reader.pages) > 20


def test_a_table_cell_holding_three_pages_of_text(tmp_path):
    cell = " ".join(f"Item {i} of the cell." for i in range(1, 1101))   # words too short to hyphenate
    reader = build(tmp_path, f"| Topic | Text |\n|---|---|\n| long | {cell} |\n")
    assert len(reader.pages) >= 3
    assert squeezed(reader).count("TopicText") == len(reader.pages)    # the header row repeats
    text = squeezed(reader).replace("TopicText", "")
    position = 0
    for i in range(1, 1101):
        position = text.index(f"Item{i}ofthecell.", position)


@pytest.mark.parametrize("size", [(5000, 5000), (10, 4000), (4000, 10)])
def test_huge_and_thin_images_fit_the_frame(tmp_path, size):
    project = write_project(tmp_path, {"01.md": question("Image?", "![a picture](assets/picture.png)\n\nAfter.")})
    (project / "content" / "assets").mkdir()
    Image.new("RGB", size, (0, 90, 156)).save(project / "content" / "assets" / "picture.png")
    reader = build_pdf(project)
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    placed = re.findall(rb"1 0 0 1 ([\d.]+) ([\d.]+) cm\s+q\s+([\d.]+) 0 0 ([\d.]+) 0 0 cm\s+/FormXob", content)
    assert len(placed) == 1
    x, y, width, height = map(float, placed[0])
    page = reader.pages[0].mediabox
    assert x >= LEFT - SLACK and x + width <= float(page.width) - RIGHT + SLACK
    assert y >= 0 and y + height <= float(page.height)
    assert "After." in squeezed(reader)


def test_lists_nested_12_deep(tmp_path):
    body = "\n".join("  " * depth + f"- depth {depth} " + "words " * 30 for depth in range(12))
    reader = build(tmp_path, body)
    text = squeezed(reader)
    assert all(f"depth{depth}" in text for depth in range(12))


def test_a_code_block_of_2000_long_lines(tmp_path):
    lines = "\n".join(f"L{i:04d}:" + "x" * 294 for i in range(2000))
    reader = build(tmp_path, f"```\n{lines}\n```\n")
    text = squeezed(reader)
    assert all(f"L{i:04d}:" + "x" * 294 in text for i in range(0, 2000, 97))
    assert text.count("x") >= 2000 * 294
