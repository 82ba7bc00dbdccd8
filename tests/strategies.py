"""Hypothesis strategies for random projects: Markdown bodies, front matter and theme values."""
from __future__ import annotations

from hypothesis import strategies as st

MARKDOWN = st.lists(st.sampled_from(list("ab *_`#>-+1.[]()!|:\\<>&{}%\n\t~^\"'") + [
    "SDG 18", "C12", "SGD 4", "\u00e9", "\U0001F389", "```", "    ", "{{", "}}", "{%", "](", "http://x.org",
    "![i](", "[^1]", "\n\n", "| a |", "|---|", "```sdg-map\n", "C2: [8]", "{{ vars.x }}", "{% raw %}"]),
    max_size=80).map("".join)
FRONT = st.dictionaries(st.sampled_from(["question", "title", "section", "number", "word_limit", "qestion", "x"]),
                        st.one_of(st.text(max_size=20), st.integers(-5, 99), st.booleans(), st.none(),
                                  st.lists(st.integers(), max_size=3)), max_size=4)
THEME_VALUE = st.one_of(st.integers(-10, 2000), st.floats(allow_nan=False, allow_infinity=False, width=16),
                        st.sampled_from(["#112233", "accent", "link", "zebra", "ruled", "A4", "Letter", "bold",
                                         "justify", "nope", "", "#12"]), st.booleans(), st.none(),
                        st.lists(st.sampled_from(["•", "-", ""]), max_size=3))
THEME_KEY = st.sampled_from([
    ("page", "size"), ("page", "margin", "top"), ("colours", "accent"), ("colours", "acent"), ("colours", "link"),
    ("styles", "body", "size"), ("styles", "body", "leading"), ("styles", "question", "colour"),
    ("styles", "code", "face"), ("styles", "body", "align"), ("tables", "padding"), ("tables", "rows"),
    ("lists", "bullets"), ("rules", "hr"), ("watermark", "size"), ("sdg", "note_width"), ("matrix", "legend_columns"),
    ("code_blocks", "tab_width"), ("questions", "keep_lines"), ("images", "dpi"), ("fonts", "body")])


def _nest(path, value):
    for key in reversed(path):
        value = {key: value}
    return value


def _merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for key, value in b.items():
        out[key] = _merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


THEME = st.lists(st.tuples(THEME_KEY, THEME_VALUE), max_size=3).map(
    lambda pairs: __import__("functools").reduce(_merge, (_nest(path, value) for path, value in pairs), {}))

# YAML scalars as people (and attackers) type them, for any key of submission.yaml
YAML_SCALAR = st.one_of(
    st.sampled_from(["2025-02-30", "2025-13-45", "2025-03-14 10:00:00", "2025-03-14", "9" * 5000, "1e999", ".inf",
                     "~", "null", "yes", "no", "0x1F", "0o17", "1_000", "!!binary ZZZ", "!!timestamp 2025-99-99",
                     "[1, [2, [3]]]", "{a: {b: c}}", "'quoted'", "\"\\u0000\"", "-", "|\n  block", "&a x", "*a",
                     "!!python/object:os.system", "assets/logo.png", "../secret.png", "/etc/passwd", "draft", "final",
                     "[sdg-matrix]", "fr", "ar-EG", "x" * 300]),
    st.integers(-10**6, 10**6), st.text(max_size=20).map(lambda t: '"' + t.replace("\\", "").replace('"', "") + '"'))
SUBMISSION_KEY = st.sampled_from(["title", "organisation", "date", "language", "footer", "logo", "status", "toc",
                                  "annexes", "short_title", "subtitle", "license", "consultation", "vars", "datee"])
SUBMISSION = st.dictionaries(SUBMISSION_KEY, YAML_SCALAR, max_size=4).map(
    lambda values: "".join(f"{key}: {value}\n" for key, value in {"title": "T", "organisation": "O", **values}.items()))
