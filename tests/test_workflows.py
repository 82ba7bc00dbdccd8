"""The repository's own workflows and the one `init` writes: valid against GitHub's schema,
hardened, and their shell steps run here in order, writing the PDF, the redline and a summary."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from workflows import load, run_steps, runner_venv
from wsis_report import scaffold

WORKFLOWS = REPO / ".github" / "workflows"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def commit(root, message):
    git(root, "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", message)


def schema_check(*paths: Path) -> subprocess.CompletedProcess:
    tool = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run([str(tool), "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
                          capture_output=True, text=True)


def assert_hardened(workflow: dict, job: str) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    assert set(workflow["on"]) == {"push", "pull_request", "workflow_dispatch"}
    assert workflow["on"]["push"]["branches"][0] == "main"            # pushes to main only: no double runs
    for step in workflow["jobs"][job]["steps"]:
        if "uses" in step:
            action, _, ref = step["uses"].partition("@")
            assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), step["uses"]
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    # values from the event reach the shell through env:, never spliced into a script
    assert "${{" not in json.dumps([s.get("run", "") for s in workflow["jobs"][job]["steps"]])


def test_the_repository_workflows_are_valid_and_hardened():
    done = schema_check(WORKFLOWS / "submission.yml", WORKFLOWS / "tests.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    submission = load(WORKFLOWS / "submission.yml")
    assert_hardened(submission, "pdf")
    setup = next(s for s in submission["jobs"]["pdf"]["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in submission["jobs"]["pdf"]["steps"])
    assert any(s.get("run") == "python -m pip install ." for s in submission["jobs"]["pdf"]["steps"])
    tests = load(WORKFLOWS / "tests.yml")
    assert_hardened(tests, "tests")
    versions = tests["jobs"]["tests"]["strategy"]["matrix"]["python-version"]
    assert versions[0] == "3.10" and len(versions) == 2 and versions[1] > "3.1"


def _repository_copy(tmp_path: Path) -> Path:
    """This repository's files (no build output, no virtual environments) as a git repository
    whose main branch is the checkout and whose work tree changes one answer, as a pull request."""
    work = tmp_path / "repo"
    shutil.copytree(REPO, work, ignore=shutil.ignore_patterns(".git", ".venv*", "build", "*.egg-info", "__pycache__",
                                                              ".pytest_cache", ".hypothesis"))
    git(work, "init", "-q", "-b", "main")
    commit(work, "base")
    git(work, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(work, "checkout", "-q", "-b", "change")
    answer = sorted((work / "content").glob("02-*.md"))[0]
    answer.write_text(answer.read_text(encoding="utf-8").rstrip() + "\n\nA sentence the pull request adds.\n",
                      encoding="utf-8")
    commit(work, "change")
    return work


def test_the_repository_workflow_runs_in_order_on_a_pull_request(tmp_path):
    work = _repository_copy(tmp_path)
    steps = run_steps(load(work / ".github" / "workflows" / "submission.yml"), "pdf", work,
                      runner_venv(tmp_path / "runner"), {"event_name": "pull_request", "base_ref": "main"})
    names = [name for name, _ in steps]
    assert names == ["Install wsis-report", "Check the answers", "Build the PDF and the text export",
                     "Redline against the base branch", "Job summary"]
    for name, result in steps:
        assert result.returncode == 0, (name, result.stdout[-2000:], result.stderr[-2000:])
    assert (tmp_path / "runner" / "bin" / "wsis-report").exists()            # installed from the checkout
    for made in ("submission.pdf", "submission.txt", "redline.pdf", "redline.txt"):
        assert (work / "build" / made).stat().st_size > 0, made
    summary = (work / "_step_summary.md").read_text(encoding="utf-8")
    stats = subprocess.run([str(tmp_path / "runner" / "bin" / "wsis-report"), "stats"], cwd=work,
                           capture_output=True, text=True).stdout
    assert stats.strip() and stats.strip() in summary                      # the stats table
    assert "Answers: 0 errors" in summary
    assert "1 changed" in summary and "+6 -0 words" in summary              # the redline's summary


def test_the_repository_workflow_on_a_push_builds_without_a_redline(tmp_path):
    work = _repository_copy(tmp_path)
    steps = run_steps(load(work / ".github" / "workflows" / "submission.yml"), "pdf", work,
                      runner_venv(tmp_path / "runner"), {"event_name": "push", "ref": "refs/heads/main"})
    assert "Redline against the base branch" not in [name for name, _ in steps]
    assert all(result.returncode == 0 for _, result in steps)
    assert not (work / "build" / "redline.pdf").exists() and (work / "build" / "submission.pdf").exists()
    assert "Changes against the base branch" not in (work / "_step_summary.md").read_text(encoding="utf-8")


def test_init_in_a_subfolder_writes_the_workflow_at_the_top_and_it_runs(tmp_path, monkeypatch):
    top = tmp_path / "org"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    assert run_cli("init", top / "submissions" / "wsis20").exit_code == 0
    path = top / ".github" / "workflows" / "submission.yml"
    assert schema_check(path).returncode == 0
    workflow = load(path)
    assert_hardened(workflow, "pdf")
    assert workflow["jobs"]["pdf"]["defaults"]["run"]["working-directory"] == "submissions/wsis20"
    assert workflow["on"]["pull_request"]["paths"][0] == "submissions/wsis20/**"
    artifact = next(s for s in workflow["jobs"]["pdf"]["steps"] if s.get("uses", "").startswith("actions/upload"))
    assert "submissions/wsis20/build/submission.pdf" in artifact["with"]["path"]
    assert not (top / "submissions" / "wsis20" / ".github").exists()
    commit(top, "base")
    git(top, "update-ref", "refs/remotes/origin/main", "HEAD")
    # the tool is installed here already: the install step's pip finds it (no index needed)
    steps = run_steps(workflow, "pdf", top, runner_venv(tmp_path / "runner"),
                      {"event_name": "pull_request", "base_ref": "main"},
                      {"WSIS_REPORT": "wsis-report", "PIP_NO_INDEX": "1"})
    for name, result in steps:
        assert result.returncode == 0, (name, result.stdout[-2000:], result.stderr[-2000:])
    project = top / "submissions" / "wsis20"
    assert (project / "build" / "submission.pdf").read_bytes().startswith(b"%PDF")
    summary = (top / "_step_summary.md").read_text(encoding="utf-8")
    assert "Answers: 0 errors" in summary and "Words" in summary and "No changes" not in summary


def test_the_placeholder_stops_the_workflow_with_a_clear_error(tmp_path):
    target = tmp_path / "team"
    assert run_cli("init", target).exit_code == 0
    workflow = load(target / ".github" / "workflows" / "submission.yml")
    steps = run_steps(workflow, "pdf", target, runner_venv(tmp_path / "runner"), {"event_name": "push"})
    name, result = steps[0]
    if workflow["env"]["WSIS_REPORT"].startswith(scaffold.UNREACHABLE):       # this checkout is a folder
        assert name == "Install wsis-report" and result.returncode == 1
        assert result.stdout.startswith("::error file=.github/workflows/submission.yml::set WSIS_REPORT")
    else:
        assert result.returncode == 0


@pytest.mark.parametrize("recorded, requirement", [
    (None, f"wsis-report=={scaffold.__version__}"),
    ({"url": "https://github.com/un/wsis-report", "vcs_info": {"vcs": "git", "commit_id": "a" * 40}},
     "wsis-report @ git+https://github.com/un/wsis-report@" + "a" * 40),
    ({"url": "https://example.org/wsis_report-0.1.0-py3-none-any.whl", "archive_info": {}},
     "wsis-report @ https://example.org/wsis_report-0.1.0-py3-none-any.whl"),
    ({"url": "file:///home/me/wsis-report", "dir_info": {"editable": True}}, None),
    ({"url": "file:///home/me/wsis-report", "vcs_info": {"vcs": "git", "commit_id": "b" * 40}}, None),
])
def test_init_installs_what_created_it(monkeypatch, recorded, requirement):
    class Distribution:
        def read_text(self, name):
            assert name == "direct_url.json"
            return None if recorded is None else json.dumps(recorded)

    monkeypatch.setattr(scaffold.metadata, "distribution", lambda name: Distribution())
    source = scaffold.install_source()
    assert source.requirement == requirement
    if requirement is None:
        assert source.where == "/home/me/wsis-report"
