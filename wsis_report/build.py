"""The facade: run the stages in order, like a recipe.

load -> template -> parse -> resolve -> check -> render -> write. Each stage hands the next a
value and reports what it found; :func:`analyse` runs everything up to the check and gathers
every problem in one run (`wsis-report check`), and :func:`build` renders only when none of them
is an error, so whatever would stop a build is what check reports.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .check import check_document
from .errors import ERROR, ContentError, Diagnostic, ProjectError, WsisError
from .limits import OVER_BUDGET, Budget, deadline, over_budget
from .load import Project, load_project
from .model import Document
from .parse import parse_project
from .resolve import ResolveOptions, resolve
from .template import render_project
from .theme import Theme, load_theme

if TYPE_CHECKING:
    from .compare import Comparison
    from .render.text import Counts

log = logging.getLogger("wsis_report.build")

DEFAULT_OUTPUT = Path("build") / "submission.pdf"
DEFAULT_REDLINE = Path("build") / "redline.pdf"
FALLBACK_EPOCH = 946684800  # 2000-01-01: reproducible when neither SOURCE_DATE_EPOCH nor a date is set


@dataclass(frozen=True)
class Analysis:
    """What the sources say and every problem found in them, in file, line and column order."""

    project: Project | None
    document: Document | None
    theme: Theme | None
    diagnostics: tuple[Diagnostic, ...]
    characters: frozenset[str] = frozenset()     # every character the document prints

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    diagnostics: tuple[Diagnostic, ...]


def _sorted(diagnostics: list[Diagnostic], project: Project | None) -> tuple[Diagnostic, ...]:
    order = {}
    if project is not None:
        order = {project.submission.file: -1, **{p.file: i for i, p in enumerate(project.parts)}}
    def key(d: Diagnostic):
        # the submission, the answers in build order, the project's other files, then built-in ones
        rank = order.get(d.file, len(order) + d.file.startswith("(built-in)"))
        return rank, "" if d.file in order else d.file, d.line, d.col
    return tuple(sorted(dict.fromkeys(diagnostics), key=key))


def analyse(root: Path | str, options: ResolveOptions | None = None, budget: Budget = Budget(),
            pdf: bool = True) -> Analysis:
    """Load, template, parse, resolve and check, within the budget's time; the analysis carries
    every diagnostic (``pdf`` False: but those about what only the PDF uses)."""
    with deadline(budget.seconds) as clock:
        try:
            return _analyse(Path(root), options or ResolveOptions(build_date=build_date()), budget, clock, pdf)
        except OVER_BUDGET as exc:          # a stage with no place of its own to name
            raise ProjectError([over_budget(exc, str(root), 1, "checking the project")]) from None


def _analyse(root: Path, options: ResolveOptions, budget: Budget, clock: deadline, pdf: bool = True,
             meanwhile: Callable[[], None] | None = None) -> Analysis:
    problems: list[Diagnostic] = []
    try:
        theme = load_theme(root)
    except ProjectError as exc:         # go on: the answers' problems are reported in the same run
        theme, problems = None, list(exc.diagnostics)
    try:
        project = load_project(root, budget.answers)
    except WsisError as exc:
        raise ProjectError(list(_sorted(list(exc.diagnostics) + problems, None))) from None
    log.info("loaded %d content files", len(project.parts))
    try:
        templated = render_project(project, budget.templates.within(clock.left()), budget.answer, meanwhile)
    except OVER_BUDGET as exc:
        raise ProjectError([over_budget(exc, project.submission.file, 1, "templating the answers")]) from None
    parsed = parse_project(templated.parts, project.submission.language)
    resolved = resolve(project, parsed, options)
    failed = templated.failed | parsed.failed
    checked = check_document(resolved.document, project.parts, theme, root, failed, budget.pages, pdf)
    problems += [*templated.diagnostics, *parsed.diagnostics, *resolved.diagnostics, *checked.diagnostics]
    return Analysis(project, resolved.document, theme, _sorted(problems, project), checked.characters)


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


def output_target(root: Path | str, output: Path | str | None, fmt: str = "pdf") -> Path:
    """Where a build (``fmt`` "pdf") or an export writes: ``output``, else PROJECT/build/submission.EXT."""
    if output:
        return Path(output)
    return Path(root) / DEFAULT_OUTPUT.with_suffix(".pdf" if fmt == "pdf" else EXPORTS[fmt])


Progress = Callable[[str], None]        # told what a long build is doing, in a few words


def build(root: Path | str, output: Path | str | None = None, draft: bool = False,
          budget: Budget = Budget(), tagged: bool = True, progress: Progress | None = None,
          meanwhile: Callable[[], None] | None = None) -> BuildResult:
    """Build the project's PDF. ``meanwhile``: what to do while the answers' templates render in
    a child process (the command line imports the PDF renderer then)."""
    from .write import checked_target, write_atomically

    root = Path(root)
    target = checked_target(output_target(root, output), root, explicit=output is not None)
    with deadline(budget.seconds) as clock:         # one time budget for analysis and layout
        try:
            if progress:
                progress("checking the answers")
            analysis = _analyse(root, ResolveOptions(draft=draft, build_date=build_date()), budget, clock,
                                meanwhile=meanwhile)
            if analysis.errors:
                raise ContentError(list(analysis.diagnostics))
            document = analysis.document
            total = len(document.entries)

            def laid_out(pages: int, entries: int) -> None:
                if progress:
                    progress(f"laying out: {entries:,} of {total:,} questions and parts, {pages:,} pages")

            from .render.pdf import PdfOptions, render_pdf   # reportlab: imported only when a PDF is made

            pdf = render_pdf(document, analysis.theme, PdfOptions(document_epoch(document.meta.date), root,
                                                                  analysis.characters, budget.pages, tagged,
                                                                  laid_out))
        except OVER_BUDGET as exc:          # a stage with no place of its own to name
            raise ProjectError([over_budget(exc, str(root), 1, "building the project")]) from None
    write_atomically(pdf.data, target)
    log.info("wrote %s (%d pages)", target, pdf.pages)
    return BuildResult(target, pdf.pages, analysis.diagnostics)


# ---------------------------------------------------------------------------- exports and stats

EXPORTS = {"text": ".txt", "md": ".md", "html": ".html", "json": ".json", "docx": ".docx"}


@dataclass(frozen=True)
class ExportResult:
    output: Path
    diagnostics: tuple[Diagnostic, ...]


def _export_bytes(analysis: Analysis, fmt: str, target: Path, root: Path) -> bytes:
    """The document in ``fmt``: one renderer each (imported only when used)."""
    document = analysis.document
    if fmt == "text":
        from .render.text import render_text
        return render_text(document).encode("utf-8")
    if fmt == "md":
        from .render.markdown import render_markdown
        base = root if target == Path("-") else target.parent
        return render_markdown(document, lambda image: Path(os.path.relpath(
            image.path or root / "content" / image.src, base)).as_posix()).encode("utf-8")
    if fmt == "html":
        from .render.html import render_html
        return render_html(document, analysis.theme).encode("utf-8")
    if fmt == "json":
        from .render.json_document import render_json
        return render_json(document, analysis.diagnostics).encode("utf-8")
    from .render.word import render_docx
    return render_docx(document, document_epoch(document.meta.date), analysis.theme)


def export(root: Path | str, fmt: str, output: Path | str | None = None, budget: Budget = Budget()) -> ExportResult:
    """The submission in another format than the PDF (``EXPORTS``), written as the PDF is: nothing
    on an error, and atomically."""
    from .write import checked_target, write_atomically

    root = Path(root)
    target = checked_target(output_target(root, output, fmt), root, explicit=output is not None)
    with deadline(budget.seconds) as clock:
        try:
            analysis = _analyse(root, ResolveOptions(build_date=build_date()), budget, clock, pdf=False)
            if analysis.errors:
                raise ContentError(list(analysis.diagnostics))
            data = _export_bytes(analysis, fmt, target, root)
        except OVER_BUDGET as exc:
            raise ProjectError([over_budget(exc, str(root), 1, "exporting the project")]) from None
    write_atomically(data, target)
    log.info("wrote %s", target)
    return ExportResult(target, analysis.diagnostics)


@dataclass(frozen=True)
class QuestionStats:
    number: int | None              # None: an unnumbered part
    text: str
    counts: Counts                  # words, characters, limit (render.text)


def stats(root: Path | str, budget: Budget = Budget()) -> tuple[list[QuestionStats], tuple[Diagnostic, ...]]:
    """Each question's words and characters (as the exports count them) against its limit."""
    from .render.text import counts

    analysis = analyse(root, budget=budget, pdf=False)
    if analysis.document is None:
        raise ContentError(list(analysis.diagnostics))
    rows = [QuestionStats(entry.number, entry.heading, counts(entry, analysis.document.labels))
            for entry in analysis.document.entries]
    return rows, analysis.diagnostics



