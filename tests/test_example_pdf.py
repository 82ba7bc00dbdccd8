"""The example submission, built and read back: order, furniture, outline, links, metadata, fonts."""
from __future__ import annotations

import re
import subprocess
import sys

from pypdf import PdfReader

from conftest import all_text, flat, build_pdf, outline_titles

QUESTIONS = [
    "What are the main achievements of the implementation of the WSIS process in the past 20 years?",
    "What are ITU\u2019s main contributions towards the implementation of the WSIS process in 20 years?",  # typeset
    "The WSIS process stands as a strong example of global digital cooperation in action for over two "
    "decades now. How can we ensure that this inclusive multistakeholder model is sustained and further "
    "strengthened?",
    "What are the challenges that remain in the implementation of the WSIS process?",
    "Which specific Action Lines have had the most significant impact, and why?",
    "Considering that the WSIS outcomes have demonstrated their relevance and applicability to new and "
    "emerging areas, how can the implementation of the WSIS principles and corresponding WSIS Action "
    "Lines be enhanced to effectively address these topics?",
    "Have you any suggestions and inputs on the WSIS+20 Review Action Lines, highlighting key milestones, "
    "challenges, and emerging trends beyond 2025 prepared by the WSIS Action Line facilitators?",
    "How can the alignment between the WSIS Action Lines and SDGs be strengthened towards the "
    "achievement of the 2030 Agenda for Sustainable Development?",
    "How can we further strengthen multistakeholder platforms such as the WSIS Forum as the platform "
    "for digital development and IGF as the platform for governance and policy issues?",
    "How can the implementation of the WSIS process and the Pact for the Future and its Global Digital "
    "Compact be aligned to achieve shared goals?",
    "What are the key emerging digital trends and topics to be considered by ITU in the WSIS+20 review "
    "and future vision beyond 2025?",
]
SECTIONS = ["Implementation of the WSIS Process", "WSIS Action Lines",
            "WSIS Action Lines for Advancing the SDGs"]


def test_questions_are_numbered_and_in_order(example_pdf):
    text = flat(all_text(example_pdf))
    position = 0
    for number, question in enumerate(QUESTIONS, start=1):
        found = text.find(f"{number}. {question}", position)
        assert found >= 0, f"question {number} missing or out of order"
        position = found


def test_sections_precede_their_questions(example_pdf):
    text = flat(all_text(example_pdf))
    assert text.index(SECTIONS[0]) < text.index("1. What are the main")
    assert text.index("4. What are the challenges") < text.index(SECTIONS[1] + " 5. Which")
    assert text.index("7. Have you any") < text.index(SECTIONS[2] + " 8. How can")


def test_title_block_opens_page_one(example_pdf):
    first = flat(example_pdf.pages[0].extract_text())
    for value in ("Implementation of WSIS Outcomes — Input to the WSIS+20 Review",
                  "Open Networks Collective",
                  "ITU CWG-WSIS&SDGs open consultation on the WSIS+20 review", "14 March 2025"):
        assert value in first
    assert first.index("Open Networks Collective") < first.index("1. What are the main")


def test_running_header_from_page_two_and_footer_on_every_page(example_pdf):
    pages = [page.extract_text() for page in example_pdf.pages]
    total = len(pages)
    assert total >= 4
    assert "Implementation of WSIS outcomes\n" not in pages[0]
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "opennetworks.example.org · CC BY-NC-SA 4.0 · @opennetworks" in flat(text)
        if number > 1:
            assert text.startswith(f"Implementation of WSIS outcomes\n{number}\n")


def test_outline_has_sections_then_questions_on_their_pages(example_pdf):
    entries = outline_titles(example_pdf)
    sections = [(title, page) for depth, title, page in entries if depth == 0]
    questions = [(title, page) for depth, title, page in entries if depth == 1]
    assert [title for title, _ in sections] == SECTIONS + ["Annex: WSIS Action Lines and the SDGs"]
    assert [title for title, _ in questions] == [f"{n}. {q}" for n, q in enumerate(QUESTIONS, 1)]
    for title, page in questions:
        number = title.split(".")[0]
        assert f"{number}. " in flat(example_pdf.pages[page - 1].extract_text())
    assert [depth for depth, _, _ in entries] == [0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0]
    assert sections[-1][1] == len(example_pdf.pages)           # the annex is the last page


