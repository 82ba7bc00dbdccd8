"""The theme: a typed, validated schema for every visual decision (templates/theme.yaml).

The default theme ships inside the package; a project's ``templates/theme.yaml`` overrides only
the keys it sets (deep merge). Validation runs before any reportlab style exists and reports
each problem at file:line with the closest known key.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import Diagnostic, ProjectError, error
from .load import TEMPLATES_DIR, YamlDoc, closest_key, read_text, read_yaml

THEME_FILE = "theme.yaml"
PAGE_SIZES = ("A4", "Letter")
FONT_FAMILIES = ("source-sans-pro", "ibm-plex-mono")
FACES = ("regular", "bold", "italic", "bold_italic")
ALIGNS = ("left", "right", "center", "justify")
TABLE_ROWS = ("zebra", "ruled")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class TextStyle:
    """The look of one element. Unset sizes inherit from ``styles.body``."""

    font: str = "body"          # a key of `fonts`
    face: str = "regular"       # regular, bold, italic, bold_italic
    size: float = 0             # pt; 0 = as body
    leading: float = 0          # pt; 0 = as body
    colour: str = "text"        # #RRGGBB or a key of `colours`
    align: str = "left"
    space_before: float = 0     # pt
    space_after: float = 0      # pt
    indent: float = 0           # pt: lists (per level) and block quotes


STYLE_KEYS = {f.name: f for f in fields(TextStyle)}
STYLE_NAMES = ("body", "title", "subtitle", "organisation", "meta", "section", "question", "heading",
               "list", "quote", "table", "table_header", "code", "footnote", "header", "footer",
               "sdg_table")
COLOUR_NAMES = ("accent", "text", "muted", "rule", "link", "table_header", "table_stripe",
                "code_background", "quote_bar")
MARGINS = ("top", "right", "bottom", "left")


@dataclass(frozen=True)
class Theme:
    page_size: str
    margins_mm: dict[str, float]
    fonts: dict[str, str]
    colours: dict[str, str]
    styles: dict[str, TextStyle]
    table_rows: str = "zebra"   # zebra: alternate rows shaded; ruled: a line under each row

    def colour(self, name: str) -> str:
        """A colour value: a theme colour's name or a #RRGGBB literal."""
        return self.colours.get(name, name)


def default_theme_text() -> str:
    try:
        return resources.files("wsis_report.templates").joinpath(THEME_FILE).read_text("utf-8")
    except ModuleNotFoundError:
        # Running from a source checkout without installing: the one copy is at the repo root.
        return (Path(__file__).resolve().parent.parent / TEMPLATES_DIR / THEME_FILE).read_text("utf-8")


