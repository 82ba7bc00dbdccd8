"""Stage 2, template: Jinja2, sandboxed, for the Markdown answers and for the page templates.

Each answer is rendered before parsing, with ``submission``, ``vars``, ``sdgs`` and
``action_lines`` in context. Code (spans, fenced and indented blocks) is left alone: it prints
as typed, as GitHub shows it. Every templated line remembers the source line it came from (a
line map), so a diagnostic below a ``{% for %}`` that expands still names the line the author
typed. The title block, running header and footer come from ``title.j2``, ``header.j2`` and
``footer.j2``: a project's ``templates/`` folder first, then the built-in ones. Undefined names
are errors (StrictUndefined), so a misspelt variable never prints as empty text.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypedDict

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .errors import Diagnostic, TemplateError, error
from .limits import LimitExceeded, Limits, run_bounded, start_bounded
from .memo import fingerprint, keep, recall
from .load import TEMPLATES_DIR, PartSource, Project, Submission, builtin_templates_dir, inside, regular_file
from .reference import load_reference
from .syntax import code_regions

ANSWER = "<template>"                     # the file name Jinja2 gives code compiled by from_string
PAGE_TEMPLATES = ("title.j2", "header.j2", "footer.j2")
TITLE_KINDS = ("logo", "title", "subtitle", "organisation", "meta", "body", "rule", "space", "pagebreak")
SLOTS = ("left", "center", "right")
RAW_HINT = "to print braces as typed, put them in `code` or between {% raw %} and {% endraw %}"


class TemplateContext(TypedDict):
    submission: dict
    vars: dict
    sdgs: dict
    action_lines: dict


# ---------------------------------------------------------------- line map

# Unicode noncharacters (never in text: load removes them) mark where each source line starts in
# the templated output, and stand in for code while Jinja2 runs.
_MARK_OPEN, _MARK_CLOSE, _CODE_OPEN, _CODE_CLOSE = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"
_LEADING_MARKS = re.compile(f"^(?:{_MARK_OPEN}\\d*{_MARK_CLOSE})+")
_MARK = re.compile(f"{_MARK_OPEN}(\\d*){_MARK_CLOSE}")
_CODE = re.compile(f"{_CODE_OPEN}(\\d+){_CODE_CLOSE}")
_STRAY = dict.fromkeys(map(ord, _MARK_OPEN + _MARK_CLOSE + _CODE_OPEN + _CODE_CLOSE))


def _mark(line: int) -> str:
    return f"{_MARK_OPEN}{line}{_MARK_CLOSE}"


class LineMarks(Extension):
    """Marks the start of each source line, and of each run of template text, with its line
    number. Jinja2's lexer has already applied whitespace control (``{%-``), so the marks never
    change what a template writes. Templates included by name are not marked: their lines are
    another file's, and map to the line of the ``include``."""

    def filter_stream(self, stream):
        marked = stream.name is None or stream.name in PAGE_TEMPLATES
        for token in stream:
            if token.type == "data" and marked:
                pieces = token.value.split("\n")
                text = _mark(token.lineno) + pieces[0] + "".join(
                    "\n" + _mark(token.lineno + n) + piece for n, piece in enumerate(pieces[1:], start=1))
                yield Token(token.lineno, "data", text)
            else:
                yield token


def unmark(text: str) -> tuple[str, tuple[int, ...]]:
    """The templated text without marks, and for each of its lines the template line (1-based)
    it came from. A line written by an expression (``{{ value }}`` with several lines) belongs
    to the line of the expression."""
    lines, numbers, current = [], [], 1
    for line in text.split("\n"):
        leading = _LEADING_MARKS.match(line)
        if leading:
            last = _MARK.findall(leading.group())[-1]
            current = int(last) if last else current
        numbers.append(current)
        lines.append(_MARK.sub("", line))
    return "\n".join(lines), tuple(numbers)


@dataclass(frozen=True)
class RenderedPart:
    """A content file after templating: the Markdown that will be parsed, and for each of its
    lines the file's line it came from (None: not templated, line i is body line i)."""

    source: PartSource
    markdown: str
    line_map: tuple[int, ...] | None = None

    def file_line(self, index: int) -> int:
        """The file line (1-based) of the templated Markdown's 0-based line ``index``."""
        if self.line_map is None:
            return self.source.body_line + index
        if not self.line_map:
            return self.source.body_line
        return self.line_map[min(max(index, 0), len(self.line_map) - 1)]


# ---------------------------------------------------------------- code stays code

