"""A fixture that uses every accepted piece of syntax: each prints, links and images work."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from markdown_it.tree import SyntaxTreeNode

import typing

from conftest import all_text, diagnostics, flat, build_pdf, outline_titles, question, run_cli, write_project
from wsis_report import model
from wsis_report.render.pdf.blocks import BLOCK_RULES as PDF_BLOCK_RULES
from wsis_report.render.pdf.inline import INLINE_RULES as PDF_INLINE_RULES
from wsis_report.resolve.answer import BLOCK_RULES, INLINE_RULES
from wsis_report.syntax import make_parser

FIXTURE = Path(__file__).parent / "fixtures" / "features"


@pytest.fixture(scope="module")
def features(tmp_path_factory):
    root = tmp_path_factory.mktemp("features")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    return build_pdf(root)


def test_every_model_node_has_a_pdf_rule():
    assert set(typing.get_args(model.Block)) == set(PDF_BLOCK_RULES)
    assert set(typing.get_args(model.Inline)) == set(PDF_INLINE_RULES)


def test_every_token_type_in_the_fixture_has_a_resolve_rule():
    seen = set()
    for path in (FIXTURE / "content").glob("*.md"):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        stack = [SyntaxTreeNode(make_parser().parse(body, {}))]
        while stack:
            node = stack.pop()
            seen.add(node.type)
            stack.extend(node.children)
    seen -= {"root", "list_item", "thead", "tbody", "tr", "th", "td", "footnote"}  # handled by parents
    missing = seen - set(BLOCK_RULES) - set(INLINE_RULES)
    assert not missing
    assert {"table", "footnote_block", "blockquote", "fence", "code_block", "html_block", "hr",
            "s", "link", "image", "footnote_ref", "html_inline", "hardbreak"} <= seen


def test_inline_markup_prints_literally_where_it_should(features):
    text = flat(all_text(features))
    assert "inline <code> & more" in text
    assert "<span>raw html</span> & entities ©, 5 < 6 > 4" in text
    assert "<div> raw html block </div>" in text
    assert 'return x < 2 and "a & b"' in text
    assert "deepest ordered" in text and "level five" in text


def test_nested_lists_are_indented_by_depth(features):
    page = features.pages[0]
    positions = {}

    def visit(text, cm, tm, font, size):
        if text.strip() in ("nested bullet", "deeper", "deepest ordered", "level five"):
            positions[text.strip()] = tm[4] + cm[4]
    page.extract_text(visitor_text=visit)
    xs = [positions[k] for k in ("nested bullet", "deeper", "deepest ordered", "level five")]
    assert xs == sorted(xs) and len(set(xs)) == 4


def test_internal_links_and_footnotes_jump_to_their_targets(features):
    dests = []
    for page in features.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/Dest" in annot:
                dests.append(annot["/Dest"])
    # link to question 2, the footnote (twice), and back to the intro
    assert len(dests) >= 4
    page_ids = [page.indirect_reference.idnum for page in features.pages]
    pages = {page_ids.index(dest[0].idnum) + 1 for dest in dests}
    assert pages == {1, 3}        # the intro (and its footnote) on page 1, question 2 on page 3


def test_shared_footnote_is_printed_once(features):
    assert flat(all_text(features)).count("A shared footnote with code in it.") == 1


def test_images_are_embedded_and_fit_the_frame(features):
    widths = []
    for page in features.pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                widths.append(xobject["/Width"])
    assert 1600 in widths and 1200 in widths          # logo and chart, at their own resolution
    page_width = float(features.pages[1].mediabox.width)
    placed = re.findall(rb"1 0 0 1 ([\d.]+) [\d.]+ cm\s+q\s+([\d.]+) 0 0 [\d.]+ 0 0 cm\s+/FormXob",
                        features.pages[1].get_contents().get_data())
    assert len(placed) == 2
    for x, width in placed:
        left = float(x)
        assert left >= 62 and left + float(width) <= page_width - 62   # inside the 22 mm margins


def test_unnumbered_part_and_outline(features):
    entries = outline_titles(features)
    assert [(d, t) for d, t, _ in entries] == [          # French: a narrow no-break space before "?"
        (0, "Introduction"), (0, "Syntax"), (1, "1. Does inline markup print\u202f?"),
        (1, "2. Which Action Lines map to which SDGs\u202f?")]


def test_language_and_localised_date(features):
    assert features.trailer["/Root"]["/Lang"] == "fr"
    assert "15 janvier 2026" in features.pages[0].extract_text()


def test_missing_and_outside_images_are_errors(tmp_path):
    outside = tmp_path / "secret.png"
    shutil.copy(FIXTURE / "content" / "assets" / "logo.png", outside)
    body = "![missing chart](assets/none.png)\n\n![escape](../secret.png)\n\n![web](https://x.org/a.png)\n"
    project = write_project(tmp_path / "p", {"01-q.md": question("Images?", body)})
    result = run_cli("build", project)
    assert result.exit_code == 1 and not (project / "build").exists()    # no PDF with a hole in it
    assert diagnostics(result.output).splitlines() == [
        "content/01-q.md:4:18: error: image 'assets/none.png' not found: expected it at "
        "content/assets/none.png [image]",
        "content/01-q.md:6:11: error: image '../secret.png' refused: it is outside content/; move it to "
        "content/assets/ [image]",
        "content/01-q.md:8:8: error: image 'https://x.org/a.png' refused: not a file of the project "
        "(nothing is fetched); put it under content/assets/ and link it as assets/NAME [image]",
    ]


def test_greek_cyrillic_and_missing_glyphs(tmp_path):
    body = "Ελληνικά, русский, français.\n\nA party 🎉 here.\n"
    project = write_project(tmp_path, {"01-q.md": question("Scripts?", body)},
                            submission="title: T\norganisation: Ассоциация «Открытые сети»\n")
    result = run_cli("build", project)
    assert result.exit_code == 1 and not (project / "build").exists()   # a box in a submission is a defect
    assert result.output.splitlines()[0] == ("content/01-q.md:6:1: error: no font has a glyph for 🎉 (U+1F389); "
                                             "it would print as a box: remove it, or name a font that has it in "
                                             "theme.yaml [glyph]")
    (project / "content" / "01-q.md").write_text(question("Scripts?", "Ελληνικά, русский, français."))
    text = build_pdf(project).pages[0].extract_text()
    assert "Ελληνικά, русский, français." in text and "Ассоциация «Открытые сети»" in text


def test_url_with_ampersand_keeps_its_query(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("Links?", "See https://x.org/?a=1&b=2 and <me@x.org>.")})
    reader = build_pdf(project)
    uris = [a.get_object()["/A"]["/URI"] for a in reader.pages[0]["/Annots"]]
    assert uris == ["https://x.org/?a=1&b=2", "mailto:me@x.org"]


def test_reference_data_in_templates(tmp_path):
    body = "Goal {{ sdgs[4].number }}: {{ sdgs[4].short_title }} ({{ sdgs[4].colour }}); " \
           "{{ action_lines['C7-ehealth'].title }} under {{ action_lines.C7.title }}."
    reader = build_pdf(write_project(tmp_path, {"01.md": question("Templates?", body)}))
    assert ("Goal 4: Quality Education (#C5192D); E-health under ICT applications: benefits in all "
            "aspects of life.") in flat(reader.pages[0].extract_text())
