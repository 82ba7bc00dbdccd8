"""Check: document model in, diagnostics out (no file is read, no PDF is made)."""
from __future__ import annotations

from wsis_report.check import check_document
from wsis_report.errors import TemplateError, error
from wsis_report.model import (Code, CodeBlock, Document, Link, MatrixRow, Metadata, Origin, Paragraph, Question,
                               SdgMap, SdgMatrix, Slots, Text)
from wsis_report.resolve.labels import labels
from wsis_report.resolve.sdgmap import action_line, goal
from wsis_report.theme import load_theme

F = "content/01.md"


class Furniture:
    def __init__(self, fails_on: int | None = None):
        self.fails_on = fails_on

    def pages(self, pairs):
        if any(page == self.fails_on for page, _ in pairs):
            raise TemplateError([error("templates/header.j2", 3, "template error: 'x' is undefined", "template")])
        return [(Slots("T", "", str(page)), Slots("O", "", f"Page {page} of {pages}")) for page, pages in pairs]


def question(number: int, *blocks, limit: int | None = None) -> Question:
    return Question(heading=f"Q{number}?", anchor=f"q{number}", outline=f"{number}. Q{number}?", blocks=blocks,
                    origin=Origin(F, 2), body=Origin(F, 4), number=number, word_limit=limit,
                    word_limit_origin=Origin(F, 3) if limit else None)


def document(*entries, annexes=(), furniture=None) -> Document:
    meta = Metadata("T", "O", "T", None, None, None, None, "en", None, "final", Origin("content/submission.yaml", 1))
    return Document(meta, (), tuple(entries), annexes, labels("en")[0], furniture or Furniture())


def diagnostics(doc: Document, theme=None) -> list[str]:
    return [d.format() for d in check_document(doc, (), theme, None).diagnostics]


def test_word_limits_count_as_a_person_would():
    body = Paragraph((Text("One two three, "), Code("a long piece of code"), Text(" and "),
                      Link((Text("https://example.org/a/b"),), Origin(F, 4, 40), "https://example.org/a/b",
                           url="https://example.org/a/b", bare=True), Text(" four-five 2,000.")), Origin(F, 4))
    code = CodeBlock("many words in a code block\n", Origin(F, 6))
    assert diagnostics(document(question(1, body, code, limit=9))) == []
    assert diagnostics(document(question(1, body, code, limit=8))) == [
        "content/01.md:3:1: warning: the answer has 9 words, over its limit of 8; cut 1 [word-limit]"]


def test_empty_answers_and_an_empty_annex():
    annex = SdgMatrix("Annex", "annex-sdg-matrix", (goal(4),), (MatrixRow(action_line("C4"), ((),)),), (), "Action Line",
                      Origin("content/submission.yaml", 9))
    assert diagnostics(document(question(1), annexes=(annex,))) == [
        "content/01.md:4:1: warning: empty answer; write the answer below the front matter [empty-answer]",
        "content/submission.yaml:9:1: warning: the sdg-matrix annex will be empty: no question has an sdg-map "
        "block [annex]"]
    mapped = SdgMap((), Origin(F, 4))
    linked = SdgMatrix("Annex", "a", (goal(4),), (MatrixRow(action_line("C4"), ((1,),)),), (), "Action Line",
                       Origin("content/submission.yaml", 9))
    assert diagnostics(document(question(1, mapped), annexes=(linked,))) == []


def test_running_header_and_footer_are_tried_on_sample_pages():
    assert diagnostics(document(question(1, Paragraph((Text("x"),), Origin(F, 4))), furniture=Furniture(2))) == [
        "templates/header.j2:3:1: error: template error: 'x' is undefined [template]"]


def test_characters_no_font_has_are_reported_where_they_were_typed():
    doc = document(question(1, Paragraph((Text("A party \U0001F389 here."),), Origin(F, 4, 3)),
                            CodeBlock("x = '\u0D2E'\n", Origin(F, 6))))
    assert diagnostics(doc, load_theme(None)) == [          # a box in a submission is a defect: an error
        "content/01.md:4:3: error: no font has a glyph for \U0001F389 (U+1F389); it would print as a box: remove it, "
        "or name a font that has it in theme.yaml [glyph]",
        "content/01.md:6:1: error: no font has a glyph for \u0D2E (U+0D2E); it would print as a box: remove it, or "
        "name a font that has it in theme.yaml [glyph]"]
    arabic = document(question(1, Paragraph((Text("Arabic \u0645\u0631\u062d\u0628\u0627 and \u4e2d\u6587."),),
                                            Origin(F, 4))))
    checked = check_document(arabic, (), load_theme(None), None)
    assert checked.diagnostics == () and {"\u0645", "\u4e2d"} <= checked.characters   # the fonts for the scripts
