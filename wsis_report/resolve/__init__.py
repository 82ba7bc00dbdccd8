"""Stage 4, resolve: the parsed answers and the page templates become the document model.

Every decision is made here, once, for every renderer: question numbers, sections, anchors and
heading slugs, which links are kept, which images can be printed, what sdg-map blocks say, the
title block, the labels and date in the document's language, and the matrix annex. What cannot
be decided (a link to nowhere, a missing image, a broken sdg-map entry) is reported as a
diagnostic at the line and column the author typed.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from ..errors import Diagnostic, ProjectError, TemplateError, error
from ..limits import OVER_BUDGET, over_budget
from ..load import AssetError, PartSource, Project
from ..model import (Document, Entry, Image, Metadata, Origin, Part, Question, Section, Slots, TitleElement)
from ..model.text import Slugs
from ..parse import Parsed
from ..syntax import typeset
from ..template import PageTemplates, page_context
from .answer import Answer, blocks, footnotes, plain, walk
from .images import read_image
from .labels import date_text, direction, draft_of, labels, untranslated
from .matrix import sdg_matrix


@dataclass(frozen=True)
class ResolveOptions:
    draft: bool = False                                   # a draft whatever submission.yaml says
    build_date: dt.date = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).date())


@dataclass(frozen=True)
class Resolved:
    document: Document
    diagnostics: tuple[Diagnostic, ...]


def number_questions(parts: tuple[PartSource, ...], problems: list[Diagnostic]) -> list[int | None]:
    """Each part's question number (None for unnumbered parts): automatic unless 'number:' says."""
    numbers: list[int | None] = []
    next_number, seen = 1, {}
    for source in parts:
        if not source.question:
            numbers.append(None)
            continue
        number = source.number or next_number
        line = source.lines.get("number", source.lines.get("question", 1))
        if number in seen:
            problems.append(error(source.file, line, f"question number {number} is already used by "
                                                     f"{seen[number]}; remove 'number:' or choose another",
                                  "numbering"))
        elif source.number and source.number < next_number:
            problems.append(Diagnostic(source.file, line, 1, "warning", f"question number {number} is lower "
                                       f"than the previous one ({next_number - 1})", "numbering"))
        seen.setdefault(number, source.file)
        next_number = number + 1
        numbers.append(number)
    return numbers


class PageFurniture:
    """The running header and footer of the model: header.j2 and footer.j2, typeset per page."""

    def __init__(self, templates: PageTemplates, language: str):
        self.templates, self.language = templates, language

    def pages(self, pairs: list[tuple[int, int]]) -> list[tuple[Slots, Slots]]:
        return [(self._slots(header), self._slots(footer)) for header, footer in self.templates.pages(pairs)]

    def _slots(self, lines) -> Slots:
        where = Origin(lines[0].file, lines[0].line) if lines else None
        return Slots(**{line.kind: typeset(line.text, self.language) for line in lines}, origin=where)


def _title_element(line, project: Project, language: str, problems: list[Diagnostic]) -> TitleElement | None:
    where = Origin(line.file, line.line)
    if line.kind == "logo":
        try:
            found = read_image(line.text, project.content_dir)
        except AssetError as exc:
            sub = project.submission       # the author typed the logo in submission.yaml, most likely
            file, number = (sub.file, sub.lines.get("logo", 1)) if line.text == sub.logo else (line.file, line.line)
            problems.append(error(file, number, f"logo: {exc}", "image"))
            return None
        image = Image("", line.text, where, found.path, found.format, found.size, found.data)
        return TitleElement("logo", origin=where, image=image)
    if line.kind == "space":
        try:
            points = float(line.text or 0)
        except ValueError:
            problems.append(error(line.file, line.line, f"'space: {line.text}' needs a number of points",
                                  "template"))
            return None
        return TitleElement("space", origin=where, points=max(0.0, min(points, 2000.0)))
    if line.kind in ("rule", "pagebreak") or line.text:
        return TitleElement(line.kind, typeset(line.text, language), where)
    return None


def title_block(templates: PageTemplates, project: Project, language: str,
                problems: list[Diagnostic]) -> tuple[TitleElement, ...]:
    try:
        lines = templates.title()
    except TemplateError as exc:
        problems.extend(exc.diagnostics)
        return ()
    made = [e for e in (_title_element(line, project, language, problems) for line in lines) if e is not None]
    # a page break right after another makes an empty page: one is kept
    return tuple(e for i, e in enumerate(made) if not (e.kind == "pagebreak" and i and made[i - 1].kind == "pagebreak"))


@dataclass
class _Plan:
    """Anchors and numbers of every entry, decided before any answer is read (links need them)."""

    numbers: list[int | None]
    anchors: list[str]
    sections: dict[int, tuple[str, str, str]]       # part index -> (title, anchor, alias)
    headings: dict[str, dict[int, str]]             # file -> heading line -> slug
    files: dict[str, tuple[str, dict[str, str]]]    # file -> its anchor, and its headings' own slugs -> slug

    @property
    def targets(self) -> frozenset[str]:
        """Every internal link target: questions, parts, sections (anchor and slug), headings."""
        sections = {name for _, anchor, alias in self.sections.values() for name in (anchor, alias)}
        return frozenset(self.anchors) | sections | {s for found in self.headings.values() for s in found.values()}