def _has_template_syntax(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def protect_code(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with each piece of code that holds template syntax replaced by a placeholder
    (one per line, so lines stay lines), and the pieces, to put back after templating."""
    regions = code_regions(markdown)
    lines = markdown.split("\n")
    pieces: list[str] = []
    by_line: dict[int, list[tuple[int, int]]] = {}
    for line, start, end in regions.spans:
        by_line.setdefault(line, []).append((start, end))
    for line in regions.block_lines:
        by_line[line] = [(0, len(lines[line]))]
    for line, ranges in by_line.items():
        text = lines[line]
        for start, end in sorted(ranges, reverse=True):      # right to left: columns stay valid
            if _has_template_syntax(text[start:end]):
                pieces.append(text[start:end])
                text = f"{text[:start]}{_CODE_OPEN}{len(pieces) - 1}{_CODE_CLOSE}{text[end:]}"
        lines[line] = text
    return "\n".join(lines), pieces


def restore_code(text: str, pieces: list[str]) -> str:
    if pieces:
        text = _CODE.sub(lambda m: pieces[int(m[1])] if int(m[1]) < len(pieces) else "", text)
    return text.translate(_STRAY)


# ---------------------------------------------------------------- the sandbox

def markdown_escape(value: object) -> str:
    """Filter ``md``: insert data as literal text, not as Markdown syntax."""
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+-.!|~&" else c for c in str(value))


MAX_OUTPUT = 8_000_000        # characters one template may write
MAX_ITERATIONS = 200_000      # range() items one render may ask for, all loops together
MAX_SEQUENCE = 1_000_000      # items or characters that `*` may make


class _ConfinedLoader(jinja2.FileSystemLoader):
    """Templates from the search path only: a link that leads out of it is not followed."""

    def get_source(self, environment, template):
        for folder in self.searchpath:        # refused before Jinja2 opens it: a FIFO would block
            candidate = Path(folder) / template
            if candidate.exists() and not regular_file(candidate):
                raise jinja2.TemplateNotFound(f"{template} (not a regular file of its own)")
        source, filename, uptodate = super().get_source(environment, template)
        if not any(Path(filename).resolve().is_relative_to(Path(p).resolve()) for p in self.searchpath):
            raise jinja2.TemplateNotFound(f"{template} (a link to a file outside the templates folder)")
        return source, filename, uptodate


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox (no `_` attributes, no changing data), with bounds on what a
    template can make: `*` on sequences and strings, and `**`."""

    intercepted_binops = frozenset(["*", "**"])

    def getattr(self, obj, attribute):
        # data from YAML: `vars.items` means the key "items", not the mapping's method
        if isinstance(obj, dict) and isinstance(attribute, str) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

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
        autoescape=False,           # the output is Markdown or plain text, escaped by each renderer
        keep_trailing_newline=True,
        extensions=[LineMarks],
    )
    env.globals.pop("lipsum", None)   # generates text at any size asked; no submission needs it
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
            if f.name not in ("lines", "file", "vars", "translations")}
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
    hint = f"; {RAW_HINT}" if name == ANSWER else ""
    try:
        return _bounded_render(make(), context)
    except jinja2.TemplateSyntaxError as exc:
        line, message = first_line + (exc.lineno or 1) - 1, f"template syntax error: {exc.message}{hint}"
    except jinja2.UndefinedError as exc:
        line = first_line + _error_line(exc, name) - 1
        message = (f"template error: {exc.message}; define it under 'vars:' in submission.yaml or fix the "
                   f"name{hint}")
    except SecurityError as exc:
        line, message = first_line + _error_line(exc, name) - 1, f"template not allowed: {exc}"
    except jinja2.TemplateNotFound as exc:
        line, message = first_line + _error_line(exc, name) - 1, f"template not found: {exc.message}"
    except RecursionError:
        line, message = first_line, "template error: a macro calls itself without end"
    except MemoryError:       # the bounded run reports it, naming the limit
        raise
    except Exception as exc:  # errors raised inside template expressions, e.g. 1/0
        line, message = first_line + _error_line(exc, name) - 1, f"template error: {exc}"
    raise TemplateError([error(file, line, message, "template")])


def render_part(env: ImmutableSandboxedEnvironment, context: TemplateContext, part: PartSource) -> RenderedPart:
    if not needs_templating(part):
        return RenderedPart(part, part.body)
    protected, pieces = protect_code(part.body)
    text = _render(lambda: env.from_string(protected), context, part.file, part.body_line, ANSWER)
    markdown, lines = unmark(text)
    return RenderedPart(part, restore_code(markdown, pieces), tuple(part.body_line + n - 1 for n in lines))


def needs_templating(part: PartSource) -> bool:
    """Whether the answer holds template syntax outside code (most hold none at all)."""
    return _has_template_syntax(part.body) and _has_template_syntax(protect_code(part.body)[0])


