"""The author's loop: verdicts, command-line manners, projects found from inside, and watch."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import EXAMPLE, body_text, flat, question, run_cli, write_project
from wsis_report.build import build
from wsis_report.cli import main
from wsis_report.limits import Budget
from wsis_report.memo import Memo, using


def project_with_warning(tmp_path):
    return write_project(tmp_path, {"01-q.md": question("One?", "Fine."),
                                    "02-q.md": question("Two?", "")})


def test_a_build_ends_with_its_verdict_pages_and_warnings(tmp_path, monkeypatch):
    project = project_with_warning(tmp_path)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "wrote build/submission.pdf (1 page, 1 warning)"
    assert result.stdout == ""


def test_a_failed_build_says_no_pdf_was_written_and_that_the_old_one_is_stale(tmp_path, monkeypatch):
    project = project_with_warning(tmp_path)
    monkeypatch.chdir(project)
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    before = (project / "build" / "submission.pdf").read_bytes()
    (project / "content" / "03-q.md").write_text(question("Three?", "{{ broken"), encoding="utf-8")
    (project / "content" / "04-q.md").write_text(question("Four?", "{% if %}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[1] for line in lines[:-1] if ": error: " in line] == ["error", "error"]
    assert lines[-1] == "no PDF written: 2 errors (build/submission.pdf is from an earlier build)"
    assert (project / "build" / "submission.pdf").read_bytes() == before


def test_a_first_failed_build_says_no_pdf_without_an_earlier_one(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("One?", "{{ broken")})
    result = CliRunner().invoke(main, ["build", str(project)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "no PDF written: 1 error"
    assert not (project / "build" / "submission.pdf").exists()


def test_check_puts_diagnostics_on_stdout_and_the_verdict_on_stderr(tmp_path):
    result = CliRunner().invoke(main, ["check", str(project_with_warning(tmp_path))])
    assert result.stdout.splitlines() == [
        "content/02-q.md:4:1: warning: empty answer; write the answer below the front matter [empty-answer]"]
    assert result.stderr.splitlines() == ["0 errors, 1 warning"]


def test_quiet_and_verbose_stand_before_or_after_the_command(tmp_path):
    project = project_with_warning(tmp_path)
    for args in (["-q", "build", str(project)], ["build", str(project), "-q"], ["build", "-q", str(project)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0 and result.output == "", args
    loud = CliRunner().invoke(main, ["build", str(project), "-v"])
    after = CliRunner().invoke(main, ["-v", "build", str(project)])
    assert len(loud.stderr.splitlines()) > 2 and loud.stderr.splitlines()[-1].startswith("wrote ")
    assert len(after.stderr.splitlines()) == len(loud.stderr.splitlines())
    quiet_again = CliRunner().invoke(main, ["build", str(project)])        # manners do not stick
    assert len(quiet_again.stderr.splitlines()) == 2


def test_no_colour_with_no_color_or_when_piped(tmp_path):
    project = project_with_warning(tmp_path)
    coloured = CliRunner().invoke(main, ["check", str(project)], color=True)
    assert "\x1b[" in coloured.stdout                                   # a terminal gets colour
    plain = CliRunner(env={"NO_COLOR": "1"}).invoke(main, ["check", str(project)], color=True)
    assert "\x1b[" not in plain.output and "warning: empty answer" in plain.stdout
    piped = subprocess.run([sys.executable, "-m", "wsis_report", "check", str(project)],
                           capture_output=True, text=True, check=False, env=_without("NO_COLOR"))
    assert piped.returncode == 0 and "\x1b[" not in piped.stdout + piped.stderr
    assert piped.stdout.startswith("content/02-q.md:4:1: warning:")


def test_version_names_the_key_libraries():
    lines = run_cli("--version").output.splitlines()
    assert lines[0].startswith("wsis-report, version ")
    names = {line.split()[0] for line in lines[2:]}
    assert {"reportlab", "markdown-it-py", "Jinja2", "pikepdf", "watchfiles"} <= names
    assert all("not installed" not in line for line in lines if line.startswith(("reportlab", "Jinja2")))


def test_the_project_is_found_from_any_folder_inside_it(tmp_path, monkeypatch):
    project = project_with_warning(tmp_path / "repo" / "consultation")
    monkeypatch.chdir(project / "content")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == "wrote ../build/submission.pdf (1 page, 1 warning)"
    assert (project / "build" / "submission.pdf").is_file()
    (project / "content" / "deeper").mkdir()
    assert CliRunner().invoke(main, ["check", "deeper"]).stdout.startswith("content/02-q.md:4:1: warning")


def test_github_paths_are_relative_to_the_repository_root(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    project = project_with_warning(repo / "submissions" / "wsis20")
    (repo / ".git").mkdir()
    monkeypatch.chdir(project / "content")
    result = CliRunner().invoke(main, ["check", "--format", "github"])
    assert result.stdout.strip().startswith("::warning file=submissions/wsis20/content/02-q.md,line=4,col=1::")
    (repo / ".git").rmdir()            # no repository: paths from the current folder, as GitHub would
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["check", "--format", "github", "submissions/wsis20"])
    assert result.stdout.strip().startswith("::warning file=submissions/wsis20/content/02-q.md,line=4,col=1::")


def test_a_rebuild_with_the_memo_holds_the_edit_and_matches_a_cold_build(tmp_path):
    import shutil

    project = tmp_path / "p"
    shutil.copytree(EXAMPLE.parent / "content", project / "content")
    if (EXAMPLE.parent / "templates").is_dir():
        shutil.copytree(EXAMPLE.parent / "templates", project / "templates")
    memo = Memo()
    with using(memo):
        build(project, None, False, Budget())
    answer = sorted((project / "content").glob("0[3-9]*.md"))[0]
    answer.write_text(answer.read_text(encoding="utf-8").rstrip() + "\n\nWatchword zebra.\n", encoding="utf-8")
    with using(memo):
        warm = build(project, tmp_path / "warm.pdf", False, Budget())
    assert memo.hits > 0                                   # unchanged answers came from the memo
    cold = build(project, tmp_path / "cold.pdf", False, Budget())
    warm_text, cold_text = (body_text(PdfReader(r.output)) for r in (warm, cold))
    assert "Watchword zebra." in flat(warm_text)
    assert warm_text == cold_text and warm.pages == cold.pages
    assert [d.as_dict() for d in warm.diagnostics] == [d.as_dict() for d in cold.diagnostics]


def _without(*names: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in names}


def _wait_for(condition, what: str, seconds: float = 60.0):
    """Poll until condition() is truthy; a generous bound so a slow machine fails only when stuck."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"waited {seconds:.0f} s for {what}")


