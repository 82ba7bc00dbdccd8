"""Tagged PDF/UA-1 and PDF/A-2 by default: the structure tree read back with pikepdf, each marked
sequence's text with pdfminer.six, and the machine-checkable subset of PDF/UA-1 with pdfua."""
from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from conftest import EXAMPLE, question, run_cli, write_project
from tagged import Annotation, Content, Node, marked_text, structure, structure_text, words

REPO = EXAMPLE.parent
FIXTURES = Path(__file__).parent / "fixtures"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                                   reason="poppler-utils read the pages as a person sees them")


def built(tmp_path: Path, source: Path, *options: str, name: str = "submission.pdf") -> Path:
    """``source`` (a project folder) built into ``tmp_path``."""
    project = tmp_path / "project"
    if not project.exists():
        shutil.copytree(source, project, ignore=shutil.ignore_patterns("build", ".git", ".venv*"))
    target = tmp_path / name
    result = run_cli("build", project, "-o", target, *options)
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return built(tmp_path_factory.mktemp("example"), REPO)


@pytest.fixture(scope="module")
def features(tmp_path_factory) -> Path:
    return built(tmp_path_factory.mktemp("features"), FIXTURES / "features")


def pdfua_findings(path: Path) -> list[str]:
    from pdfua import validate

    report = validate(str(path))
    return [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings
            if f.severity.name in ("ERROR", "WARNING")]


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}


def page_text(path: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


# ---------------------------------------------------------------------------- validators

@pytest.fixture(scope="module")
def arabic(tmp_path_factory) -> Path:
    return built(tmp_path_factory.mktemp("arabic"), FIXTURES / "arabic")


@pytest.fixture(scope="module")
def chinese(tmp_path_factory) -> Path:
    return built(tmp_path_factory.mktemp("chinese"), FIXTURES / "chinese")


@pytest.mark.parametrize("name", ["example", "features", "init", "arabic", "chinese"])
def test_pdfua_finds_nothing(tmp_path, name, request):
    if name == "init":
        assert run_cli("init", tmp_path / "team").exit_code == 0
        path = built(tmp_path, tmp_path / "team")
    else:
        path = request.getfixturevalue(name)
    assert pdfua_findings(path) == []


def test_the_untagged_pdf_is_what_pdfua_expects_it_to_be(tmp_path):
    """The validator is not a rubber stamp: the same example without tags fails it."""
    path = built(tmp_path, REPO, "--no-tags")
    findings = pdfua_findings(path)
    assert any(f.startswith("UA-01-005 ERROR") for f in findings)       # no structure tree
    with pikepdf.open(path) as pdf:
        assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfaid:conformance>U</pdfaid:conformance>" in xmp and "pdfuaid:part>" not in xmp


# ---------------------------------------------------------------------------- the structure tree

@pytest.mark.parametrize("name", ["example", "features", "arabic", "chinese"])
def test_every_marked_sequence_belongs_to_exactly_one_element(name, request):
    path = request.getfixturevalue(name)
    with pikepdf.open(path) as pdf:
        root = structure(pdf)
        pages = marked_text(path)
        referenced = Counter((kid.page, kid.mcid) for node in root.walk() for kid in node.kids
                             if isinstance(kid, Content))
        drawn = {(index, mcid) for index, page in enumerate(pages) for mcid in page.texts}
        assert set(referenced) == drawn and max(referenced.values()) == 1
        assert all(not page.unmarked and page.nested_mcids == 0 for page in pages)   # nothing untagged, no nesting
        tree = parent_tree(pdf)
        elements = {node.obj.objgen: node for node in root.walk()}
        for index, page in enumerate(pdf.pages):
            assert page.Tabs == "/S"
            owners = tree[int(page.StructParents)]
            assert len(owners) == len(pages[index].texts)
            for mcid, owner in enumerate(owners):        # the parent tree leads back to the element
                assert Content(index, mcid) in elements[owner.objgen].kids


def test_headings_follow_the_outline_without_skipping_a_level(example):
    from pypdf import PdfReader

    from conftest import outline_titles

    with pikepdf.open(example) as pdf:
        root = structure(pdf)
        pages = marked_text(example)
        headings = [node for node in root.walk() if re.fullmatch(r"H[1-6]", node.role)]
        levels = [int(node.role[1]) for node in headings]
        assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))
        texts = [" ".join(structure_text(node, pages).split()) for node in headings]
    outline = outline_titles(PdfReader(example))
    sections = [title for depth, title, _ in outline if depth == 0]
    questions = [title for depth, title, _ in outline if depth == 1]
    assert [t for t, level in zip(texts, levels) if level == 2][-len(sections):] == sections
    h3 = [t for t, level in zip(texts, levels) if level == 3]
    assert len(h3) == len(questions) and all(t.endswith(q) for t, q in zip(h3, questions))
    assert h3[0].startswith("1. ")                       # the question number is in the heading's text
    assert texts[0] == "Implementation of WSIS Outcomes — Input to the WSIS+20 Review"


