"""Stage 1, load: read the project's files into typed values that remember their file:line.

Reads ``content/submission.yaml`` and the front matter of every ``content/*.md`` file,
validates both against the schemas below, and returns a :class:`Project`. Nothing here
knows about templates, Markdown or PDF.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote

import yaml

from .errors import Diagnostic, ProjectError, error
from .memo import cached

CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
SUBMISSION_FILE = "submission.yaml"
KNOWN_ANNEXES = ("sdg-matrix",)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


# ---------------------------------------------------------------- YAML with line numbers

@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML document and the 1-based line of every mapping key, by dotted path."""

    value: Any
    lines: dict[str, int]
    file: str

    def line(self, path: str, default: int = 1) -> int:
        return self.lines.get(path, default)


def _key_lines(root: yaml.Node, first_line: int) -> tuple[dict[str, int], list[tuple[str, int, int]]]:
    """The line of every mapping key by dotted path, and the keys given twice. Iterative (a
    document may nest a thousand deep) and visiting each node once (aliases make the node graph
    a DAG: a "billion laughs" document must not take exponential time here)."""
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, int, int]] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, prefix = stack.pop()
        if not isinstance(node, yaml.MappingNode) or id(node) in seen:
            continue
        seen.add(id(node))
        for key_node, value_node in node.value:
            path = f"{prefix}{key_node.value}"
            line = key_node.start_mark.line + first_line
            if path in lines:      # PyYAML keeps the last value silently; a user meant both
                duplicates.append((path, line, lines[path]))
            lines.setdefault(path, line)
            stack.append((value_node, path + "."))
    return lines, sorted(duplicates, key=lambda d: d[1])


MAX_YAML_VALUES = 100_000


def _expanded_size(root: yaml.Node) -> int:
    """How many values the document holds once every alias is expanded (a "billion laughs"
    document is small as text and astronomically large expanded). Iterative, memoised."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if not children_done and id(node) in visiting:
            return MAX_YAML_VALUES + 1          # a value that contains itself: endless
        visiting.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = ([n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode)
                    else list(node.value))
        if children_done:
            sizes[id(node)] = min(1 + sum(sizes[id(c)] for c in children), MAX_YAML_VALUES + 1)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):     # libyaml when present: 5x faster
    """YAML as people write it in a project: dates stay text (YYYY-MM-DD is checked where a date
    is expected; "2025-02-30" is then an error, not a crash), and a value Python cannot hold is
    an error at its line."""


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _guarded(construct):
    def guarded(loader, node):
        try:
            return construct(loader, node)
        except (ValueError, OverflowError):    # a 5,000-digit number
            shown = node.value if len(node.value) <= 20 else node.value[:20] + "..."
            raise yaml.constructor.ConstructorError(None, None, f"the number {shown} is too large to read; "
                                                    "write it as text, in quotes", node.start_mark) from None
    return guarded


_Loader.add_constructor("tag:yaml.org,2002:int", _guarded(yaml.SafeLoader.construct_yaml_int))
_Loader.add_constructor("tag:yaml.org,2002:float", _guarded(yaml.SafeLoader.construct_yaml_float))
_Loader.add_constructor(_TIMESTAMP, lambda loader, node: str(loader.construct_scalar(node)))


def read_yaml(text: str, file: str, first_line: int = 1) -> YamlDoc:
    """Parse one YAML document safely; syntax errors become diagnostics at file:line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + first_line
        col = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise ProjectError([error(file, line, f"invalid YAML: {problem}; fix the syntax", "yaml", col)])
    except yaml.YAMLError as exc:
        raise ProjectError([error(file, first_line, f"invalid YAML: {exc}", "yaml")])
    except RecursionError:
        raise ProjectError([error(file, first_line, "YAML nested too deeply; flatten it", "yaml")]) from None
    finally:
        loader.dispose()
    if node is not None and _expanded_size(node) > MAX_YAML_VALUES:
        raise ProjectError([error(file, first_line, f"YAML aliases (*name) expand to more than "
                                                    f"{MAX_YAML_VALUES:,} values; write the values out", "yaml")])
    lines, duplicates = _key_lines(node, first_line) if node is not None else ({}, [])
    if duplicates:
        raise ProjectError([error(file, line, f"'{key}' is given twice (first at line {first}); keep one",
                                  "duplicate-key") for key, line, first in duplicates])
    return YamlDoc(value, lines, file)