def _pdf_text(path: Path) -> str | None:
    try:
        return flat(body_text(PdfReader(path)))
    except Exception:  # noqa: BLE001 - not there yet, or (never, if atomic) half written
        return None


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_watch_rebuilds_on_save_keeps_the_good_pdf_on_errors_and_exits_0_on_ctrl_c(tmp_path):
    project = write_project(tmp_path, {"01-q.md": question("One?", "First words."),
                                       "02-q.md": question("Two?", "Second words.")})
    pdf = project / "build" / "submission.pdf"
    log = (tmp_path / "watch.log").open("w+", encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "wsis_report", "watch", str(project), "--debounce", "50"],
                             stdout=log, stderr=subprocess.STDOUT, env=_without("NO_COLOR", "CI"))
    try:
        _wait_for(lambda: "watching" in (tmp_path / "watch.log").read_text(), "the first build")
        assert "First words." in _pdf_text(pdf)
        answer = project / "content" / "02-q.md"

        answer.write_text(question("Two?", "Second edited words."), encoding="utf-8")
        _wait_for(lambda: "Second edited words." in (_pdf_text(pdf) or ""), "the edit in the PDF")
        _wait_for(lambda: (tmp_path / "watch.log").read_text().count("wrote ") == 2, "the second verdict")
        good = pdf.read_bytes()

        answer.write_text(question("Two?", "Broken {{ words"), encoding="utf-8")
        _wait_for(lambda: "no PDF written" in (tmp_path / "watch.log").read_text(), "the error")
        shown = (tmp_path / "watch.log").read_text()
        assert "content/02-q.md:" in shown and ": error: " in shown
        assert "(build/submission.pdf is from an earlier build)" in shown or "is from an earlier build" in shown
        assert pdf.read_bytes() == good

        answer.write_text(question("Two?", "Mended words."), encoding="utf-8")
        _wait_for(lambda: "Mended words." in (_pdf_text(pdf) or ""), "the fix in the PDF")
        _wait_for(lambda: (tmp_path / "watch.log").read_text().count("wrote ") == 3, "the third verdict")
    finally:
        child.send_signal(signal.SIGINT)
        try:
            code = child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            raise
    shown = (tmp_path / "watch.log").read_text()
    assert code == 0, shown
    assert "Traceback" not in shown
    assert not list((project / "build").glob("*.tmp*")) and [p.name for p in (project / "build").iterdir()] == [
        "submission.pdf"]


def test_several_projects_build_in_one_run_each_with_its_verdict(tmp_path, monkeypatch):
    good = write_project(tmp_path / "one", {"01-q.md": question("One?", "Fine.")})
    bad = write_project(tmp_path / "two", {"01-q.md": question("Two?", "{{ broken")})
    other = write_project(tmp_path / "three", {"01-q.md": question("Three?", "Also fine.")})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "one", "two", "three"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "wrote one/build/submission.pdf (1 page)"
    assert lines[1].startswith("two/content/01-q.md:4:1: error: template syntax error")
    assert lines[2:] == ["no PDF written for two: 1 error", "wrote three/build/submission.pdf (1 page)"]
    assert "Also fine." in flat(body_text(PdfReader(other / "build" / "submission.pdf")))
    assert (good / "build" / "submission.pdf").is_file() and not (bad / "build").exists()
    assert CliRunner().invoke(main, ["build", "one", "three"]).exit_code == 0
    usage = CliRunner().invoke(main, ["build", "one", "three", "-o", "x.pdf"])
    assert usage.exit_code == 2 and "-o names one PDF" in usage.output
