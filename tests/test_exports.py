"""Exports for web forms, the web and Word: text, Markdown, HTML, JSON and DOCX from the same
model, and stats; each read back with a parser of its own kind (html5lib, jsonschema, python-docx,
markdown-it)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import html5lib
import pytest
from hypothesis import given, settings, strategies as st
from jsonschema import Draft202012Validator
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from conftest import EXAMPLE, question, run_cli, write_project

REPO = EXAMPLE.parent
FIXTURES = Path(__file__).parent / "fixtures"


def exported(tmp_path: Path, source: Path, fmt: str, name: str | None = None) -> Path:
    project = tmp_path / "project"
    if not project.exists():
        shutil.copytree(source, project, ignore=shutil.ignore_patterns("build", ".git", ".venv*"))
    target = tmp_path / (name or f"answers.{ {'text': 'txt'}.get(fmt, fmt) }")
    result = run_cli("export", project, "--format", fmt, "-o", target)
    assert result.exit_code == 0, result.output
    return target


def stats_json(project: Path) -> dict:
    result = run_cli("stats", project, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def visible_words(markdown: str) -> list[str]:
    """The words a reader sees in an answer's Markdown (sdg-map blocks left out)."""
    markdown = re.sub(r"```sdg-map.*?```", "", markdown, flags=re.S)
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin).render(markdown)
    text = html5lib.parse(html, namespaceHTMLElements=False).itertext()
    return re.findall(r"\w+", " ".join(text))


def is_subsequence(small: list[str], large: list[str]) -> bool:
    found = iter(large)
    return all(word in found for word in small)


# ---------------------------------------------------------------------------- text

def test_text_holds_every_answer_in_order_with_the_counts_stats_gives(tmp_path):
    path = exported(tmp_path, REPO, "text")
    text = path.read_text("utf-8")
    data = json.loads(exported(tmp_path, REPO, "json").read_text("utf-8"))
    counts = {row["number"]: row for row in stats_json(tmp_path / "project")["questions"]}
    positions = []
    for entry in data["questions"]:
        heading = f"{entry['number']}. {entry['text']}"
        start = text.index(heading)
        positions.append(start)
        block = text[start:text.index("characters", start)]
        assert is_subsequence(visible_words(entry["answer"]["markdown"]), re.findall(r"\w+", block)), heading
        row = counts[entry["number"]]
        assert f"{row['words']:,} words / {row['characters']:,} characters" in text[start:]
        assert row["characters"] == len(entry["answer"]["text"]) and row["words"] == entry["counts"]["words"]
    assert positions == sorted(positions) and len(positions) == 11
    # the paste-ready shape: a paragraph is one line, a list keeps its markers, a link shows its URL
    assert "\n- Connectivity at scale. Internet use grew from roughly one person in eight in 2005" in text
    assert "\n  - remote participation that is equal in standing to presence in the room;" in text
    assert "the statistics published at https://www.itu.int/itu-d/statistics/ were cited" in text
    assert "[1] Several national regulators already publish consultation responses" in text
    assert ("C2 Information and communication infrastructure \u2014 SDG 8 Decent Work and Economic Growth; "
            "SDG 9 Industry, Innovation and Infrastructure") in text
    lines = text.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("Challenge")))
    table, rule = lines[start:start + 6], lines[start + 1]
    assert rule.startswith("-" * 33 + "  -") and len(table) == 6     # a header, its rule, four rows
    assert all(line[33:35] == "  " and line[:33].strip() for line in table)       # columns aligned


def test_text_to_standard_output_and_limits(tmp_path):
    body = " ".join(["word"] * 30)
    project = write_project(tmp_path, {"01.md": question("Q one?", body, word_limit=20),
                                       "02.md": question("Q two?", "Short answer.", word_limit=20)})
    result = run_cli("export", project, "--format", "text", "-o", "-")
    assert result.exit_code == 0
    assert "1. Q one?\n\n" + body + "\n\n30 words / 149 characters; limit 20 words, 10 over" in result.output
    assert "2 words / 13 characters; limit 20 words\n" in result.output
    table = run_cli("stats", project).stdout.splitlines()
    assert table[0].split() == ["#", "Question", "Words", "Characters", "Limit", "Status"]
    assert table[2].split() == ["1", "Q", "one?", "30", "149", "20", "OVER", "by", "10"]
    assert table[3].split() == ["2", "Q", "two?", "2", "13", "20", "ok"]
    assert table[4].split() == ["Total", "32", "162"]


def test_chinese_counts_characters_as_words(tmp_path):
    project = write_project(tmp_path, {"01.md": question("问题？", "信息社会世界峰会，可持续发展。", word_limit=10)},
                            "title: 标题\norganisation: 组织\nlanguage: zh\n")
    row = stats_json(project)["questions"][0]
    assert (row["words"], row["characters"], row["over_by"]) == (13, 15, 3)


