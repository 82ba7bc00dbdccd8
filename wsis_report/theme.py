"""The theme: a typed, validated schema for every visual decision (templates/theme.yaml).

The default theme ships inside the package; a project's ``templates/theme.yaml`` overrides only
the keys it sets (deep merge). Validation runs before any reportlab style exists and reports
each problem at file:line with the closest known key.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable

from .errors import Diagnostic, ProjectError, error
from .fonts import BUILTIN_FAMILIES, FACES, FontFaces, builtin_faces, font_problem, project_faces
from .load import (TEMPLATES_DIR, YamlDoc, builtin_templates_dir, closest_key, project_folder, read_text,
                   inside, read_yaml, regular_file)

THEME_FILE = "theme.yaml"
PAGE_SIZES = ("A4", "Letter")
PAGE_HEIGHTS_PT = {"A4": 841.8898, "Letter": 792.0}
FONT_FAMILIES = tuple(BUILTIN_FAMILIES)
# body and code set every element; the others draw what those lack, script by script, in this order
FONT_ROLES = ("body", "code", "arabic", "chinese")
FALLBACK_ORDER = ("body", "arabic", "chinese", "code")
ALIGNS = ("left", "right", "center", "justify")
MARGINS = ("top", "right", "bottom", "left")
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
                "code_background", "quote_bar", "watermark", "inserted", "deleted", "change_bar")

Check = Callable[[Any], str | None]   # returns what was expected, or None when the value is valid


def _number(low: float, high: float, what: str = "a number of points") -> Check:
    def check(value: Any) -> str | None:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high
        return None if ok else f"{what} from {low:g} to {high:g}"
    return check


def _whole(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return None if ok else f"a whole number from {low} to {high}"
    return check


_points = _number(0, 1000)
_gap = _number(0, 200)                        # vertical space around an element
_thickness = _number(0, 20)
_percent = _number(1, 100, "a percentage")


def _millimetres(value: Any) -> str | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100
    return None if ok else "millimetres from 0 to 100"


def _one_of(*choices: str) -> Check:
    return lambda value: None if value in choices else f"one of {', '.join(choices)}"


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "a text"


def _bullets(value: Any) -> str | None:
    ok = isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)
    return None if ok else "a list of bullet characters, e.g. ['•', '–']"


def _colour(value: Any) -> str | None:
    """A colour: #RRGGBB, or the name of another theme colour (``link: accent``)."""
    ok = isinstance(value, str) and (_HEX.match(value) or value in COLOUR_NAMES)
    return None if ok else f"#RRGGBB or the name of another colour ({', '.join(COLOUR_NAMES)})"


# Sections whose keys are plain typed options: section -> key -> check. Each key is explained
# in the default theme, templates/theme.yaml.
OPTIONS: dict[str, dict[str, Check]] = {
    "logo": {"max_width": _millimetres, "max_height": _millimetres, "space_after": _gap},
    "rules": {"title": _thickness, "section": _thickness, "hr": _thickness, "footnotes": _thickness,
              "furniture": _thickness, "quote": _thickness, "change_bar": _thickness, "change_bar_gap": _number(0, 40)},
    "spacing": {"title_rule_before": _gap, "title_rule_after": _gap, "hr_before": _gap, "hr_after": _gap},
    "lists": {"bullets": _bullets, "min_text_width": _percent},
    "questions": {"number_gap": _number(0, 100), "keep_lines": _whole(0, 20), "keep_first_block": _percent},
    "code_blocks": {"padding": _number(0, 30), "tab_width": _whole(1, 16), "inline_scale": _number(0.5, 1.5, "a scale")},
    "footnotes": {"rule_width": _percent, "space_before": _gap, "space_after": _gap, "indent": _number(0, 100)},
    "images": {"max_height": _percent, "dpi": _whole(36, 1200)},
    "tables": {"rows": _one_of("zebra", "ruled"), "padding": _number(0, 30), "padding_top": _number(0, 30),
               "padding_bottom": _number(0, 30), "header_rule": _thickness, "row_rule": _thickness,
               "bottom_rule": _thickness, "min_scale": _number(0.5, 1, "a scale")},
    "sdg": {"line_width": _percent, "line_width_with_note": _percent, "note_width": _percent,
            "goal_gap": _gap},
    "matrix": {"label_width": _percent, "label_scale": _number(0.5, 1.5, "a scale"), "mark_size": _number(4, 20),
               "head_size": _number(4, 20), "cell_padding": _number(0, 10), "cell_padding_y": _number(0, 10),
               "grid": _thickness,
               "legend_columns": _whole(1, 6), "legend_gap": _gap, "space_after": _gap},
    "contents": {"indent": _number(0, 200), "section_space": _gap, "entry_space": _gap},
    "furniture": {"header_offset": _points, "footer_offset": _points, "rule_gap": _gap,
                  "slot_gap": _number(0, 200)},
    "watermark": {"text": _text, "size": _number(1, 400), "angle": _number(-90, 90, "degrees")},
    "colours": {name: _colour for name in COLOUR_NAMES},
}