@dataclass(frozen=True)
class DiffResult:
    comparison: "Comparison"
    output: Path | None             # the redline PDF; None: only the summary was asked for
    pages: int | None
    diagnostics: tuple[Diagnostic, ...]


def _revision_root(spec: str, project: Path, scratch: Path) -> tuple[Path, str]:
    """A project folder as named, else the project at a git revision, copied into ``scratch``."""
    from .load import find_project
    from .revision import describe, project_at

    if Path(spec).is_dir():
        return find_project(Path(spec)), spec
    return project_at(spec, project, scratch), describe(spec, project)


def diff(old: str, new: str | None, project: Path | str, output: Path | str | None = None, summary_only: bool = False,
         budget: Budget = Budget()) -> DiffResult:
    """Compare two revisions of a submission (folders or git revisions of ``project``; ``new``
    None: ``project`` as it is on disk) and write the redline of the newer one, unless
    ``summary_only``. Problems in either revision stop it, named with the revision."""
    import dataclasses
    import tempfile

    from .compare import compare_documents
    from .write import checked_target, write_atomically

    project = Path(project)
    target = None if summary_only else checked_target(Path(output) if output else project / DEFAULT_REDLINE,
                                                      project, explicit=output is not None)
    with tempfile.TemporaryDirectory(prefix="wsis-report-diff-") as scratch, deadline(budget.seconds) as clock:
        roots = []
        for spec, name in ((old, "old"), (new, "new")):
            if spec is None:
                roots.append((project, "the work tree"))
            else:
                roots.append(_revision_root(spec, project, Path(scratch) / name))
        analyses = []
        for root, shown in roots:
            try:
                analysis = _analyse(root, ResolveOptions(build_date=build_date()), budget, clock)
            except WsisError as exc:
                analysis = Analysis(None, None, None, tuple(exc.diagnostics))
            except OVER_BUDGET as exc:
                raise ProjectError([over_budget(exc, str(root), 1, "comparing the revisions")]) from None
            named = tuple(d if root == project else dataclasses.replace(d, file=f"{shown}:{d.file}")
                          for d in analysis.diagnostics)
            analyses.append(dataclasses.replace(analysis, diagnostics=named))
        diagnostics = tuple(d for a in analyses for d in a.diagnostics)
        if any(a.errors or a.document is None for a in analyses):
            raise ContentError(list(diagnostics))
        (old_root, old_name), (new_root, new_name) = roots
        comparison = compare_documents(analyses[0].document, analyses[1].document, old_name, new_name,
                                       seconds=max(clock.left() / 2, 1.0))
        if target is None:
            return DiffResult(comparison, None, None, diagnostics)
        from .render.pdf import PdfOptions, render_pdf

        document = comparison.redline
        # both texts print (deleted words too); the redline's own labels are ASCII and an arrow
        characters = analyses[0].characters | analyses[1].characters | frozenset("\u2192")
        try:
            pdf = render_pdf(document, analyses[1].theme, PdfOptions(document_epoch(document.meta.date), new_root,
                                                                     characters, budget.pages, tagged=False))
        except OVER_BUDGET as exc:
            raise ProjectError([over_budget(exc, str(new_root), 1, "laying out the redline")]) from None
    write_atomically(pdf.data, target)
    return DiffResult(comparison, target, pdf.pages, diagnostics)
