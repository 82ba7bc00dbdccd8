"""The command line: thin click commands that call the facade and translate errors to exit codes.

Exit codes: 0 success, 1 content errors (or warnings with --strict), 2 usage errors,
3 internal error (one line, with the path of a saved traceback).
"""
from __future__ import annotations

import json
import logging
import sys
import tempfile
import traceback
from functools import wraps
from pathlib import Path

import click

from . import __version__
from .errors import ERROR, Diagnostic, WsisError

EXIT_CONTENT, EXIT_INTERNAL = 1, 3
FORMATS = ("text", "json", "github")


_DATA_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def _github(d: Diagnostic) -> str:
    """A workflow command, escaped as GitHub's toolkit does: a file name can end neither the
    property list nor the command, whatever it holds."""
    kind = "error" if d.severity == ERROR else "warning"
    message = f"{d.message} [{d.code}]".translate(_DATA_ESCAPES)
    return f"::{kind} file={d.file.translate(_PROPERTY_ESCAPES)},line={d.line},col={d.col}::{message}"


def report(diagnostics, fmt: str = "text", summary: bool = True) -> None:
    diagnostics = list(diagnostics)
    if fmt == "json":
        click.echo(json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False))
        return
    for d in diagnostics:
        click.echo(_github(d) if fmt == "github" else d.format(), err=fmt == "text")
    if summary and fmt == "text":
        errors = sum(d.severity == ERROR for d in diagnostics)
        click.echo(f"{errors} error(s), {len(diagnostics) - errors} warning(s)", err=True)


def _save_traceback() -> str:
    with tempfile.NamedTemporaryFile("w", prefix="wsis-report-crash-", suffix=".txt", delete=False) as fh:
        traceback.print_exc(file=fh)
        return fh.name


def translate_errors(command):
    """Project errors become diagnostics and exit 1; anything else exits 3 with a saved traceback."""
    @wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except WsisError as exc:
            report(exc.diagnostics, kwargs.get("fmt") or "text", summary=False)
            sys.exit(EXIT_CONTENT)
        except MemoryError:     # outside any stage that could say where
            click.echo("wsis-report: the build needed more memory than its limit; an answer may hold an enormous "
                       "table or list: shorten it (or raise the limit with --max-memory)", err=True)
            sys.exit(EXIT_CONTENT)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place internal errors are caught
            path = _save_traceback()
            click.echo(f"wsis-report: internal error ({exc.__class__.__name__}); please report it "
                       f"with the traceback saved in {path}", err=True)
            sys.exit(EXIT_INTERNAL)
    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wsis-report")
@click.option("-v", "--verbose", is_flag=True, help="Report each stage's progress.")
def main(verbose: bool) -> None:
    """Build a consultation submission PDF from Markdown answers."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")


PROJECT = click.Path(exists=True, file_okay=False, path_type=Path)


def budget_options(command):
    """--max-pages, --max-seconds and --max-memory: the build's budget (defaults in limits.Budget)."""
    from .limits import Budget

    default = Budget()
    for option in reversed([
        click.option("--max-pages", type=click.IntRange(1), default=default.pages, show_default=True,
                     help="Stop a document that grows past this many pages."),
        click.option("--max-seconds", type=click.FloatRange(1), default=default.seconds, show_default=True,
                     help="Stop a build that takes longer."),
        click.option("--max-memory", type=click.IntRange(64), default=default.memory // 2**20, show_default=True,
                     help="Stop a build that needs more memory (MB)."),
    ]):
        command = option(command)
    return command


def make_budget(max_pages: int, max_seconds: float, max_memory: int):
    from .limits import Budget

    return Budget(seconds=max_seconds, memory=max_memory * 2**20, pages=max_pages)


@main.command()
@click.argument("project", default=".", type=PROJECT)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Where to write the PDF, - for standard output [default: PROJECT/build/submission.pdf].")
@click.option("--draft", is_flag=True, help="Mark every page DRAFT and date the footer, whatever the status.")
@click.option("--no-tags", "untagged", is_flag=True,
              help="Leave out the structure tree (tagged PDF/UA): a smaller file that screen readers cannot navigate.")
@budget_options
@translate_errors
def build(project: Path, output: Path | None, draft: bool, untagged: bool, **limits) -> None:
    """Check PROJECT and build its submission PDF (tagged PDF/UA-1 and PDF/A-2)."""
    from .build import EXPORTS
    from .build import build as build_pdf
    from .limits import memory_cap

    if _misnamed(output, ".pdf"):
        fmt = next((f for f, ext in EXPORTS.items() if output.suffix.lower() == ext), None)
        fix = (f"wsis-report export --format {fmt} -o {output}" if fmt else f"-o {output.with_suffix('.pdf')}")
        raise click.UsageError(f"build writes a PDF, and '{output.name}' does not end in .pdf; use {fix}")
    budget = make_budget(**limits)
    with memory_cap(budget.memory):
        result = build_pdf(project, output, draft, budget, tagged=not untagged)
    report(result.diagnostics, summary=False)
    click.echo(f"wrote {result.output} ({result.pages} pages)", err=True)


