"""The document model as a story of flowables: title block, contents, sections, answers, annexes."""
from __future__ import annotations

from typing import Iterator

import dataclasses

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, PageBreak, Paragraph, Spacer

from ...model import Document, Entry, Paragraph as ParagraphNode, Question, Section, SdgMatrix, TitleElement
from ...model.text import heading_levels, plain_text
from .blocks import footnotes, render_blocks
from .context import Context
from .images import image_flowable
from .inline import text_block
from .marked import LanguageEnd, LanguageStart
from .pages import table_of_contents
from .sdg import sdg_matrix
from .styles import Styles
from .tags import Structure, tag


def _title_element(element: TitleElement, ctx: Context, role: str, alt: str) -> list[Flowable]:
    """A line of the title block; tagged as ``role`` (the title is the H1, the logo a Figure
    described by ``alt``: the organisation's name)."""
    styles = ctx.styles
    if element.kind == "logo":
        logo = styles.theme.options["logo"]
        fonts = (styles.body_font.regular, styles.body_font.bold)
        image = image_flowable(element.image, logo["max_width"] * mm, logo["max_height"] * mm, 72, fonts)
        return [tag(image, ctx.child("Figure", alt=alt)), Spacer(1, logo["space_after"])]
    if element.kind == "rule":
        return [HRFlowable(width="100%", thickness=styles.option("rules", "title"), color=styles.colour("accent"),
                           spaceBefore=styles.option("spacing", "title_rule_before"),
                           spaceAfter=styles.option("spacing", "title_rule_after"))]
    if element.kind == "space":
        return [Spacer(1, min(element.points, styles.frame_height))]
    if element.kind == "pagebreak":
        return [PageBreak()]
    return [tag(text_block(element.text, ctx, styles.paragraph[element.kind]), ctx.child(role))]


def _heading(text: str, anchors: tuple[str, ...], style: ParagraphStyle, outline: tuple[str, str, int],
             ctx: Context, number: int | None = None) -> Flowable:
    heading = text_block(text, ctx, style, f"{number}." if number is not None else None,
                         tuple(a for a in anchors if a))
    heading.outline = outline
    return heading


def _answer_reserve(styles: Styles) -> float:
    """Room a question needs at the foot of a page: its heading and a few lines of answer."""
    lines = styles.option("questions", "keep_lines")
    return styles.paragraph["question"].leading * 3 + styles.paragraph["body"].leading * lines


def _section_heading(title: str, anchors: tuple[str, ...], ctx: Context, level: int) -> list[Flowable]:
    """A section-level heading (a section, an annex) with its rule, kept with what follows."""
    styles = ctx.styles
    style = styles.paragraph["section"]
    rule = HRFlowable(width="100%", thickness=styles.option("rules", "section"), color=styles.colour("accent"),
                      spaceBefore=0, spaceAfter=style.spaceAfter)
    heading = tag(_heading(title, anchors, style, (title, anchors[0], 0), ctx), ctx.child(f"H{level}"))
    heading.keepWithNext = rule.keepWithNext = 1
    return [heading, rule]


def _section(section: Section, ctx: Context, level: int) -> list[Flowable]:
    styles = ctx.styles
    style = styles.paragraph["section"]
    heading, rule = _section_heading(section.title, (section.anchor, section.alias), ctx, level)
    heading.wsis_source = (section.origin.file, section.origin.line)
    reserve = style.spaceBefore + style.leading * 2 + style.spaceAfter + _answer_reserve(styles)
    return [CondPageBreak(reserve), heading, rule]


def _keep_with_answer(heading: Paragraph, entry: Entry, body: list[Flowable], styles: Styles) -> None:
    # Keeping a heading with a block taller than the space left would push both to the next
    # page and leave a gap; the CondPageBreak before the heading already keeps it off the foot
    # of a page, so only short first blocks are kept with it.
    limit = styles.frame_height * styles.option("questions", "keep_first_block") / 100
    first = body[0] if body else None
    if first is None:
        return
    if isinstance(first, Paragraph) and entry.blocks and isinstance(entry.blocks[0], ParagraphNode):
        style = first.style                  # measured on one line: wrapping here would double the work
        lines = styles.width(plain_text(entry.blocks[0].inlines), style.fontName, style.fontSize) / styles.frame_width
        short = (lines + 1) * style.leading <= limit
    else:
        short = first.wrap(styles.frame_width, styles.frame_height)[1] <= limit
    if short:
        heading.keepWithNext = 1


def _numbered_style(styles: Styles, document: Document) -> ParagraphStyle:
    """The question style, its text indented past the widest question number, so every
    question's text starts at the same place."""
    style = styles.paragraph["question"]
    widest = max((styles.width(f"{q.number}.", style.fontName, style.fontSize) for q in document.questions), default=0)
    # reportlab keeps 0.6 em after a bullet, pushing the first line of the widest numbers right
    indent = widest + max(styles.option("questions", "number_gap"), 0.6 * style.fontSize)
    return ParagraphStyle("question-numbered", parent=style, leftIndent=indent, bulletIndent=0)


