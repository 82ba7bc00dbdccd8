"""`wsis-report init`: a project that builds at once (its workflow: test_workflows)."""
from __future__ import annotations

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
