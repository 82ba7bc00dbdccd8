"""What each stage made of an unchanged input in the last build, so that watch's rebuilds redo
only what an edit touched.

A stage asks :func:`cached` for a value under a key that names everything the value is made
from; outside a watch (no memo in use) it simply computes. Each build keeps only what it used,
so the memo never holds more than two builds' worth. Inputs that many values depend on (the
submission, templates, the theme, fonts, images) are not in the keys: watch clears the memo when
one of them changes.
"""
from __future__ import annotations

import contextlib
from contextvars import ContextVar
from typing import Callable, Hashable, Iterator, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self) -> None:
        self._current: dict[tuple[str, Hashable], object] = {}
        self._previous: dict[tuple[str, Hashable], object] = {}
        self.hits = 0
        self.misses = 0

    def get(self, kind: str, key: Hashable, compute: Callable[[], T]) -> T:
        slot = (kind, key)
        if slot in self._current:
            self.hits += 1
            return self._current[slot]          # type: ignore[return-value]
        if slot in self._previous:
            self.hits += 1
            value = self._previous.pop(slot)
        else:
            self.misses += 1
            value = compute()                   # a failure raises and leaves nothing behind
        self._current[slot] = value
        return value                            # type: ignore[return-value]

    def recall(self, kind: str, key: Hashable, default: object = None) -> object:
        slot = (kind, key)
        if slot in self._previous:
            self._current[slot] = self._previous.pop(slot)
        if slot in self._current:
            self.hits += 1
            return self._current[slot]
        return default

    def keep(self, kind: str, key: Hashable, value: object) -> None:
        self.misses += 1
        self._current[(kind, key)] = value

    def next_build(self) -> None:
        """Start a build: what the last build did not use is dropped at the start of the next."""
        self._previous, self._current = self._current, {}
        self.hits = self.misses = 0

    def clear(self) -> None:
        self._current.clear()
        self._previous.clear()


_active: ContextVar[Memo | None] = ContextVar("wsis_report_memo", default=None)


def cached(kind: str, key: Hashable, compute: Callable[[], T]) -> T:
    memo = _active.get()
    return compute() if memo is None else memo.get(kind, key, compute)


def recall(kind: str, key: Hashable, default: object = None) -> object:
    """The value kept under ``key`` in this build or the last, else ``default``: for stages that
    compute what is missing in one batch."""
    memo = _active.get()
    return default if memo is None else memo.recall(kind, key, default)


def keep(kind: str, key: Hashable, value: object) -> None:
    memo = _active.get()
    if memo is not None:
        memo.keep(kind, key, value)


def fingerprint(value: object) -> str | None:
    """``value`` as part of a key: its repr, computed only while a memo is in use; None (nothing
    to keep or recall) outside a watch or for a value too deeply nested to repr."""
    if _active.get() is None:
        return None
    try:
        return repr(value)
    except RecursionError:
        return None


@contextlib.contextmanager
def using(memo: Memo | None) -> Iterator[None]:
    """Run a build with ``memo`` (None: none), starting the memo's next build."""
    if memo is not None:
        memo.next_build()
    token = _active.set(memo)
    try:
        yield
    finally:
        _active.reset(token)
