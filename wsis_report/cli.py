"""The command line: thin click commands that call the facade and translate errors to exit codes.

Exit codes: 0 success, 1 content errors (or warnings with --strict), 2 usage errors,
3 internal error (one line, with the path of a saved traceback).

Manners: what a command produces (check's diagnostics, stats' table, `-o -` output) goes to
stdout; diagnostics of build and export, progress and the closing verdict go to stderr. Colour
only on a terminal and never with NO_COLOR; progress only on a terminal, for builds that take
longer than about two seconds. -q and -v may stand before or after the command.
"""
from __future__ import annotations

import gc
import logging
import os
import sys
import time
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Callable

import click

from . import __version__
from .errors import ERROR, Diagnostic, WsisError

EXIT_CONTENT, EXIT_INTERNAL = 1, 3
FORMATS = ("text", "json", "github")
PROGRESS_AFTER = 2.0            # seconds: quicker builds print no progress
GC_THRESHOLD = 50_000           # allocations between the collector's youngest-generation runs
PDF_MODULES = ("wsis_report.build", "wsis_report.render.pdf", "wsis_report.render.pdf.archive", "pikepdf")
KEY_LIBRARIES = ("reportlab", "markdown-it-py", "mdit-py-plugins", "Jinja2", "PyYAML", "click", "pikepdf",
                 "fonttools", "uharfbuzz", "python-bidi", "pyphen", "Pillow", "python-docx", "watchfiles")


@dataclass
class Manners:
    """How much to say, set by -q/-v wherever they stand on the command line."""

    quiet: bool = False
    verbose: bool = False


MANNERS = Manners()


def colour() -> bool | None:
    """False with NO_COLOR (https://no-color.org); None: click colours a terminal only."""
    return False if os.environ.get("NO_COLOR") else None


