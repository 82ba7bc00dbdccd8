"""`wsis-report check` output formats, strict mode, and the build summary."""
from __future__ import annotations

import json

from conftest import question, run_cli, write_project


def project_with_warning(tmp_path):
    return write_project(tmp_path, {"01-q.md": question("One?", "Fine."),
                                    "02-q.md": question("Two?", "")})


def test_check_text_reports_and_summarises(tmp_path):
    result = run_cli("check", project_with_warning(tmp_path))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "content/02-q.md:4:1: warning: empty answer; write the answer below the front matter [empty-answer]",
        "0 errors, 1 warning",
    ]


def test_check_strict_fails_on_warnings(tmp_path):
    assert run_cli("check", project_with_warning(tmp_path), "--strict").exit_code == 1


def test_check_json(tmp_path):
    result = run_cli("check", project_with_warning(tmp_path), "--format", "json")
    assert json.loads(result.output) == [{
        "file": "content/02-q.md", "line": 4, "col": 1, "severity": "warning",
        "message": "empty answer; write the answer below the front matter", "code": "empty-answer"}]


def test_check_github_annotations(tmp_path):
    result = run_cli("check", project_with_warning(tmp_path), "--format", "github")
    assert result.output.strip() == ("::warning file=content/02-q.md,line=4,col=1::empty answer; write "
                                     "the answer below the front matter [empty-answer]")


def test_build_prints_warnings_and_the_output(tmp_path):
    project = project_with_warning(tmp_path)
    result = run_cli("build", project)
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == f"wrote {project / 'build' / 'submission.pdf'} (1 page, 1 warning)"


def test_version():
    result = run_cli("--version")
    assert result.output.startswith("wsis-report, version ")


def test_internal_link_without_target_is_reported_and_printed_as_text(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("One?", "Intro.\n\nSee [question 9](#q9) and "
                                                                   "[question 1](#q1).")})
    result = run_cli("check", project)
    assert result.output.splitlines()[0] == (
        "content/01-q.md:6:18: warning: internal link '#q9' has no target; link to a question as #q3, "
        "a section or heading by its name, or #part-1 [link-target]")
    assert run_cli("build", project).exit_code == 0
    from pypdf import PdfReader
    page = PdfReader(project / "build" / "submission.pdf").pages[0]
    assert len(page["/Annots"]) == 1                      # only the link to question 1


def test_word_limit_counts_as_a_person_would(tmp_path):
    body = "One two three, `a long piece of code` and https://example.org/a/b/c four-five 2,000."
    project = write_project(tmp_path, {"01-q.md": question("Limit?", body, word_limit=7)})
    assert run_cli("check", project).output.splitlines()[0] == (
        "content/01-q.md:3:1: warning: the answer has 8 words, over its limit of 7; cut 1 [word-limit]")
    project = write_project(tmp_path / "ok", {"01-q.md": question("Limit?", body, word_limit=8)})
    assert "word-limit" not in run_cli("check", project).output


def test_slips_are_located_in_the_source_not_the_templated_text(tmp_path):
    body = "{{ submission.organisation }} backs SGD 17.\n\n`SGD 17` in code is fine."
    project = write_project(tmp_path, {"01-q.md": question("Slip?", body)},
                            submission="title: T\norganisation: A Very Long Organisation Name\n")
    result = run_cli("check", project, "--format", "github")
    assert result.output.strip() == ("::warning file=content/01-q.md,line=4,col=37::'SGD 17' looks like "
                                     "a typo; write 'SDG 17' [sdg-typo]")
    assert run_cli("check", project, "--strict").exit_code == 1
