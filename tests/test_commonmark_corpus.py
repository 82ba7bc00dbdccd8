"""Robustness: all 655 CommonMark spec examples, as answers of one submission, build cleanly."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import all_text, question, run_cli, write_project

# The checkout (here and in CI) sits beside the read-only shared/ folder that holds the corpus.
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "commonmark-spec-examples.json"


def corpus() -> list[dict]:
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is not beside this checkout")
    return json.loads(CORPUS.read_text(encoding="utf-8"))


def test_every_spec_example_builds(tmp_path):
    examples = corpus()
    assert len(examples) == 655
    files = {f"{i:03d}.md": question(f"Spec example {i + 1}", e["markdown"]) for i, e in enumerate(examples)}
    project = write_project(tmp_path, files)
    result = run_cli("build", project)
    assert result.exit_code == 0, result.output[-2000:]
    assert "error" not in result.output.replace("[link-scheme]", "")
    text = re.sub(r"\s+", " ", all_text(PdfReader(project / "build" / "submission.pdf")))
    position = 0
    for number in range(1, 656):
        position = text.index(f"{number}. Spec example {number}", position)