# ---------------------------------------------------------------------------- Markdown

def test_markdown_previews_as_the_pdf_prints(tmp_path):
    path = exported(tmp_path, REPO, "md")
    markdown = path.read_text("utf-8")
    tokens = MarkdownIt("commonmark").enable(["table"]).parse(markdown)
    headings = [(tokens[i].tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == ("h1", "Implementation of WSIS Outcomes — Input to the WSIS+20 Review")
    assert [h for h in headings if h[0] == "h2"][:2] == [("h2", "Implementation of the WSIS Process"),
                                                         ("h2", "WSIS Action Lines")]
    questions = [text for tag, text in headings if tag == "h3"]
    assert len(questions) == 11 and questions[0].startswith("1. What are the main achievements")
    assert sum(t.type == "table_open" for t in tokens) == 3        # the answer's table, the sdg-map, the matrix
    assert "| **C2** Information and communication infrastructure | **SDG 8** Decent Work" in markdown
    assert "[^q3-1]: Several national regulators" in markdown and "[^q3-1]" in markdown.split("[^q3-1]:")[0]


def test_links_images_and_footnotes_point_where_github_finds_them(tmp_path):
    path = exported(tmp_path, FIXTURES / "features", "md", name="out/answers.md")
    markdown = path.read_text("utf-8")
    assert "![A chart](../project/content/assets/chart.png)" in markdown
    assert (path.parent / "../project/content/assets/chart.png").resolve().is_file()
    assert "[link to question 2](#2-which-action-lines-map-to-which-sdgs)" in markdown
    assert "## Introduction" in markdown and "### 2. Which Action Lines map to which SDGs\u202f?" in markdown
    assert markdown.count("[^part-1-1]:") == 1 and markdown.count("[^part-1-1]") == 3   # a note used twice


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=40))
def test_escaped_text_reads_back_as_the_same_text(text):
    """What an author typed as text stays text, wherever it sits on a line."""
    from html import unescape

    from wsis_report.render.markdown import escape

    text = " ".join(text.split())
    if not text:
        return
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    html = parser.render(escape(text, line_start=True)).strip()
    assert html.startswith("<p>") and html.endswith("</p>"), (text, html)
    assert unescape(html[3:-4]) == text


# ---------------------------------------------------------------------------- HTML

def test_html_is_one_valid_accessible_page(tmp_path):
    path = exported(tmp_path, REPO, "html")
    page = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(path.read_bytes())
    assert page.get("lang") == "en"
    elements = list(page.iter())
    headings = [(e.tag, "".join(e.itertext()).strip()) for e in elements if e.tag in ("h1", "h2", "h3")]
    assert [tag for tag, _ in headings].count("h1") == 1 and headings[0][1].startswith("Implementation of WSIS")
    assert [text for tag, text in headings if tag == "h2"] == [
        "Implementation of the WSIS Process", "WSIS Action Lines", "WSIS Action Lines for Advancing the SDGs",
        "Annex: WSIS Action Lines and the SDGs"]
    assert [text.split(".")[0] for tag, text in headings if tag == "h3"] == [str(n) for n in range(1, 12)]
    assert {e.tag for e in elements} >= {"header", "nav", "main", "footer", "table", "thead", "th", "ul", "ol"}
    assert all(e.get("scope") in ("col", "row") for e in elements if e.tag == "th")
    badges = [e for e in elements if e.get("class") == "sdg"]
    assert badges and badges[0].text == "SDG\u00a017" and "background-color:#19486A" in badges[0].get("style")
    # nothing is fetched from elsewhere: no style sheet, script or image from a URL
    assert not [e for e in elements if e.tag in ("link", "script", "iframe")]
    assert all(e.get("src", "data:").startswith("data:") for e in elements)


def test_html_of_the_features_embeds_images_with_alt_text(tmp_path):
    path = exported(tmp_path, FIXTURES / "features", "html")
    page = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(path.read_bytes())
    images = [e for e in page.iter() if e.tag == "img"]
    assert [e.get("alt") for e in images] == ["A chart", "icon"]
    assert all(e.get("src").startswith("data:image/png;base64,") for e in images)
    assert page.get("lang") == "fr"


# ---------------------------------------------------------------------------- JSON

@pytest.mark.parametrize("source", [REPO, FIXTURES / "features", FIXTURES / "arabic", FIXTURES / "chinese"],
                         ids=["example", "features", "arabic", "chinese"])
