"""The console script: the compiled-code cache installed before anything else is imported, then
the command line (see :mod:`wsis_report.codecache` and :func:`wsis_report.cli.run`)."""
from __future__ import annotations


def run() -> None:
    from . import codecache

    codecache.install()
    from .cli import run as run_command_line

    run_command_line(before_exit=codecache.save)
