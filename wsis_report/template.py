"""Stage 2, template: render each Markdown body through a sandboxed Jinja2 environment.

The context holds ``submission``, ``vars``, ``sdgs`` and ``action_lines``. Undefined names
are errors (StrictUndefined), so a misspelt variable never prints as empty text.
"""
from __future__ import annotations

import dataclasses
import traceback
from dataclasses import dataclass
from typing import TypedDict

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import TemplateError, error
from .load import PartSource, Project, Submission
from .reference import load_reference

_SOURCE_NAME = "<template>"  # the file name Jinja2 gives code compiled by from_string


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


def markdown_escape(value: object) -> str:
    """Filter ``md``: insert data as literal text, not as Markdown syntax."""
    text = str(value)
    return "".join("\\" + c if c in "\\`*_{}[]()<>#+-.!|~&" else c for c in text)


def make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,           # the output is Markdown, escaped later by the layout
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    return env


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


def _error_line(exc: BaseException) -> int:
    """The template line of a runtime error, from the frames Jinja2 rewrites to the source."""
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == _SOURCE_NAME]
    return lines[-1] if lines and lines[-1] else 1


def render_part(env: SandboxedEnvironment, context: TemplateContext, part: PartSource) -> RenderedPart:
    # Cheap path: most answers contain no template syntax at all.
    if "{" not in part.body:
        return RenderedPart(part, part.body)
    try:
        template = env.from_string(part.body)
        text = template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        line = part.body_line + (exc.lineno or 1) - 1
        raise TemplateError([error(part.file, line, f"template syntax error: {exc.message}", "template")])
    except jinja2.UndefinedError as exc:
        line = part.body_line + _error_line(exc) - 1
        raise TemplateError([error(part.file, line, f"template error: {exc.message}; define it under "
                                                    "'vars:' in submission.yaml or fix the name",
                                   "template")])
    except jinja2.exceptions.SecurityError as exc:
        line = part.body_line + _error_line(exc) - 1
        raise TemplateError([error(part.file, line, f"template not allowed: {exc}", "template")])
    except Exception as exc:  # errors raised inside template expressions, e.g. 1/0
        line = part.body_line + _error_line(exc) - 1
        raise TemplateError([error(part.file, line, f"template error: {exc}", "template")])
    return RenderedPart(part, text)


def render_project(project: Project) -> list[RenderedPart]:
    env = make_environment()
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
