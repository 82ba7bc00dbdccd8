"""The submission as data: metadata, and for each question its number, text and section, the
answer as Markdown (as the author wrote it, after templating), as plain text and as HTML, its
counts and limit, its sdg-map links; then the annex's links and the diagnostics of the sources.

The shape is the JSON Schema ``wsis_report/data/answers.schema.json`` (``SCHEMA``), which ships
with the package; the README describes it.
"""
from __future__ import annotations

import json
from importlib import resources

from .. import __version__
from ..errors import Diagnostic
from ..model import Document, Entry, SdgMap, Section
from ..model.text import walk_blocks
from .html import answer_html
from .text import answer_text, counts

FORMAT = "wsis-report/answers"
VERSION = 1


def schema() -> dict:
    """The JSON Schema every export follows."""
    return json.loads(resources.files("wsis_report.data").joinpath("answers.schema.json").read_text("utf-8"))


def _question(document: Document, entry: Entry, section: Section | None) -> dict:
    size = counts(entry, document.labels)
    links = [{"action_line": row.line.code, "title": row.line.title, "sdgs": [goal.number for goal in row.goals],
              "note": row.note}
             for block in walk_blocks(entry.blocks) if isinstance(block, SdgMap) for row in block.rows]
    return {
        "kind": "question" if entry.number is not None else "part",
        "number": entry.number,
        "anchor": entry.anchor,
        "text": entry.heading,
        "section": section.title if section is not None else None,
        "language": entry.language,
        "answer": {"markdown": entry.markdown, "text": answer_text(entry, document.labels),
                   "html": answer_html(document, entry, 3 if section is not None else 2)},
        "counts": {"words": size.words, "characters": size.characters},
        "limit": {"words": entry.word_limit},
        "over_limit": bool(size.over),
        "sdg_map": links,
        "source": {"file": entry.origin.file, "line": entry.origin.line},
    }


def render_json(document: Document, diagnostics: tuple[Diagnostic, ...] = ()) -> str:
    meta = document.meta
    questions = []
    for item in document.body:
        if isinstance(item, Section):
            questions += [_question(document, entry, item) for entry in item.entries]
        else:
            questions.append(_question(document, item, None))
    data = {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"wsis-report {__version__}",
        "metadata": {"title": meta.title, "short_title": meta.short_title, "subtitle": meta.subtitle,
                     "organisation": meta.organisation, "consultation": meta.consultation, "date": meta.date,
                     "language": meta.language, "direction": meta.direction, "license": meta.license,
                     "status": meta.status},
        "questions": questions,
        "sdg_matrix": [{"action_line": row.line.code, "title": row.line.title,
                        "sdgs": [{"sdg": goal.number, "questions": list(linked)}
                                 for goal, linked in zip(annex.goals, row.cells) if linked]}
                       for annex in document.annexes for row in annex.rows],
        "diagnostics": [d.as_dict() for d in diagnostics],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
