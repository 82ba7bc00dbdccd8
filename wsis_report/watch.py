"""watch: build once, then again after every saved change, in this process and incrementally.

The stages keep what they made of each unchanged answer in a :class:`~wsis_report.memo.Memo`
(read, templated, parsed), the page templates' lines per page, and the last contents, so a
one-word edit re-reads one file and usually lays the document out in one pass instead of two.
An edit to anything but an answer (submission.yaml, a template, the theme, a font, an image)
clears the memo: those feed every answer's result, and rebuilding from scratch is still
in-process (fonts, reference data and parsers stay loaded).
"""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .build import BuildResult, build, output_target
from .errors import Diagnostic, WsisError
from .limits import Budget, memory_cap, memory_problem
from .load import ANSWER_SUFFIXES, CONTENT_DIR, TEMPLATES_DIR
from .memo import Memo, using

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


@dataclass(frozen=True)
class Rebuild:
    """One build of the watch: its result (None: it failed) and what it reported."""

    result: BuildResult | None
    diagnostics: tuple[Diagnostic, ...]
    seconds: float
    changed: tuple[str, ...]        # the project's files whose change started it (none: the first build)
    target: Path


class SourceFilter:
    """The changes that can change the PDF: anything in content/ and templates/, and font files
    wherever the theme names them; never the output, hidden files or editors' leftovers."""

    def __init__(self, root: Path, target: Path):
        from watchfiles import DefaultFilter

        self.root = os.path.abspath(root)
        self.target = os.path.abspath(target)
        self.default = DefaultFilter()

    def relative(self, path: str) -> str | None:
        """The path inside the project, as messages show it; None: outside it."""
        relative = os.path.relpath(os.path.abspath(path), self.root)
        return None if relative == ".." or relative.startswith(".." + os.sep) else Path(relative).as_posix()

    def __call__(self, change, path: str) -> bool:
        if not self.default(change, path):          # .git, __pycache__, .swp, ~ ...
            return False
        relative = self.relative(path)
        if relative is None or os.path.abspath(path) == self.target:
            return False
        parts = relative.split("/")
        if any(part.startswith(".") for part in parts) or parts[-1] in ("4913",):   # vim's probe file
            return False
        return parts[0] in (CONTENT_DIR, TEMPLATES_DIR) or relative.lower().endswith(FONT_SUFFIXES)


def is_answer(relative: str) -> bool:
    """An answer file: what the memo keys by its own content."""
    name = relative.rsplit("/", 1)[-1].lower()
    return relative.startswith(CONTENT_DIR + "/") and name.endswith(ANSWER_SUFFIXES) and \
        name.rsplit(".", 1)[0] != "readme"


def _build_once(root: Path, output: Path | None, budget: Budget, draft: bool, tagged: bool, memo: Memo,
                changed: tuple[str, ...], target: Path) -> Rebuild:
    start = time.perf_counter()
    try:
        with using(memo):
            result = build(root, output, draft, budget, tagged=tagged)
    except WsisError as exc:
        return Rebuild(None, tuple(exc.diagnostics), time.perf_counter() - start, changed, target)
    except MemoryError:         # the cap is the build's: the watch goes on
        memo.clear()
        return Rebuild(None, (memory_problem(str(root)),), time.perf_counter() - start, changed, target)
    return Rebuild(result, result.diagnostics, time.perf_counter() - start, changed, target)


def watch_project(root: Path, output: Path | None, budget: Budget, show: Callable[[Rebuild], None], *,
                  draft: bool = False, tagged: bool = True, debounce_ms: int = 150,
                  first_built: Callable[[Path], None] | None = None, stop_event=None) -> None:
    """Build, then rebuild after each batch of saves until Ctrl-C (or ``stop_event`` is set);
    ``show`` is told of every build, ``first_built`` of the first PDF written."""
    from watchfiles import watch

    logging.getLogger("watchfiles").setLevel(logging.ERROR)     # it would announce Ctrl-C, as we do
    root = Path(root)
    target = output_target(root, output)
    memo = Memo()
    watched = SourceFilter(root, target)
    with memory_cap(budget.memory):
        outcome = _build_once(root, output, budget, draft, tagged, memo, (), target)
        show(outcome)
        opened = False
        if outcome.result is not None and first_built:
            first_built(outcome.result.output)
            opened = True
        try:
            for changes in watch(root, watch_filter=watched, debounce=debounce_ms, step=20,
                                 stop_event=stop_event, raise_interrupt=False, yield_on_timeout=False):
                changed = _changed(watched, (path for _, path in changes))
                if not changed:
                    continue
                if not all(is_answer(path) for path in changed):
                    memo.clear()
                outcome = _build_once(root, output, budget, draft, tagged, memo, changed, target)
                show(outcome)
                if outcome.result is not None and first_built and not opened:
                    first_built(outcome.result.output)
                    opened = True
        except KeyboardInterrupt:   # Ctrl-C during a build: the PDF on disk is whole (written atomically)
            return


def _changed(watched: SourceFilter, paths: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({relative for path in paths if (relative := watched.relative(path)) is not None}))
