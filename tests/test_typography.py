"""Typography: quotes, dashes, ellipses, hyphenation, footnote back-links, heading anchors."""
from __future__ import annotations

from pypdf import PdfReader

from conftest import build_pdf, diagnostics, flat, question, run_cli, write_project


def link_targets(reader: PdfReader) -> list[tuple[int, int]]:
    """(page of the link, page of its destination) for each internal link."""
    ids = [page.indirect_reference.idnum for page in reader.pages]
    found = []
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/Dest" in annot:
                found.append((number, ids.index(annot["/Dest"][0].idnum) + 1))
    return found


def test_smart_punctuation_in_prose_but_not_in_code(tmp_path):
    body = 'She said "yes" -- then --- \'maybe\'... Not `"in" -- code...`.'
    reader = build_pdf(write_project(tmp_path, {"01.md": question("Quotes?", body)}))
    text = reader.pages[0].extract_text()
    assert "She said \u201cyes\u201d \u2013 then \u2014 \u2018maybe\u2019\u2026" in text
    assert '"in" -- code...' in text


def test_quotes_follow_the_document_language(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Guillemets ?", 'Il a dit "oui".')},
                            submission="title: T\norganisation: O\nlanguage: fr\n")
    text = build_pdf(project).pages[0].extract_text()
    assert "Il a dit \u00ab oui \u00bb." in text.replace("\u202f", " ")   # narrow no-break spaces


def test_long_words_are_hyphenated_in_justified_text(tmp_path):
    words = "internationalisation responsibilities telecommunications infrastructure interoperability "
    reader = build_pdf(write_project(tmp_path, {"01.md": question("Hyphens?", words * 40)}))
    lines = reader.pages[0].extract_text().splitlines()
    assert any(line.endswith("-") and line[-2].isalpha() for line in lines)
    assert flat(reader.pages[0].extract_text()).count("telecommunications") == 40


def test_footnote_links_go_to_the_note_and_back(tmp_path):
    body = "A claim.[^1]\n\n" + ("Filler paragraph. " * 60 + "\n\n") * 12 + "[^1]: The source.\n"
    reader = build_pdf(write_project(tmp_path, {"01.md": question("Notes?", body)}))
    assert len(reader.pages) >= 2
    assert (1, len(reader.pages)) in link_targets(reader)      # marker -> note
    assert (len(reader.pages), 1) in link_targets(reader)      # note number -> marker


def test_links_to_heading_and_section_slugs(tmp_path):
    project = write_project(tmp_path, {
        "01.md": "---\nsection: Our Work & Plans\nquestion: One?\n---\n## Key Findings\n\nText.\n",
        "02.md": question("Two?", ("Filler. " * 400) + "\n\nSee [findings](#key-findings), "
                                  "[the section](#our-work--plans) and [question 1](#q1)."),
    })
    result = run_cli("check", project)
    assert "link-target" not in result.output
    reader = build_pdf(project)
    last = len(reader.pages)
    assert sorted(link_targets(reader)) == [(last, 1), (last, 1), (last, 1)]


def test_lists_nested_deeper_than_the_page_is_wide_stay_readable(tmp_path):
    body = "\n".join("  " * depth + f"- level {depth} item text" for depth in range(100))
    reader = build_pdf(write_project(tmp_path, {"01.md": question("Deep?", body)}))
    text = flat("".join(page.extract_text() for page in reader.pages))
    assert all(f"level {depth} item text" in text for depth in range(100))


def test_nesting_beyond_the_limit_is_an_error_not_a_silent_cut(tmp_path):
    body = "Intro.\n\n" + "\n".join("  " * depth + f"- level {depth}" for depth in range(150))
    result = run_cli("build", write_project(tmp_path, {"01.md": question("Too deep?", body)}))
    assert result.exit_code == 1
    assert diagnostics(result.output) == ("content/01.md:114:1: error: lists or quotes nested more than 110 "
                                     "levels deep; flatten them [nesting]")


def text_starts(reader: PdfReader, page: int = 0) -> dict[str, float]:
    """x where each extracted line of text starts."""
    found = {}

    def visit(text, cm, tm, font, size):
        for line in text.split("\n"):
            if line.strip():
                found.setdefault(line.strip(), tm[4] + cm[4])
    reader.pages[page].extract_text(visitor_text=visit)
    return found


