"""`wsis-report init`: a project that builds at once, and a CI workflow whose steps run as written."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from pypdf import PdfReader

from conftest import run_cli


def test_init_creates_a_project_that_builds(tmp_path):
    target = tmp_path / "team"
    result = run_cli("init", target)
    assert result.exit_code == 0, result.output
    files = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert files == [".github/workflows/submission.yml", ".gitignore", "README.md",
                     "content/01-achievements.md", "content/02-action-lines.md", "content/submission.yaml",
                     "templates/theme.yaml"]
    assert (target / ".gitignore").read_text() == "build/\n"
    check = run_cli("check", target)
    assert check.exit_code == 0 and check.output.strip() == "0 errors, 0 warnings"
    assert run_cli("build", target).exit_code == 0
    reader = PdfReader(target / "build" / "submission.pdf")
    assert "Our Input to the WSIS+20 Review" in reader.pages[0].extract_text()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    result = run_cli("init", tmp_path)
    assert result.exit_code == 1
    assert "the folder is not empty; choose a new one, or add --force" in result.output
    assert not (tmp_path / "content").exists()
    assert run_cli("init", tmp_path, "--force").exit_code == 0
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    assert (tmp_path / "content" / "submission.yaml").is_file()


def test_the_workflow_is_valid_and_its_steps_run_as_written(tmp_path):
    target = tmp_path / "team"
    run_cli("init", target)
    workflow = yaml.safe_load((target / ".github" / "workflows" / "submission.yml").read_text())
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on"
    assert set(workflow[True]) == {"push", "pull_request", "workflow_dispatch"}
    steps = workflow["jobs"]["pdf"]["steps"]
    assert workflow["jobs"]["pdf"]["runs-on"] == "ubuntu-latest"
    assert [s.get("uses", "").split("@")[0] for s in steps if "uses" in s] == [
        "actions/checkout", "actions/setup-python", "actions/upload-artifact"]
    assert steps[-1]["with"] == {"name": "submission-pdf", "path": "build/submission.pdf"}
    assert workflow["env"]["WSIS_REPORT"].startswith("wsis-report==")
    # run the shell steps as written, in order, with this environment's wsis-report
    env = {**os.environ, "WSIS_REPORT": "wsis-report", "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
           "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    for step in (s for s in steps if "run" in s):
        done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=target, env=env, capture_output=True,
                              text=True)
        assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
    assert (target / "build" / "submission.pdf").read_bytes().startswith(b"%PDF")
