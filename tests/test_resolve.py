"""Resolve: Markdown in, document model out, compared as data (no PDF is made)."""
from __future__ import annotations

from conftest import resolve_answers
from wsis_report.model import (ActionLineRef, Code, CodeBlock, Emphasis, Footnote, FootnoteRef, Goal, Heading,
                               Link, ListBlock, ListItem, Origin, Paragraph, Part, Question, Quote, SdgMap,
                               SdgRow, Section, SoftBreak, Strong, Table, TableCell, TableRow, Text)

F = "content/01.md"


def at(line: int, col: int = 1, file: str = F) -> Origin:
    return Origin(file, line, col)


def blocks_of(*bodies, **kwargs):
    document, problems = resolve_answers(*bodies, **kwargs)
    return document.entries[0].blocks, problems


def test_paragraph_inlines_with_typography():
    blocks, problems = blocks_of('A *very* "good" **idea** -- see `x < y`\nnext line.')
    assert problems == []
    assert blocks == (Paragraph((Text("A "), Emphasis((Text("very"),)), Text(" \u201cgood\u201d "),
                                 Strong((Text("idea"),)), Text(" \u2013 see "), Code("x < y"), SoftBreak(),
                                 Text("next line.")), at(4)),)


def test_links_are_decided_once():
    body = ("[q2](#q2) [none](#q9) [web](https://x.org/a) [ftp](ftp://x.org) https://bare.org\n\n"
            "## A Heading\n\nSee [it](#a-heading).")
    document, problems = resolve_answers(body, "Two.")
    first, _, third = document.entries[0].blocks
    links = [node for node in first.inlines if isinstance(node, Link)]
    assert [(link.url, link.anchor, link.bare) for link in links] == [
        (None, "q2", False), (None, None, False), ("https://x.org/a", None, False), (None, None, False),
        ("https://bare.org", None, True)]
    line = body.split("\n")[0]
    cols = [line.index(target) + 1 for target in ("#q2", "#q9", "https://x.org/a", "ftp:", "https://bare")]
    assert [link.origin for link in links] == [at(4, col) for col in cols]
    assert problems == [
        f"content/01.md:4:{cols[1]}: warning: internal link '#q9' has no target; link to a question as #q3, a "
        "section or heading by its name, or #part-1 [link-target]",
        f"content/01.md:4:{cols[3]}: warning: link to 'ftp://x.org' printed as text: only http, https and mailto "
        "links are kept [link-scheme]"]
    assert third.inlines[1].anchor == "a-heading"


def test_headings_lists_quotes_code_and_tables():
    body = ("# Title\n\n- one\n  - two\n\n3. three\n\n> quoted\n\n```py\ncode\n```\n\n"
            "| A | B |\n|:--|--:|\n| 1 | 2 |\n")
    blocks, _ = blocks_of(body)
    assert blocks == (
        Heading(1, (Text("Title"),), "title", at(4)),
        ListBlock((ListItem((Paragraph((Text("one"),), at(6, 3)),
                             ListBlock((ListItem((Paragraph((Text("two"),), at(7, 5)),), at(7, 3)),), at(7, 3))),
                            at(6)),), at(6)),
        ListBlock((ListItem((Paragraph((Text("three"),), at(9, 4)),), at(9)),), at(9), ordered=True, start=3),
        Quote((Paragraph((Text("quoted"),), at(11, 3)),), at(11)),
        CodeBlock("code\n", at(13), "py"),
        Table((TableRow((TableCell((Text("A"),), "left"), TableCell((Text("B"),), "right"))),),
              (TableRow((TableCell((Text("1"),), "left"), TableCell((Text("2"),), "right"))),), at(17), 2))


