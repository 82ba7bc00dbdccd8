"""Running a GitHub Actions workflow's shell steps here, in order, as the runner would.

Steps that `uses:` an action are the runner's (checkout, Python, artifacts) and are skipped;
`run:` steps execute with bash -eo pipefail, the step's and the workflow's `env:`, its
`working-directory`, and `if:` read for the two forms the workflows use. `python` and
`wsis-report` are a fresh virtual environment's, whose packages are this environment's (so a
`pip install` installs the project for real, in seconds, without touching this environment).
"""
from __future__ import annotations

import os
import re
import site
import subprocess
import sys
from pathlib import Path

import yaml


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))    # PyYAML reads `on` as True (YAML 1.1)
    return workflow


def runner_venv(where: Path) -> Path:
    """A virtual environment that sees this one's packages: its bin folder."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, capture_output=True)
    packages = next(where.glob("lib/python*/site-packages"), None) or where / "Lib" / "site-packages"
    (packages / "runner.pth").write_text(site.getsitepackages()[0] + "\n", encoding="utf-8")
    return where / "bin"


def _expression(text: str, github: dict) -> str:
    return re.sub(r"\$\{\{\s*github\.(\w+)\s*\}\}", lambda m: str(github.get(m.group(1), "")), text)


def _runs(condition, github: dict, failed: bool) -> bool:
    if condition is None:
        return not failed
    condition = str(condition).strip()
    if condition == "always()":
        return True
    match = re.fullmatch(r"github\.(\w+) == '([^']*)'", condition)
    assert match, f"a condition this runner does not read: {condition}"
    return not failed and github.get(match.group(1)) == match.group(2)


def run_steps(workflow: dict, job: str, workspace: Path, bin_folder: Path, github: dict,
              extra_env: dict[str, str] | None = None) -> list[tuple[str, subprocess.CompletedProcess]]:
    """Every run: step of ``job``, in order; returns (name, result) of each step that ran.
    A failing step (not continue-on-error) fails the job as on GitHub: the rest run only if
    their `if:` says always()."""
    settings = workflow["jobs"][job]
    summary = workspace / "_step_summary.md"
    # the runner's own scripts first, then this environment's (a requirement pip finds satisfied
    # here installs no script of its own)
    path = os.pathsep.join((str(bin_folder), str(Path(sys.executable).parent), os.environ["PATH"]))
    env = {**os.environ, "PATH": path, "CI": "true",
           "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(workspace),
           "GITHUB_EVENT_NAME": github.get("event_name", "push"), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           **{k: _expression(str(v), github) for k, v in (workflow.get("env") or {}).items()},
           **(extra_env or {})}
    env.pop("VIRTUAL_ENV", None)
    folder = ((settings.get("defaults") or {}).get("run") or {}).get("working-directory", ".")
    done, failed = [], False
    for step in settings["steps"]:
        if "run" not in step or not _runs(step.get("if"), github, failed):
            continue
        step_env = {**env, **{k: _expression(str(v), github) for k, v in (step.get("env") or {}).items()}}
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                cwd=workspace / step.get("working-directory", folder), env=step_env,
                                capture_output=True, text=True, timeout=600)
        done.append((step.get("name", step["run"].splitlines()[0]), result))
        if result.returncode != 0 and not step.get("continue-on-error"):
            failed = True
    return done