def test_lists_tables_figures_and_notes(features):
    with pikepdf.open(features) as pdf:
        root = structure(pdf)
        pages = marked_text(features)
        roles = Counter(node.role for node in root.walk())
        for node in root.walk():
            if node.role == "L":
                assert node.kids and all(isinstance(k, Node) and k.role == "LI" for k in node.kids)
                assert node.get("/A").ListNumbering in ("/Decimal", "/Disc")
            if node.role == "LI":
                assert [k.role for k in node.kids if isinstance(k, Node)][:2] in (["Lbl", "LBody"], ["LBody"])
            if node.role == "TH":
                assert node.get("/A").Scope in ("/Column", "/Row")
            if node.role == "Figure":
                assert str(node.get("/Alt")).strip()
        labels = [structure_text(node, pages).strip() for node in root.walk() if node.role == "Lbl"]
        assert labels == ["1.", "2.", "–", "·", "1.", "–", "3.", "4.", "5."]     # bullets by depth, as drawn
        figures = [str(node.get("/Alt")) for node in root.walk() if node.role == "Figure"]
        assert figures == ["Fixture Org", "A chart", "icon"]      # the logo, described by the organisation
        notes = [node for node in root.walk() if node.role == "Note"]
        assert len(notes) == 1 and str(notes[0].get("/ID"))
        assert "A shared footnote" in structure_text(notes[0], pages)
        tables = [node for node in root.walk() if node.role == "Table"]
        assert len(tables) == 2 and roles["BlockQuote"] == 2 and roles["Code"] >= 3 and roles["Reference"] == 2
        # a data cell's text is in its cell: the table reads row by row, header first
        cells = [[structure_text(cell, pages).strip() for cell in row.kids]
                 for part in tables[0].kids for row in part.kids]
        assert cells == [["Left", "Centre", "Right"], ["a", "b", "1,234"], ["c", "d", "5"]]
        sdg = [[" ".join(structure_text(cell, pages).split()) for cell in row.kids] for part in tables[1].kids
               for row in part.kids]
        assert sdg[0][:2] == ["Grande orientation", "ODD"] and sdg[1][0].startswith("C1 ")     # a French fixture
        assert sdg[1][1] == "SDG 17 Partenariats pour la réalisation des objectifs"


def test_every_link_annotation_is_in_its_link_element(features):
    with pikepdf.open(features) as pdf:
        root = structure(pdf)
        tree = parent_tree(pdf)
        links = {node.obj.objgen: node for node in root.walk() if node.role == "Link"}
        annotations = [(index, a) for index, page in enumerate(pdf.pages) for a in page.get("/Annots", ())]
        assert len(annotations) >= 8
        for index, annotation in annotations:
            assert annotation.F == 4 and str(annotation.Contents).strip()
            owner = links[tree[int(annotation.StructParent)].objgen]
            assert any(isinstance(k, Annotation) and k.annotation.objgen == annotation.objgen and k.page == index
                       for k in owner.kids)
            assert any(isinstance(k, Content) for node in owner.walk() for k in node.kids)   # and its text
        references = [node for node in root.walk() if node.role == "Reference"]
        assert all([k.role for k in node.kids] == ["Link"] for node in references)


