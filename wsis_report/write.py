"""Stage 7, write: put an output's bytes on disk atomically, and only where it belongs.

The bytes go to a temporary file in the target's folder, are flushed to disk, then renamed
over the target: a reader (or a crash) sees the old PDF or the new one, never half of one.
Where the output goes is checked before anything is created or removed: the default output
(and any output named inside the project) stays inside the project, whatever links the project
holds, and a target that exists must be a regular file, never a link, a pipe or a device.
"""
from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
from pathlib import Path

from .errors import ProjectError, error
from .load import inside

STDOUT = Path("-")


def _refuse(target: Path, message: str) -> ProjectError:
    return ProjectError([error(str(target), 1, message, "output")])


def _lexically_inside(path: Path, root: Path) -> bool:
    return os.path.abspath(path).startswith(os.path.abspath(root) + os.sep)


def checked_target(target: Path, root: Path, explicit: bool) -> Path:
    """``target``, if an output may be written there. An output inside the project (the default
    one, or one named there) must stay inside it with every link followed; an output named
    outside the project is the user's own choice. Nothing in the project's sources is written."""
    if target == STDOUT:
        return target
    for folder in ("content", "templates"):
        if inside(target, root / folder) or _lexically_inside(target, root / folder):
            raise _refuse(target, f"the output is inside {folder}/, which a build never changes; write it "
                                  "elsewhere, e.g. build/")
    if (not explicit or _lexically_inside(target, root)) and not inside(target, root):
        raise _refuse(target, "the output would be written outside the project through a link (is build/ a "
                              "link?); remove the link, or name an output outside the project with -o")
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise _refuse(target, f"cannot use the output path: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
        raise _refuse(target, f"the output is {kind}; name a file to write with -o")
    return target


def _remove_stale_temporaries(target: Path) -> None:
    """Temporary files that a killed build left beside the target (never the target itself)."""
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if stale.is_file() and not stale.is_symlink() and time.time() - stale.stat().st_mtime > 60:
                stale.unlink()              # not a build running right now
        except OSError:
            pass


def write_atomically(data: bytes, target: Path) -> Path:
    """Write ``data`` to ``target`` (checked with :func:`checked_target`), or to stdout for "-"."""
    target = Path(target)
    if target == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(target)
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _refuse(target, f"cannot write the output: {exc.strerror}; choose another output with -o") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise _refuse(target, f"cannot write the output: {exc.strerror}; choose another output with -o") from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target