def test_footnotes_belong_to_their_answer():
    document, _ = resolve_answers("Claim.[^n] Again.[^n]\n\n[^n]: Source.\n")
    entry = document.entries[0]
    assert entry.blocks == (Paragraph((Text("Claim."), FootnoteRef(1, "q1-fn1", "q1-fnref1-0"), Text(" Again."),
                                       FootnoteRef(1, "q1-fn1", "q1-fnref1-1")), at(4)),)
    assert entry.footnotes == (Footnote(1, "q1-fn1", "q1-fnref1-0", (Paragraph((Text("Source."),), at(6, 7)),),
                                        at(6, 7)),)


def test_sdg_map_rows_carry_titles_and_colours():
    blocks, problems = blocks_of("```sdg-map\nC7-ehealth: [3]\nC5: {sdgs: [9], note: \"Secure\"}\n```\n")
    assert problems == []
    assert blocks == (SdgMap((
        SdgRow(ActionLineRef("C7-ehealth", "C7 E-health", "ICT applications: benefits in all aspects of life",
                             sub_line=True), (Goal(3, "Good Health and Well-being", "#4C9F38"),), None, at(5)),
        SdgRow(ActionLineRef("C5", "C5", "Building confidence and security in the use of ICTs"),
               (Goal(9, "Industry, Innovation and Infrastructure", "#FD6925"),), "Secure", at(6))),
        at(4)),)


def test_numbering_sections_and_parts():
    document, problems = resolve_answers("A.", "B.", "C.")
    assert [e.number for e in document.entries] == [1, 2, 3]
    assert [e.anchor for e in document.entries] == ["q1", "q2", "q3"]
    assert problems == []


def test_sections_hold_their_questions_and_a_part_ends_them(tmp_path):
    from conftest import write_project
    from wsis_report.build import analyse

    root = write_project(tmp_path, {
        "00.md": "---\ntitle: Intro\n---\nI.\n",
        "01.md": "---\nsection: One\nquestion: First?\n---\nA.\n",
        "02.md": "---\nquestion: Second?\nnumber: 5\n---\nB.\n",
        "03.md": "---\ntitle: Annex\n---\nC.\n",
        "04.md": "---\nsection: Two\ntitle: Opening\n---\nD.\n",
        "05.md": "---\nquestion: Third?\n---\nE.\n"})
    body = analyse(root).document.body
    assert [type(item).__name__ for item in body] == ["Part", "Section", "Part", "Section"]
    assert [(e.heading, e.number, e.anchor) for e in body[1].entries] == [("First?", 1, "q1"), ("Second?", 5, "q5")]
    assert [(type(e), e.anchor) for e in body[3].entries] == [(Part, "part-3"), (Question, "q6")]
    assert (body[1].anchor, body[1].alias, body[1].origin) == ("section-1", "one", Origin("content/01.md", 2))
    assert isinstance(body[0], Part) and not isinstance(body[1], Part) and isinstance(body[1], Section)


def test_template_lines_map_back_to_the_source():
    body = ("{% for i in range(3) %}\n- item {{ i }}\n{% endfor %}\n"
            "{{ vars.text }}\nAfter [x](#nowhere).\n")
    document, problems = resolve_answers(body, submission="title: T\norganisation: O\nvars:\n"
                                                          "  text: \"one\\ntwo\\nthree\"\n")
    blocks = document.entries[0].blocks
    assert [item.origin for item in blocks[0].items] == [at(5), at(5), at(5)]
    assert blocks[1].origin == at(7)              # the paragraph written by {{ vars.text }}
    assert problems == ["content/01.md:8:11: warning: internal link '#nowhere' has no target; link to a question "
                        "as #q3, a section or heading by its name, or #part-1 [link-target]"]


def test_template_syntax_in_code_is_left_alone():
    body = "Use `{{ secrets.TOKEN }}` and {{ 1 + 1 }}.\n\n```yaml\nrun: echo ${{ github.sha }} {% raw %}\n```\n"
    blocks, problems = blocks_of(body)
    assert problems == []
    assert blocks[0].inlines == (Text("Use "), Code("{{ secrets.TOKEN }}"), Text(" and 2."))
    assert blocks[1] == CodeBlock("run: echo ${{ github.sha }} {% raw %}\n", at(6), "yaml")