def test_list_markers_hang_and_ordered_lists_keep_their_start(tmp_path):
    long_item = "This item is long enough to wrap onto a second line of text, and the second line " \
                "must start under the first word, not under the marker of the item."
    body = f"3. {long_item}\n4. short\n\n- bullet\n  - dash\n    - dot\n"
    reader = build_pdf(write_project(tmp_path, {"01.md": question("Lists?", body)}))
    text = reader.pages[0].extract_text()
    assert "3. This item" in text and "4. short" in text and "1. " not in text.split("Lists?")[1]
    assert "\u2022 bullet" in text and "\u2013 dash" in text and "\u00b7 dot" in text
    starts = text_starts(reader)
    first = next(x for line, x in starts.items() if line.startswith("This item"))
    second = next(x for line, x in starts.items() if line.startswith("word, not under"))
    marker = next(x for line, x in starts.items() if line == "3.")
    assert abs(first - second) < 0.5 and marker < first - 8


def test_a_table_header_is_never_left_alone_at_the_foot_of_a_page(tmp_path):
    found_alone = []
    for lines in range(36, 46):      # push the table's start down the page, line by line
        filler = "\n".join(f"Line {i} of the filler." for i in range(lines))
        rows = "\n".join(f"| r{i} | v{i} |" for i in range(30))
        body = filler.replace("\n", "\n\n") + f"\n\n| Name | Value |\n|---|---|\n{rows}\n"
        reader = build_pdf(write_project(tmp_path / str(lines), {"01.md": question("Header?", body)}))
        for page in reader.pages:
            text = flat(page.extract_text())
            if "Name Value" in text and "r0 v0" not in text and "r" not in text.split("Name Value")[1][:3]:
                found_alone.append(lines)
    assert not found_alone


def test_text_pasted_from_a_word_processor(tmp_path):
    pasted = "Word\u2019s \u201cquotes\u201d, a non\u2011breaking hyphen, thin\u2009spaces, " \
             "zero\u200bwidth, soft\u00adhyphen, no\u00a0break.\n\n\uf0b7\tSymbol bullet"
    project = write_project(tmp_path, {"01.md": question("Pasted?", pasted)})
    result = run_cli("build", project)
    assert result.exit_code == 0 and "warning" not in result.output
    text = PdfReader(project / "build" / "submission.pdf").pages[0].extract_text()
    assert "Word\u2019s \u201cquotes\u201d, a non-breaking hyphen, thin spaces, zerowidth," in text
    assert "\u2022 Symbol bullet" in text and "\x00" not in text


# the drawing of text: TrueTypeFont.splitString's quick path gives reportlab's codes --------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# ASCII, Latin letters beyond it, a no-break space, Cyrillic, and characters the font lacks
_ALPHABET = "abc XYZ09.,é\u00e8ß\u00a0\u2014дя\u4e2d\u0628\U0001F600"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, max_size=40), max_size=12))
def test_text_is_coded_as_reportlab_codes_it(texts):
    from reportlab.pdfbase.ttfonts import TTFont

    from wsis_report.fonts import builtin_faces
    from wsis_report.render.pdf.fonts import TrueTypeFont

    path = str(builtin_faces("source-sans-pro").regular)
    ours, theirs = TrueTypeFont("split-ours", path), TTFont("split-theirs", path)
    ours_doc, theirs_doc = object.__new__(type("Doc", (), {})), object.__new__(type("Doc", (), {}))
    for text in texts + texts[::-1]:            # new characters first, then the same ones again
        assert ours.splitString(text, ours_doc) == theirs.splitString(text, theirs_doc)
    if texts:
        assert ours.state[ours_doc].assignments == theirs.state[theirs_doc].assignments


def test_a_deadline_while_a_font_is_first_read_is_not_lost(monkeypatch):
    """A face is read when first used, often inside reportlab's wrap; the build's deadline may
    strike then. It must reach the build (reportlab's getAscentDescent tries attributes under a
    bare except), and the face must still be readable afterwards."""
    import pytest
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from wsis_report.fonts import builtin_faces
    from wsis_report.limits import DeadlinePassed
    from wsis_report.render.pdf.fonts import TrueTypeFont, _register_font

    font = TrueTypeFont("deadline-probe", str(builtin_faces("source-sans-pro").regular))
    _register_font("deadline-probe", font)
    real_init, struck = TTFont.__init__, []

    def once(self, *args, **kwargs):        # the build's alarm strikes once, as it does in a build
        if not struck:
            struck.append(True)
            raise DeadlinePassed(25.0)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(TTFont, "__init__", once)
    with pytest.raises(DeadlinePassed):
        pdfmetrics.getAscentDescent("deadline-probe", 10)
    ascent, descent = pdfmetrics.getAscentDescent("deadline-probe", 10)
    assert ascent > 0 > descent and font.face.name
