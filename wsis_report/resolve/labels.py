"""Fixed texts and dates in the document's language."""
from __future__ import annotations

import datetime as dt

from ..model import Emphasis, Inline, Labels, Text
from ..syntax import base_language

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
}
_DATE_FORMATS = {"en": "{d} {m} {y}", "fr": "{d} {m} {y}", "es": "{d} de {m} de {y}", "ru": "{d} {m} {y} г."}


def date_text(value: str, language: str) -> str:
    """A date written out in the submission's language; ISO 8601 where no month names are known."""
    date = dt.date.fromisoformat(value)
    base = base_language(language)
    if base not in _MONTHS:
        return date.isoformat()
    day = "1er" if base == "fr" and date.day == 1 else str(date.day)
    month = _MONTHS[base].split()[date.month - 1]
    return _DATE_FORMATS[base].format(d=day, m=month, y=date.year)


def labels(language: str) -> Labels:
    return Labels(contents="Contents", action_line="Action Line", sdgs="SDGs", note="Note", question_mark="Q{n}")


MATRIX_TITLE = "Annex: WSIS Action Lines and the SDGs"


def matrix_legend(language: str) -> tuple[Inline, ...]:
    return (Text("A filled cell means the Action Line in its row serves the SDG in its column; Q8 names "
                 "the question whose "), Emphasis((Text("sdg-map"),)), Text(" block made the link."))
