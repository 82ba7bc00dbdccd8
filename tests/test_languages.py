"""Six UN languages: labels, dates, titles and typography in the document's language; Arabic set
right to left with joined letters; Chinese broken between characters with kinsoku."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import all_text, build_pdf, flat, question, run_cli, write_project

FIXTURES = Path(__file__).parent / "fixtures"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) reads right-to-left text as readers do")


BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def pdftotext(pdf: Path, *args: str) -> str:
    """The text as poppler reads it, without the direction marks it adds around each run."""
    text = subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.translate(BIDI_MARKS)


def built(tmp_path: Path, fixture: str) -> Path:
    shutil.copytree(FIXTURES / fixture, tmp_path, dirs_exist_ok=True)
    result = run_cli("build", tmp_path)
    assert result.exit_code == 0, result.output
    return tmp_path / "build" / "submission.pdf"


SUBMISSION = ("title: T\norganisation: O\ndate: 2025-03-14\nlanguage: {language}\nstatus: draft\ntoc: true\n"
              "annexes: [sdg-matrix]\n")
BODY = 'He said "yes": good!\n\n```sdg-map\nC4: [4]\n```\n'


@pytest.mark.parametrize("language, expected", [
    ("fr", ["Table des matières", "Page 1 sur 3", "14 mars 2025", "Brouillon · 1er janvier 2026", "Éducation de qualité",
            "Annexe — Objectifs de développement durable", "ODD", "Grande orientation", "He said « yes » : good !",
            "Question 1 ?"]),
    ("es", ["Contenido", "Página 1 de 3", "14 de marzo de 2025", "Borrador · 1 de enero de 2026", "Educación de calidad",
            "Anexo — Objetivos de Desarrollo Sostenible", "ODS", "Línea de acción", "He said «yes»: good!"]),
    ("ru", ["Содержание", "Страница 1 из 3", "14 марта 2025 г.", "Черновик · 1 января 2026 г.",
            "Качественное образование", "Приложение — Цели в области устойчивого развития", "ЦУР",
            "He said «yes»: good!"]),
])
def test_labels_dates_titles_and_quotes_follow_the_language(tmp_path, monkeypatch, language, expected):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")                 # 1 January 2026
    reader = build_pdf(write_project(tmp_path, {"01.md": question("Question 1?", BODY)},
                                     SUBMISSION.format(language=language)))
    text = flat(all_text(reader).replace("\u202f", " "))        # French narrow spaces: see test_typography
    for value in expected:
        assert value in text, value
    assert reader.trailer["/Root"]["/Lang"] == language
    assert "Contents" not in text and "Page 1 of" not in text


def test_unsourced_labels_print_in_english_and_are_reported_once(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Q?", "Text.\n\n```sdg-map\nC4:\n  sdgs: [4]\n  note: n\n```\n")},
                            "title: T\norganisation: O\nlanguage: ru\n")
    lines = run_cli("check", project).output.splitlines()
    assert lines == ["content/submission.yaml:3:1: warning: no sourced ru text for action_line, note, C4: printed in "
                     "English; give your own under 'translations:' in submission.yaml, e.g. 'translations: "
                     "{action_line: ...}' [translation]", "0 errors, 1 warning"]
    project = write_project(tmp_path, {}, "title: T\norganisation: O\nlanguage: ru\ntranslations:\n"
                                          "  action_line: Направление\n  note: Примечание\n  C4: Наращивание потенциала\n")
    assert run_cli("check", project).output.splitlines() == ["0 errors, 0 warnings"]
    text = flat(all_text(build_pdf(project)))
    assert "Направление ЦУР Примечание" in text and "C4 Наращивание потенциала" in text
    project = write_project(tmp_path, {}, "title: T\norganisation: O\nlanguage: ru\ntranslations:\n  nota: x\n")
    assert run_cli("check", project).output.splitlines()[0] == (
        "content/submission.yaml:4:1: error: 'translations': unknown translation 'nota'; did you mean 'note'? "
        "[bad-value]")


def marked_languages(reader: PdfReader) -> list[list[str]]:
    """Per page, the languages of its marked-content sequences; each page's BDC and EMC balance."""
    found = []
    for page in reader.pages:
        stream = page.get_contents().get_data().decode("latin-1")
        assert stream.count(" BDC") + stream.count(" BMC") == stream.count("EMC")
        found.append(re.findall(r"/Span <</Lang \(([\w-]+)\)>> BDC", stream))
    return found


