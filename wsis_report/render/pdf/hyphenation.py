"""Hyphenation dictionaries (pyphen), parsed once per machine rather than once per build.

Parsing a pyphen dictionary takes about 100 ms, a quarter of a small build; the parsed
patterns are kept as JSON in the user's cache folder (XDG_CACHE_HOME or ~/.cache) and read
back in a few milliseconds. A missing, stale, unreadable or unwritable cache only costs time.
"""
from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import pyphen

LONGEST_HYPHENATED = 40   # letters; longer "words" are not words: they are split where the line ends


def _cache_file(path: Path) -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "wsis-report" / f"pyphen-{pyphen.VERSION}-{path.stem}.json"


def _stamp(path: Path) -> list:
    stat = path.stat()
    return [str(path), stat.st_size, stat.st_mtime_ns]


class _CachedHyphDict(pyphen.HyphDict):
    def __init__(self, path: Path):  # noqa: D107 - parses only when the cache cannot serve
        try:
            data = json.loads(_cache_file(path).read_text(encoding="utf-8"))
            if data["stamp"] != _stamp(path):
                raise ValueError("stale")
            self.patterns = {key: (start, tuple(values)) for key, (start, values) in data["patterns"].items()}
            self.cache, self.maxlen = {}, int(data["maxlen"])
        except (OSError, ValueError, KeyError, TypeError):
            super().__init__(path)
            self._save(path)

    def _save(self, path: Path) -> None:
        if not all(isinstance(v, int) for _, values in self.patterns.values() for v in values):
            return          # a dictionary with non-standard hyphenation: not worth caching
        target = _cache_file(path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=target.parent, delete=False, encoding="utf-8") as out:
                json.dump({"stamp": _stamp(path), "maxlen": self.maxlen, "patterns": self.patterns}, out)
            os.replace(out.name, target)
        except OSError:
            pass


class _Hyphenator(pyphen.Pyphen):
    def __init__(self, path: Path):  # noqa: D107 - Pyphen's own __init__ would parse again
        self.left, self.right = 2, 2
        self.hd = _CachedHyphDict(path)


@lru_cache(maxsize=8)
def hyphenator(language: str):
    """The word splitter for a BCP 47 language, shared by all styles (None: no dictionary)."""
    dictionary = pyphen.language_fallback(language.replace("-", "_"))
    if not dictionary:
        return None
    iterate = _Hyphenator(Path(pyphen.LANGUAGES[dictionary])).iterate

    def split_points(word: str):
        # reportlab hyphenates a 5,000-letter run once and then sets the rest on one line,
        # past the margin; without hyphenation it splits such a run at every line end
        return iterate(word) if len(word) <= LONGEST_HYPHENATED else iter(())

    return split_points
