"""Projects as people keep them: answers in subfolders, natural order, .markdown files, links to
sibling answer files, task lists and the small HTML GitHub shows, each read as GitHub reads it."""
from __future__ import annotations

from conftest import body_text, build_pdf, flat, outline_titles, question, resolve_answers, run_cli, write_project
from wsis_report.model import Code, LineBreak, Link, Paragraph, Strong, Subscript, Superscript, Text


def test_answers_in_natural_order_subfolders_and_markdown_suffix(tmp_path):
    project = write_project(tmp_path, {
        "10-ten.md": question("Ten?", "Answer ten."),
        "9-nine.md": question("Nine?", "Answer nine."),
        "2-two.markdown": question("Two?", "Answer two."),
        "content/3-more/1-sub.md": question("Sub one?", "In a subfolder."),
        "content/3-more/README.md": "Notes for the team, not an answer.\n",
        "content/.~lock.md": "an editor's leftover\n",
    })
    reader = build_pdf(project)
    assert [title for _, title, _ in outline_titles(reader)] == ["1. Two?", "2. Sub one?", "3. Nine?", "4. Ten?"]
    text = flat(body_text(reader))
    assert text.index("Answer two.") < text.index("In a subfolder.") < text.index("Answer nine.") \
        < text.index("Answer ten.")
    assert "Notes for the team" not in text and "leftover" not in text


def test_a_broken_answer_in_a_subfolder_is_reported_with_its_path(tmp_path):
    project = write_project(tmp_path, {"1-a.md": question("A?", "Fine."),
                                       "content/part/2-b.md": "no front matter\n"})
    result = run_cli("check", project)
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("content/part/2-b.md:1:1: error: missing front matter")


def test_links_to_sibling_answer_files_become_internal_links():
    document, problems = resolve_answers("See [two](02.md), [its detail](02.md#the-detail) and "
                                         "[nowhere](02.md#nope) and [a file](notes.txt).",
                                         "## The detail\n\nBack to [one](./01.md).")
    first = document.entries[0].blocks[0]
    links = [node for node in first.inlines if isinstance(node, Link)]
    assert [(link.anchor, link.url) for link in links] == [("q2", None), ("the-detail", None), ("q2", None),
                                                          (None, None)]
    back = [n for n in document.entries[1].blocks[1].inlines if isinstance(n, Link)]
    assert back[0].anchor == "q1"
    assert any("'02.md#nope': that answer has no such heading" in p for p in problems)
    assert any("'notes.txt' printed as text" in p for p in problems)


def test_a_heading_slug_taken_twice_in_the_document_is_found_from_the_file_that_has_it():
    # both answers have "## Summary"; GitHub anchors each "summary" in its own file, the PDF
    # needs one anchor per heading in the whole document
    document, _ = resolve_answers("## Summary\n\nSee [theirs](02.md#summary).", "## Summary\n\nText.")
    link = next(n for n in document.entries[0].blocks[1].inlines if isinstance(n, Link))
    assert link.anchor == "summary-1"


def test_sibling_links_in_the_pdf_go_to_the_page_of_their_target(tmp_path):
    long_answer = "\n\n".join(["A long paragraph of words that fills the page. " * 12] * 8)
    project = write_project(tmp_path, {"01-a.md": question("A?", "See [the second answer](02-b.md)."),
                                       "02-b.md": question("B?", long_answer + "\n\n## Detail\n\nEnd."),
                                       "03-c.md": question("C?", "Back to [B's detail](02-b.md#detail).")})
    reader = build_pdf(project)
    pages = {id(page.indirect_reference.get_object()): n for n, page in enumerate(reader.pages, start=1)}
    targets = []
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            assert "/URI" not in str(annot.get("/A", {}))          # internal, not a link to a file
            destination = annot["/Dest"] if "/Dest" in annot else annot["/A"]["/D"]
            targets.append(pages[id(destination[0].get_object())])
    titles = {title: page for _, title, page in outline_titles(reader)}
    assert targets[0] == titles["2. B?"]
    assert targets[1] > titles["2. B?"]             # the heading at the end of the long answer


def test_task_list_items_print_as_boxes():
    document, problems = resolve_answers("- [ ] to do\n- [x] done\n- [X] also done\n- plain")
    items = document.entries[0].blocks[0].items
    assert [item.checked for item in items] == [False, True, True, None]
    assert items[0].blocks[0].inlines == (Text("to do"),)
    assert problems == []


def test_task_boxes_in_the_pdf(tmp_path):
    project = write_project(tmp_path, {"01-a.md": question("Tasks?", "- [ ] draft the answer\n- [x] agree it")})
    text = body_text(build_pdf(project))
    assert "\u2610 draft the answer" in text and "\u2611 agree it" in text


def test_the_html_github_shows_prints_as_github_shows_it():
    body = ("H<sub>2</sub>O, x<sup>2</sup>, press <kbd>Ctrl</kbd>,<br>next <!-- a note --> line, <b>bold</b>.\n\n"
            "<details>\n<summary>More detail</summary>\n\nInside.\n\n</details>\n\n<div>kept</div>\n")
    document, problems = resolve_answers(body)
    first, summary, inside, kept = document.entries[0].blocks
    assert Subscript((Text("2"),)) in first.inlines and Superscript((Text("2"),)) in first.inlines
    assert Code("Ctrl") in first.inlines and LineBreak() in first.inlines
    assert "a note" not in "".join(n.text for n in first.inlines if isinstance(n, Text))
    assert "<b>" in "".join(n.text for n in first.inlines if isinstance(n, Text))      # printed as typed
    assert summary == Paragraph((Strong((Text("More detail"),)),), summary.origin)
    assert inside.inlines == (Text("Inside."),)
    assert kept.text == "<div>kept</div>\n"
    assert [p.split(": warning: ")[1] for p in problems] == [
        "HTML <b> prints as typed (only <br>, <sup>, <sub>, <kbd>, <span lang> and <details> are read); write it "
        "in Markdown [html]",
        "HTML <div> prints as typed (only <br>, <sup>, <sub>, <kbd>, <span lang> and <details> are read); write it "
        "in Markdown [html]"]
    assert problems[0].startswith("content/01.md:4:")


def test_superscripts_and_line_breaks_in_the_pdf(tmp_path):
    project = write_project(tmp_path, {"01-a.md": question("Chemistry?", "H<sub>2</sub>O first<br>second")})
    text = body_text(build_pdf(project))
    assert "H2O first\nsecond" in text