def _entry(entry: Entry, ctx: Context, numbered: ParagraphStyle, level: int, after_section: bool,
           heading_level: int) -> list[Flowable]:
    document_language = ctx.language
    ctx = dataclasses.replace(ctx, language=entry.language, rtl=entry.direction == "rtl")
    if ctx.structure is not None:
        ctx = dataclasses.replace(ctx, headings=heading_levels(entry, heading_level))
    styles = ctx.styles
    style = numbered if isinstance(entry, Question) else styles.paragraph["question"]
    # tagged, the question number is the start of the heading's text (drawn as its bullet)
    heading = tag(_heading(entry.heading, (entry.anchor,), style, (entry.outline, entry.anchor, level), ctx,
                           entry.number), ctx.child(f"H{heading_level}"))
    heading.wsis_source = (entry.origin.file, entry.origin.line)
    heading.wsis_entry = True                    # counted for progress
    body = render_blocks(entry.blocks, ctx) + footnotes(entry.footnotes, ctx)
    _keep_with_answer(heading, entry, body, styles)
    reserve = [] if after_section else [CondPageBreak(_answer_reserve(styles))]
    if entry.language == document_language or ctx.structure is not None:     # tagged: elements carry /Lang
        return [*reserve, heading, *body]
    start = LanguageStart(entry.language)            # the part's text carries its own /Lang
    return [*reserve, start, heading, *body, LanguageEnd(start)]


def _annex(annex: SdgMatrix, ctx: Context, level: int) -> list[Flowable]:
    return [PageBreak(), *_section_heading(annex.title, (annex.anchor,), ctx, level), *sdg_matrix(annex, ctx)]


def story_parts(document: Document, styles: Styles, structure: Structure | None = None) -> Iterator[list[Flowable]]:
    """The document as flowables, a part at a time (the title block, the contents, each section's
    heading, each question or part, each annex); with a ``structure``, each tagged with its
    structure element: Document > (H1 title, P ...), TOC, Sect per section (H2, then H3 per
    question and its answer), Sect per annex."""
    meta = document.meta
    ctx = Context(styles, document.labels, styles.frame_width, language=meta.language, rtl=meta.direction == "rtl",
                  structure=structure, parent=structure.root if structure is not None else None)
    titled = any(element.kind == "title" for element in document.title_block)
    top = 2 if titled else 1            # the level of a section's heading
    roles = iter(["H1"])                # the (first) title is the document's H1
    title: list[Flowable] = []
    for element in document.title_block:
        role = next(roles, "P") if element.kind == "title" else "P"
        title += _title_element(element, ctx, role, meta.organisation)
    yield title
    if document.toc:
        yield table_of_contents(ctx, document.labels.contents, top)
    numbered = _numbered_style(styles, document)
    for item in document.body:
        if isinstance(item, Section):
            section = ctx.under(ctx.child("Sect"))
            yield _section(item, section, top)
            for index, entry in enumerate(item.entries):
                yield _entry(entry, section, numbered, 1, after_section=index == 0, heading_level=top + 1)
        else:
            yield _entry(item, ctx.under(ctx.child("Sect")), numbered, 0, after_section=False, heading_level=top)
    for annex in document.annexes:
        yield _annex(annex, ctx.under(ctx.child("Sect")), top)


def build_story(document: Document, styles: Styles, structure: Structure | None = None) -> list[Flowable]:
    """The whole story at once: for a document laid out more than once (its contents' page
    numbers need a second pass), which reportlab copies for each pass."""
    return [flowable for part in story_parts(document, styles, structure) for flowable in part]


class LazyStory(list):
    """The story as reportlab consumes it, from the front, made a part at a time as layout
    reaches it: only the parts being laid out exist as flowables, not a whole 1,000-question
    document's (its peak memory, and the collector's work, grow with what is alive).

    reportlab reads the front of the list (and, to keep a heading with what follows, as far as
    the first flowable that is not kept with the next), inserts split parts at the front and
    deletes from it; so the list holds at least one part, and always reaches past a flowable
    kept with the next."""

    def __init__(self, parts: Iterator[list[Flowable]]):
        super().__init__()
        self._parts: Iterator[list[Flowable]] | None = parts
        self._settled: Flowable | None = None

    def _fill(self) -> None:
        while self._parts is not None:
            if list.__len__(self):
                # reportlab asks the length and the front 135,000 times at 1,000 questions; the
                # back changes only here, so a last flowable found not kept with the next is
                # not asked again
                last = list.__getitem__(self, -1)
                if last is self._settled:
                    return
                if not self._kept_with_next(last):
                    self._settled = last
                    return
            part = next(self._parts, None)
            if part is None:
                self._parts = None
            else:
                self.extend(part)

    @staticmethod
    def _kept_with_next(flowable: Flowable) -> bool:
        return bool(flowable.getKeepWithNext()) if hasattr(flowable, "getKeepWithNext") else False

    def __len__(self) -> int:
        self._fill()
        return list.__len__(self)

    def __bool__(self) -> bool:
        return self.__len__() > 0

    def __getitem__(self, index):
        self._fill()
        return list.__getitem__(self, index)
