"""Bad input: one line per problem at file:line, exit 1, no traceback, and an earlier PDF kept."""
from __future__ import annotations

from conftest import build_pdf, diagnostics, question, run_cli, write_project


def test_broken_submission_yaml_keeps_the_earlier_pdf(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("Why?", "Because.")})
    build_pdf(project)
    pdf = project / "build" / "submission.pdf"
    before = pdf.read_bytes()
    (project / "content" / "submission.yaml").write_text(
        "title: A Test Submission\norganisation: [unclosed\n", encoding="utf-8")
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert result.output.startswith("content/submission.yaml:3:1: error: invalid YAML:")
    assert "Traceback" not in result.output
    assert pdf.read_bytes() == before
    assert [p.name for p in pdf.parent.iterdir()] == ["submission.pdf"]   # no temporary file left


def test_unknown_key_names_the_closest_known_key(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("Why?", "Because.")},
                            submission="title: T\norganisation: O\nshort_titel: S\n")
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert diagnostics(result.output) == ("content/submission.yaml:3:1: error: unknown key 'short_titel' in "
                                     "submission.yaml; did you mean 'short_title'? [unknown-key]")
    assert not (project / "build").exists()


def test_missing_required_key_and_bad_types_are_all_reported(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("Why?", "Because.")},
                            submission="title: T\ndate: 14 March\ntoc: maybe\n")
    lines = diagnostics(run_cli("build", project).output).splitlines()
    assert lines == [       # in line order
        "content/submission.yaml:1:1: error: missing required key 'organisation' in submission.yaml; "
        "add 'organisation: ...' [missing-key]",
        "content/submission.yaml:2:1: error: 'date': expected a date as YYYY-MM-DD; got '14 March' [bad-value]",
        "content/submission.yaml:3:1: error: 'toc': expected true or false; got 'maybe' [bad-value]",
    ]


def test_front_matter_errors_name_file_and_line(tmp_path):
    project = write_project(tmp_path, {
        "01-q.md": "---\nquestion: Why?\nwordlimit: 300\n---\nBody.\n",
        "02-q.md": "No front matter here.\n",
        "03-q.md": "---\nsection: Only a section\n---\nBody.\n",
    })
    result = run_cli("check", project)
    assert result.exit_code == 1
    assert result.output.splitlines()[:3] == [
        "content/01-q.md:3:1: error: unknown key 'wordlimit' in front matter; did you mean 'word_limit'? "
        "[unknown-key]",
        "content/02-q.md:1:1: error: missing front matter; start the file with a '---' line, then "
        "'question: ...' (or 'title: ...'), then '---' [no-front-matter]",
        "content/03-q.md:2:1: error: front matter needs 'question: ...' (a numbered question) or "
        "'title: ...' (an unnumbered part) [missing-key]",
    ]


def test_template_errors_point_at_the_markdown_line(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("Why?", "Fine line.\n\nSee {{ vars.websit }}.")},
                            submission="title: T\norganisation: O\nvars:\n  website: https://x.org\n")
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert result.output.startswith("content/01-q.md:6:1: error: template error: 'dict object' has no "
                                    "attribute 'websit'")


def test_template_cannot_reach_python_internals(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("Why?", "{{ vars.__class__.__mro__ }}")})
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert "content/01-q.md:4:1: error: template" in result.output


def test_invalid_utf8_reports_the_byte_offset(tmp_path):
    project = write_project(tmp_path, {})
    (project / "content" / "01-q.md").write_bytes(b"---\nquestion: Why?\n---\nCaf\xe9\n")
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert diagnostics(result.output) == ("content/01-q.md:4:1: error: invalid UTF-8 at byte offset 26; "
                                     "save the file as UTF-8 [encoding]")


def test_bad_sdg_map_entries_are_errors_at_their_line(tmp_path):
    body = "Intro.\n\n```sdg-map\nC2: [8, 9]\nC12: [4]\nC4: [4, 18]\nC5: {sdgs: [9, 9]}\n```\n"
    project = write_project(tmp_path, {"01-q.md": question("Why?", body)})
    result = run_cli("check", project)
    assert result.exit_code == 1
    assert result.output.splitlines()[:4] == [
        "content/01-q.md:8:1: error: sdg-map: unknown Action Line 'C12'; use C1 to C11 or a C7 sub-line "
        "such as C7-ehealth [sdg-map]",
        "content/01-q.md:9:1: error: C4: unknown SDG 18; SDGs are numbered 1 to 17 [sdg-map]",
        "content/01-q.md:10:1: error: C5: SDG 9 is listed twice [sdg-map]",
        "3 errors, 0 warnings",
    ]


def test_duplicate_question_numbers(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("One?", "A."),
                                       "02-q.md": question("Two?", "B.", number=1)})
    result = run_cli("check", project)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "content/02-q.md:3:1: error: question number 1 is already used by content/01-q.md; remove "
        "'number:' or choose another [numbering]")


def test_not_a_project(tmp_path):
    result = run_cli("build", tmp_path)
    assert result.exit_code == 1
    assert f"no content/ folder in {tmp_path}" in result.output


def test_usage_error_exits_2(tmp_path):
    assert run_cli("check", tmp_path, "--format", "xml").exit_code == 2


def test_missing_logo_is_an_error_at_its_line(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("Why?", "Because.")},
                            submission="title: T\norganisation: O\nlogo: assets/logo.png\n")
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert diagnostics(result.output) == ("content/submission.yaml:3:1: error: logo: image 'assets/logo.png' not "
                                     "found: expected it at content/assets/logo.png [image]")


def test_logo_outside_the_project_is_refused(tmp_path):
    (tmp_path / "secret.png").write_bytes(b"not really")
    project = write_project(tmp_path / "p", {"01-q.md": question("Why?", "Because.")},
                            submission="title: T\norganisation: O\nlogo: ../../secret.png\n")
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert "logo: image '../../secret.png' refused: it is outside content/" in result.output


def test_duplicate_yaml_keys_are_errors(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("Why?", "```sdg-map\nC2: [8]\nC2: [9]\n```\n")},
                            submission="title: T\norganisation: O\ntitle: U\n")
    result = run_cli("check", project)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("content/submission.yaml:3:1: error: 'title' is given twice "
                                             "(first at line 1); keep one [duplicate-key]")
    (project / "content" / "submission.yaml").write_text("title: T\norganisation: O\n")
    assert run_cli("check", project).output.splitlines()[0] == (
        "content/01-q.md:6:1: error: 'C2' is given twice (first at line 5); keep one [duplicate-key]")