def _merge(base: dict, override: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


def _check_keys(mapping: Any, known: tuple[str, ...], path: str) -> list[tuple[str, str]]:
    if not isinstance(mapping, dict):
        return [(path, f"'{path}' must be a mapping")]
    problems = []
    for key in mapping:
        if key not in known:
            full = f"{path}.{key}" if path else str(key)
            near = closest_key(key, known)
            hint = f"did you mean '{near}'?" if near else f"known keys: {', '.join(known)}"
            problems.append((full, f"unknown theme key '{full}'; {hint}"))
    return problems


def _check_style(name: str, style: Any, colours: dict) -> list[tuple[str, str]]:
    path = f"styles.{name}"
    problems = _check_keys(style, tuple(STYLE_KEYS), path)
    if problems:
        return problems
    for key, value in style.items():
        where = f"{path}.{key}"
        if key in ("size", "leading", "space_before", "space_after", "indent") and not _number(value):
            problems.append((where, f"'{where}': expected a number of points; got {value!r}"))
        elif key == "face" and value not in FACES:
            problems.append((where, f"'{where}': expected one of {', '.join(FACES)}; got {value!r}"))
        elif key == "align" and value not in ALIGNS:
            problems.append((where, f"'{where}': expected one of {', '.join(ALIGNS)}; got {value!r}"))
        elif key == "font" and value not in ("body", "code"):
            problems.append((where, f"'{where}': expected body or code; got {value!r}"))
        elif key == "colour" and not (value in colours or (isinstance(value, str) and _HEX.match(value))):
            problems.append((where, f"'{where}': expected #RRGGBB or one of {', '.join(colours)}; got {value!r}"))
    return problems


def validate_theme(data: Any) -> list[tuple[str, str]]:
    """Return (key path, message) pairs for every problem in a merged theme mapping."""
    problems = _check_keys(data, ("page", "fonts", "colours", "tables", "styles"), "")
    if problems:
        return problems
    tables = data.get("tables", {})
    problems += _check_keys(tables, ("rows",), "tables")
    if isinstance(tables, dict) and tables.get("rows", "zebra") not in TABLE_ROWS:
        problems.append(("tables.rows", f"'tables.rows': expected one of {', '.join(TABLE_ROWS)}; "
                                        f"got {tables.get('rows')!r}"))
    page = data.get("page", {})
    problems += _check_keys(page, ("size", "margin"), "page")
    if isinstance(page, dict):
        if page.get("size") not in PAGE_SIZES:
            problems.append(("page.size", f"'page.size': expected one of {', '.join(PAGE_SIZES)}; "
                                          f"got {page.get('size')!r}"))
        margin = page.get("margin", {})
        problems += _check_keys(margin, MARGINS, "page.margin")
        for side, value in (margin.items() if isinstance(margin, dict) else ()):
            if side in MARGINS and not (_number(value) and value <= 100):
                problems.append((f"page.margin.{side}", f"'page.margin.{side}': expected millimetres "
                                                        f"from 0 to 100; got {value!r}"))
    fonts = data.get("fonts", {})
    problems += _check_keys(fonts, ("body", "code"), "fonts")
    for role, family in (fonts.items() if isinstance(fonts, dict) else ()):
        if role in ("body", "code") and family not in FONT_FAMILIES:
            problems.append((f"fonts.{role}", f"'fonts.{role}': expected one of "
                                              f"{', '.join(FONT_FAMILIES)}; got {family!r}"))
    colours = data.get("colours", {})
    problems += _check_keys(colours, COLOUR_NAMES, "colours")
    for name, value in (colours.items() if isinstance(colours, dict) else ()):
        if not (isinstance(value, str) and _HEX.match(value)):
            problems.append((f"colours.{name}", f"'colours.{name}': expected #RRGGBB; got {value!r}"))
    styles = data.get("styles", {})
    problems += _check_keys(styles, STYLE_NAMES, "styles")
    for name, style in (styles.items() if isinstance(styles, dict) else ()):
        if name in STYLE_NAMES:
            problems += _check_style(name, style, colours if isinstance(colours, dict) else {})
    return problems


def _build(data: dict) -> Theme:
    body = data["styles"]["body"]
    styles = {}
    for name in STYLE_NAMES:
        values = {**{"size": body["size"], "leading": body["leading"]}, **data["styles"].get(name, {})}
        if name != "body" and "align" not in data["styles"].get(name, {}):
            values["align"] = body.get("align", "left") if name in ("list", "quote") else "left"
        styles[name] = TextStyle(**values)
    return Theme(data["page"]["size"], dict(data["page"]["margin"]), dict(data["fonts"]),
                 dict(data["colours"]), styles, data.get("tables", {}).get("rows", "zebra"))


def load_theme(project_root: Path | None = None) -> Theme:
    """The default theme, deep-merged with the project's templates/theme.yaml if it exists."""
    default = read_yaml(default_theme_text(), f"(built-in) {TEMPLATES_DIR}/{THEME_FILE}")
    data, docs = default.value, [default]
    override_path = project_root / TEMPLATES_DIR / THEME_FILE if project_root else None
    if override_path and override_path.is_file():
        shown = f"{TEMPLATES_DIR}/{THEME_FILE}"
        override = read_yaml(read_text(override_path, shown), shown)
        if override.value is not None:
            if not isinstance(override.value, dict):
                raise ProjectError([error(shown, 1, "the theme must be a mapping of keys to values", "theme")])
            data = _merge(data, override.value)
            docs.insert(0, override)
    problems = validate_theme(data)
    if problems:
        raise ProjectError([_locate(key, message, docs) for key, message in problems])
    return _build(data)


def _locate(key: str, message: str, docs: list[YamlDoc]) -> Diagnostic:
    for doc in docs:  # the project's file first: that is where a user's mistake lives
        if key in doc.lines:
            return error(doc.file, doc.lines[key], message, "theme")
    return error(docs[0].file, 1, message, "theme")
