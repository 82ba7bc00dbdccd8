"""Shared helpers: small projects written to tmp_path, builds run in-process, PDFs read with pypdf."""
from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from wsis_report.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "content"

MINIMAL_SUBMISSION = """\
title: A Test Submission
organisation: Test Organisation
"""


def write_project(root: Path, files: dict[str, str], submission: str = MINIMAL_SUBMISSION) -> Path:
    """Write content/submission.yaml and content files (dedented) under root."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "submission.yaml").write_text(textwrap.dedent(submission), encoding="utf-8")
    for name, text in files.items():
        path = root / name if "/" in name else content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def question(text: str, body: str, **front) -> str:
    lines = ["---", f"question: {text}"] + [f"{k}: {v}" for k, v in front.items()] + ["---", body]
    return "\n".join(lines) + "\n"


def run_cli(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def build_pdf(project: Path, *options: str) -> PdfReader:
    result = run_cli("build", project, *options)
    assert result.exit_code == 0, result.output
    return PdfReader(project / "build" / "submission.pdf")


def flat(text: str) -> str:
    """Extracted text as one line: hyphenated line ends joined, runs of white space made one space."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=\w)-\n(?=\w)", "", text))


def body_text(reader: PdfReader) -> str:
    """The text of all pages without the running header and footer (drawn first on each page)."""
    pages = []
    for page in reader.pages:
        lines = page.extract_text().split("\n")
        ends = next(i for i, line in enumerate(lines) if re.fullmatch(r"Page \d+ of \d+", line))
        pages.append("\n".join(lines[ends + 1:]))     # the footer ends with "Page X of Y"
    return "\n".join(pages)


def all_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def outline_titles(reader: PdfReader, entries=None, depth=0) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every outline entry, in order."""
    found = []
    for entry in reader.outline if entries is None else entries:
        if isinstance(entry, list):
            found += outline_titles(reader, entry, depth + 1)
        else:
            found.append((depth, entry.title, reader.get_destination_page_number(entry) + 1))
    return found


@pytest.fixture(scope="session")
def example_project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE, root / "content")
    return root


@pytest.fixture(scope="session")
def example_pdf(example_project) -> PdfReader:
    return build_pdf(example_project)


def resolve_answers(*bodies: str, submission: str = MINIMAL_SUBMISSION, root: Path | None = None, **front):
    """The document model of answers given as Markdown (content/01.md, 02.md ...), and what
    resolving reported: load, template, parse and resolve run on in-memory sources."""
    import yaml

    from wsis_report.load import PartSource, Project, Submission
    from wsis_report.parse import parse_project
    from wsis_report.resolve import resolve
    from wsis_report.template import render_project

    values = yaml.safe_load(textwrap.dedent(submission))
    values.setdefault("short_title", values["title"])
    sub = Submission(**values)
    parts = tuple(PartSource(file=f"content/{n:02d}.md", body=body, body_line=4, lines={"question": 2},
                             **{"question": f"Question {n}?", **front}) for n, body in enumerate(bodies, start=1))
    project = Project(root=root or Path("/nonexistent-project"), submission=sub, parts=parts)
    templated = render_project(project)
    parsed = parse_project(templated.parts, sub.language)
    resolved = resolve(project, parsed)
    return resolved.document, [d.format() for d in (*templated.diagnostics, *parsed.diagnostics,
                                                    *resolved.diagnostics)]


def diagnostics(output: str) -> str:
    """What a failed command printed before its closing verdict, which it must end with."""
    lines = output.strip().splitlines()
    assert lines and re.fullmatch(r"no [\w ]+ written: [\d,]+ errors?( \(.* is from an earlier build\))?",
                                  lines[-1]), lines[-1:]
    return "\n".join(lines[:-1])
