"""Stage 7, write: put an output's bytes on disk atomically.

The bytes go to a temporary file in the target's folder, are flushed to disk, then renamed
over the target: a reader (or a crash) sees the old PDF or the new one, never half of one.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from .errors import ProjectError, error


def _remove_stale_temporaries(target: Path) -> None:
    """Temporary files that a killed build left beside the target (never the target itself)."""
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if time.time() - stale.stat().st_mtime > 60:    # not a build running right now
                stale.unlink()
        except OSError:
            pass


def write_atomically(data: bytes, target: Path) -> Path:
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(target)
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ProjectError([error(str(target), 1, f"cannot write the output: {exc.strerror}; "
                                                  "choose another output with -o", "write")]) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise ProjectError([error(str(target), 1, f"cannot write the output: {exc.strerror}; "
                                                  "choose another output with -o", "write")]) from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target