def _plan(project: Project, parsed: Parsed, problems: list[Diagnostic]) -> _Plan:
    numbers = number_questions(project.parts, problems)
    trees = {p.source.file: p.tree for p in parsed.parts}
    slugs, anchors, sections, headings, files, unnumbered = Slugs(), [], {}, {}, {}, 0
    for index, (source, number) in enumerate(zip(project.parts, numbers)):
        if source.section:
            sections[index] = (typeset(source.section, project.submission.language), f"section-{len(sections) + 1}",
                               slugs(source.section))
        unnumbered += number is None
        anchors.append(f"q{number}" if number is not None else f"part-{unnumbered}")
        tree = trees.get(source.file)
        nodes = [node for node in (walk(tree) if tree else ()) if node.type == "heading" and node.map]
        headings[source.file] = {node.map[0]: slugs(plain(node)) for node in nodes}
        # a link from another answer to this file's heading uses the anchor GitHub gives it in this file
        own = Slugs()
        files[source.file.removeprefix("content/")] = (anchors[-1], {own(plain(node)): headings[source.file][node.map[0]]
                                                                     for node in nodes})
    return _Plan(numbers, anchors, sections, headings, files)


def _entries(project: Project, parsed: Parsed, plan: _Plan, problems: list[Diagnostic]) -> list[Entry]:
    known, own = plan.targets, project.submission.translations
    trees = {p.source.file: p for p in parsed.parts}
    images: dict = {}
    entries = []
    for source, number, anchor in zip(project.parts, plan.numbers, plan.anchors):
        language = source.language or project.submission.language
        found = trees.get(source.file)
        body, notes, markdown = (), (), ""
        if found is not None:
            answer = Answer(found, anchor, known, plan.headings[source.file], project.content_dir, language, images,
                            own, files=plan.files)
            try:
                body, notes = blocks(found.tree.children, answer), footnotes(found.tree, answer)
            except OVER_BUDGET as exc:
                raise ProjectError([over_budget(exc, source.file, source.body_line, "reading this answer")]) from None
            markdown = found.rendered.markdown
            problems.extend(answer.diagnostics)
        heading = typeset(source.question or source.title, language)
        label = typeset(source.title, language) if source.title else heading
        kind = Question if number is not None else Part
        key = "question" if number is not None else "title"
        limit = source.lines.get("word_limit")
        entries.append(kind(
            heading=heading, anchor=anchor, outline=f"{number}. {label}" if number is not None else label,
            blocks=body, footnotes=notes, origin=Origin(source.file, source.lines.get(key, 1)),
            body=Origin(source.file, source.body_line), language=language, direction=direction(language),
            number=number,
            word_limit=source.word_limit, word_limit_origin=Origin(source.file, limit) if limit else None,
            markdown=markdown))
    return entries


def _group(project: Project, plan: _Plan, entries: list[Entry]) -> tuple[Section | Entry, ...]:
    """Sections hold the entries that follow them; a part that opens no section of its own ends
    the section before it."""
    body: list[Entry | tuple[Section, list[Entry]]] = []
    current: tuple[Section, list[Entry]] | None = None
    for index, (source, entry) in enumerate(zip(project.parts, entries)):
        if index in plan.sections:
            title, anchor, alias = plan.sections[index]
            current = (Section(title, anchor, alias, (), Origin(source.file, source.lines.get("section", 1))), [])
            body.append(current)
        elif isinstance(entry, Part):
            current = None
        if current is None:
            body.append(entry)
        else:
            current[1].append(entry)
    return tuple(dataclasses.replace(item[0], entries=tuple(item[1])) if isinstance(item, tuple) else item
                 for item in body)


def resolve(project: Project, parsed: Parsed, options: ResolveOptions = ResolveOptions()) -> Resolved:
    """The document model of a loaded, templated and parsed project, and what resolving found."""
    submission = project.submission
    language = submission.language
    problems: list[Diagnostic] = []
    status = "draft" if options.draft else submission.status
    date = date_text(submission.date, language) if submission.date else None
    fixed, english = labels(language, submission.translations)
    built = date_text(options.build_date.isoformat(), language)
    texts = {**dataclasses.asdict(fixed), "draft_of": draft_of(fixed, language)}
    templates = PageTemplates(project.root, page_context(submission, date, options.build_date, built, status, texts))
    plan = _plan(project, parsed, problems)
    entries = _entries(project, parsed, plan, problems)
    body = _group(project, plan, entries)
    meta = Metadata(title=typeset(submission.title, language), organisation=typeset(submission.organisation, language),
                    short_title=typeset(submission.short_title, language),
                    subtitle=typeset(submission.subtitle, language) if submission.subtitle else None,
                    consultation=submission.consultation, date=submission.date, date_text=date,
                    language=language, license=submission.license, status=status,
                    origin=Origin(submission.file, 1), direction=direction(language))
    annexes = ()
    if "sdg-matrix" in submission.annexes:
        annexes = (sdg_matrix(entries, fixed, language, Origin(submission.file, submission.lines.get("annexes", 1)),
                              submission.translations),)
    document = Document(meta, title_block(templates, project, language, problems), body, annexes,
                        fixed, PageFurniture(templates, language), submission.toc, plan.targets)
    problems.extend(untranslated(document, english, submission))
    return Resolved(document, tuple(problems))
