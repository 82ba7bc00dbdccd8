"""Page breaks: headings stay with their answers, tables repeat their header and split rows."""
from __future__ import annotations


from pypdf import PdfReader

from conftest import body_text, build_pdf, flat, question, write_project

SENTENCE = "The multistakeholder model survives because people can see that taking part changes outcomes. "


def page_texts(reader: PdfReader) -> list[str]:
    return [flat(page.extract_text()) for page in reader.pages]


def test_question_headings_never_end_a_page(tmp_path):
    files = {}
    for n in range(1, 31):
        body = "\n\n".join(f"Answer{n} paragraph {p}. " + SENTENCE * (1 + (n * 7 + p) % 5) for p in range(n % 4 + 1))
        files[f"{n:02d}.md"] = question(f"Heading number {n} of the test?", body)
    reader = build_pdf(write_project(tmp_path, files))
    pages = page_texts(reader)
    assert len(pages) >= 5
    for n in range(1, 31):
        heading_page = next(i for i, t in enumerate(pages) if f"{n}. Heading number {n} of the test?" in t)
        assert f"Answer{n} paragraph 0." in pages[heading_page], f"question {n} left alone on its page"


def test_long_table_repeats_its_header_on_every_page(tmp_path):
    rows = "\n".join(f"| Row {i} | value {i * 3} | {i}.5 |" for i in range(1, 161))
    body = f"| Item name | Description | Amount |\n|---|---|--:|\n{rows}\n"
    reader = build_pdf(write_project(tmp_path, {"01.md": question("A long table?", body)}))
    pages = page_texts(reader)
    spanned = [t for t in pages if "Row " in t]
    assert len(spanned) >= 3
    for text in spanned:
        assert "Item name Description Amount" in text
    assert "Row 160 value 480 160.5" in pages[-1]


def test_a_row_taller_than_a_page_splits(tmp_path):
    cell = " ".join(f"Part {i} of it." for i in range(1, 601))   # short words: none hyphenated
    body = f"| Topic | Text |\n|---|---|\n| first | {cell} |\n| second | short |\n"
    reader = build_pdf(write_project(tmp_path, {"01.md": question("A tall row?", body)}))
    pages = page_texts(reader)
    assert len(pages) >= 2
    # the pages' text without the running header and footer and the repeated header row
    text = flat(" ".join(body_text(reader).split("\nTopic\nText\n")))
    position = 0
    for i in range(1, 601):                       # no line of the cell lost or reordered at the split
        position = text.index(f"Part {i} of it.", position)
    assert "second short" in pages[-1]


def _list_heavy_project(root):
    """Enough lists, tables and long paragraphs, with no contents, for the story to be made
    part by part over many pages."""
    body = "\n\n".join(["Intro " + "word " * 80, "- one item\n- two items, **bold**\n  1. nested\n  2. more",
                        "| a | b |\n|---|---|\n| x | y |", "Closing " + "text " * 120])
    return write_project(root, {f"{n:02d}-q.md": question(f"Question {n}?", body) for n in range(1, 31)})


def test_the_story_made_part_by_part_lays_out_as_the_whole_story(tmp_path, monkeypatch):
    import wsis_report.render.pdf as pdf

    project = _list_heavy_project(tmp_path / "p")
    first = build_pdf(project)
    lazy = (project / "build" / "submission.pdf").read_bytes()
    assert len(first.pages) > 8
    assert build_pdf(project) and (project / "build" / "submission.pdf").read_bytes() == lazy    # reproducible

    class WholeStory(list):
        def __init__(self, parts):
            super().__init__(flowable for part in parts for flowable in part)

    monkeypatch.setattr(pdf, "LazyStory", WholeStory)
    build_pdf(project)
    assert (project / "build" / "submission.pdf").read_bytes() == lazy