# ---------------------------------------------------------------- schemas

Check = Callable[[Any], str | None]  # returns an error message, or None when the value is valid


def _is_str(v: Any) -> str | None:
    return None if isinstance(v, str) and v.strip() else "expected a non-empty text"


def _is_bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else f"expected true or false; got {v!r}"


def _is_positive_int(v: Any) -> str | None:
    ok = isinstance(v, int) and not isinstance(v, bool) and v >= 1
    return None if ok else f"expected a whole number of at least 1; got {v!r}"


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_date(v: Any) -> str | None:
    if isinstance(v, str) and _DATE.match(v):
        try:
            dt.date.fromisoformat(v)
            return None
        except ValueError:
            return f"{v!r} is not a day of the calendar; expected a date as YYYY-MM-DD"
    return f"expected a date as YYYY-MM-DD; got {v!r}"


def _is_language(v: Any) -> str | None:
    ok = isinstance(v, str) and _LANGUAGE.match(v)
    return None if ok else f"expected a BCP 47 language tag such as en, fr or es-419; got {v!r}"


def _is_str_list(v: Any) -> str | None:
    if isinstance(v, str) and v.strip():
        return None  # one item may be written without brackets
    ok = isinstance(v, list) and all(isinstance(i, str) and i.strip() for i in v)
    return None if ok else "expected a list of texts, e.g. [\"example.org\", \"CC BY 4.0\"]"


def _is_status(v: Any) -> str | None:
    return None if v in ("draft", "final") else f"expected one of draft, final; got {v!r}"


def _is_annexes(v: Any) -> str | None:
    if not isinstance(v, list) or any(a not in KNOWN_ANNEXES for a in v):
        return f"expected a list of annexes from: {', '.join(KNOWN_ANNEXES)}; got {v!r}"
    return None


def _is_translations(v: Any) -> str | None:
    from .reference import LABELS, load_reference

    known = (*LABELS, *load_reference().action_lines)
    if not isinstance(v, dict):
        return "expected a mapping of labels or Action Line codes to texts, e.g. {note: Nota, C4: ...}"
    for key, text in v.items():
        if key not in known:
            near = closest_key(key, known)
            return f"unknown translation {key!r}" + (f"; did you mean {near!r}?" if near else
                                                     f"; known: {', '.join(known)}")
        if not isinstance(text, str) or not text.strip():
            return f"the translation of {key!r} must be a text"
    return None


def _is_mapping(v: Any) -> str | None:
    ok = isinstance(v, dict) and all(isinstance(k, str) for k in v)
    return None if ok else "expected a mapping of names to values"


SUBMISSION_SCHEMA: dict[str, Check] = {
    "title": _is_str,
    "organisation": _is_str,
    "short_title": _is_str,
    "subtitle": _is_str,
    "consultation": _is_str,
    "date": _is_date,
    "language": _is_language,
    "license": _is_str,
    "footer": _is_str_list,
    "logo": _is_str,                  # a path under content/, checked by resolve_asset
    "status": _is_status,
    "toc": _is_bool,
    "annexes": _is_annexes,
    "vars": _is_mapping,
    "translations": _is_translations,
}
SUBMISSION_REQUIRED = ("title", "organisation")

FRONT_MATTER_SCHEMA: dict[str, Check] = {
    "section": _is_str,
    "question": _is_str,
    "title": _is_str,
    "word_limit": _is_positive_int,
    "number": _is_positive_int,
    "language": _is_language,
}


def closest_key(key: str, known: list[str] | tuple[str, ...]) -> str | None:
    import difflib          # only for a misspelt key

    match = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
    return match[0] if match else None


def validate_mapping(doc: YamlDoc, schema: dict[str, Check], required: tuple[str, ...],
                     what: str) -> list[Diagnostic]:
    """Check a top-level mapping against a schema: types, required and unknown keys."""
    value = doc.value
    if not isinstance(value, dict):
        return [error(doc.file, doc.line("", 1), f"{what} must be a mapping of keys to values", "schema")]
    found: list[Diagnostic] = []
    for key, item in value.items():
        line = doc.line(str(key))
        if key not in schema:
            near = closest_key(key, tuple(schema))
            hint = f"did you mean '{near}'?" if near else f"known keys: {', '.join(schema)}"
            found.append(error(doc.file, line, f"unknown key '{key}' in {what}; {hint}", "unknown-key"))
            continue
        problem = schema[key](item)
        if problem:
            found.append(error(doc.file, line, f"'{key}': {problem}", "bad-value"))
    for key in required:
        if key not in value:
            found.append(error(doc.file, 1, f"missing required key '{key}' in {what}; add '{key}: ...'",
                               "missing-key"))
    return found


