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
        "0 error(s), 1 warning(s)",
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
    assert result.output.splitlines()[-1] == f"wrote {project / 'build' / 'submission.pdf'} (1 pages)"


def test_version():
    result = run_cli("--version")
    assert result.output.startswith("wsis-report, version ")


def test_internal_link_without_target_is_reported_and_printed_as_text(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("One?", "Intro.\n\nSee [question 9](#q9) and "
                                                                   "[question 1](#q1).")})
    result = run_cli("check", project)
    assert result.output.splitlines()[0] == (
        "content/01-q.md:6:1: warning: internal link '#q9' has no target; link to a question as #q3, "
        "or to #section-1, #part-1 [link-target]")
    assert run_cli("build", project).exit_code == 0
    from pypdf import PdfReader
    page = PdfReader(project / "build" / "submission.pdf").pages[0]
    assert len(page["/Annots"]) == 1                      # only the link to question 1
