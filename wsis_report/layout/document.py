"""Stage 5, lay out: the checked document becomes a story of flowables, then PDF bytes in memory."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, PageBreak, Paragraph, Spacer
from reportlab.platypus.doctemplate import LayoutError as ReportlabLayoutError

from .. import __version__
from ..check import Answer, CheckedDocument, Section
from ..errors import Diagnostic, LayoutError, error
from ..load import AssetError, resolve_asset
from ..parse import base_language, typeset
from ..template import PageTemplates, TitleLine, page_context
from ..theme import Theme
from .blocks import render_blocks
from .context import Context
from .images import logo_flowable
from .sdg import sdg_matrix
from .pages import FurnitureCanvas, PdfInfo, SubmissionDocTemplate, furniture_painter, table_of_contents
from .styles import PASTED, Styles, make_styles


@dataclass(frozen=True)
class LaidOut:
    """The laid-out PDF, held in memory until the write stage puts it on disk."""

    pdf: bytes
    pages: int
    warnings: tuple[Diagnostic, ...]


_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
}
_DATE_FORMATS = {"en": "{d} {m} {y}", "fr": "{d} {m} {y}", "es": "{d} de {m} de {y}", "ru": "{d} {m} {y} г."}


def date_text(value: str, language: str) -> str:
    """A date written out in the submission's language; ISO 8601 where the fonts lack the script."""
    date = dt.date.fromisoformat(value)
    base = base_language(language)
    if base not in _MONTHS:
        return date.isoformat()
    day = "1er" if base == "fr" and date.day == 1 else str(date.day)
    month = _MONTHS[base].split()[date.month - 1]
    return _DATE_FORMATS[base].format(d=day, m=month, y=date.year)


def _title_line(line: TitleLine, styles: Styles, content_dir: Path, language: str) -> list[Flowable]:
    para = styles.paragraph
    if line.kind == "logo":
        logo = styles.theme.options["logo"]
        try:
            path = resolve_asset(line.text, content_dir)
            return [logo_flowable(path, logo["max_width"] * mm, logo["max_height"] * mm,
                                  styles.body_font.regular, styles.body_font.bold), Spacer(1, 12)]
        except AssetError as exc:
            raise LayoutError([error("templates/title.j2", 1, f"logo: {exc}", "image")]) from None
    if line.kind == "rule":
        return [HRFlowable(width="100%", thickness=styles.theme.option("rules", "title"),
                           color=styles.colour("accent"), spaceBefore=10, spaceAfter=6)]
    if line.kind == "space":
        try:
            return [Spacer(1, max(0.0, min(float(line.text or 0), styles.frame_height)))]
        except ValueError:
            raise LayoutError([error("templates/title.j2", 1, f"'space: {line.text}' needs a number of "
                                                              "points", "template")]) from None
    if line.kind == "pagebreak":
        return [PageBreak()]
    if not line.text:
        return []
    text = typeset(line.text, language)
    return [Paragraph(styles.markup(text, para[line.kind].fontName), para[line.kind])]


def title_block(lines: list[TitleLine], styles: Styles, content_dir: Path, language: str) -> list[Flowable]:
    """The title block that title.j2 describes, one element a line."""
    return [flowable for line in lines for flowable in _title_line(line, styles, content_dir, language)]


def _heading(text: str, anchors: tuple[str, ...], style, outline: tuple[str, str, int],
             styles: Styles, number: int | None = None):
    markup = "".join(f'<a name="{a}"/>' for a in anchors if a) + styles.markup(text, style.fontName)
    para = Paragraph(markup, style, bulletText=f"{number}." if number is not None else None)
    para.outline = outline
    return para


def _answer_reserve(styles: Styles) -> float:
    """Room a question needs at the foot of a page: its heading and four lines of answer."""
    return styles.paragraph["question"].leading * 3 + styles.paragraph["body"].leading * 4


def _section_heading(title: str, anchors: tuple[str, ...], styles: Styles) -> list[Flowable]:
    """A section-level heading (a section, an annex) with its rule, kept with what follows."""
    style = styles.paragraph["section"]
    rule = HRFlowable(width="100%", thickness=styles.theme.option("rules", "section"),
                      color=styles.colour("accent"), spaceBefore=0, spaceAfter=style.spaceAfter)
    heading = _heading(title, anchors, style, (title, anchors[0], 0), styles)
    heading.keepWithNext = rule.keepWithNext = 1
    return [heading, rule]


def _section(section: Section, styles: Styles) -> list[Flowable]:
    style = styles.paragraph["section"]
    heading, rule = _section_heading(section.title, (section.anchor, section.alias), styles)
    heading.wsis_source = (section.file, section.line)
    reserve = style.spaceBefore + style.leading * 2 + style.spaceAfter + _answer_reserve(styles)
    return [CondPageBreak(reserve), heading, rule]


def _keep_with_answer(heading: Paragraph, body: list[Flowable], styles: Styles) -> None:
    # Keeping a heading with a block taller than the space left would push both to the next
    # page and leave a gap; the CondPageBreak before the heading already keeps it off the foot
    # of a page, so only short first blocks are kept with it.
    first = body[0] if body else None
    if isinstance(first, Paragraph):    # an estimate: wrapping here would double the work
        lines = len(first.text) * first.style.fontSize * 0.5 / styles.frame_width + 1
        short = lines * first.style.leading <= styles.frame_height / 4
    else:
        short = (first is not None
                 and first.wrap(styles.frame_width, styles.frame_height)[1] <= styles.frame_height / 4)
    if short:
        heading.keepWithNext = 1


