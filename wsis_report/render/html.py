"""One self-contained, accessible HTML page: the submission for the web, or to print.

The page's language and direction are the document's; the title is its one h1, sections are
h2 in their own landmarks, questions h3 (with their number), an answer's own headings below them.
Tables have header cells with a scope; SDG badges are text in the goals' colours; images are
embedded (data: URLs) with their alt text; nothing is fetched from elsewhere: the fonts are the
reader's system fonts. A print style sheet keeps headings with what follows and shows link targets.
"""
from __future__ import annotations

import base64
from html import escape

from ..model import (Block, Code, CodeBlock, Document, Emphasis, Entry, FootnoteRef, Goal, Heading, Image, Inline,
                     LineBreak, Link, ListBlock, Paragraph, Quote, SdgMap, SdgMatrix, Section, SoftBreak, Span,
                     Strikethrough, Strong, Subscript, Superscript, Table, Text, ThematicBreak)
from ..model.text import heading_levels
from ..theme import Theme
from .text import Counts, counts

_MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "SVG": "image/svg+xml"}


def _attribute(value: str) -> str:
    return escape(value, quote=True)


def inline_html(nodes: tuple[Inline, ...]) -> str:
    return "".join(INLINE_RULES[type(node)](node) for node in nodes)


def _wrap(tag: str):
    return lambda node: f"<{tag}>{inline_html(node.children)}</{tag}>"


def _link(node: Link) -> str:
    target = node.url or (f"#{node.anchor}" if node.anchor else None)
    label = inline_html(node.children)
    return f'<a href="{_attribute(target)}">{label}</a>' if target else label


def _note_reference(node: FootnoteRef) -> str:
    return (f'<sup><a id="{_attribute(node.anchor)}" href="#{_attribute(node.target)}" '
            f'role="doc-noteref">{node.number}</a></sup>')


def _image(node: Image) -> str:
    if node.data is None or node.format not in _MIME:
        return escape(node.alt, quote=False)
    source = f"data:{_MIME[node.format]};base64,{base64.b64encode(node.data).decode('ascii')}"
    return f'<img src="{source}" alt="{_attribute(node.alt)}">'


INLINE_RULES = {
    Text: lambda node: escape(node.text, quote=False),
    Code: lambda node: f"<code>{escape(node.text, quote=False)}</code>",
    SoftBreak: lambda node: "\n",
    LineBreak: lambda node: "<br>\n",
    Emphasis: _wrap("em"),
    Strong: _wrap("strong"),
    Strikethrough: _wrap("s"),
    Superscript: _wrap("sup"),
    Subscript: _wrap("sub"),
    Span: lambda node: f'<span lang="{_attribute(node.language)}">{inline_html(node.children)}</span>',
    Link: _link,
    Image: _image,
    FootnoteRef: _note_reference,
}


def badge(goal: Goal) -> str:
    """An SDG badge as text: "SDG 4" in white on the goal's colour, then its title."""
    return (f'<span class="sdg" style="background-color:{goal.colour}">SDG\u00a0{goal.number}</span> '
            f"{escape(goal.title, quote=False)}")