# ---------------------------------------------------------------- project values

@dataclass(frozen=True)
class Submission:
    """Document metadata from submission.yaml."""

    title: str
    organisation: str
    short_title: str
    subtitle: str | None = None
    consultation: str | None = None
    date: str | None = None
    language: str = "en"
    license: str | None = None
    footer: tuple[str, ...] = ()
    logo: str | None = None
    status: str = "final"
    toc: bool = False
    annexes: tuple[str, ...] = ()
    vars: dict = field(default_factory=dict)
    translations: dict = field(default_factory=dict)
    file: str = f"{CONTENT_DIR}/{SUBMISSION_FILE}"
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PartSource:
    """One content file: its front matter and its (still templated) Markdown body."""

    file: str                 # path shown in messages, relative to the project
    body: str
    body_line: int            # 1-based line of the body's first line in the file
    question: str | None = None
    title: str | None = None
    section: str | None = None
    word_limit: int | None = None
    number: int | None = None
    language: str | None = None          # when the answer is in another language than the document
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Project:
    root: Path
    submission: Submission
    parts: tuple[PartSource, ...]

    @property
    def content_dir(self) -> Path:
        return self.root / CONTENT_DIR

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_DIR


class AssetError(ValueError):
    """An image path that cannot be used; the message says why and what to do. ``kind`` is
    "outside" (a URL, an absolute path, a .. or a link leading out of content/) or "missing"."""

    def __init__(self, message: str, kind: str = "outside"):
        super().__init__(message)
        self.kind = kind


def resolve_asset(src: str, content_dir: Path, base: Path | None = None) -> Path:
    """The file an image reference names, from ``base`` (the folder of the answer that names it,
    as GitHub reads it; content/ by default), refused unless it lies inside content/."""
    if "://" in src or src.lower().startswith(("file:", "data:")):
        raise AssetError(f"image {src!r} refused: not a file of the project (nothing is fetched); put "
                         "it under content/assets/ and link it as assets/NAME")
    try:
        path = ((base or content_dir) / unquote(src)).resolve()   # follows symlinks: a link out is refused too
        inside, exists = path.is_relative_to(content_dir.resolve()), path.is_file()
    except (OSError, ValueError):                       # e.g. a name too long, a NUL byte
        inside = exists = False
    if not inside:
        raise AssetError(f"image {src!r} refused: it is outside content/; move it to content/assets/")
    if not exists:
        expected = os.path.normpath(os.path.relpath((base or content_dir) / unquote(src), content_dir.parent))
        raise AssetError(f"image {src!r} not found: expected it at {Path(expected).as_posix()}", "missing")
    return path


def builtin_templates_dir() -> Path:
    """The default theme and templates: inside the installed package, or the checkout's templates/."""
    installed = Path(__file__).resolve().parent / TEMPLATES_DIR      # wsis_report/templates in a wheel
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / TEMPLATES_DIR


MAX_SOURCE_BYTES = 2_000_000   # a consultation answer is pages, not books; more fails cleanly, fast


def find_project(start: Path) -> Path:
    """The project holding ``start``: the nearest folder upwards with content/submission.yaml, as
    git finds its repository; ``start`` itself when there is none (loading then says what is
    missing)."""
    start = Path(start)
    here = Path(os.path.abspath(start))
    for folder in (here, *here.parents):
        if (folder / CONTENT_DIR / SUBMISSION_FILE).is_file():
            return start if folder == here else folder
    return start


def project_folder(root: Path, name: str) -> Path | None:
    """``root/name`` if it is a folder of the project itself (not a link to one elsewhere)."""
    folder = root / name
    return folder if folder.is_dir() and inside(folder, root) else None


def regular_file(path: Path) -> bool:
    """A regular file of its own: not a pipe, a device, or a hard link to some other file."""
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_nlink == 1


