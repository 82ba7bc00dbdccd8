"""Fixed texts and dates in the document's language, from the sourced data (data/i18n.yaml).

Where no source gives a text in the language, the English text prints and the names of those
texts are reported (check says so once, with how to supply them: ``translations:`` in
submission.yaml). The project's own translations come first.
"""
from __future__ import annotations

import datetime as dt
import re

from ..errors import Diagnostic, warning
from ..model import Document, Emphasis, Inline, Labels, SdgMap, Text
from ..model.text import walk_blocks
from ..reference import LABELS, LANGUAGES, RTL_LANGUAGES, load_reference, load_translations
from ..syntax import base_language
ENGLISH_ONLY = {                       # texts of this tool's own, with no source in other languages
    "note": "Note",
    "matrix_title": "Annex: WSIS Action Lines and the SDGs",
}


def supported(language: str) -> str:
    """The UN language whose labels a BCP 47 tag gets (regional variants share theirs); English
    for any other language."""
    base = base_language(language)
    return base if base in LANGUAGES else "en"


def direction(language: str) -> str:
    return "rtl" if base_language(language) in RTL_LANGUAGES else "ltr"


def _sourced(key: str, language: str) -> str:
    """A label from the sourced data, or "" where there is none."""
    labels = load_translations().labels
    if key in ENGLISH_ONLY:
        if language == "en":
            return ENGLISH_ONLY[key]
        if key == "matrix_title" and labels["annex"][language]:   # "Annexe — Objectifs de développement durable"
            return f"{labels['annex'][language]} \u2014 {labels['sdg_full'][language]}"
        return ""
    if key == "sdgs":             # the column of goals: the abbreviation where one is in use, else in full
        return "SDGs" if language == "en" else labels["sdg_abbrev"][language] or labels["sdg_full"][language]
    return labels[key][language]


def labels(language: str, own: dict[str, str] | None = None) -> tuple[Labels, list[str]]:
    """The fixed texts for ``language`` and the names of those printed in English for want of a
    source (none of the project's own ``translations:`` among them)."""
    lang, own = supported(language), own or {}
    texts, english = {}, []
    for key in LABELS:
        texts[key] = own.get(key) or _sourced(key, lang)
        if not texts[key]:
            texts[key] = _sourced(key, "en")
            english.append(key)
    mark = "Q{n}" if lang == "en" else "{n}"      # a matrix cell is narrow: elsewhere the number alone
    return Labels(question_mark=mark, **texts), english


def matrix_legend(labels: Labels, language: str) -> tuple[Inline, ...]:
    if supported(language) == "en":
        return (Text("A filled cell means the Action Line in its row serves the SDG in its column; Q8 names "
                     "the question whose "), Emphasis((Text("sdg-map"),)), Text(" block made the link."))
    return (Text(f"{labels.question_mark.format(n=8)} \u2014 {labels.question} 8"),)


_PATTERN = re.compile(r"'([^']*)'|y+|M+|d+")


def date_text(value: str, language: str) -> str:
    """A date written out with the language's CLDR long pattern; ISO 8601 for other languages."""
    date = dt.date.fromisoformat(value)
    lang = base_language(language)
    translations = load_translations()
    if lang not in translations.date_patterns:
        return date.isoformat()

    def field(match: re.Match) -> str:
        token = match.group()
        if match.group(1) is not None:
            return match.group(1)                     # quoted literal text
        if token[0] == "y":
            return str(date.year)
        if token[0] == "d":                           # French writes the first of a month "1er"
            return "1er" if lang == "fr" and date.day == 1 else str(date.day)
        return translations.months[lang][date.month - 1] if len(token) >= 3 else str(date.month)

    return _PATTERN.sub(field, translations.date_patterns[lang])


def action_line_title(code: str, language: str, own: dict[str, str] | None = None) -> str | None:
    """An Action Line's title in the language: the project's own, or a sourced one, or None."""
    if own and own.get(code):
        return own[code]
    if supported(language) == "en":
        return load_reference().action_lines[code].title
    return load_translations().action_lines.get(code, {}).get(supported(language)) or None


def goal_title(number: int, language: str) -> str:
    """An SDG's short title in the language (all six are sourced), else in English."""
    return load_translations().goals[number].get(supported(language)) or load_reference().goals[number].short_title


def draft_of(labels: Labels, language: str) -> str:
    """The footer's mark of a draft, with {date}."""
    return "Draft of {date}" if supported(language) == "en" else f"{labels.draft} \u00b7 {{date}}"


def untranslated(document: Document, english: list[str], submission) -> list[Diagnostic]:
    """One warning for the fixed texts and Action Line titles that print in English, in a
    document in another language, for want of a sourced translation."""
    lang = supported(document.meta.language)
    if lang == "en":
        return []
    used = {"page_x_of_y", "draft"} | ({"contents"} if document.toc else set())
    codes = set()
    for entry in document.entries:
        for block in walk_blocks(entry.blocks):
            if isinstance(block, SdgMap) and block.rows:
                used |= {"action_line", "sdgs"} | ({"note"} if any(row.note for row in block.rows) else set())
                codes |= {row.line.code for row in block.rows}
    for annex in document.annexes:
        used |= {"annex", "matrix_title", "action_line", "question"}
        codes |= {row.line.code for row in annex.rows}
    codes = {code for code in codes if not action_line_title(code, lang, submission.translations)}
    missing = sorted(key for key in english if key in used) + sorted(codes, key=_code_order)
    if not missing:
        return []
    where = submission.lines.get("language", 1)
    return [warning(submission.file, where, f"no sourced {lang} text for {', '.join(missing)}: printed in English; "
                                            f"give your own under 'translations:' in submission.yaml, e.g. "
                                            f"'translations: {{{missing[0]}: ...}}'", "translation")]


def _code_order(code: str) -> tuple[int, str]:
    number = re.match(r"C(\d+)", code)
    return (int(number[1]) if number else 99, code)