class _Page:
    def __init__(self, document: Document):
        self.document = document
        self.levels: dict[int, int] = {}

    def blocks(self, blocks: tuple[Block, ...]) -> str:
        return "\n".join(self.block(block) for block in blocks)

    def block(self, block: Block) -> str:
        if isinstance(block, Paragraph):
            return f"<p>{inline_html(block.inlines)}</p>"
        if isinstance(block, Heading):
            level = self.levels.get(id(block), 6)
            return f'<h{level} id="{_attribute(block.anchor)}">{inline_html(block.inlines)}</h{level}>'
        if isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            items = []
            for item in block.items:
                box = "" if item.checked is None else ('<input type="checkbox" disabled checked> ' if item.checked
                                                       else '<input type="checkbox" disabled> ')
                if len(item.blocks) == 1 and isinstance(item.blocks[0], Paragraph):
                    inner = inline_html(item.blocks[0].inlines)        # a tight item: its text, no paragraph
                else:
                    inner = self.blocks(item.blocks)
                items.append(f"<li>{box}{inner}</li>")
            return f"<{tag}{start}>\n" + "\n".join(items) + f"\n</{tag}>"
        if isinstance(block, Quote):
            return f"<blockquote>\n{self.blocks(block.blocks)}\n</blockquote>"
        if isinstance(block, CodeBlock):
            language = f' class="language-{_attribute(block.info.split()[0])}"' if block.info.strip() else ""
            return f"<pre><code{language}>{escape(block.text, quote=False)}</code></pre>"
        if isinstance(block, Table):
            return self._table(block)
        if isinstance(block, SdgMap):
            return self._sdg_map(block)
        if isinstance(block, ThematicBreak):
            return "<hr>"
        return ""

    def _table(self, node: Table) -> str:
        def cells(row, header: bool) -> str:
            made = []
            for cell in row.cells:
                style = f' style="text-align:{cell.align}"' if cell.align else ""
                if header:
                    made.append(f'<th scope="col"{style}>{inline_html(cell.inlines)}</th>')
                else:
                    made.append(f"<td{style}>{inline_html(cell.inlines)}</td>")
            return "<tr>" + "".join(made) + "</tr>"
        head = "".join(cells(row, True) for row in node.head)
        body = "".join(cells(row, False) for row in node.body)
        return ("<table>\n" + (f"<thead>{head}</thead>\n" if head else "") + f"<tbody>{body}</tbody>\n</table>")

    def _sdg_map(self, node: SdgMap) -> str:
        labels = self.document.labels
        notes = any(row.note for row in node.rows)
        head = [labels.action_line, labels.sdgs] + ([labels.note] if notes else [])
        rows = []
        for row in node.rows:
            goals = "<br>".join(badge(goal) for goal in row.goals)
            note = f"<td>{escape(row.note or '', quote=False)}</td>" if notes else ""
            rows.append(f'<tr><th scope="row"><b>{escape(row.line.label, quote=False)}</b> '
                        f"{escape(row.line.title, quote=False)}</th><td>{goals}</td>{note}</tr>")
        heads = "".join(f'<th scope="col">{escape(text, quote=False)}</th>' for text in head)
        return f'<table class="sdg-map">\n<thead><tr>{heads}</tr></thead>\n<tbody>{"".join(rows)}</tbody>\n</table>'

    def _matrix(self, annex: SdgMatrix) -> str:
        labels = self.document.labels
        heads = f'<th scope="col">{escape(annex.header, quote=False)}</th>' + "".join(
            f'<th scope="col" style="background-color:{goal.colour}" class="sdg-column">'
            f'<abbr title="SDG {goal.number}: {_attribute(goal.title)}">{goal.number}</abbr></th>'
            for goal in annex.goals)
        rows = []
        for row in annex.rows:
            cells = "".join(
                (f'<td class="linked" style="background-color:{goal.colour}">'
                 f"{escape(', '.join(labels.question_mark.format(n=q) for q in questions), quote=False)}</td>")
                if questions else "<td></td>" for goal, questions in zip(annex.goals, row.cells))
            rows.append(f'<tr><th scope="row"><b>{escape(row.line.label, quote=False)}</b> '
                        f"{escape(row.line.title, quote=False)}</th>{cells}</tr>")
        return (f'<section class="annex" aria-labelledby="{_attribute(annex.anchor)}">\n'
                f'<h2 id="{_attribute(annex.anchor)}">{escape(annex.title, quote=False)}</h2>\n'
                f'<table class="matrix">\n<thead><tr>{heads}</tr></thead>\n<tbody>{"".join(rows)}</tbody>\n</table>\n'
                f"<p>{inline_html(annex.legend)}</p>\n</section>")

    def answer(self, entry: Entry) -> str:
        """An answer's blocks, then its footnotes."""
        out = self.blocks(entry.blocks)
        if entry.footnotes:
            notes = "".join(f'<li id="{_attribute(note.anchor)}">{self.blocks(note.blocks)} '
                            f'<a href="#{_attribute(note.back_anchor)}" role="doc-backlink">\u21a9</a></li>'
                            for note in entry.footnotes)
            out += f'\n<aside class="footnotes" role="doc-endnotes"><ol>{notes}</ol></aside>'
        return out

    def plan(self, entry: Entry, level: int) -> None:
        """Levels of the answer's own headings: one below the entry's (h``level``), none skipped."""
        self.levels.update(heading_levels(entry, level))

    def entry(self, entry: Entry, level: int) -> str:
        self.plan(entry, level)
        number = f'<span class="number">{entry.number}.</span> ' if entry.number is not None else ""
        language = (f' lang="{_attribute(entry.language)}"' if entry.language != self.document.meta.language else "")
        size = counts(entry, self.document.labels)
        return (f'<section class="question" aria-labelledby="{_attribute(entry.anchor)}"{language}>\n'
                f'<h{level} id="{_attribute(entry.anchor)}">{number}{escape(entry.heading, quote=False)}</h{level}>\n'
                f"{self.answer(entry)}\n{_counts(size)}\n</section>")


def answer_html(document: Document, entry: Entry, level: int = 3) -> str:
    """An answer alone as an HTML fragment (its headings from h``level`` + 1 down)."""
    page = _Page(document)
    page.plan(entry, level)
    return page.answer(entry)


def _counts(size: Counts) -> str:
    over = " over" if size.over else ""
    # the tool's own note, in English whatever the document's language (and direction)
    return f'<p class="counts{over}" lang="en" dir="ltr">{escape(size.line(), quote=False)}</p>'


