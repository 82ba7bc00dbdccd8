"""Files this tool keeps between runs in the user's cache folder (XDG_CACHE_HOME or ~/.cache):
parsed hyphenation patterns, font coverage, compiled code, converted fonts.

Each is named after what it was made from, so every install shares it, and is written whole
(a temporary file renamed into place), so a reader never sees half of one. Data files carry a
SHA-1 digest of their contents: a damaged one reads as missing. A cache that cannot be read or
written only costs time. Standard library only: the code cache reads it before other imports.
"""
from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

_DIGEST = 20                    # bytes of SHA-1 in front of the marshalled value


def cache_path(name: str) -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wsis-report" / name


def write_whole(target: Path, data: bytes) -> None:
    """``data`` at ``target``, all of it or (on an error, which is raised) nothing."""
    import tempfile             # 10 ms of imports, which a run that writes nothing does without

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as out:
        try:
            out.write(data)
        except BaseException:
            out.close()
            os.unlink(out.name)
            raise
    os.replace(out.name, target)


def read_marshal(target: Path) -> object | None:
    """The value kept at ``target`` by :func:`write_marshal`, or None when missing or damaged."""
    try:
        raw = target.read_bytes()
        if hashlib.sha1(raw[_DIGEST:]).digest() != raw[:_DIGEST]:
            return None
        return marshal.loads(raw[_DIGEST:])
    except (OSError, ValueError, EOFError, TypeError):
        return None


def write_marshal(target: Path, value: object) -> None:
    """Keep ``value`` (of marshal's types) at ``target``; silently not, when it cannot be."""
    try:
        payload = marshal.dumps(value)
        write_whole(target, hashlib.sha1(payload).digest() + payload)
    except (OSError, ValueError):
        pass