def test_links_are_clickable_with_their_uris(example_pdf):
    uris = []
    for page in example_pdf.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
    assert "https://www.itu.int/itu-d/statistics/" in uris                     # bare URL
    assert "https://www.itu.int/net/wsis/docs2/tunis/off/6rev1.html" in uris   # [text](url)
    assert "https://opennetworks.example.org" in uris                         # from a template var


def test_metadata(example_pdf):
    meta = example_pdf.metadata
    assert meta.title == "Implementation of WSIS Outcomes — Input to the WSIS+20 Review"
    assert meta.author == "Open Networks Collective"
    assert meta.subject == "ITU CWG-WSIS&SDGs open consultation on the WSIS+20 review"
    assert re.fullmatch(r"wsis-report \d+\.\d+\.\d+", meta.creator)
    assert example_pdf.trailer["/Root"]["/Lang"] == "en"
    assert meta["/CreationDate"].startswith("D:20250314")   # the submission's date


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            described = descendant[0].get_object() if descendant else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                                         "/FontFile3"))
    return fonts


def test_every_font_is_embedded(example_pdf):
    fonts = embedded_fonts(example_pdf)
    assert fonts and all(fonts.values()), fonts
    assert any("SourceSansPro" in name for name in fonts)
    assert not any(name.lstrip("/") in ("Helvetica", "Times-Roman", "Courier") for name in fonts)


def test_sdg_map_table_shows_titles(example_pdf):
    text = flat(all_text(example_pdf))
    assert "C2 Information and communication infrastructure" in text
    assert "SDG 8 Decent Work and Economic Growth" in text
    assert "Online safety skills and secure networks" in text


def test_footnote_printed_at_end_of_its_answer(example_pdf):
    text = flat(all_text(example_pdf))
    note = text.index("1. Several national regulators already publish")
    assert text.index("what became of it.1") < note < text.index("4. What are the challenges")


def test_rebuild_is_byte_identical_across_processes(example_project, tmp_path):
    first = (example_project / "build" / "submission.pdf")
    build_pdf(example_project)
    again = tmp_path / "again.pdf"
    subprocess.run([sys.executable, "-m", "wsis_report", "build", str(example_project), "-o", str(again)],
                   check=True, capture_output=True)
    assert first.read_bytes() == again.read_bytes()


def test_source_date_epoch_sets_the_dates(example_project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    from conftest import run_cli
    out = tmp_path / "epoch.pdf"
    assert run_cli("build", example_project, "-o", out).exit_code == 0
    assert PdfReader(out).metadata["/CreationDate"].startswith("D:20231114")


def fill_colours(page) -> set[str]:
    """The RGB fill colours a page's content sets, as #RRGGBB."""
    found = set()
    for r, g, b in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", page.get_contents().get_data()):
        found.add("#%02X%02X%02X" % tuple(round(float(v) * 255) for v in (r, g, b)))
    return found


def test_sdg_map_badges_and_matrix_annex_use_the_official_colours(example_pdf):
    import yaml
    from importlib import resources

    official = {g["number"]: g["colour"].upper() for g in yaml.safe_load(
        resources.files("wsis_report.data").joinpath("sdgs.yaml").read_text())["goals"]}
    mapped = {17, 8, 9, 4, 16, 3}                                  # the example's sdg-map block
    map_page = next(p for p in example_pdf.pages if "Online safety skills" in p.extract_text())
    assert {official[n] for n in mapped} <= fill_colours(map_page)
    annex = example_pdf.pages[-1]
    text = flat(annex.extract_text())
    assert "Annex: WSIS Action Lines and the SDGs" in text
    assert "C7 E-health ICT applications" in text and "C11 International and regional cooperation" in text
    assert text.count("Q8") == 9 + 1                               # nine links, and the legend's example
    assert set(official.values()) <= fill_colours(annex)           # 17 column heads and the legend
