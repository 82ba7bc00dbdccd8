"""Stage 2, template: Jinja2, sandboxed, for the Markdown answers and for the page templates.

Each answer is rendered before parsing, with ``submission``, ``vars``, ``sdgs`` and
``action_lines`` in context. The title block, running header and footer come from
``title.j2``, ``header.j2`` and ``footer.j2``: a project's ``templates/`` folder first, then
the built-in ones. Undefined names are errors (StrictUndefined), so a misspelt variable never
prints as empty text; every error names the file and line.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypedDict

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .errors import TemplateError, error
from .load import TEMPLATES_DIR, PartSource, Project, Submission, builtin_templates_dir, inside
from .reference import load_reference

ANSWER = "<template>"                     # the file name Jinja2 gives code compiled by from_string
PAGE_TEMPLATES = ("title.j2", "header.j2", "footer.j2")
TITLE_KINDS = ("logo", "title", "subtitle", "organisation", "meta", "body", "rule", "space", "pagebreak")
SLOTS = ("left", "center", "right")


class TemplateContext(TypedDict):
    submission: dict
    vars: dict
    sdgs: dict
    action_lines: dict


@dataclass(frozen=True)
class RenderedPart:
    """A content file after templating: the Markdown that will be parsed."""

    source: PartSource
    markdown: str


@dataclass(frozen=True)
class TitleLine:
    """One element of the title block, as title.j2 wrote it."""

    kind: str
    text: str


def markdown_escape(value: object) -> str:
    """Filter ``md``: insert data as literal text, not as Markdown syntax."""
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+-.!|~&" else c for c in str(value))


MAX_OUTPUT = 8_000_000        # characters one template may write
MAX_ITERATIONS = 200_000      # range() items one render may ask for, all loops together
MAX_SEQUENCE = 1_000_000      # items or characters that `*` may make


class _ConfinedLoader(jinja2.FileSystemLoader):
    """Templates from the search path only: a link that leads out of it is not followed."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if not any(Path(filename).resolve().is_relative_to(Path(p).resolve()) for p in self.searchpath):
            raise jinja2.TemplateNotFound(f"{template} (a link to a file outside the templates folder)")
        return source, filename, uptodate


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox (no `_` attributes, no changing data), with bounds on what a
    template can make: `*` on sequences and strings, and `**`."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise SecurityError("the power in ** is too large")
        if operator == "*":
            sized, count = (left, right) if isinstance(left, (str, list, tuple)) else (right, left)
            if isinstance(sized, (str, list, tuple)) and isinstance(count, int) and len(sized) * count > MAX_SEQUENCE:
                raise SecurityError(f"'*' would make more than {MAX_SEQUENCE:,} items")
        return super().call_binop(context, operator, left, right)


def _budgeted_range():
    """A range() for one render, drawing from a shared budget so nested loops stay bounded."""
    left = [MAX_ITERATIONS]

    def bounded_range(*args):
        numbers = range(*args)
        left[0] -= len(numbers)
        if left[0] < 0:
            raise SecurityError(f"loops asked for more than {MAX_ITERATIONS:,} range() items")
        return numbers
    return bounded_range