def test_page_furniture_is_artifact_and_nothing_else_is(example):
    """The running header and footer are pagination artifacts, and the only text that is one (rules
    and shading are artifacts too, but draw no text)."""
    pages = marked_text(example)
    footer = "opennetworks.example.org · CC BY-NC-SA 4.0 · @opennetworks"
    for number, page in enumerate(pages, start=1):
        header = ["Implementation of WSIS outcomes", str(number)] if number > 1 else []
        assert [" ".join(text.split()) for text in page.artifacts] == header + [footer, f"Page {number} of 7"]
        assert not any("Page" in text and " of 7" in text for text in page.texts.values())
    with pikepdf.open(example) as pdf:
        kinds = Counter()
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if operator == pikepdf.Operator("BDC") and operands[0] == "/Artifact":
                    kinds[str(operands[1].get("/Subtype"))] += 1
    assert kinds == Counter({"/Header": 6, "/Footer": 7})


@needs_poppler
def test_structure_order_is_the_reading_order(example):
    """The text in the order of the structure tree is the text of the pages as poppler reads them,
    header and footer left out: word for word, except where poppler reads a table's cells in
    another order than row by row."""
    import difflib

    with pikepdf.open(example) as pdf:
        root = structure(pdf)
        width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
    pages = marked_text(example)
    ordered = words(structure_text(root, pages))
    body = subprocess.run(["pdftotext", "-x", "0", "-y", "60", "-W", str(int(width)), "-H", str(int(height - 120)),
                           str(example), "-"], capture_output=True, text=True, check=True).stdout
    visible = words(body)
    assert Counter(ordered) == Counter(visible)
    in_tables = Counter(w for node in root.walk() if node.role == "Table" for w in words(structure_text(node, pages)))
    matcher = difflib.SequenceMatcher(a=visible, b=ordered, autojunk=False)
    moved = [w for op, a1, a2, _, _ in matcher.get_opcodes() if op != "equal" for w in visible[a1:a2]]
    assert not Counter(moved) - in_tables


@needs_poppler
def test_tagging_changes_nothing_on_the_page(tmp_path):
    tagged, untagged = built(tmp_path, REPO), built(tmp_path, REPO, "--no-tags", name="untagged.pdf")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(tagged), str(tmp_path / "t")], check=True)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(untagged), str(tmp_path / "u")], check=True)
    images = sorted(tmp_path.glob("t-*.png"))
    assert len(images) == 7
    for image in images:
        assert image.read_bytes() == (tmp_path / image.name.replace("t-", "u-")).read_bytes(), image.name


def test_parts_and_spans_in_another_language_carry_their_lang(tmp_path):
    project = write_project(tmp_path, {
        "01.md": "---\nquestion: En français ?\nlanguage: fr\n---\nIl a dit \"oui\" : bien !\n",
        "02.md": question("A span?", 'English, then <span lang="fr">en français</span> and back.')})
    path = built(tmp_path, project)
    with pikepdf.open(path) as pdf:
        root = structure(pdf)
        pages = marked_text(path)
        assert pdf.Root.Lang == "en"
        french = [(node.role, " ".join(structure_text(node, pages).split())) for node in root.walk()
                  if str(node.get("/Lang", "")) == "fr"]
    assert ("H2", "1. En français ?") in french or ("H3", "1. En français ?") in french
    assert ("Span", "en français") in french and any(role == "P" and "Il a dit" in text for role, text in french)


# ---------------------------------------------------------------------------- PDF/A-2