@dataclass(frozen=True)
class Templated:
    """The answers after templating; a file whose template failed is left out, with its errors."""

    parts: tuple[RenderedPart, ...]
    failed: frozenset[str]
    diagnostics: tuple[Diagnostic, ...]


def _attempt(env, context, part: PartSource) -> RenderedPart | tuple[Diagnostic, ...]:
    try:
        return render_part(env, context, part)
    except TemplateError as exc:
        return tuple(exc.diagnostics)


def render_all(parts: list[PartSource], attempt: Callable[[PartSource], object], limits: Limits,
               meanwhile: Callable[[], None] | None = None) -> tuple[dict[str, object], list[Diagnostic]]:
    """Each part's result, the parts bounded together in a child process; a part that breaks a
    limit is reported and the others are tried again, all within one time budget.
    ``meanwhile``: what this process does while the child works on the first try."""
    deadline = time.monotonic() + limits.seconds
    done: dict[str, object] = {}
    problems: list[Diagnostic] = []
    pending = list(parts)
    while pending or meanwhile:
        left = deadline - time.monotonic()
        if pending and left <= 0:
            problems += [error(p.file, p.body_line, "not templated: the time for templates ran out on an "
                                                    "earlier file", "limit") for p in pending]
            break
        running = start_bounded([functools.partial(attempt, part) for part in pending],
                                Limits(left, limits.memory))
        if meanwhile:
            try:
                meanwhile()
            except BaseException:
                running.cancel()
                raise
            meanwhile = None
        try:
            results = running.results()
        except LimitExceeded as exc:
            culprit = pending.pop(exc.index)
            problems.append(error(culprit.file, culprit.body_line, f"template not allowed: rendering it "
                                                                   f"{exc.describe()}; simplify its loops and "
                                                                   "expressions", "limit"))
            continue
        done.update(zip((p.file for p in pending), results))
        pending = []
    return done, problems


def render_project(project: Project, limits: Limits = Limits(), max_answer: int = 2_000_000,
                   meanwhile: Callable[[], None] | None = None) -> Templated:
    """The answers templated; ``meanwhile`` runs in this process while a child renders them
    (the command line imports the PDF renderer then, on the machine's other core)."""
    env = make_environment(project.root)
    context = make_context(project.submission)
    templated = [part for part in project.parts if needs_templating(part)]
    seen = fingerprint(context)             # what an answer's template sees besides its own text
    key = lambda part: (part.file, part.body_line, part.body, seen)   # noqa: E731
    results = {} if seen is None else \
        {part.file: found for part in templated if (found := recall("template", key(part))) is not None}
    computed, problems = render_all([part for part in templated if part.file not in results],
                                    functools.partial(_attempt, env, context), limits, meanwhile)
    for part in templated:
        if part.file in computed and seen is not None:
            keep("template", key(part), computed[part.file])
    results.update(computed)
    rendered, failed = [], set()
    for part in project.parts:
        result = results.get(part.file, RenderedPart(part, part.body) if part not in templated else None)
        if isinstance(result, RenderedPart) and len(result.markdown) > max_answer:
            result = (error(part.file, part.body_line, f"the answer is {len(result.markdown) / 1e6:.1f} million "
                                                       f"characters after templating; answers are limited to "
                                                       f"{max_answer / 1e6:g} million, as source files are: "
                                                       "write less in its loops", "budget"),)
        if isinstance(result, RenderedPart):
            rendered.append(result)
        else:
            problems.extend(result or ())
            failed.add(part.file)
    return Templated(tuple(rendered), frozenset(failed), tuple(problems))


# ---------------------------------------------------------------- page templates

@dataclass(frozen=True)
class TemplateLine:
    """One ``kind: text`` line that a page template wrote, with the template line it came from."""

    kind: str
    text: str
    file: str
    line: int