def make_environment(project_root: Path | None = None) -> ImmutableSandboxedEnvironment:
    """The one Jinja2 factory: sandboxed, strict, templates from the project, then built in."""
    own = project_root / TEMPLATES_DIR if project_root else None
    # a templates/ folder that is itself a link out of the project is not searched
    search = ([own] if own and inside(own, project_root) else []) + [builtin_templates_dir()]
    env = _Sandbox(
        loader=_ConfinedLoader([str(path) for path in search]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,           # the output is Markdown or plain text, escaped later by the layout
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    for name in ("center", "indent", "wordwrap", "truncate"):   # width arguments could ask for gigabytes
        env.filters[name] = _bounded_widths(env.filters[name])
    return env


def _bounded_widths(function):
    def bounded(*args, **kwargs):
        if any(isinstance(a, int) and a > 10_000 for a in (*args[1:], *kwargs.values())):
            raise SecurityError("a width of more than 10,000 characters")
        return function(*args, **kwargs)
    return bounded


def _bounded_render(template: jinja2.Template, context: dict) -> str:
    """Render, stopping as soon as the output passes MAX_OUTPUT characters."""
    parts, size = [], 0
    for part in template.generate(**context, range=_budgeted_range()):
        size += len(part)
        if size > MAX_OUTPUT:
            raise SecurityError(f"the template writes more than {MAX_OUTPUT:,} characters")
        parts.append(part)
    return "".join(parts)


def make_context(submission: Submission) -> TemplateContext:
    reference = load_reference()
    meta = {f.name: getattr(submission, f.name) for f in dataclasses.fields(submission)
            if f.name not in ("lines", "file", "vars")}
    return TemplateContext(
        submission=meta,
        vars=dict(submission.vars),
        sdgs={n: dataclasses.asdict(g) for n, g in reference.goals.items()},
        action_lines={c: dataclasses.asdict(a) for c, a in reference.action_lines.items()},
    )


def _error_line(exc: BaseException, name: str) -> int:
    """The template line of a runtime error, from the frames Jinja2 rewrites to the source."""
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(name)]
    return lines[-1] if lines and lines[-1] else 1


def _render(make: Callable[[], jinja2.Template], context: dict, file: str, first_line: int, name: str) -> str:
    """Compile and render, turning every Jinja2 failure into one diagnostic at file:line."""
    try:
        return _bounded_render(make(), context)
    except jinja2.TemplateSyntaxError as exc:
        line, message = first_line + (exc.lineno or 1) - 1, f"template syntax error: {exc.message}"
    except jinja2.UndefinedError as exc:
        line = first_line + _error_line(exc, name) - 1
        message = f"template error: {exc.message}; define it under 'vars:' in submission.yaml or fix the name"
    except SecurityError as exc:
        line, message = first_line + _error_line(exc, name) - 1, f"template not allowed: {exc}"
    except jinja2.TemplateNotFound as exc:
        line, message = first_line + _error_line(exc, name) - 1, f"template not found: {exc.message}"
    except RecursionError:
        line, message = first_line, "template error: a macro calls itself without end"
    except Exception as exc:  # errors raised inside template expressions, e.g. 1/0
        line, message = first_line + _error_line(exc, name) - 1, f"template error: {exc}"
    raise TemplateError([error(file, line, message, "template")])


def render_part(env: ImmutableSandboxedEnvironment, context: TemplateContext, part: PartSource) -> RenderedPart:
    if "{" not in part.body:          # most answers hold no template syntax at all
        return RenderedPart(part, part.body)
    text = _render(lambda: env.from_string(part.body), context, part.file, part.body_line, ANSWER)
    return RenderedPart(part, text)


def render_project(project: Project) -> list[RenderedPart]:
    env = make_environment(project.root)
    context = make_context(project.submission)
    rendered, problems = [], []
    for part in project.parts:
        try:
            rendered.append(render_part(env, context, part))
        except TemplateError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise TemplateError(problems)
    return rendered


# ---------------------------------------------------------------- page templates

class PageTemplates:
    """title.j2, header.j2 and footer.j2, compiled once; header and footer render per page."""

    def __init__(self, project_root: Path | None, context: dict):
        self.env = make_environment(project_root)
        self.context = context
        self.project_root = project_root

    def _file(self, name: str) -> str:
        own = self.project_root / TEMPLATES_DIR / name if self.project_root else None
        return f"{TEMPLATES_DIR}/{name}" if own and own.is_file() else f"(built-in) {TEMPLATES_DIR}/{name}"

    def _lines(self, name: str, extra: dict) -> list[tuple[str, str]]:
        text = _render(lambda: self.env.get_template(name), {**self.context, **extra}, self._file(name), 1, name)
        found = []
        for line in text.splitlines():
            if line.strip():
                kind, _, value = line.partition(":")
                found.append((kind.strip(), value.strip()))
        return found

    def title(self) -> list[TitleLine]:
        lines = [TitleLine(kind, text) for kind, text in self._lines("title.j2", {})]
        unknown = [line.kind for line in lines if line.kind not in TITLE_KINDS]
        if unknown:
            raise TemplateError([error(self._file("title.j2"), 1, f"title.j2 wrote '{unknown[0]}:'; each line "
                                                                 f"must start with one of {', '.join(TITLE_KINDS)}",
                                       "template")])
        return lines

    def check_furniture(self) -> None:
        """Render header.j2 and footer.j2 once, so their errors surface before any layout."""
        for name in ("header.j2", "footer.j2"):
            self.slots(name, 1, 1)

    def slots(self, name: str, page: int, pages: int) -> dict[str, str]:
        """header.j2 or footer.j2 for one page: the text of its left, center and right slots."""
        found = dict(self._lines(name, {"page": page, "pages": pages}))
        unknown = [slot for slot in found if slot not in SLOTS]
        if unknown:
            raise TemplateError([error(self._file(name), 1, f"{name} wrote '{unknown[0]}:'; each line must "
                                                            "start with left, center or right", "template")])
        return found


def page_context(submission: Submission, date_text: str | None, build_date: dt.date) -> dict:
    """What title.j2, header.j2 and footer.j2 see."""
    footer = list(submission.footer) or [x for x in (submission.organisation, submission.license) if x]
    return {**make_context(submission), "date": date_text, "status": submission.status,
            "build_date": build_date.isoformat(), "footer": footer}