def say(text: str, err: bool = True) -> None:
    click.echo(text, err=err, color=colour())


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when under it or in the
    project the current folder is inside (``../build/submission.pdf`` from content/), else as given."""
    from .load import find_project

    if str(path) == "-":
        return "standard output"
    absolute, here = Path(os.path.abspath(path)), Path.cwd()
    if any(absolute.is_relative_to(base) for base in (here, Path(os.path.abspath(find_project(here))))):
        return os.path.relpath(absolute, here)
    return str(path)


_DATA_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY_ESCAPES = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})
_SEVERITY_COLOURS = {"error": "red", "warning": "yellow"}


def repository_root(start: Path) -> Path:
    """The top of the git work tree holding ``start``, else the current folder: where GitHub's
    annotations take their paths from."""
    from .scaffold import repository_top

    return repository_top(start) or Path.cwd()


def _github(d: Diagnostic, project: Path | None = None) -> str:
    """A workflow command, escaped as GitHub's toolkit does: a file name can end neither the
    property list nor the command, whatever it holds. Paths are the repository's, so the
    annotation lands on the file also when the project is a subfolder."""
    kind = "error" if d.severity == ERROR else "warning"
    message = f"{d.message} [{d.code}]".translate(_DATA_ESCAPES)
    file = d.file
    if project is not None and not file.startswith("(") and not os.path.isabs(file):
        from_root = os.path.relpath(Path(os.path.abspath(project)) / file, repository_root(project))
        if not from_root.startswith(".."):         # else outside the repository: GitHub has no path for it
            file = Path(from_root).as_posix()
    return f"::{kind} file={file.translate(_PROPERTY_ESCAPES)},line={d.line},col={d.col}::{message}"


def _text(d: Diagnostic) -> str:
    severity = click.style(d.severity, fg=_SEVERITY_COLOURS.get(d.severity), bold=d.severity == ERROR)
    return f"{d.file}:{d.line}:{d.col}: {severity}: {d.message} [{d.code}]"


def counted(diagnostics) -> str:
    errors = sum(d.severity == ERROR for d in diagnostics)
    return f"{plural(errors, 'error')}, {plural(len(diagnostics) - errors, 'warning')}"


def report(diagnostics, fmt: str = "text", summary: bool = True, err: bool = True, project: Path | None = None) -> None:
    """Diagnostics in ``fmt``: text (with -q, errors only), json or GitHub annotations."""
    diagnostics = list(diagnostics)
    if fmt == "json":
        import json

        click.echo(json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False))
        return
    for d in diagnostics:
        if fmt == "text" and MANNERS.quiet and d.severity != ERROR:
            continue
        say(_github(d, project) if fmt == "github" else _text(d), err=err)
    if summary and fmt == "text" and not MANNERS.quiet:
        say(counted(diagnostics))


def failed_verdict(written: str, diagnostics, target: Path | None, project: Path | None = None) -> str:
    """"no PDF written: 3 errors (build/submission.pdf is from an earlier build)"; with ``project``
    (one of several built), "no PDF written for p2: ..."."""
    errors = sum(d.severity == ERROR for d in diagnostics) or 1
    earlier = ""
    if target is not None and str(target) != "-" and target.is_file():
        earlier = f" ({shown_path(target)} is from an earlier build)"
    of = f" for {shown_path(project)}" if project is not None else ""
    return f"no {written} written{of}: {plural(errors, 'error')}{earlier}"


def written_verdict(target: Path, diagnostics, pages: int | None = None) -> str:
    """"wrote build/submission.pdf (9 pages, 2 warnings)"."""
    details = [plural(pages, "page")] if pages is not None else []
    warnings = sum(d.severity != ERROR for d in diagnostics)
    if warnings:
        details.append(plural(warnings, "warning"))
    return f"wrote {shown_path(target)}" + (f" ({', '.join(details)})" if details else "")


class Progress:
    """A one-line progress display on a terminal's stderr, once a build has run PROGRESS_AFTER
    seconds; nothing at all when stderr is not a terminal or with -q."""

    def __init__(self):
        self.start = time.monotonic()
        self.shown = False
        self.live = sys.stderr.isatty() and not MANNERS.quiet

    def __call__(self, message: str) -> None:
        if self.live and time.monotonic() - self.start >= PROGRESS_AFTER:
            click.echo(f"\r\033[K{message}", err=True, nl=False)
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\033[K", err=True, nl=False)
            self.shown = False


def _save_traceback() -> str:
    import tempfile
    import traceback

    with tempfile.NamedTemporaryFile("w", prefix="wsis-report-crash-", suffix=".txt", delete=False) as fh:
        traceback.print_exc(file=fh)
        return fh.name


def translate_errors(command):
    """Project errors become diagnostics and exit 1; anything else exits 3 with a saved traceback."""
    @wraps(command)
    def run(*args, **kwargs):
        logging.getLogger("wsis_report").setLevel(logging.INFO if MANNERS.verbose else logging.WARNING)
        try:
            return command(*args, **kwargs)
        except WsisError as exc:
            report(exc.diagnostics, kwargs.get("fmt") or "text", summary=False, project=kwargs.get("project"))
            written = click.get_current_context().meta.get("wsis_report.writes")
            if written is not None:
                say(failed_verdict(written[0], exc.diagnostics, written[1]))
            sys.exit(EXIT_CONTENT)
        except MemoryError:     # outside any stage that could say where
            from .limits import memory_problem

            say(f"wsis-report: {memory_problem('').message}")
            sys.exit(EXIT_CONTENT)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the one place internal errors are caught
            path = _save_traceback()
            say(f"wsis-report: internal error ({exc.__class__.__name__}); please report it "
                f"with the traceback saved in {path}")
            sys.exit(EXIT_INTERNAL)
    return run


class _StderrHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        say(self.format(record))


_log_handler = _StderrHandler()
_log_handler.setFormatter(logging.Formatter("%(message)s"))
logging.getLogger("wsis_report").addHandler(_log_handler)


def _manner(name: str):
    def set_manner(ctx, param, value):
        if value:
            setattr(MANNERS, name, True)
        return value
    return set_manner


def manners_options(command):
    """-q and -v, accepted after the command as well as before it."""
    command = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_manner("verbose"),
                           help="Report each stage's progress.")(command)
    return click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_manner("quiet"),
                        help="Print only errors.")(command)


def _print_version(ctx, param, value):
    if not value or ctx.resilient_parsing:
        return
    from importlib import metadata

    lines = [f"wsis-report, version {__version__}",
             f"Python {sys.version.split()[0]} ({sys.implementation.name}, {sys.platform})"]
    for name in KEY_LIBRARIES:
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} (not installed)")
    click.echo("\n".join(lines))
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version of wsis-report and of the libraries it uses, and exit.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Report each stage's progress.")
def main(quiet: bool, verbose: bool) -> None:
    """Build a consultation submission PDF from Markdown answers.

    Shell completion: eval "$(_WSIS_REPORT_COMPLETE=bash_source wsis-report)" in ~/.bashrc
    (zsh_source for ~/.zshrc, fish_source for fish).
    """
    MANNERS.quiet, MANNERS.verbose = quiet, verbose
    tune_collector()


def tune_collector() -> None:
    """A build allocates millions of small objects and few reference cycles: with the default
    threshold (700) the collector ran 1,633 times, 2.9 s of a 1,000-question build; at 50,000
    it runs 21 times, about 1 s, for the same peak memory (213 -> 211 MB)."""
    gc.set_threshold(GC_THRESHOLD, 20, 20)


def freeze_imports(*modules: str) -> None:
    """Import ``modules``, then have the collector leave everything that exists alone from here
    on: modules, classes and functions never become garbage, and walking them was half of its
    time (0.65 -> 0.32 s of a 1,000-question build). Once per process, before a document is laid
    out: what is frozen with the imports is at most the first project's loaded sources (build),
    never a document that watch mode would then keep for ever (what the collector leaves alone is
    still freed when nothing refers to it)."""
    import importlib

    for module in modules:
        importlib.import_module(module)
    if not gc.get_freeze_count():
        gc.freeze()


def _locate(ctx, param, value: Path | None) -> Path:
    """The project that holds the folder named (or the current folder), found upwards as git finds
    its repository: run from content/ or any folder inside the project."""
    from .load import find_project

    return find_project(value if value is not None else Path.cwd())


def project_argument(command):
    return click.argument("project", required=False, callback=_locate,
                          type=click.Path(exists=True, file_okay=False, path_type=Path))(command)


def writes(what: str, target: Path) -> None:
    """Say what the running command is about to write, for the verdict should it fail."""
    click.get_current_context().meta["wsis_report.writes"] = (what, target)


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


def check_pdf_name(output: Path | None) -> None:
    from .build import EXPORTS

    if _misnamed(output, ".pdf"):
        fmt = next((f for f, ext in EXPORTS.items() if output.suffix.lower() == ext), None)
        fix = (f"wsis-report export --format {fmt} -o {output}" if fmt else f"-o {output.with_suffix('.pdf')}")
        raise click.UsageError(f"build writes a PDF, and '{output.name}' does not end in .pdf; use {fix}")


def open_viewer(path: Path) -> None:
    """Open the PDF with the system's viewer, detached (not in CI, where nobody would see it)."""
    import shutil
    import subprocess

    if os.environ.get("CI"):
        say(f"not opening {shown_path(path)}: this is CI")
        return
    if sys.platform == "win32":
        os.startfile(path)      # noqa: S606 - the user asked for it with --open
        return
    opener = "open" if sys.platform == "darwin" else shutil.which("xdg-open")
    if not opener:
        say(f"cannot open {shown_path(path)}: no viewer found (install xdg-utils, or open the file yourself)")
        return
    subprocess.Popen([opener, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


@main.command()
@click.argument("projects", nargs=-1, metavar="[PROJECT]...",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Where to write the PDF, - for standard output [default: PROJECT/build/submission.pdf].")
@click.option("--draft", is_flag=True, help="Mark every page DRAFT and date the footer, whatever the status.")
@click.option("--no-tags", "untagged", is_flag=True,
              help="Leave out the structure tree (tagged PDF/UA): a smaller file that screen readers cannot navigate.")
@click.option("--open", "open_pdf", is_flag=True, help="Open the PDF with the system's viewer once it is written.")
@budget_options
@manners_options
@translate_errors
def build(projects: tuple[Path, ...], output: Path | None, draft: bool, untagged: bool, open_pdf: bool,
          **limits) -> None:
    """Check each PROJECT and build its submission PDF (tagged PDF/UA-1 and PDF/A-2).

    Several projects build one after the other in this process, each to its own build/ folder,
    with a verdict line each; the exit code is 1 if any of them failed.
    """
    from .load import find_project

    check_pdf_name(output)
    found = [find_project(p) for p in projects] or [find_project(Path.cwd())]
    if output is not None and len(found) > 1:
        raise click.UsageError("-o names one PDF: build one project with -o, or several without it")
    budget = make_budget(**limits)
    failed = sum(not _build_one(project, output, draft, untagged, open_pdf, budget, named=len(found) > 1)
                 for project in found)
    if failed:
        sys.exit(EXIT_CONTENT)


def _build_one(project: Path, output: Path | None, draft: bool, untagged: bool, open_pdf: bool, budget,
               named: bool) -> bool:
    """One project's build, its diagnostics and its verdict; False if it failed. ``named``:
    the diagnostics' files are shown with the project's folder (several are being built)."""
    import dataclasses

    from .build import build as build_pdf
    from .build import output_target
    from .limits import memory_cap, memory_problem
    from .load import CONTENT_DIR, TEMPLATES_DIR

    target = output_target(project, output, "pdf")

    def shown(diagnostics) -> list:
        """With several projects, each file as the path from here (content/01.md is in every one)."""
        return [dataclasses.replace(d, file=f"{shown_path(project)}/{d.file}")
                if named and d.file.startswith((CONTENT_DIR, TEMPLATES_DIR)) else d for d in diagnostics]

    progress = Progress()
    try:
        with memory_cap(budget.memory):
            # the renderer is imported while the answers' templates render in a child process
            result = build_pdf(project, output, draft, budget, tagged=not untagged, progress=progress,
                               meanwhile=lambda: freeze_imports(*PDF_MODULES))
    except (WsisError, MemoryError) as exc:
        progress.clear()
        problems = exc.diagnostics if isinstance(exc, WsisError) else [memory_problem(str(project))]
        report(shown(problems), summary=False)
        say(failed_verdict("PDF", problems, target, project if named else None))
        return False
    progress.clear()
    report(shown(result.diagnostics), summary=False)
    if not MANNERS.quiet:
        say(written_verdict(result.output, result.diagnostics, result.pages))
    if open_pdf and str(result.output) != "-":
        open_viewer(result.output)
    return True


@main.command()
@project_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the PDF [default: PROJECT/build/submission.pdf].")
@click.option("--draft", is_flag=True, help="Mark every page DRAFT and date the footer, whatever the status.")
@click.option("--no-tags", "untagged", is_flag=True, help="Leave out the structure tree, as build --no-tags.")
@click.option("--open", "open_pdf", is_flag=True, help="Open the PDF with the system's viewer after the first build.")
@click.option("--debounce", type=click.IntRange(10, 10_000), default=150, show_default=True,
              help="Milliseconds of quiet after a save before rebuilding (editors write in several steps).")
@budget_options
@manners_options
@translate_errors
def watch(project: Path, output: Path | None, draft: bool, untagged: bool, open_pdf: bool, debounce: int,
          **limits) -> None:
    """Build PROJECT, then rebuild it on every save, until Ctrl-C.

    Only what changed is read, templated, parsed and checked again; on errors the last good PDF is
    kept. The PDF is replaced whole, so a viewer that reloads files shows each new build.
    """
    from .watch import watch_project

    check_pdf_name(output)
    if output is not None and str(output) == "-":
        raise click.UsageError("watch rewrites its PDF on every save: name a file with -o, not -")
    budget = make_budget(**limits)

    def show(rebuild) -> None:
        if rebuild.changed and MANNERS.verbose:
            say(f"changed: {', '.join(rebuild.changed)}")
        report(rebuild.diagnostics, summary=False)
        verdict = (written_verdict(rebuild.target, rebuild.diagnostics, rebuild.result.pages) if rebuild.result
                   else failed_verdict("PDF", rebuild.diagnostics, rebuild.target))
        if rebuild.result is None or not MANNERS.quiet:
            say(f"{time.strftime('%H:%M:%S')} {verdict} in {rebuild.seconds:.2f} s")
        if not rebuild.changed and not MANNERS.quiet:
            say(f"watching {shown_path(project) if shown_path(project) != '.' else 'this project'} for saved "
                "changes; Ctrl-C to stop")

    freeze_imports(*PDF_MODULES)
    watch_project(project, output, budget, show, draft=draft, tagged=not untagged, debounce_ms=debounce,
                  first_built=open_viewer if open_pdf else None)


@main.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option("--project", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="The project whose git revisions OLD and NEW name, and whose build/ gets the redline "
                   "[default: NEW if it is a folder, else the project the current folder is in].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the redline [default: PROJECT/build/redline.pdf].")
@click.option("--format", "fmt", type=click.Choice(("pdf", "text", "json")), default="pdf", show_default=True,
              help="pdf: the redline, with a summary on its first page; text, json: the summary only.")
@budget_options
@manners_options
@translate_errors
def diff(old: str, new: str | None, project: Path | None, output: Path | None, fmt: str, **limits) -> None:
    """Show what changed from OLD to NEW in the printed submission.

    OLD and NEW are project folders or git revisions of the project (main, HEAD~1, a tag),
    read with git, never checked out; without NEW, the project as it is on disk. The redline
    underlines added words, strikes out removed ones and bars changed blocks in the margin.
    """
    from .build import DEFAULT_REDLINE
    from .build import diff as compare
    from .compare import summary_text
    from .limits import memory_cap
    from .load import find_project

    if project is None:     # the newer revision's folder, if it is one, else the one the current folder is in
        project = Path(new) if new is not None and Path(new).is_dir() else Path.cwd()
    project = find_project(project)
    if fmt == "pdf":
        check_pdf_name(output)
        writes("redline", output or project / DEFAULT_REDLINE)
    budget = make_budget(**limits)
    with memory_cap(budget.memory):
        result = compare(old, new, project, output, summary_only=fmt != "pdf", budget=budget)
    report(result.diagnostics, summary=False)
    if fmt == "json":
        import json

        click.echo(json.dumps(result.comparison.as_dict(), indent=2, ensure_ascii=False))
    elif fmt == "text":
        click.echo(summary_text(result.comparison))
    elif not MANNERS.quiet:
        say(summary_text(result.comparison).splitlines()[0])
        say(written_verdict(result.output, result.diagnostics, result.pages))


def _misnamed(output: Path | None, extension: str) -> bool:
    """Whether a file named for output ends otherwise than its format (a device or pipe is left to
    the output checks, which refuse it for what it is)."""
    if output is None or str(output) == "-" or output.suffix.lower() == extension:
        return False
    return not output.exists() or output.is_file()


@main.command()
@project_argument
@click.option("--format", "export_format", type=click.Choice(("text", "md", "html", "json", "docx")), required=True,
              help="text: for web forms; md: GitHub Markdown; html: one accessible page; json: data; docx: Word.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Where to write it, - for standard output (not docx) [default: PROJECT/build/submission.EXT].")
@budget_options
@manners_options
@translate_errors
def export(project: Path, export_format: str, output: Path | None, **limits) -> None:
    """Write PROJECT's answers as text, Markdown, HTML, JSON or Word."""
    from .build import EXPORTS, output_target
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
    writes(f"{extension} file", output_target(project, output, export_format))
    budget = make_budget(**limits)
    with memory_cap(budget.memory):
        result = export_answers(project, export_format, output, budget)
    report(result.diagnostics, summary=False)
    if not MANNERS.quiet:
        say(written_verdict(result.output, result.diagnostics))


@main.command()
@project_argument
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@budget_options
@manners_options
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
        import json

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
@project_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@budget_options
@manners_options
@translate_errors
def check(project: Path, fmt: str, strict: bool, **limits) -> None:
    """Report problems in PROJECT's sources without building."""
    from .build import analyse
    from .limits import memory_cap

    budget = make_budget(**limits)
    with memory_cap(budget.memory):
        diagnostics = analyse(project, budget=budget).diagnostics
    report(diagnostics, fmt, err=False, project=project)      # stdout: `check | grep` works
    if any(d.severity == ERROR for d in diagnostics) or (strict and diagnostics):
        sys.exit(EXIT_CONTENT)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Add the project's files to a folder that is not empty (existing "
                                           "files are kept as they are).")
@click.option("--language", type=click.Choice(("en", "fr", "es", "ru", "ar", "zh")), default="en", show_default=True,
              help="The language of the sample questions, the README and the document.")
@manners_options
@translate_errors
def init(directory: Path, force: bool, language: str) -> None:
    """Create a new submission project in DIRECTORY, ready to build."""
    from .scaffold import init_project

    done = init_project(directory, force, language)
    for path in done.skipped:
        say(f"kept {path} (it exists; not changed)")
    if done.source.requirement is None:
        say(f"note: this wsis-report was installed from {done.source.where}, which CI cannot reach; set "
            "WSIS_REPORT in .github/workflows/submission.yml to what pip should install (a git URL at a commit)")
    click.echo(f"created {len(done.written)} files in {directory}; next: wsis-report build {directory}")


def run(before_exit: Callable[[], None] | None = None) -> None:
    """The command, then a quick exit. Tearing down an interpreter that held a whole document
    costs more than starting one (100 ms of a 7-page build's 600); by then the output is written
    and flushed, child processes have sent their results (one still exiting is left to init) and
    temporary folders are removed, so nothing is left for the teardown to do but ``before_exit``."""
    try:
        main(prog_name="wsis-report")
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):     # sys.exit("message"), as Python would
        print(code, file=sys.stderr)
        code = 1
    if before_exit is not None:
        before_exit()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError):      # `wsis-report stats | head -1`: the reader left
            pass
    os._exit(code or 0)
