"""The theme: a project's templates/theme.yaml overrides only the keys it sets; mistakes are located."""
from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from conftest import build_pdf, diagnostics, question, run_cli, write_project
from wsis_report.theme import load_theme


def test_default_theme_is_valid_and_a4():
    theme = load_theme(None)
    assert theme.page_size == "A4"
    assert theme.styles["question"].face == "bold"


def test_override_changes_only_what_it_sets(tmp_path):
    project = write_project(tmp_path, {
        "01.md": question("Why?", "Because."),
        "templates/theme.yaml": "page:\n  size: Letter\ncolours:\n  accent: '#AA0000'\nstyles:\n  body:\n    size: 12\n",
    })
    theme = load_theme(project)
    default = load_theme(None)
    assert (theme.page_size, theme.colours["accent"], theme.styles["body"].size) == ("Letter", "#AA0000", 12)
    assert theme.margins_mm == default.margins_mm and theme.styles["title"] == default.styles["title"]
    reader = build_pdf(project)
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]
    content = reader.pages[0].get_contents().get_data()
    assert b".666667 0 0 rg" in content          # the accent colour, in the title


def test_theme_mistakes_name_file_line_and_closest_key(tmp_path):
    project = write_project(tmp_path, {
        "01.md": question("Why?", "Because."),
        "templates/theme.yaml": "page:\n  size: A5\nstyles:\n  body:\n    fontsize: 12\n",
    })
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert diagnostics(result.output).splitlines() == [
        "templates/theme.yaml:2:1: error: 'page.size': expected one of A4, Letter; got 'A5' [theme]",
        "templates/theme.yaml:5:1: error: unknown theme key 'styles.body.fontsize'; did you mean 'size'? "
        "[theme]",
    ]


def test_table_rows_zebra_or_ruled(tmp_path):
    table = "| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\n"
    stripe = b".960784 .972549 .984314 rg"          # colours.table_stripe, #F5F8FB
    zebra = build_pdf(write_project(tmp_path / "z", {"01.md": question("Zebra?", table)}))
    assert stripe in zebra.pages[0].get_contents().get_data()
    ruled = build_pdf(write_project(tmp_path / "r", {"01.md": question("Ruled?", table),
                                                     "templates/theme.yaml": "tables:\n  rows: ruled\n"}))
    assert stripe not in ruled.pages[0].get_contents().get_data()
    assert load_theme(tmp_path / "r").option("tables", "rows") == "ruled"


def test_a_project_overriding_page_colours_body_size_and_footer_gets_exactly_those(tmp_path):
    files = {"01.md": question("First?", "Some *answer* text.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"),
             "02.md": question("Second?", "More text, with a [link](https://example.org).")}
    default = build_pdf(write_project(tmp_path / "default", files))
    override = build_pdf(write_project(tmp_path / "override", {
        **files,
        "templates/theme.yaml": "page:\n  size: Letter\ncolours:\n  accent: '#7A1F5C'\n  text: '#222222'\n"
                                "styles:\n  body:\n    size: 12\n    leading: 16\n",
        "templates/footer.j2": "center: Our own footer, page {{ page }}\n",
    }))
    def page_facts(reader):
        page = reader.pages[0]
        content = page.get_contents().get_data()
        sizes = sorted(set(re.findall(rb"/F\d\+0 ([\d.]+) Tf", content)))
        return [round(float(v)) for v in page.mediabox[2:]], sizes, content
    size_d, fonts_d, content_d = page_facts(default)
    size_o, fonts_o, content_o = page_facts(override)
    assert size_d == [595, 842] and size_o == [612, 792]
    assert b"10.5 Tf" in content_d and b"12 Tf" in content_o and b"10.5 Tf" not in content_o
    assert b".478431 .121569 .360784 rg" in content_o        # #7A1F5C on the question heading
    assert b".478431 .121569 .360784 rg" not in content_d
    text_d, text_o = default.pages[0].extract_text(), override.pages[0].extract_text()
    assert "Our own footer, page 1" in text_o and "Page 1 of 1" not in text_o
    assert "Page 1 of 1" in text_d
    # everything else is as before: the title block's and headings' sizes, the table header colour
    for unchanged in (b"24 Tf", b"12.5 Tf", b".890196 .92549 .960784 rg"):
        assert unchanged in content_d and unchanged in content_o


def test_project_fonts_are_embedded_and_checked(tmp_path):
    import fontpkg_ibm_plex_mono

    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        (fonts / f"Plex-{face}.ttf").write_bytes(
            (Path(fontpkg_ibm_plex_mono.ROOT) / "files" / f"IBMPlexMono-{face}.ttf").read_bytes())
    theme = ("fonts:\n  body:\n    regular: fonts/Plex-Regular.ttf\n    bold: fonts/Plex-Bold.ttf\n"
             "    italic: fonts/Plex-Italic.ttf\n    bold_italic: fonts/Plex-BoldItalic.ttf\n")
    project = write_project(tmp_path, {"01.md": question("Fonts?", "Body **bold** *italic*."),
                                       "templates/theme.yaml": theme})
    reader = build_pdf(project)
    names = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert {"/AAAAAA+IBMPlexMono-Regular", "/AAAAAA+IBMPlexMono-Bold", "/AAAAAA+IBMPlexMono-Italic"} <= names
    assert not any("SourceSansPro" in n for n in names)

    (project / "templates" / "theme.yaml").write_text(theme.replace("fonts/Plex-Bold.ttf", "fonts/None.ttf")
                                                      .replace("    bold_italic: fonts/Plex-BoldItalic.ttf\n", ""))
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert diagnostics(result.output).splitlines() == [
        "templates/theme.yaml:2:1: error: 'fonts.body': a family needs all four faces; add bold_italic "
        "(paths to .ttf files in the project) [theme]"]
    (project / "templates" / "theme.yaml").write_text(theme.replace("fonts/Plex-Bold.ttf", "fonts/None.ttf"))
    assert diagnostics(run_cli("build", project).output) == (
        "templates/theme.yaml:4:1: error: 'fonts.body.bold': font file 'fonts/None.ttf' not found in the "
        "project [theme]")
    (project / "templates" / "theme.yaml").write_text(theme)
    (fonts / "Plex-Bold.ttf").write_bytes(b"OTTO" + b"\0" * 64)
    assert diagnostics(run_cli("build", project).output) == (
        "templates/theme.yaml:4:1: error: 'fonts.body.bold': 'fonts/Plex-Bold.ttf' has PostScript (CFF) "
        "outlines, which cannot be embedded; use the TrueType (.ttf) version of the font [theme]")


