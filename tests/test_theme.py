"""The theme: a project's templates/theme.yaml overrides only the keys it sets; mistakes are located."""
from __future__ import annotations

from pypdf import PdfReader

from conftest import build_pdf, question, run_cli, write_project
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
    assert result.output.splitlines() == [
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