@dataclass(frozen=True)
class FontFiles:
    """A family from the project: one TTF file per face, as paths inside the project."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


@dataclass(frozen=True)
class Theme:
    page_size: str
    margins_mm: dict[str, float]
    fonts: dict[str, str | FontFiles]          # role (FONT_ROLES) -> a built-in family or project files
    styles: dict[str, TextStyle]
    options: dict[str, dict[str, Any]]         # the OPTIONS sections, validated

    @property
    def colours(self) -> dict[str, str]:
        return self.options["colours"]

    def colour(self, name: str) -> str:
        """A colour value, #RRGGBB, for a theme colour's name (following ``link: accent``) or a literal."""
        for _ in range(len(self.colours) + 1):       # bounded: a cycle of names cannot loop forever
            if name not in self.colours:
                return name
            name = self.colours[name]
        raise ValueError(f"colours refer to each other in a circle at {name!r}")

    def option(self, section: str, key: str) -> Any:
        return self.options[section][key]

    @property
    def page_height_pt(self) -> float:
        return PAGE_HEIGHTS_PT[self.page_size]

    def chain(self, project_root: Path | None) -> list[tuple[str, FontFaces]]:
        """The font families, in the order that a character missing from one is looked for."""
        return [(role, self.faces(role, project_root)) for role in FALLBACK_ORDER]

    def faces(self, role: str, project_root: Path | None) -> FontFaces:
        """The font files of a role ("body" or "code")."""
        spec = self.fonts[role]
        if isinstance(spec, str):
            return builtin_faces(spec)
        return project_faces({face: getattr(spec, face) for face in FACES}, project_root or Path())


def default_theme_text() -> str:
    return (builtin_templates_dir() / THEME_FILE).read_text("utf-8")