def inside(path: Path, root: Path) -> bool:
    """Whether path, with every symbolic link followed, lies inside root."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):   # a link loop, a name too long
        return False


def read_bytes(path: Path, shown: str, folder: Path, limit: int = MAX_SOURCE_BYTES, what: str = "source files") -> bytes:
    """A file's bytes, read only if it is a regular file of its own (not a FIFO, a device or a
    hard link to some other file) that lies inside ``folder`` with every link followed."""
    if not inside(path, folder):
        raise ProjectError([error(shown, 1, f"is a link to a file outside {folder.name}/; copy the file "
                                            "into the project instead", "outside")])
    try:    # opened without blocking, then checked on the open file: nothing can swap it in between
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ProjectError([error(shown, 1, f"cannot read file: {exc.strerror}", "unreadable")]) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ProjectError([error(shown, 1, "is not a regular file (a pipe or a device?); replace it with "
                                                "the file itself", "unreadable")])
        if info.st_nlink > 1:
            raise ProjectError([error(shown, 1, "is a hard link to another file; copy the file instead",
                                      "outside")])
        if info.st_size > limit:
            raise ProjectError([error(shown, 1, f"the file is {info.st_size / 1e6:.1f} MB; {what} are limited "
                                                f"to {limit / 1e6:.0f} MB: split it or shorten it", "too-large")])
        return handle.read(limit + 1)


def read_text(path: Path, shown: str, folder: Path) -> str:
    """Read a source file (see :func:`read_bytes`) as UTF-8, with or without BOM, with LF line ends."""
    data = read_bytes(path, shown, folder)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProjectError([error(
            shown, line, f"invalid UTF-8 at byte offset {exc.start}; save the file as UTF-8",
            "encoding")])
    # U+FDD0..U+FDEF are noncharacters, never text; the template stage uses them as markers
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_NONCHARACTERS)


_NONCHARACTERS = dict.fromkeys(range(0xFDD0, 0xFDF0))


def _load_submission(root: Path) -> Submission:
    shown = f"{CONTENT_DIR}/{SUBMISSION_FILE}"
    path = root / CONTENT_DIR / SUBMISSION_FILE
    if not path.exists():
        raise ProjectError([error(shown, 1, f"missing {shown}; run 'wsis-report init' or create it "
                                           "with at least 'title:' and 'organisation:'", "no-submission")])
    doc = read_yaml(read_text(path, shown, root / CONTENT_DIR), shown)
    problems = validate_mapping(doc, SUBMISSION_SCHEMA, SUBMISSION_REQUIRED, SUBMISSION_FILE)
    if problems:
        raise ProjectError(problems)
    values = dict(doc.value)
    if "date" in values:
        values["date"] = str(values["date"])
    for key in ("footer", "annexes"):
        if key in values:
            values[key] = (values[key],) if isinstance(values[key], str) else tuple(values[key])
    values.setdefault("short_title", values["title"])
    if "logo" in values:
        try:
            resolve_asset(values["logo"], root / CONTENT_DIR)
        except AssetError as exc:
            raise ProjectError([error(shown, doc.line("logo"), f"logo: {exc}", "image")]) from None
    return Submission(**values, file=shown, lines=doc.lines)


_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def _split_front_matter(text: str, shown: str) -> tuple[str, str, int]:
    """Return (front matter, body, body's first line) of a content file."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise ProjectError([error(shown, 1, "missing front matter; start the file with a '---' line, "
                                           "then 'question: ...' (or 'title: ...'), then '---'",
                                  "no-front-matter")])
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    raise ProjectError([error(shown, 1, "front matter is not closed; add a '---' line after it",
                              "no-front-matter")])


def _load_part(path: Path, shown: str, root: Path) -> PartSource:
    front, body, body_line = _split_front_matter(read_text(path, shown, root / CONTENT_DIR), shown)
    doc = read_yaml(front, shown, first_line=2)
    if doc.value is None:
        doc = YamlDoc({}, {}, shown)
    problems = validate_mapping(doc, FRONT_MATTER_SCHEMA, (), "front matter")
    if not problems and "question" not in doc.value and "title" not in doc.value:
        problems.append(error(shown, 2, "front matter needs 'question: ...' (a numbered question) "
                                        "or 'title: ...' (an unnumbered part)", "missing-key"))
    if problems:
        raise ProjectError(problems)
    return PartSource(file=shown, body=body, body_line=body_line, lines=doc.lines, **doc.value)


