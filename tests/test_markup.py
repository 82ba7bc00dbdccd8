"""Paragraph markup as nodes (render/pdf/markup.py) gives the fragments reportlab's parser gives
for the same markup written as a string: same text, same white space, same styles, links,
lines and callbacks, for every tag the inline rules write."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from wsis_report.render.pdf.markup import element, fragments

STYLE = ParagraphStyle("test", fontName="Helvetica", fontSize=10, leading=12)
RED, BLUE = HexColor("#C00000"), HexColor("#005A9C")
# (no zero-width space: the cleaner of strings strips it at a line's ends, the nodes keep it)
_ALPHABET = "ab Z \t\n\xa0\u2009\u202f\u3000&<>\"'é"

_text = st.text(alphabet=_ALPHABET, max_size=12)
_empty = st.sampled_from([element("br"), element("a", {"name": " note-1"}),
                          element("ondraw", {"name": "wsisMark", "label": "7"})])


def _containers(children):
    tags = st.sampled_from([("b", None), ("i", None), ("super", None), ("sub", None),
                            ("strike", {"color": RED}), ("u", {"color": BLUE}),
                            ("font", {"face": "Courier", "size": 9.0, "backcolor": BLUE}),
                            ("font", {"color": RED}), ("a", {"href": " https://x.org/?a=1&b=2 ", "color": BLUE})])
    return st.tuples(tags, st.lists(children, max_size=4)).map(lambda t: element(t[0][0], t[0][1], t[1]))


_nodes = st.lists(st.recursive(st.one_of(_text, _empty), _containers, max_leaves=12), max_size=6)


def _attribute(value) -> str:
    text = "#" + value.hexval()[2:] if isinstance(value, Color) else str(value)
    return '"' + text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;") + '"'


def _as_string(nodes) -> str:
    """The markup a string-writing renderer would have made of the nodes."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
            continue
        tag, attributes, children = node
        written = "".join(f" {name}={_attribute(value)}" for name, value in (attributes or {}).items())
        out.append(f"<{tag}{written}>{_as_string(children or [])}</{tag}>")
    return "".join(out)


def _look(frag) -> dict:
    kept = {key: value for key, value in frag.__dict__.items() if key not in ("text", "cbDefn")}
    if hasattr(frag, "cbDefn"):
        kept["cbDefn"] = dict(frag.cbDefn.__dict__)
    return kept


def _joined(frags) -> list[tuple[dict, str]]:
    """Fragments side by side in one look as one: the parser of strings cuts text at each entity."""
    out: list[tuple[dict, str]] = []
    for frag in frags:
        look = _look(frag)
        alone = "cbDefn" in look or look.get("lineBreak")
        if out and not alone and out[-1][0] == look:
            out[-1] = (look, out[-1][1] + frag.text)
        else:
            out.append((look, frag.text))
    return out


@settings(max_examples=300, deadline=None)
@given(_nodes)
def test_nodes_give_the_fragments_of_the_same_markup_as_a_string(nodes):
    parser = ParaParser()
    parser.caseSensitive = 1
    _, theirs, _ = parser.parse(cleanBlockQuotedText(_as_string(nodes)), STYLE)
    assert _joined(fragments(nodes, STYLE)) == _joined(theirs)


def test_text_that_looks_like_markup_stays_text():
    frags = fragments(["<b>not bold</b> &amp; <a href='x'>no link</a>"], STYLE)
    assert [frag.text for frag in frags] == ["<b>not bold</b> &amp; <a href='x'>no link</a>"]
    assert frags[0].fontName == "Helvetica" and frags[0].link == []


def test_preformatted_markup_keeps_its_white_space():
    frags = fragments(["  def f():\n      return  1  "], STYLE, preformatted=True)
    assert "".join(frag.text for frag in frags) == "  def f():\n      return  1  "
