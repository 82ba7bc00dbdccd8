"""Hyphenation dictionaries (pyphen), parsed once per machine rather than once per build.

Parsing a pyphen dictionary takes about 100 ms, a quarter of a small build; the parsed
patterns are kept in the user's cache folder (XDG_CACHE_HOME or ~/.cache) with marshal and
read back in a few milliseconds. The cache file is named after the dictionary's content, so
every install of the same dictionary shares it. A missing, damaged or unwritable cache only
costs time: the cache carries a digest of its contents, and is rebuilt when they do not match.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pyphen

from ...diskcache import cache_path, read_marshal, write_marshal

LONGEST_HYPHENATED = 40   # letters; longer "words" are not words: they are split where the line ends
_FORMAT = 2               # of the cache's contents


def _cache_file(dictionary: bytes) -> Path:
    digest = hashlib.sha1(dictionary + pyphen.VERSION.encode() + bytes([_FORMAT])).hexdigest()[:20]
    return cache_path(f"hyphenation-{digest}.marshal")


def _read(cache: Path) -> tuple[int, dict] | None:
    """(maxlen, patterns) from the cache, or None if it is missing or damaged."""
    kept = read_marshal(cache)
    if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], int) and isinstance(kept[1], dict):
        return kept
    return None


class _CachedHyphDict(pyphen.HyphDict):
    def __init__(self, path: Path):  # noqa: D107 - parses only when the cache cannot serve
        cache = _cache_file(path.read_bytes())
        found = _read(cache)
        if found:
            (self.maxlen, self.patterns), self.cache = found, {}
            return
        super().__init__(path)
        self._save(cache)

    def _save(self, target: Path) -> None:
        # (a dictionary with non-standard hyphenation holds objects marshal refuses: not kept)
        write_marshal(target, (self.maxlen, {key: (start, tuple(values))
                                             for key, (start, values) in self.patterns.items()}))


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