def test_an_answer_or_a_span_in_another_language(tmp_path):
    long_french = " ".join(["Une phrase assez longue pour remplir une page entière."] * 300)
    project = write_project(tmp_path, {
        "01.md": f"---\nquestion: In French?\nlanguage: fr\n---\nIl a dit \"oui\" : bien !\n\n{long_french}\n",
        "02.md": question("A span?", 'English, then <span lang="fr">en français : oui !</span> and back: ~~no~~ fine!')})
    from conftest import resolve_answers

    reader = build_pdf(project, "--no-tags")
    text = flat(all_text(reader))
    assert "In French ?" in text and "Il a dit « oui » : bien !" in text and "and back: no fine!" in text
    # untagged, the French part is marked /Lang fr on every page it runs over, and so is the span
    # (tagged, the structure elements carry the /Lang: see test_accessibility)
    languages = marked_languages(reader)
    assert len(languages) >= 3 and all("fr" in page for page in languages[1:-1])
    assert languages[-1].count("fr") == 2 and set(sum(languages, [])) == {"fr"}      # the part, and the span
    document, _ = resolve_answers('English, then <span lang="fr">en français : oui !</span> and back: fine!')
    span = document.entries[0].blocks[0].inlines[1]
    assert (span.language, span.children[0].text) == ("fr", "en français\u202f: oui\u202f!")


@needs_pdftotext
def test_arabic_reads_right_to_left_and_extracts_in_reading_order(tmp_path):
    pdf = built(tmp_path, "arabic")
    assert run_cli("check", tmp_path).output.splitlines() == ["0 errors, 0 warnings"]
    # poppler sets the space between Arabic and a digit on the digit's side ("الصفحة  1من 2"): compare the letters
    text = re.sub(r"\s+", "", pdftotext(pdf))
    for words in ("تنفيذ نتائج القمة العالمية لمجتمع المعلومات", "جمعية الشبكات المفتوحة", "مارس",
                  "أهم الإنجازات", "التوصيل على نطاق واسع", "مهارات السلامة على الإنترنت",
                  "الصفحة 1 من 2", "العمل اللائق ونمو الاقتصاد", "سؤال 8", "البنية التحتية للمعلومات والاتصالات"):
        assert re.sub(r"\s+", "", words) in text, words
    # along a line, the words of a right-to-left paragraph run from right to left (-bbox gives each
    # word's letters as drawn, left to right, so they are reversed back to be read; a word's bottom is its
    # line, as vowel marks raise its top)
    boxes = [(float(x), float(y), word[::-1]) for x, y, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>',
        pdftotext(pdf, "-bbox", "-f", "1", "-l", "1"))]
    first = next(y for _, y, word in boxes if word == "جنيف")        # "بعد عشرين عاماً على جنيف وتونس، ..."
    line = [word for x, y, word in sorted(boxes, reverse=True) if abs(y - first) < 1]
    assert line[:5] == ["بعد", "عشرين", "عاماً", "على", "جنيف"]
    reader = PdfReader(pdf)
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert any("IBMPlexSansArabic" in name and "+" in name for name in fonts)     # embedded as a subset
    assert reader.trailer["/Root"]["/Lang"] == "ar"


@needs_pdftotext
def test_chinese_breaks_between_characters_and_keeps_kinsoku(tmp_path):
    body = "，".join(["可持续发展目标信息社会世界峰会行动方针" * 3] * 30) + "。" + "（目录）附件问题。" * 40
    project = write_project(tmp_path, {"01.md": question("问题？", body, word_limit=500)},
                            "title: 标题\norganisation: 组织\nlanguage: zh\n")
    result = run_cli("build", project)
    characters = sum("\u4e00" <= c <= "\u9fff" for c in body)
    assert f"the answer has {characters} words, over its limit of 500" in result.output    # characters, for Chinese
    lines = [line for line in pdftotext(project / "build" / "submission.pdf").splitlines() if line.strip()]
    body_lines = [line.strip() for line in lines if "可持续" in line or "目录" in line or "附件" in line]
    assert len(body_lines) > 10
    assert not [line for line in body_lines if line[0] in "，。、）」"]
    assert not [line for line in body_lines if line[-1] in "（「"]
    assert any(not line.endswith(("，", "。")) for line in body_lines)        # breaks fall between characters