def test_archival_metadata_says_what_the_document_says(example):
    with pikepdf.open(example) as pdf:
        assert pdf.pdf_version >= "1.5" and not pdf.is_encrypted and pdf.trailer.ID
        info = pdf.trailer.Info
        xmp = etree.fromstring(pdf.Root.Metadata.read_bytes())
        space = {"dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
                 "xmp": "http://ns.adobe.com/xap/1.0/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
                 "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
                 "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}

        def value(path: str) -> str:
            return xmp.xpath(f"string(//{path})", namespaces=space)

        assert value("dc:title//rdf:li") == str(info.Title) == "Implementation of WSIS Outcomes — Input to the WSIS+20 Review"
        assert value("dc:creator//rdf:li") == str(info.Author) and value("dc:description//rdf:li") == str(info.Subject)
        assert value("pdf:Producer") == str(info.Producer) and value("xmp:CreatorTool") == str(info.Creator)
        assert value("pdf:Keywords") == str(info.Keywords) and "/Trapped" not in info
        assert str(info.CreationDate) == "D:20250314000000+00'00'" and value("xmp:CreateDate") == "2025-03-14T00:00:00+00:00"
        assert value("pdfaid:part") == "2" and value("pdfaid:conformance") == "A" and value("pdfuaid:part") == "1"
        assert value("dc:language//rdf:li") == str(pdf.Root.Lang) == "en"
        assert pdf.Root.MarkInfo.Marked is True and pdf.Root.ViewerPreferences.DisplayDocTitle is True
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"        # an ICC profile
        for page in pdf.pages:                                                # every font embedded, with ToUnicode
            for font in page.Resources.Font.values():
                assert "/FontFile2" in font.FontDescriptor and "/ToUnicode" in font
        assert "/JavaScript" not in str(pdf.Root.keys()) and "/AA" not in pdf.Root
        assert not [a for page in pdf.pages for a in page.get("/Annots", ()) if a.get("/A", {}).get("/S") != "/URI"
                    and "/Dest" not in a]


def test_the_same_sources_give_the_same_tagged_bytes(tmp_path):
    first = built(tmp_path, FIXTURES / "features", name="one.pdf")
    second = built(tmp_path, FIXTURES / "features", name="two.pdf")
    assert first.read_bytes() == second.read_bytes()


def test_an_image_without_alt_text_is_a_warning_and_decoration(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Chart?", "Before.\n\n![](assets/chart.png)\n\nAfter.\n")})
    (project / "content" / "assets").mkdir()
    shutil.copy(FIXTURES / "features" / "content" / "assets" / "chart.png", project / "content" / "assets")
    assert run_cli("check", project).output.splitlines() == [
        "content/01.md:6:5: warning: image 'assets/chart.png' has no alt text: a screen reader skips it; describe "
        "it between the brackets, ![like this](assets/chart.png) [alt-text]", "0 errors, 1 warning"]
    path = built(tmp_path, project)
    with pikepdf.open(path) as pdf:
        assert not [node for node in structure(pdf).walk() if node.role == "Figure"]
    assert pdfua_findings(path) == []


def test_a_paragraph_or_table_over_two_pages_is_one_element(tmp_path):
    """A paragraph split by a page break is one P with content on both pages; a table's header
    row, repeated on the next page, is read once (the repeat is an artifact)."""
    long = " ".join(["A sentence that fills the page, long enough to run over to the next one."] * 90)
    rows = "\n".join(f"| row {i} | value {i} |" for i in range(60))
    project = write_project(tmp_path, {"01.md": question("Long?", f"{long}\n\n| Name | Value |\n|---|---|\n{rows}\n")})
    path = built(tmp_path, project)
    with pikepdf.open(path) as pdf:
        root = structure(pdf)
        pages = marked_text(path)
    paragraphs = [node for node in root.walk() if node.role == "P" and "A sentence" in structure_text(node, pages)]
    assert len(paragraphs) == 1 and len({k.page for k in paragraphs[0].kids}) == 2
    header = [node for node in root.walk() if node.role == "TH"]
    assert [structure_text(node, pages).strip() for node in header] == ["Name", "Value"]
    assert len({k.page for node in header for k in node.kids}) == 1
    table_pages = {k.page for node in root.walk() if node.role == "TD" for k in node.kids}
    later = sorted(table_pages)[1:]
    assert later and all({"Name", "Value"} <= {" ".join(a.split()) for a in pages[page].artifacts} for page in later)
    assert len([node for node in root.walk() if node.role == "TR"]) == 61
