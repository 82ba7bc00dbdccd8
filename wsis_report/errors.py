"""Diagnostics and the project's exception types.

Logging policy for the whole package (loggers live under ``wsis_report``; only the CLI adds
handlers): *error* means the input is unusable, *warning* means content was altered or ignored,
*info* reports stage progress.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

logging.getLogger("wsis_report").addHandler(logging.NullHandler())

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the sources, located at file:line:col (1-based)."""

    file: str
    line: int
    col: int
    severity: str
    message: str
    code: str

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "code": self.code,
        }


class WsisError(Exception):
    """A problem with the user's input: reported as diagnostics, exit status 1."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class ProjectError(WsisError):
    """The project's files (layout, YAML, front matter) cannot be used."""


class TemplateError(WsisError):
    """A Jinja2 template in a Markdown file or theme template failed."""


class ContentError(WsisError):
    """The checked content has errors (bad sdg-map entries, numbering...)."""


class LayoutError(WsisError):
    """reportlab could not lay out part of the document."""


def error(file: str, line: int, message: str, code: str, col: int = 1) -> Diagnostic:
    return Diagnostic(file, max(line, 1), max(col, 1), ERROR, message, code)


def warning(file: str, line: int, message: str, code: str, col: int = 1) -> Diagnostic:
    return Diagnostic(file, max(line, 1), max(col, 1), WARNING, message, code)
