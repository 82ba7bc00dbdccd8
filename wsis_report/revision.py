"""A project as it was at a git revision: its files read with git into a scratch folder, never
checked out over the work tree.

Only what a build reads is copied (content/, templates/, fonts/), only regular files (a link or
a submodule in the tree is left out, as the loader would refuse it), within the same bounds as
a project on disk: so a revision from a stranger's pull request costs no more than its folder.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path, PurePosixPath

from .errors import ProjectError, error

PROJECT_FOLDERS = ("content", "templates", "fonts")
MAX_FILES = 20_000
MAX_BYTES = 60_000_000              # answers (20 MB) and their images, fonts and templates
GIT_SECONDS = 60


def _git(where: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(where), *args], input=data, capture_output=True,
                              timeout=GIT_SECONDS, check=False,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except FileNotFoundError:
        raise ProjectError([error(str(where), 1, "git is not installed; name a project folder instead of a "
                                                 "revision", "revision")]) from None
    except subprocess.TimeoutExpired:
        raise ProjectError([error(str(where), 1, f"git took longer than {GIT_SECONDS} s", "revision")]) from None
    if done.returncode != 0:
        raise _GitFailed(done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""])
    return done.stdout


class _GitFailed(Exception):
    pass


def is_revision_name(text: str) -> bool:
    """Whether ``text`` could name a revision (and not smuggle an option to git)."""
    return bool(text) and not text.startswith("-") and "\0" not in text and len(text) <= 256


def project_at(revision: str, project: Path, into: Path) -> Path:
    """Write the project at ``project`` as it was at ``revision`` into the empty folder ``into``
    and return it. An unknown revision, or a project that is not in a git repository, is a
    ProjectError that says what to do."""
    project = Path(os.path.abspath(project))
    if not is_revision_name(revision):
        raise ProjectError([error(revision, 1, "is neither a project folder nor a git revision; name a folder, "
                                               "a branch, a tag or a commit", "revision")])
    try:
        top = Path(_git(project, "rev-parse", "--show-toplevel").decode().strip())
    except _GitFailed:
        raise ProjectError([error(revision, 1, f"is not a folder, and {project} is not in a git repository "
                                               "to read it from; name a project folder", "revision")]) from None
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                      f"{revision}^{{commit}}").decode().strip()
    except _GitFailed:
        raise ProjectError([error(revision, 1, "is neither a project folder nor a revision of this repository; "
                                               "name a folder, a branch, a tag or a commit (git log shows them)",
                                  "revision")]) from None
    prefix = PurePosixPath(Path(os.path.relpath(project, top)).as_posix())
    prefix = PurePosixPath() if str(prefix) == "." else prefix
    paths = [str(prefix / folder) for folder in PROJECT_FOLDERS]
    listing = _git(top, "ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", *paths)
    wanted: list[tuple[str, PurePosixPath]] = []
    total = 0
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, oid, size = meta.decode().split()
        if kind != "blob" or mode not in ("100644", "100755"):      # links and submodules: not read
            continue
        relative = PurePosixPath(name.decode("utf-8", "surrogateescape")).relative_to(prefix)
        if any(part in ("", ".", "..") for part in relative.parts):
            continue
        total += int(size)
        wanted.append((oid, relative))
        if len(wanted) > MAX_FILES or total > MAX_BYTES:
            raise ProjectError([error(revision, 1, f"the project at {revision} holds more than {MAX_FILES:,} "
                                                   f"files or {MAX_BYTES / 1e6:.0f} MB", "too-large")])
    if not wanted:
        raise ProjectError([error(revision, 1, f"has no content/ folder at {prefix or 'the top'} of the repository; "
                                               "name the revision of a project", "revision")])
    blobs = _git(top, "cat-file", "--batch", data="".join(f"{oid}\n" for oid, _ in wanted).encode())
    offset = 0
    into = Path(into)
    for oid, relative in wanted:
        header_end = blobs.index(b"\n", offset)
        size = int(blobs[offset:header_end].split()[2])
        body = blobs[header_end + 1:header_end + 1 + size]
        offset = header_end + 1 + size + 1
        path = into.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    return into


def describe(revision: str, project: Path) -> str:
    """The revision as a reader knows it: 'main (3f2c1ab)'."""
    try:
        short = _git(Path(project), "rev-parse", "--short", "--verify", "--quiet", "--end-of-options",
                     f"{revision}^{{commit}}").decode().strip()
    except (_GitFailed, ProjectError):
        return revision
    return revision if short.startswith(revision) else f"{revision} ({short})"