def test_logo_png_jpeg_and_svg(tmp_path):
    from PIL import Image

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80"><rect width="240" height="80" '
           'fill="#005A9C"/><text x="20" y="50" font-family="Helvetica" font-size="28">ONC</text>'
           '<image href="file:///etc/hostname" width="10" height="10"/></svg>')
    for name in ("logo.png", "logo.jpg", "logo.svg"):
        project = write_project(tmp_path / name, {"01.md": question("Logo?", "Text."),
                                                  "content/assets/logo.svg": svg},
                                submission=f"title: T\norganisation: O\nlogo: assets/{name}\n")
        if name != "logo.svg":
            Image.new("RGB", (600, 200), (0, 90, 156)).save(project / "content" / "assets" / name)
        reader = build_pdf(project)
        fonts = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
        assert not any("Helvetica" in f for f in fonts)           # the SVG's text uses the body font
        content = reader.pages[0].get_contents().get_data()
        if name == "logo.svg":
            assert b"ONC" in content or "ONC" in reader.pages[0].extract_text()
            assert "/XObject" not in reader.pages[0]["/Resources"]  # the <image> was dropped
        else:
            assert "/XObject" in reader.pages[0]["/Resources"]
        # 60 x 25 mm at most (theme logo.max_width / max_height)
        placed = re.findall(rb"1 0 0 1 [\d.]+ [\d.]+ cm\s+q\s+([\d.]+) 0 0 ([\d.]+) 0 0 cm\s+/FormXob", content)
        for width, height in placed:
            assert float(width) <= 60 * 72 / 25.4 + 0.1 and float(height) <= 25 * 72 / 25.4 + 0.1


def test_draft_watermark_and_build_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")          # 2026-01-01
    files = {"01.md": question("Draft?", "Text.")}
    draft = build_pdf(write_project(tmp_path / "d", files, submission="title: T\norganisation: O\nstatus: draft\n"))
    final = build_pdf(write_project(tmp_path / "f", files, submission="title: T\norganisation: O\nstatus: final\n"))
    assert "DRAFT" in draft.pages[0].extract_text() and "Draft of 1 January 2026" in draft.pages[0].extract_text()
    assert "DRAFT" not in final.pages[0].extract_text() and "Draft of" not in final.pages[0].extract_text()
    forced = tmp_path / "forced.pdf"
    assert run_cli("build", tmp_path / "f", "--draft", "-o", forced).exit_code == 0
    assert "DRAFT" in PdfReader(forced).pages[0].extract_text()


def test_table_of_contents_with_page_numbers_and_links(tmp_path):
    files = {f"{n:02d}.md": question(f"Question number {n}?", ("Long answer text. " * 150 + "\n\n") * 2,
                                     **({"section": f"Part {n // 4 + 1}"} if n % 4 == 0 else {}))
             for n in range(12)}
    reader = build_pdf(write_project(tmp_path, files, submission="title: T\norganisation: O\ntoc: true\n"))
    contents = reader.pages[0].extract_text(extraction_mode="layout")
    assert "Contents" in contents
    lines = [line.strip() for line in contents.splitlines() if "Question number" in line]
    assert len(lines) == 12
    for line in lines:                          # "3. Question number 2? . . . . . 4"
        number, page = re.match(r"(\d+)\. Question number \d+\?[ .]*?(\d+)$", line).groups()
        assert f"{number}. Question number" in reader.pages[int(page) - 1].extract_text()
    links = [a.get_object() for a in reader.pages[0].get("/Annots") or []]
    assert sum("/Dest" in a or "/A" in a for a in links) >= 12


def test_links_follow_the_accent_unless_set(tmp_path):
    body = "A [link](https://example.org)."
    accent = build_pdf(write_project(tmp_path / "a", {"01.md": question("Links?", body),
                                                      "templates/theme.yaml": "colours:\n  accent: '#7A1F5C'\n"}))
    assert b".478431 .121569 .360784 rg (link)" in accent.pages[0].get_contents().get_data()
    project = write_project(tmp_path / "c", {"01.md": question("Links?", body),
                                             "templates/theme.yaml": "colours:\n  accent: link\n"})
    assert run_cli("build", project).output.splitlines()[0] == (
        "templates/theme.yaml:2:1: error: 'colours.accent': must lead to a #RRGGBB colour; accent -> link "
        "does not [theme]")


def test_section_rules_follow_the_theme(tmp_path):
    files = {"01.md": "---\nsection: Part one\nquestion: First?\n---\nText.\n"}
    default = build_pdf(write_project(tmp_path / "d", files)).pages[0].get_contents().get_data()
    thick = build_pdf(write_project(tmp_path / "t", {**files, "templates/theme.yaml": "rules:\n  section: 3.5\n"}))
    assert b"3.5 w" in thick.pages[0].get_contents().get_data() and b"3.5 w" not in default