class PageTemplates:
    """title.j2, header.j2 and footer.j2, compiled once; header and footer render per page."""

    def __init__(self, project_root: Path | None, context: dict, limits: Limits = Limits()):
        self.env = make_environment(project_root)
        self.context = context
        self.project_root = project_root
        self.limits = limits
        self._trusted: dict[str, bool] = {}
        # what the templates see, for the memo (``label`` is made from ``labels``)
        self.seen = fingerprint(sorted((name, value) for name, value in context.items() if not callable(value)))

    def file(self, name: str) -> str:
        """The template's path as messages show it."""
        own = self.project_root / TEMPLATES_DIR / name if self.project_root else None
        return f"{TEMPLATES_DIR}/{name}" if own and own.is_file() else f"(built-in) {TEMPLATES_DIR}/{name}"

    def trusted(self, name: str) -> bool:
        """Whether the template is the tool's own code: built in, or a project's copy of the
        built-in file byte for byte (this repository's example keeps one). It then runs in this
        process, unbounded; a copy behaves as the original, which includes and loops over nothing."""
        if name not in self._trusted:
            own = self.project_root / TEMPLATES_DIR / name if self.project_root else None
            builtin = builtin_templates_dir() / name
            if own is None or not own.exists():
                self._trusted[name] = True
            else:
                try:        # sizes first: a different file is never read here
                    self._trusted[name] = regular_file(own) and own.stat().st_size == builtin.stat().st_size \
                        and own.read_bytes() == builtin.read_bytes()
                except OSError:
                    self._trusted[name] = False
        return self._trusted[name]

    def _lines(self, name: str, extra: dict) -> list[TemplateLine] | tuple[Diagnostic, ...]:
        file = self.file(name)
        try:
            text = _render(lambda: self.env.get_template(name), {**self.context, **extra}, file, 1, name)
        except TemplateError as exc:
            return tuple(exc.diagnostics)
        text, numbers = unmark(text)
        found = []
        for line, number in zip(text.split("\n"), numbers):
            if line.strip():
                kind, _, value = line.partition(":")
                found.append(TemplateLine(kind.strip(), value.strip(), file, number))
        kinds = TITLE_KINDS if name == "title.j2" else SLOTS
        unknown = [line for line in found if line.kind not in kinds]
        if unknown:
            return tuple(error(line.file, line.line, f"{name} wrote '{line.kind}:'; each line must start with "
                                                     f"{'one of ' if name == 'title.j2' else ''}"
                                                     f"{', '.join(kinds[:-1])} or {kinds[-1]}", "template")
                         for line in unknown)
        return found

    def render(self, requests: list[tuple[str, dict]]) -> list[list[TemplateLine]]:
        """Each (template, extra context) rendered to its lines. A project's own templates run
        bounded in a child process (see limits); the built-in ones (and copies of them, see
        ``trusted``) are the tool's own code."""
        attempt = lambda request: self._lines(*request)               # noqa: E731 - one call, one place
        key = lambda request: (request[0], repr(sorted(request[1].items())), self.seen)     # noqa: E731
        bounded: dict[int, object] = {}
        own = []
        for request in requests:
            if not self.trusted(request[0]):
                found = None if self.seen is None else recall("page-template", key(request))
                if found is None:
                    own.append(request)
                else:
                    bounded[id(request)] = found
        if own:
            try:
                results = run_bounded([functools.partial(attempt, request) for request in own], self.limits)
            except LimitExceeded as exc:
                name = own[exc.index][0]
                raise TemplateError([error(self.file(name), 1, f"template not allowed: rendering {name} "
                                                               f"{exc.describe()}; simplify it", "limit")]) from None
            for request, result in zip(own, results):
                if self.seen is not None:
                    keep("page-template", key(request), result)
                bounded[id(request)] = result
        found = []
        for request in requests:
            result = bounded[id(request)] if id(request) in bounded else attempt(request)
            if isinstance(result, tuple):
                raise TemplateError(list(result))
            found.append(result)
        return found

    def title(self) -> list[TemplateLine]:
        return self.render([("title.j2", {})])[0]

    def pages(self, pairs: list[tuple[int, int]]) -> list[tuple[list[TemplateLine], list[TemplateLine]]]:
        """header.j2 and footer.j2 for each (page, pages): their left, center and right lines."""
        requests = [(name, {"page": page, "pages": pages}) for page, pages in pairs for name in ("header.j2",
                                                                                                "footer.j2")]
        lines = self.render(requests)
        return list(zip(lines[0::2], lines[1::2]))


def page_context(submission: Submission, date_text: str | None, build_date: dt.date, build_date_text: str,
                 status: str, labels: dict[str, str]) -> dict:
    """What title.j2, header.j2 and footer.j2 see: the submission, its dates written out, and
    ``label(name, **values)``, a fixed text in the document's language with {values} filled in."""
    footer = list(submission.footer) or [x for x in (submission.organisation, submission.license) if x]
    context = make_context(submission)
    context["submission"]["status"] = status

    def label(name: str, **values) -> str:
        text = labels[name]
        for key, value in values.items():        # never str.format: a translation is a project's text
            text = text.replace("{" + key + "}", str(value))
        return text

    return {**context, "date": date_text, "status": status, "build_date": build_date.isoformat(),
            "build_date_text": build_date_text, "footer": footer, "labels": dict(labels), "label": label}