def _answer(answer: Answer, ctx: Context, level: int, after_section: bool) -> list[Flowable]:
    styles = ctx.styles
    style = styles.paragraph["question"]
    if answer.number is not None:
        number_width = style.fontSize * (0.6 * len(str(answer.number)) + 0.9)
        style = ParagraphStyle("question-numbered", parent=style, leftIndent=number_width, bulletIndent=0)
    heading = _heading(answer.heading, (answer.anchor,), style, (answer.outline_title, answer.anchor, level),
                       styles, answer.number)
    heading.wsis_source = (answer.file, answer.parsed.source.lines.get("question", 1))
    body = render_blocks(answer.parsed.tree.children, ctx)
    _keep_with_answer(heading, body, styles)
    reserve = [] if after_section else [CondPageBreak(_answer_reserve(styles))]
    return [*reserve, heading, *body]


def build_story(document: CheckedDocument, styles: Styles, title: list[TitleLine], content_dir: Path,
                problems: list[Diagnostic]) -> list[Flowable]:
    story = title_block(title, styles, content_dir, document.submission.language)
    if document.submission.toc:
        story += table_of_contents(styles)
    in_section, after_section, anchors = False, False, document.anchors
    for entry in document.entries:
        if isinstance(entry, Section):
            story += _section(entry, styles)
            in_section = after_section = True
            continue
        ctx = Context(styles=styles, content_dir=content_dir, file=entry.file, body_line=entry.body_line,
                      anchor=entry.anchor, width=styles.frame_width, sdg_maps=entry.sdg_maps,
                      anchors=anchors, heading_anchors=entry.heading_anchors, diagnostics=problems)
        level = 1 if in_section and entry.number is not None else 0
        in_section = in_section and entry.number is not None
        story += _answer(entry, ctx, level, after_section)
        after_section = False
    if "sdg-matrix" in document.submission.annexes:
        story += _matrix_annex(document, styles)
    return story


MATRIX_TITLE = "Annex: WSIS Action Lines and the SDGs"


def _matrix_annex(document: CheckedDocument, styles: Styles) -> list[Flowable]:
    return [PageBreak(), *_section_heading(MATRIX_TITLE, ("annex-sdg-matrix",), styles),
            *sdg_matrix(document, styles)]


def printed_chars(document: CheckedDocument) -> frozenset[str]:
    """Every non-ASCII character the document prints, so one fallback font can cover the rest."""
    sub = document.submission
    texts = [sub.title, sub.subtitle, sub.organisation, sub.consultation, sub.short_title, *sub.footer]
    for entry in document.entries:
        if isinstance(entry, Section):
            texts.append(entry.title)
            continue
        texts.append(entry.heading)
        markdown = entry.parsed.rendered.markdown
        if not markdown.isascii() or "&" in markdown:   # entities can decode to anything
            stack = list(entry.parsed.tree.children)
            while stack:
                node = stack.pop()
                texts.append(node.content if node.type in _TEXT_NODES else "")
                stack.extend(node.children)
    return frozenset(c for text in texts if text and not text.isascii()
                     for c in text.translate(PASTED) if ord(c) > 127)


_TEXT_NODES = ("text", "code_inline", "fence", "code_block", "html_inline", "html_block", "image")


@dataclass(frozen=True)
class LayoutOptions:
    """How to lay out, beyond the document and the theme."""

    project_root: Path
    epoch: int                  # the PDF's creation date, seconds since 1970
    build_date: dt.date         # shown in a draft's footer
    draft: bool = False         # watermark and build date, whatever submission.yaml says


def lay_out(document: CheckedDocument, theme: Theme, options: LayoutOptions) -> LaidOut:
    submission = document.submission
    if options.draft and submission.status != "draft":
        submission = dataclasses.replace(submission, status="draft")
    styles = make_styles(theme, submission.language, printed_chars(document), options.project_root)
    date = date_text(submission.date, submission.language) if submission.date else None
    templates = PageTemplates(options.project_root, page_context(submission, date, options.build_date))
    templates.check_furniture()          # template errors before layout, not in the middle of it
    problems: list[Diagnostic] = []
    story = build_story(document, styles, templates.title(), options.project_root / "content", problems)
    info = PdfInfo(title=submission.title, author=submission.organisation,
                   subject=submission.consultation or submission.title,
                   creator=f"wsis-report {__version__}", language=submission.language,
                   keywords=("WSIS", "SDG"), epoch=options.epoch)
    painter = furniture_painter(styles, templates, draft=submission.status == "draft")
    buffer = io.BytesIO()
    doc = SubmissionDocTemplate(buffer, styles, info)

    def canvasmaker(*args, **kwargs):
        return FurnitureCanvas(*args, draw_furniture=painter, epoch=options.epoch, **kwargs)

    try:
        if submission.toc:          # page numbers in the contents need a second pass
            doc.multiBuild(story, canvasmaker=canvasmaker, maxPasses=4)
        else:
            doc.build(story, canvasmaker=canvasmaker)
    except ReportlabLayoutError as exc:
        file, line = doc.current_source or (submission.file, 1)
        raise LayoutError([error(file, line, f"cannot lay out this block: {exc}", "layout")]) from None
    return LaidOut(buffer.getvalue(), doc.page, tuple(problems))