@needs_pdftotext
def test_chinese_fixture_builds_with_its_fonts_embedded(tmp_path):
    pdf = built(tmp_path, "chinese")
    text = pdftotext(pdf)
    for words in ("信息社会世界峰会成果的落实情况", "2025年3月14日", "大规模连接", "第 1 页，共 2 页", "优质教育",
                  "体面工作和经济增长"):
        assert words in text, words
    fonts = {str(f.get_object()["/BaseFont"]) for page in PdfReader(pdf).pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("NotoSansSC" in name for name in fonts)
    # every Chinese character is drawn in the Chinese font, the project's own translations too
    # ("说明" heads the sdg-map's note column and is printed nowhere else)
    drawn: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size):
        for char in text:
            if "\u4e00" <= char <= "\u9fff":
                drawn.setdefault(char, set()).add(str(font["/BaseFont"]) if font else "?")

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    assert {"说", "明", "附", "针"} <= set(drawn)
    assert {char: fonts for char, fonts in drawn.items() if any("NotoSansSC" not in f for f in fonts)} == {}


@pytest.mark.parametrize("language", ["fr", "es", "ru", "ar", "zh"])
def test_init_writes_a_project_in_the_language(tmp_path, language):
    target = tmp_path / language
    assert run_cli("init", target, "--language", language).exit_code == 0
    assert f"language: {language}" in (target / "content" / "submission.yaml").read_text()
    check = run_cli("check", target)
    assert check.exit_code == 0 and ": error:" not in check.output
    assert run_cli("build", target).exit_code == 0


def test_a_character_no_font_has_stops_the_renderer_too():
    """check reports such characters at the place they were typed; the renderer, should a text reach
    it that check did not read, stops with the same error instead of printing a box."""
    from conftest import resolve_answers
    from wsis_report.errors import LayoutError
    from wsis_report.render.pdf import PdfOptions, render_pdf
    from wsis_report.theme import load_theme

    document, _ = resolve_answers("A party \U0001F389 here.")
    with pytest.raises(LayoutError) as raised:
        render_pdf(document, load_theme(None), PdfOptions(epoch=0))
    assert [d.format() for d in raised.value.diagnostics] == [
        "content/submission.yaml:1:1: error: no font has a glyph for \U0001F389 (U+1F389); it would print as a box: "
        "name a font that has it in theme.yaml [glyph]"]


def test_struck_text_in_a_right_to_left_paragraph_is_struck(tmp_path):
    def strokes(body: str) -> int:
        project = write_project(tmp_path / str(len(body)), {"01.md": question("سؤال؟", body)},
                                "title: T\norganisation: O\nlanguage: ar\n")
        stream = build_pdf(project).pages[0].get_contents().get_data().decode("latin-1")
        return len(re.findall(r" m [\d.]+ [\d.]+ l S", stream))

    assert strokes("نص ~~محذوف~~ هنا.") == strokes("نص محذوف هنا.") + 1


def test_a_chinese_build_is_the_same_file_whenever_its_font_subset_was_made(tmp_path):
    """The Chinese font is converted to a TrueType subset and cached; a subset made at another time
    (another machine, an emptied cache) must not change a byte of the PDF."""
    import os
    import sys

    shutil.copytree(FIXTURES / "chinese", tmp_path / "project")
    made = []
    for now in (1, 2_000_000_000):                # fontTools stamps a saved font with the time
        code = ("import sys, fontTools.ttLib.tables._h_e_a_d as head\n"
                f"head.timestampNow = lambda: {now}\n"
                "from wsis_report.cli import main\n"
                "main(sys.argv[1:])\n")
        target = tmp_path / f"{now}.pdf"
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / f"cache-{now}")}
        done = subprocess.run([sys.executable, "-c", code, "build", str(tmp_path / "project"), "-o", str(target)],
                              env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        made.append(target.read_bytes())
    assert made[0] == made[1]
