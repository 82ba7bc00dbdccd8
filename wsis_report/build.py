"""The facade: run the stages in order, like a recipe.

load -> template -> parse -> check -> lay out -> write. Each stage hands the next a value;
nothing is written unless every stage before ``write`` succeeded.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from .check import CheckedDocument, check_document
from .errors import ContentError, Diagnostic, ProjectError, error
from .load import inside, load_project
from .parse import parse_project
from .template import render_project

log = logging.getLogger("wsis_report.build")

DEFAULT_OUTPUT = Path("build") / "submission.pdf"
FALLBACK_EPOCH = 946684800  # 2000-01-01: reproducible when neither SOURCE_DATE_EPOCH nor a date is set


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    diagnostics: tuple[Diagnostic, ...]


def check_project(root: Path | str) -> CheckedDocument:
    """Load, template, parse and check; the checked document carries every diagnostic."""
    project = load_project(root)
    log.info("loaded %d content files", len(project.parts))
    parsed = parse_project(render_project(project), project.submission.language)
    return check_document(project.submission, parsed, project.content_dir)


def _source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def document_epoch(date: str | None) -> int:
    """SOURCE_DATE_EPOCH when set, else the submission's date, so rebuilds are byte-identical."""
    epoch = _source_date_epoch()
    if epoch is not None:
        return epoch
    if date:
        return int(dt.datetime.combine(dt.date.fromisoformat(date), dt.time(), dt.timezone.utc).timestamp())
    return FALLBACK_EPOCH


def build_date() -> dt.date:
    """Today (UTC), or the day SOURCE_DATE_EPOCH names: the date a draft shows."""
    epoch = _source_date_epoch()
    moment = dt.datetime.now(dt.timezone.utc) if epoch is None else dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    return moment.date()


def build(root: Path | str, output: Path | str | None = None, draft: bool = False) -> BuildResult:
    from .layout import LayoutOptions, lay_out   # reportlab is imported only when a PDF is made
    from .theme import load_theme
    from .write import write_pdf

    root = Path(root)
    document = check_project(root)
    if document.errors:
        raise ContentError(document.diagnostics)
    target = Path(output) if output else root / DEFAULT_OUTPUT
    for folder in ("content", "templates"):     # a build never writes over its own sources
        if inside(target, root / folder):
            raise ProjectError([error(str(target), 1, f"the output is inside {folder}/, which a build never "
                                                      "changes; write the PDF elsewhere, e.g. build/", "output")])
    theme = load_theme(root)
    options = LayoutOptions(root, document_epoch(document.submission.date), build_date(), draft)
    laid_out = lay_out(document, theme, options)
    write_pdf(laid_out.pdf, target)
    log.info("wrote %s (%d pages)", target, laid_out.pages)
    return BuildResult(target, laid_out.pages, document.diagnostics + laid_out.warnings)
