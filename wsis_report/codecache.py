"""Code that every run of the command line compiled again, compiled once per machine.

A fifth of a small build went into compiling rather than running: the regular expressions of
reportlab, PyYAML, linkify-it and this package (reportlab's URL pattern, a case-blind class of
all of Unicode, takes 30 ms alone) and the methods dataclasses writes for each of this package's
hundred classes (one ``exec`` of generated source each). Both results are plain data, the regex
engine's code and a function's code object, so they are kept with marshal in the user's cache
folder (XDG_CACHE_HOME or ~/.cache), in a file named after the Python build, keyed by the exact
source text and flags, and read back in a millisecond or two.

Only the console script installs it (:func:`install`, before anything else is imported); a
library user's process is left as Python made it. What is read back is checked as Python checks
it: the regex engine validates the code it is given, and a file whose digest does not match its
contents is ignored. A miss compiles as Python always does; a cache that cannot be read or
written only costs time.
"""
from __future__ import annotations

import array
import builtins
import hashlib
import sys
import time
from pathlib import Path

try:                                                  # Python 3.11+
    from re import _compiler as _regex_compiler, _parser as _regex_parser
except ImportError:                                   # Python 3.10
    import sre_compile as _regex_compiler
    import sre_parse as _regex_parser
import _sre
import dataclasses

from .diskcache import cache_path, read_marshal, write_marshal

_FORMAT = 1
_WORTH = 0.5e-3         # seconds: a regex that compiles quicker is not kept
_WRITE_FOR = 5e-3       # seconds of compiling saved, at least, to rewrite the file: not for one
                        # regex built from a set (reportlab's), whose order changes run to run
_LIMIT = {"regexes": 100, "functions": 2_000}     # entries kept; what this run did not use goes first
_CODE = next(code for code in "ILQ" if array.array(code).itemsize == _sre.CODESIZE)   # the engine's word


class _Cache:
    def __init__(self) -> None:
        # (pattern, flags) -> the arguments of _sre.compile after the pattern, the code as bytes
        self.regexes: dict[tuple, tuple] = {}
        self.functions: dict[str, object] = {}      # generated source -> its code object
        self.used: set = set()                      # keys of both that this run met
        self.saving = 0.0                           # seconds the entries added would save a run


_cache = _Cache()
_installed = False


def _cache_file() -> Path:
    build = f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_FORMAT}".encode()
    return cache_path(f"compiled-{hashlib.sha1(build).hexdigest()[:16]}.marshal")


def _read(path: Path) -> None:
    kept = read_marshal(path)
    if isinstance(kept, tuple) and len(kept) == 2 and all(isinstance(part, dict) for part in kept):
        _cache.regexes.update(kept[0])
        _cache.functions.update(kept[1])


def _compile_regex(pattern, flags=0, _original=_regex_compiler.compile):
    """re's compiler, served from the cache for a str or bytes pattern compiled before."""
    if not isinstance(pattern, (str, bytes)):
        return _original(pattern, flags)
    key = (pattern, int(flags))
    kept = _cache.regexes.get(key)
    if kept is not None:
        final_flags, code, groups, groupindex, indexgroup = kept
        try:
            compiled = _sre.compile(pattern, final_flags, array.array(_CODE, code).tolist(), groups, groupindex,
                                    indexgroup)
            _cache.used.add(key)
            return compiled
        except (TypeError, ValueError, RuntimeError):   # not what this engine accepts: compile afresh
            del _cache.regexes[key]
    begun = time.perf_counter()
    compiled = _original(pattern, flags)
    spent = time.perf_counter() - begun
    if spent >= _WORTH:
        _keep_regex(key, compiled, spent)
    return compiled


def _keep_regex(key: tuple, compiled, spent: float) -> None:
    """Keep the engine's arguments for ``compiled``, when made again they give the same pattern
    (a Pattern compares equal only with the same source, flags and code)."""
    pattern, flags = key
    try:
        parsed = _regex_parser.parse(pattern, flags)
        code = _regex_compiler._code(parsed, flags)
        groupindex = {name: int(index) for name, index in parsed.state.groupdict.items()}
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        arguments = (int(flags | parsed.state.flags), array.array(_CODE, code).tobytes(), parsed.state.groups - 1,
                     groupindex, tuple(indexgroup))
        if _sre.compile(pattern, arguments[0], list(code), *arguments[2:]) != compiled:
            return
    except Exception:  # noqa: BLE001 - another Python's internals: this pattern is simply not kept
        return
    _cache.regexes[key] = arguments
    _cache.used.add(key)
    _cache.saving += spent


def _exec_generated(source, globals=None, locals=None):
    """``exec`` for dataclasses: the code object of generated source, from the cache."""
    if type(source) is str:
        code = _cache.functions.get(source)
        if code is None:
            begun = time.perf_counter()
            # dont_inherit: compiled as dataclasses' own exec would, without this module's __future__
            code = _cache.functions[source] = compile(source, "<string>", "exec", dont_inherit=True)
            _cache.saving += time.perf_counter() - begun
        _cache.used.add(source)
        source = code
    return builtins.exec(source, globals, locals)


def install() -> None:
    """Serve re's compiler and dataclasses' generated methods from the cache, for this process."""
    global _installed
    if _installed:
        return
    _read(_cache_file())
    _regex_compiler.compile = _compile_regex
    dataclasses.exec = _exec_generated          # a module global shadows the builtin it calls
    _installed = True


def save() -> None:
    """Write what this run compiled that the cache did not hold, when that is worth a write."""
    if _cache.saving >= _WRITE_FOR:
        write_marshal(_cache_file(), (_trimmed(_cache.regexes, _LIMIT["regexes"]),
                                      _trimmed(_cache.functions, _LIMIT["functions"])))
        _cache.saving = 0.0


def _trimmed(entries: dict, limit: int) -> dict:
    if len(entries) <= limit:
        return entries
    order = [key for key in entries if key in _cache.used] + [key for key in entries if key not in _cache.used]
    return {key: entries[key] for key in order[:limit]}