_STYLE = """
:root { --accent: %(accent)s; --text: %(text)s; --rule: %(rule)s; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
       color: var(--text); line-height: 1.5; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3, h4, h5, h6 { color: var(--accent); line-height: 1.25; }
h2 { border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
a { color: var(--accent); }
table { border-collapse: collapse; margin: 1rem 0; width: 100%%; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .5rem; text-align: start; vertical-align: top; }
thead th { border-bottom: 2px solid var(--accent); }
.sdg { color: #fff; font-weight: bold; padding: 0 .3em; border-radius: 2px; white-space: nowrap; }
.matrix { table-layout: fixed; font-size: .8em; }
.matrix thead th:first-child { width: 32%%; }
.matrix th, .matrix td { padding: .25rem .2rem; }
.matrix th.sdg-column, .matrix td.linked { color: #fff; text-align: center; font-weight: bold; }
.matrix td { border: 1px solid var(--rule); }
.matrix abbr { text-decoration: none; }
th[scope="row"] { font-weight: normal; }
pre { background: #f4f6f8; padding: .6rem; overflow-x: auto; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .92em; }
blockquote { border-inline-start: 3px solid var(--rule); margin-inline-start: 0; padding-inline-start: 1rem; }
img { max-width: 100%%; height: auto; }
.number { font-variant-numeric: tabular-nums; }
.counts { color: #5b6670; font-size: .85em; }
.counts.over { color: #b00020; }
.footnotes { font-size: .9em; border-top: 1px solid var(--rule); }
header p { margin: .2rem 0; }
nav ol { list-style: none; padding-inline-start: 1.2rem; }
nav > ol { padding-inline-start: 0; }
@media print {
  body { max-width: none; margin: 0; font-size: 10.5pt; }
  nav, .counts { display: none; }
  h1, h2, h3, h4 { break-after: avoid; }
  table, pre, blockquote, img { break-inside: avoid; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; }
}
"""


def render_html(document: Document, theme: Theme | None = None) -> str:
    """The submission as one HTML5 page (UTF-8), its look taken from the theme's colours."""
    meta = document.meta
    colours = {"accent": "#005a9c", "text": "#1b1f24", "rule": "#c9d3dd"}
    if theme is not None:
        colours = {key: theme.colour(key) for key in colours}
    page = _Page(document)
    top = 2
    head = [f"<h1>{escape(meta.title, quote=False)}</h1>"]
    for value, kind in ((meta.subtitle, "subtitle"), (meta.organisation, "organisation"),
                        (" \u00b7 ".join(filter(None, [meta.consultation, meta.date_text])), "meta")):
        if value:
            head.append(f'<p class="{kind}">{escape(value, quote=False)}</p>')
    contents, body = [], []
    for item in document.body:
        if isinstance(item, Section):
            entries = "\n".join(page.entry(entry, top + 1) for entry in item.entries)
            body.append(f'<section aria-labelledby="{_attribute(item.anchor)}">\n'
                        f'<h2 id="{_attribute(item.anchor)}">{escape(item.title, quote=False)}</h2>\n'
                        f"{entries}\n</section>")
            inner = "".join(f'<li><a href="#{_attribute(e.anchor)}">{escape(_numbered(e), quote=False)}</a></li>'
                            for e in item.entries)
            contents.append(f'<li><a href="#{_attribute(item.anchor)}">{escape(item.title, quote=False)}</a>'
                            f"<ol>{inner}</ol></li>")
        else:
            body.append(page.entry(item, top))
            contents.append(f'<li><a href="#{_attribute(item.anchor)}">{escape(_numbered(item), quote=False)}</a></li>')
    body += [page._matrix(annex) for annex in document.annexes]
    contents += [f'<li><a href="#{_attribute(a.anchor)}">{escape(a.title, quote=False)}</a></li>'
                 for a in document.annexes]
    direction = ' dir="rtl"' if meta.direction == "rtl" else ""
    footer = " \u00b7 ".join(filter(None, [meta.organisation, meta.license, meta.date_text]))
    return (f'<!DOCTYPE html>\n<html lang="{_attribute(meta.language)}"{direction}>\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(meta.title, quote=False)}</title>\n"
            f'<meta name="author" content="{_attribute(meta.organisation)}">\n'
            f"<style>{_STYLE % colours}</style>\n</head>\n<body>\n"
            f"<header>\n" + "\n".join(head) + "\n</header>\n"
            f'<nav aria-label="{_attribute(document.labels.contents)}"><ol>{"".join(contents)}</ol></nav>\n'
            f"<main>\n" + "\n".join(body) + "\n</main>\n"
            f"<footer><p>{escape(footer, quote=False)}</p></footer>\n</body>\n</html>\n")


def _numbered(entry: Entry) -> str:
    return f"{entry.number}. {entry.heading}" if entry.number is not None else entry.heading