def _merge(base: dict, override: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


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


def _check_values(mapping: dict, checks: dict[str, Check], path: str) -> list[tuple[str, str]]:
    problems = _check_keys(mapping, tuple(checks), path)
    for key, value in mapping.items() if isinstance(mapping, dict) else ():
        expected = checks[key](value) if key in checks else None
        if expected:
            problems.append((f"{path}.{key}", f"'{path}.{key}': expected {expected}; got {value!r}"))
    return problems


def _style_checks(colours: dict) -> dict[str, Check]:
    def colour(value: Any) -> str | None:
        ok = isinstance(value, str) and (value in colours or _HEX.match(value))
        return None if ok else f"#RRGGBB or one of {', '.join(colours)}"

    numbers = {"size": _number(1, 200), "leading": _number(1, 300), "space_before": _gap, "space_after": _gap,
               "indent": _number(0, 200)}
    return {**numbers, "face": _one_of(*FACES), "align": _one_of(*ALIGNS), "font": _one_of("body", "code"),
            "colour": colour}


def _check_fonts(fonts: Any) -> list[tuple[str, str]]:
    problems = _check_keys(fonts, FONT_ROLES, "fonts")
    for role, family in fonts.items() if isinstance(fonts, dict) else ():
        where = f"fonts.{role}"
        if isinstance(family, dict):
            problems += _check_values(family, {face: _text for face in FACES}, where)
            missing = [face for face in FACES if face not in family]
            if missing:
                problems.append((where, f"'{where}': a family needs all four faces; add "
                                        f"{', '.join(missing)} (paths to .ttf files in the project)"))
        elif family not in FONT_FAMILIES and role in FONT_ROLES:
            problems.append((where, f"'{where}': expected one of {', '.join(FONT_FAMILIES)}, or a mapping "
                                    f"of {', '.join(FACES)} to .ttf files; got {family!r}"))
    return problems


def _check_colour_references(colours: Any) -> list[tuple[str, str]]:
    """Every colour must end in #RRGGBB: a name naming itself, or a missing one, is an error."""
    problems = []
    for name in colours if isinstance(colours, dict) else ():
        path, value = [name], colours[name]
        while isinstance(value, str) and value in COLOUR_NAMES and value not in path:
            path.append(value)
            value = colours.get(value)
        if not (isinstance(value, str) and _HEX.match(value)):
            problems.append((f"colours.{name}", f"'colours.{name}': must lead to a #RRGGBB colour; "
                                                f"{' -> '.join(path)} does not"))
    return problems


def validate_theme(data: Any) -> list[tuple[str, str]]:
    """Return (key path, message) pairs for every problem in a merged theme mapping."""
    problems = _check_keys(data, ("page", "fonts", "styles", *OPTIONS), "")
    if problems:
        return problems
    page = data.get("page", {})
    problems += _check_values(page, {"size": _one_of(*PAGE_SIZES), "margin": lambda v: None}, "page")
    if isinstance(page, dict):
        problems += _check_values(page.get("margin", {}), {side: _millimetres for side in MARGINS},
                                  "page.margin")
    problems += _check_fonts(data.get("fonts", {}))
    for section, checks in OPTIONS.items():
        problems += _check_values(data.get(section, {}), checks, section)
    styles, colours = data.get("styles", {}), data.get("colours", {})
    problems += _check_colour_references(colours)
    problems += _check_keys(styles, STYLE_NAMES, "styles")
    style_checks = _style_checks(colours if isinstance(colours, dict) else {})
    for name, style in styles.items() if isinstance(styles, dict) else ():
        if name in STYLE_NAMES:
            problems += _check_values(style, style_checks, f"styles.{name}")
    return problems


def _build(data: dict) -> Theme:
    body = data["styles"]["body"]
    styles = {}
    for name in STYLE_NAMES:
        values = {**{"size": body["size"], "leading": body["leading"]}, **data["styles"].get(name, {})}
        if name != "body" and "align" not in data["styles"].get(name, {}):
            values["align"] = body.get("align", "left") if name in ("list", "quote") else "left"
        styles[name] = TextStyle(**values)
    fonts = {role: FontFiles(**family) if isinstance(family, dict) else family
             for role, family in data["fonts"].items()}
    return Theme(data["page"]["size"], dict(data["page"]["margin"]), fonts, styles,
                 {section: dict(data[section]) for section in OPTIONS})


def load_theme(project_root: Path | None = None) -> Theme:
    """The default theme, deep-merged with the project's templates/theme.yaml if it exists."""
    default = read_yaml(default_theme_text(), f"(built-in) {TEMPLATES_DIR}/{THEME_FILE}")
    data, docs = default.value, [default]
    own = project_folder(project_root, TEMPLATES_DIR) if project_root else None   # never a link out
    override_path = own / THEME_FILE if own else None
    if override_path and override_path.exists():
        shown = f"{TEMPLATES_DIR}/{THEME_FILE}"
        override = read_yaml(read_text(override_path, shown, project_root / TEMPLATES_DIR), shown)
        if override.value is not None:
            if not isinstance(override.value, dict):
                raise ProjectError([error(shown, 1, "the theme must be a mapping of keys to values", "theme")])
            data = _merge(data, override.value)
            docs.insert(0, override)
    problems = validate_theme(data)
    if not problems and project_root:
        problems = _check_font_files(data["fonts"], project_root)
    if problems:
        raise ProjectError([_locate(key, message, docs) for key, message in problems])
    return _build(data)


FONT_FOLDERS = ("fonts", TEMPLATES_DIR, "content")     # where a project's font files may be


def _check_font_files(fonts: dict, project_root: Path) -> list[tuple[str, str]]:
    """Each face a project names must be a usable TrueType file in one of the FONT_FOLDERS."""
    problems = []
    folders = [folder for name in FONT_FOLDERS if (folder := project_folder(project_root, name))]
    for role, family in fonts.items():
        for face, path in family.items() if isinstance(family, dict) else ():
            key = f"fonts.{role}.{face}"
            file = project_root / path
            if not any(inside(file, folder) for folder in folders):
                problems.append((key, f"'{key}': {path!r} is outside the project's fonts/ folder; put fonts under "
                                      "fonts/"))
            elif not file.exists():
                problems.append((key, f"'{key}': font file {path!r} not found in the project"))
            elif not regular_file(file):
                problems.append((key, f"'{key}': {path!r} is not a regular file of its own (a pipe, a device or "
                                      "a hard link); copy the font file there"))
            else:
                problem = font_problem(file)
                if problem:
                    problems.append((key, f"'{key}': {path!r} {problem}"))
    return problems


def _locate(key: str, message: str, docs: list[YamlDoc]) -> Diagnostic:
    for doc in docs:  # the project's file first: that is where a user's mistake lives
        if key in doc.lines:
            return error(doc.file, doc.lines[key], message, "theme")
    return error(docs[0].file, 1, message, "theme")
