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
    from .build import build as build_pdf
    from .limits import memory_cap

    budget = make_budget(**limits)
    with memory_cap(budget.memory):
        result = build_pdf(project, output, draft, budget, tagged=not untagged)
    report(result.diagnostics, summary=False)
    click.echo(f"wrote {result.output} ({result.pages} pages)", err=True)


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