def test_json_follows_the_schema_that_ships(tmp_path, source):
    from wsis_report.render.json_document import schema

    data = json.loads(exported(tmp_path, source, "json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema())
    errors = sorted(Draft202012Validator(schema()).iter_errors(data), key=str)
    assert not errors, errors[0]
    counts = stats_json(tmp_path / "project")["questions"]
    assert [(q["counts"]["words"], q["counts"]["characters"]) for q in data["questions"]] == [
        (row["words"], row["characters"]) for row in counts]


def test_json_carries_answers_links_and_warnings(tmp_path):
    data = json.loads(exported(tmp_path, FIXTURES / "features", "json").read_text("utf-8"))
    kinds = [(q["kind"], q["number"]) for q in data["questions"]]
    assert kinds == [("part", None), ("question", 1), ("question", 2)]
    second = data["questions"][2]
    assert second["section"] == "Syntax" and second["limit"] == {"words": 300}
    assert second["sdg_map"][0] == {"action_line": "C1", "title": second["sdg_map"][0]["title"], "sdgs": [17],
                                    "note": None}
    assert "```sdg-map" in second["answer"]["markdown"] and "<table" in second["answer"]["html"]
    assert [d["code"] for d in data["diagnostics"]] == ["translation", "html", "html"]   # <span>, <div>
    assert data["metadata"]["language"] == "fr" and data["format"] == "wsis-report/answers"


# ---------------------------------------------------------------------------- DOCX

def test_docx_reopens_with_headings_lists_tables_links_and_footnotes(tmp_path):
    path = exported(tmp_path, REPO, "docx")
    document = docx.Document(str(path))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    sections = [text for style, text in headings if style == "Heading 1"]
    questions = [text for style, text in headings if style == "Heading 2"]
    assert sections[:3] == ["Implementation of the WSIS Process", "WSIS Action Lines",
                            "WSIS Action Lines for Advancing the SDGs"]
    assert [q.split(".")[0] for q in questions] == [str(n) for n in range(1, 12)]
    assert document.paragraphs[0].style.name == "Title"
    styles = {p.style.name for p in document.paragraphs}
    assert {"List Bullet", "List Number", "List Bullet 2", "Code"} & styles >= {"List Bullet", "List Number"}
    sdg = next(t for t in document.tables if t.rows[0].cells[0].text == "Action Line" and len(t.columns) <= 4)
    assert [c.text for c in sdg.rows[1].cells][:3] == [
        "C1 The role of governments and all stakeholders in the promotion of ICTs for development", "SDG\u00a017",
        "Partnerships for the Goals"]
    shading = sdg.rows[1].cells[1]._tc.xpath(".//w:shd/@w:fill")
    assert shading == ["19486A"]                                     # the goal's colour
    body = document.element.body
    assert len(body.xpath(".//w:hyperlink")) >= 3
    notes = [rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/footnotes")]
    assert notes and "Several national regulators" in notes[0].blob.decode("utf-8")
    assert len(body.xpath(".//w:footnoteReference")) == 1
    properties = document.core_properties
    assert (properties.title, properties.author, properties.language) == (
        "Implementation of WSIS Outcomes — Input to the WSIS+20 Review", "Open Networks Collective", "en")
    footer = document.sections[0].footer.paragraphs[0]._p.xpath(".//w:fldSimple/@w:instr")
    assert footer == ["PAGE", "NUMPAGES"]


def test_the_same_sources_give_the_same_exports(tmp_path):
    for fmt in ("docx", "html", "json", "md", "text"):
        extension = {"text": "txt"}.get(fmt, fmt)
        first = exported(tmp_path, FIXTURES / "features", fmt, name=f"one.{extension}")
        second = exported(tmp_path, FIXTURES / "features", fmt, name=f"two.{extension}")
        assert first.read_bytes() == second.read_bytes(), fmt


# ---------------------------------------------------------------------------- usage

def test_an_output_name_that_does_not_fit_the_format_is_a_usage_error(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Q?", "Answer.")})
    result = run_cli("export", project, "--format", "docx", "-o", tmp_path / "answers.pdf")
    assert result.exit_code == 2 and f"use wsis-report build -o {tmp_path / 'answers.pdf'}" in result.output
    result = run_cli("export", project, "--format", "docx", "-o", tmp_path / "answers.html")
    assert result.exit_code == 2 and "--format docx writes a .docx file" in result.output and "use --format html" in result.output
    result = run_cli("build", project, "-o", tmp_path / "answers.docx")
    assert result.exit_code == 2 and f"use wsis-report export --format docx -o {tmp_path / 'answers.docx'}" in result.output
    result = run_cli("export", project, "--format", "docx", "-o", "-")
    assert result.exit_code == 2 and "binary" in result.output
    assert not list(tmp_path.glob("answers.*"))


def test_an_export_of_sources_with_errors_writes_nothing(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Q?", "See SDG 18.")})
    previous = project / "build" / "submission.html"
    previous.parent.mkdir()
    previous.write_text("the last good page")
    result = run_cli("export", project, "--format", "html")
    assert result.exit_code == 1 and "SDG 18" in result.output
    assert previous.read_text() == "the last good page"