ANSWER_SUFFIXES = (".md", ".markdown")
MAX_ENTRIES = 20_000          # files and folders looked at under content/: a bound on the walk


def file_stamp(path: Path) -> tuple | None:
    """What changes when the file (or the link to it) is saved again."""
    try:
        return tuple((s.st_ino, s.st_dev, s.st_size, s.st_mtime_ns, s.st_ctime_ns) for s in (path.lstat(), path.stat()))
    except OSError:
        return None


def natural_key(name: str) -> list:
    """Sorts "9-x.md" before "10-x.md", as people number their files."""
    return [(0, int(piece), "") if piece.isdigit() else (1, 0, piece.lower()) for piece in re.split(r"(\d+)", name)]


def answer_files(content: Path) -> list[Path]:
    """The answers under content/, in subfolders too, in natural order of their paths (a folder's
    answers where the folder's name sorts). A README is the folder's own note, not an answer;
    hidden files (editor and system leftovers) are not answers either. Links to folders are not
    followed; the walk is bounded."""
    found, seen = [], 0
    for folder, folders, names in os.walk(content):
        folders[:] = [name for name in folders if not name.startswith(".")]
        seen += len(folders) + len(names)
        if seen > MAX_ENTRIES:
            raise ProjectError([error(f"{CONTENT_DIR}/", 1, f"holds more than {MAX_ENTRIES:,} files and folders; "
                                                            "keep only the answers and their images there",
                                      "too-large")])
        for name in names:
            if not name.startswith(".") and name.lower().endswith(ANSWER_SUFFIXES) and \
                    name.lower().rsplit(".", 1)[0] != "readme":
                found.append(Path(folder, name))
    return sorted(found, key=lambda path: [natural_key(part) for part in path.relative_to(content).parts])


def load_project(root: Path | str, max_total: int = 20_000_000) -> Project:
    """Load and validate every source file of the project at ``root``; the answers together may
    hold at most ``max_total`` bytes."""
    root = Path(root)
    content = root / CONTENT_DIR
    if not content.is_dir():
        raise ProjectError([error(str(root), 1, f"no {CONTENT_DIR}/ folder in {root}; "
                                                "run 'wsis-report init DIR' to create a project",
                                  "no-project")])
    if project_folder(root, CONTENT_DIR) is None:
        raise ProjectError([error(f"{CONTENT_DIR}/", 1, "is a link to a folder outside the project; make it a "
                                                        "folder of the project", "outside")])
    diagnostics: list[Diagnostic] = []
    try:
        submission = _load_submission(root)
    except ProjectError as exc:     # go on: the answers' own problems are reported in the same run
        submission, diagnostics = None, list(exc.diagnostics)
    files = answer_files(content)
    if not files:
        raise ProjectError(diagnostics + [error(f"{CONTENT_DIR}/", 1, "no Markdown files in content/; add one "
                                                "per question, e.g. 01-achievements.md", "no-content")])
    total = sum(path.stat().st_size for path in files if path.is_file())
    if total > max_total:
        raise ProjectError(diagnostics + [error(f"{CONTENT_DIR}/", 1, f"the answers hold {total / 1e6:.0f} MB; a "
                                                f"project is limited to {max_total / 1e6:.0f} MB", "too-large")])
    parts: list[PartSource] = []
    for path in files:
        name = path.relative_to(content).as_posix()
        if any(ord(c) < 32 or ord(c) == 127 for c in name):
            diagnostics.append(error(f"{CONTENT_DIR}/{name!r}", 1, "the file name holds control characters "
                                     "(a line break, a tab ...); rename the file", "file-name"))
            continue
        shown = f"{CONTENT_DIR}/{name}"
        try:        # an unchanged file is read once per watch
            stamp = file_stamp(path)
            load = lambda: _load_part(path, shown, root)    # noqa: E731
            parts.append(load() if stamp is None else cached("load", (shown, stamp), load))
        except ProjectError as exc:  # report every broken file, not just the first
            diagnostics.extend(exc.diagnostics)
    if diagnostics or submission is None:
        raise ProjectError(diagnostics)
    return Project(root=root, submission=submission, parts=tuple(parts))