def _misnamed(output: Path | None, extension: str) -> bool:
    """Whether a file named for output ends otherwise than its format (a device or pipe is left to
    the output checks, which refuse it for what it is)."""
    if output is None or str(output) == "-" or output.suffix.lower() == extension:
        return False
    return not output.exists() or output.is_file()


@main.command()
@click.argument("project", default=".", type=PROJECT)
@click.option("--format", "export_format", type=click.Choice(("text", "md", "html", "json", "docx")), required=True,
              help="text: for web forms; md: GitHub Markdown; html: one accessible page; json: data; docx: Word.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Where to write it, - for standard output (not docx) [default: PROJECT/build/submission.EXT].")
@budget_options
@translate_errors
def export(project: Path, export_format: str, output: Path | None, **limits) -> None:
    """Write PROJECT's answers as text, Markdown, HTML, JSON or Word."""
    from .build import EXPORTS
    from .build import export as export_answers
    from .limits import memory_cap

    extension = EXPORTS[export_format]
    if output is not None and str(output) == "-" and export_format == "docx":
        raise click.UsageError("a .docx file is binary: name a file to write with -o, e.g. -o answers.docx")
    if _misnamed(output, extension):
        fmt = next((f for f, ext in EXPORTS.items() if output.suffix.lower() == ext), None)
        fix = f"--format {fmt}" if fmt else f"-o {output.with_suffix(extension)}"
        if output.suffix.lower() == ".pdf":
            fix = f"wsis-report build -o {output}"
        raise click.UsageError(f"--format {export_format} writes a {extension} file, and '{output.name}' does not "
                               f"end in {extension}; use {fix}")
    budget = make_budget(**limits)
    with memory_cap(budget.memory):
        result = export_answers(project, export_format, output, budget)
    report(result.diagnostics, summary=False)
    click.echo(f"wrote {result.output}", err=True)


@main.command()
@click.argument("project", default=".", type=PROJECT)
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@budget_options
@translate_errors
def stats(project: Path, fmt: str, **limits) -> None:
    """Words and characters of each answer, against its limit."""
    from .build import stats as answer_stats
    from .limits import memory_cap

    budget = make_budget(**limits)
    with memory_cap(budget.memory):
        rows, diagnostics = answer_stats(project, budget)
    report(diagnostics, summary=False)
    if fmt == "json":
        click.echo(json.dumps({"questions": [{"number": r.number, "text": r.text, "words": r.counts.words,
                                              "characters": r.counts.characters, "limit": r.counts.limit,
                                              "over_limit": bool(r.counts.over), "over_by": r.counts.over}
                                             for r in rows],
                               "total": {"words": sum(r.counts.words for r in rows),
                                         "characters": sum(r.counts.characters for r in rows)}},
                              indent=2, ensure_ascii=False))
    else:
        click.echo(stats_table(rows))
    if any(d.severity == ERROR for d in diagnostics):
        sys.exit(EXIT_CONTENT)


def stats_table(rows) -> str:
    """Questions, words, characters, limit and status as aligned columns; totals last."""
    def cut(text: str, width: int = 48) -> str:
        return text if len(text) <= width else text[:width - 1] + "\u2026"

    table = [("#", "Question", "Words", "Characters", "Limit", "Status")]
    for row in rows:
        size = row.counts
        status = f"OVER by {size.over:,}" if size.over else "ok" if size.limit else ""
        table.append(("" if row.number is None else str(row.number), cut(" ".join(row.text.split())),
                      f"{size.words:,}", f"{size.characters:,}", f"{size.limit:,}" if size.limit else "", status))
    table.append(("", "Total", f"{sum(r.counts.words for r in rows):,}",
                  f"{sum(r.counts.characters for r in rows):,}", "", ""))
    widths = [max(len(line[i]) for line in table) for i in range(6)]
    right = (True, False, True, True, True, False)
    lines = ["  ".join(cell.rjust(width) if r else cell.ljust(width) for cell, width, r in zip(line, widths, right))
             .rstrip() for line in table]
    return "\n".join(lines[:1] + ["  ".join("-" * w for w in widths)] + lines[1:])


@main.command()
@click.argument("project", default=".", type=PROJECT)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@budget_options
@translate_errors
def check(project: Path, fmt: str, strict: bool, **limits) -> None:
    """Report problems in PROJECT's sources without building."""
    from .build import analyse
    from .limits import memory_cap

    budget = make_budget(**limits)
    with memory_cap(budget.memory):
        diagnostics = analyse(project, budget=budget).diagnostics
    report(diagnostics, fmt)
    if any(d.severity == ERROR for d in diagnostics) or (strict and diagnostics):
        sys.exit(EXIT_CONTENT)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Add the project's files to a folder that is not empty (existing "
                                           "files are kept as they are).")
@click.option("--language", type=click.Choice(("en", "fr", "es", "ru", "ar", "zh")), default="en", show_default=True,
              help="The language of the sample questions, the README and the document.")
@translate_errors
def init(directory: Path, force: bool, language: str) -> None:
    """Create a new submission project in DIRECTORY, ready to build."""
    from .scaffold import init_project

    written, skipped = init_project(directory, force, language)
    for path in skipped:
        click.echo(f"kept {path} (it exists; not changed)", err=True)
    click.echo(f"created {len(written)} files in {directory}; next: wsis-report build {directory}")
