"""Hostile projects, second round: each class of attack ends in exit 0 or 1, within 30 s and 1 GB,
with a clear message, nothing run, read, written or deleted outside the project."""
from __future__ import annotations

import os
import resource
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import build_pdf, diagnostics, question, run_cli, write_project

LIMIT_SECONDS, LIMIT_MB = 30, 1024


def run_build(project: Path, *args: str, command: str = "build") -> subprocess.CompletedProcess:
    """A whole-process build, which must end within 30 s and 1 GB, with no traceback."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "wsis_report", command, str(project), *args],
                          capture_output=True, text=True, timeout=LIMIT_SECONDS + 10)
    assert time.monotonic() - start < LIMIT_SECONDS
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak < LIMIT_MB * 1024 or peak == before, f"{peak // 1024} MB"
    assert "Traceback" not in done.stderr + done.stdout and "internal error" not in done.stderr
    return done


# 1. images are only what they say they are ------------------------------------------------

EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n(/etc/hostname) (r) file\nshowpage\n"


def test_postscript_named_png_is_refused_before_any_decoder_sees_it(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Image?", "![chart](assets/chart.png)"),
                                       "content/assets/chart.png": ""},
                            submission="title: T\norganisation: O\nlogo: assets/logo.png\n")
    (project / "content" / "assets" / "chart.png").write_bytes(EPS)
    (project / "content" / "assets" / "logo.png").write_bytes(EPS)
    done = run_build(project)
    assert done.returncode == 1 and not (project / "build").exists()
    assert diagnostics(done.stderr).splitlines() == [
        "content/submission.yaml:3:1: error: logo: image 'assets/logo.png' is not a PNG, JPEG or SVG file "
        "(whatever its name says); save it as one of those [image]",
        "content/01.md:4:10: error: image 'assets/chart.png' is not a PNG, JPEG or SVG file (whatever its name "
        "says); save it as one of those [image]"]


def test_an_image_too_large_to_decode_is_refused_from_its_header(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Image?", "![big](assets/big.png)")})
    (project / "content" / "assets").mkdir()
    Image.new("1", (13000, 13000)).save(project / "content" / "assets" / "big.png")   # 20 KB on disk
    done = run_build(project)
    assert done.returncode == 1
    assert diagnostics(done.stderr) == ("content/01.md:4:8: error: image 'assets/big.png' is 13000x13000 pixels; images "
                                   "are limited to 40 megapixels: scale it down [image]")


# 2. no forged CI commands -----------------------------------------------------------------

def test_github_annotations_escape_file_names(tmp_path):
    project = write_project(tmp_path, {"01.md": question("One?", ""),
                                       "a,b:c%d.md": question("Two?", "")})
    out = run_cli("check", project, "--format", "github").output.splitlines()
    assert "::warning file=content/a%2Cb%3Ac%25d.md,line=4,col=1::empty answer; write the answer below the " \
           "front matter [empty-answer]" in out
    (project / "content" / "x\n::stop-commands::t\n.md").write_text(question("Three?", "Text."))
    result = run_cli("check", project, "--format", "github")
    assert result.exit_code == 1
    assert not any(line.startswith("::stop-commands") for line in result.output.splitlines())
    assert ("::error file=content/'x\\n%3A%3Astop-commands%3A%3At\\n.md',line=1,col=1::the file name holds "
            "control characters (a line break, a tab ...); rename the file [file-name]") in result.output


# 3. templates bounded by construction -----------------------------------------------------

@pytest.mark.parametrize("body", [
    '{{ "%1000000000s" % "x" }}',
    '{{ "{:>1000000000}".format("x") }}',
    '{{ "%s"|format("x" * 999999) * 1 }}{{ ("x" * 999999)|list|join("y" * 999999) }}',
    '{{ (["x" * 999999] * 999)|join("") }}',
    '{% set ns = namespace(s="x" * 999999) %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
    '{{ "x".ljust(2000000000) }}', '{{ "x".zfill(2000000000) }}', '{{ "\\t".expandtabs(2000000000) }}',
    '{{ "abc".translate({97: "x" * 999999}) * 1 }}{{ ("a" * 999999).translate({97: "x" * 999999}) }}',
    '{% set n = namespace(v=7) %}{% for i in range(40) %}{% set n.v = n.v * n.v %}{% endfor %}{{ n.v }}',
    '{% for a in "x" * 999999 %}{% for b in "x" * 999999 %}{% endfor %}{% endfor %}',
])
def test_templates_that_grow_without_bound_stop_cleanly(tmp_path, body):
    done = run_build(write_project(tmp_path, {"01.md": question("Bounded?", body)}))
    assert done.returncode == 1
    assert done.stderr.startswith("content/01.md:4:1: error: template not allowed:"), done.stderr


def test_lipsum_is_gone_and_page_templates_are_bounded_too(tmp_path):
    done = run_build(write_project(tmp_path, {"01.md": question("Lorem?", "{{ lipsum(10**9) }}")}))
    assert done.returncode == 1 and "'lipsum' is undefined" in done.stderr
    project = write_project(tmp_path / "footer", {"01.md": question("Footer?", "Text."),
                                                  "templates/footer.j2": 'left: {{ "%1000000000s" % page }}\n'})
    done = run_build(project)
    assert done.returncode == 1 and done.stderr.startswith("templates/footer.j2:1:1: error: template not allowed:")


# 4. a build-wide budget -------------------------------------------------------------------

def test_a_title_block_that_makes_100000_pages(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Pages?", "Text."),
                                       "templates/title.j2": "{% for i in range(100001) %}space: 800\n"
                                                             "pagebreak:\n{% endfor %}"})
    for command in ("check", "build"):
        done = run_build(project, command=command)
        assert done.returncode == 1
        assert "templates/title.j2:2:1: error: the title block alone makes at least 100001 pages; a document is " \
               "limited to 1000 pages (--max-pages) [budget]" in done.stdout + done.stderr


def test_an_answer_that_templates_itself_into_megabytes(tmp_path):
    body = "{% for i in range(70000) %}A line of text {{ i }} written by a loop in a template.\n{% endfor %}"
    done = run_build(write_project(tmp_path, {"01.md": question("Grows?", body)}))
    assert done.returncode == 1
    assert done.stderr.startswith("content/01.md:4:1: error: the answer is 3.8 million characters after templating; "
                                  "answers are limited to 2 million, as source files are")


def test_the_page_limit_is_a_clear_error_and_can_be_raised(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Long?", ("Paragraph of text. " * 60 + "\n\n") * 30)})
    done = run_build(project, "--max-pages", "3")
    assert done.returncode == 1 and "the document grew past 3 pages, its limit" in done.stderr
    assert run_build(project, "--max-pages", "30").returncode == 0


# 5. linear time on every shape within the size limits --------------------------------------

SHAPES = {
    "one word": "x" * 1_900_000,
    "one paragraph": "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 33_000,
    "code": "```\n" + "x = 1 + 2  # a line of code in a very long block\n" * 38_000 + "```\n",
    "prose check": "SDG 1 " + "a" * 1_000_000 + " " + "a." * 400_000,
    "unclosed brackets": "[" * 1_900_000,
    "smart quotes": '"a ' * 630_000,
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_shapes_at_the_size_limit_end_in_time(tmp_path, shape):
    done = run_build(write_project(tmp_path, {"01.md": question("Shape?", SHAPES[shape])}))
    assert done.returncode in (0, 1)
    if done.returncode:
        assert "its time limit" in done.stderr and done.stderr.startswith("content/01.md:"), done.stderr


def test_a_deadline_re_raised_by_reportlab_still_names_the_limit():
    # reportlab's KeepTogether and table wraps re-raise what they catch as type(message)
    from reportlab.lib.utils import annotateException
    from wsis_report.limits import DeadlinePassed, over_budget

    def wrap(seconds):
        try:
            raise DeadlinePassed(seconds)
        except DeadlinePassed:
            annotateException("while wrapping a KeepTogether:")

    for seconds, said in ((2.5, "took more than 2.5 s, its time limit,"), ("", "took longer than its time limit")):
        with pytest.raises(DeadlinePassed) as caught:
            wrap(seconds)
        message = over_budget(caught.value, "content/01.md", 3, "laying out this block").format()
        assert message.startswith("content/01.md:3") and said in message and "\n" not in message, message


def test_a_long_header_text_is_fitted_in_linear_time(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Header?", "Text. " * 3000)},
                            submission="title: T\norganisation: O\nshort_title: " + "word " * 4000 + "\n")
    done = run_build(project)
    assert done.returncode == 0


# 6. fonts checked before use --------------------------------------------------------------

def _font(tmp_path: Path) -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    import io

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "a"])
    builder.setupCharacterMap({0x61: "a"})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "a": TTGlyphPen(None).glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "a": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Tiny", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    data = io.BytesIO()
    builder.save(data)
    return data.getvalue()


def _with_cmap_bomb(font: bytes) -> bytes:
    """The font with a cmap whose one group claims U+0000 to U+FFFFFFF0."""
    data = bytearray(font)
    cmap = (struct.pack(">HH", 0, 1) + struct.pack(">HHI", 3, 10, 12) + struct.pack(">HHIII", 12, 0, 28, 0, 1)
            + struct.pack(">III", 0, 0xFFFFFFF0, 1))
    for index in range(struct.unpack_from(">H", data, 4)[0]):
        if data[12 + 16 * index:16 + 16 * index] == b"cmap":
            offset = len(data)
            data += cmap
            struct.pack_into(">II", data, 12 + 16 * index + 8, offset, len(cmap))
    return bytes(data)


@pytest.mark.parametrize("kind, message", [
    ("bomb", "has a damaged character map (cmap maps code points that do not exist); use another copy of the font"),
    ("garbage", "is damaged or truncated: it cannot be read as a TrueType font"),
    ("truncated", "is damaged or truncated: it cannot be read as a TrueType font"),
])
def test_hostile_font_files(tmp_path, kind, message):
    font = _font(tmp_path)
    data = {"bomb": _with_cmap_bomb(font), "garbage": b"\x00\x01\x00\x00" + os.urandom(2000),
            "truncated": font[: len(font) // 2]}[kind]
    theme = "fonts:\n  body:\n" + "".join(f"    {face}: fonts/f.ttf\n" for face in ("regular", "bold", "italic",
                                                                                      "bold_italic"))
    project = write_project(tmp_path, {"01.md": question("Fonts?", "Text."), "templates/theme.yaml": theme})
    (project / "fonts").mkdir()
    (project / "fonts" / "f.ttf").write_bytes(data)
    for command in ("check", "build"):
        done = run_build(project, command=command)
        assert done.returncode == 1
        assert f"templates/theme.yaml:3:1: error: 'fonts.body.regular': 'fonts/f.ttf' {message} [theme]" in \
            done.stdout + done.stderr


# 7. exit 1, never 3, for bad input --------------------------------------------------------

@pytest.mark.parametrize("yaml_text, message", [
    ("date: 2025-02-30\n", "content/submission.yaml:3:1: error: 'date': '2025-02-30' is not a day of the calendar; "
                           "expected a date as YYYY-MM-DD [bad-value]"),
    ("date: 2025-13-45\n", "content/submission.yaml:3:1: error: 'date': '2025-13-45' is not a day of the calendar; "
                           "expected a date as YYYY-MM-DD [bad-value]"),
    ("date: 2025-03-14 10:00:00\n", "content/submission.yaml:3:1: error: 'date': expected a date as YYYY-MM-DD; "
                                    "got '2025-03-14 10:00:00' [bad-value]"),
    ("vars:\n  big: " + "9" * 5000 + "\n", "content/submission.yaml:4:8: error: invalid YAML: the number "
                                          "99999999999999999999... is too large to read; write it as text, in "
                                          "quotes; fix the syntax [yaml]"),
    ("vars:\n" + "".join("  " * d + "k:\n" for d in range(1, 990)) + "  " * 990 + "x: 1\n", None),
])
def test_yaml_values_python_cannot_hold(tmp_path, yaml_text, message):
    project = write_project(tmp_path, {"01.md": question("YAML?", "{{ vars | length if vars else 0 }}")},
                            submission="title: T\norganisation: O\n" + yaml_text)
    for command in ("check", "build"):
        done = run_build(project, command=command)
        assert done.returncode in ((1,) if message else (0, 1))
        if message:
            assert (done.stdout + done.stderr).splitlines()[0] == message


@pytest.mark.parametrize("size", ['width="0" height="10"', 'width="1e308" height="10"', 'width="-5" height="5"'])
def test_svg_logos_of_no_size_or_endless_size(tmp_path, size):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" {size}><rect width="5" height="5"/></svg>'
    project = write_project(tmp_path, {"01.md": question("Logo?", "Text."), "content/logo.svg": svg},
                            submission="title: T\norganisation: O\nlogo: logo.svg\n")
    done = run_build(project)
    assert done.returncode == 1
    assert "logo: image 'logo.svg' has no usable size; give the <svg> a width and height" in done.stderr


def test_a_table_of_5000_columns(tmp_path):
    table = "|" + "|".join(f"c{i}" for i in range(5000)) + "|\n|" + "---|" * 5000 + "\n|" + "x|" * 5000 + "\n"
    done = run_build(write_project(tmp_path, {"01.md": question("Columns?", table)}))
    assert done.returncode == 1
    assert diagnostics(done.stderr) == "content/01.md:4:1: error: the table has 5000 columns; tables are limited to 40: " \
                                  "split it [table]"


@pytest.mark.parametrize("theme", ["tables:\n  padding: 1000\n", "styles:\n  quote:\n    indent: 1000\n",
                                   "styles:\n  list:\n    indent: 200\n"])
def test_theme_values_that_leave_no_room(tmp_path, theme):
    body = "| a | b |\n|---|---|\n| 1 | 2 |\n\n> > > > quoted\n\n" + "\n".join("  " * d + "- item" for d in range(8))
    done = run_build(write_project(tmp_path, {"01.md": question("Room?", body), "templates/theme.yaml": theme}))
    assert done.returncode in (0, 1)
    if done.returncode:
        assert "[theme]" in done.stderr


def test_damaged_caches_are_rebuilt(tmp_path, monkeypatch):
    # hyphenation patterns, font coverage, reference data, compiled code
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    project = write_project(tmp_path / "p", {"01.md": question("Hyphens?", "internationalisation " * 200)})
    assert run_build(project).returncode == 0
    good = (project / "build" / "submission.pdf").read_bytes()
    caches = [path for path in (tmp_path / "cache" / "wsis-report").rglob("*") if path.is_file()]
    assert len(caches) >= 4
    for cache in caches:
        cache.write_bytes(cache.read_bytes()[:100] + b"damaged")
    assert run_build(project).returncode == 0
    assert (project / "build" / "submission.pdf").read_bytes() == good


# 8. nothing written or deleted outside the project; only content/ and templates/ read -------

def test_a_build_folder_linking_out_of_the_project_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / ".submission.pdf.abc.tmp"
    victim.write_text("not ours")
    os.utime(victim, (0, 0))                                  # old enough for the stale-temporary cleanup
    project = write_project(tmp_path / "p", {"01.md": question("Where?", "Here.")})
    (project / "build").symlink_to(elsewhere)
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert diagnostics(result.output).endswith("error: the output would be written outside the project through a link "
                                          "(is build/ a link?); remove the link, or name an output outside the "
                                          "project with -o [output]")
    assert sorted(p.name for p in elsewhere.iterdir()) == [victim.name] and victim.read_text() == "not ours"
    outside = tmp_path / "chosen.pdf"                          # named outside the project: the user's choice
    assert run_cli("build", project, "-o", outside).exit_code == 0 and outside.read_bytes()[:4] == b"%PDF"


@pytest.mark.parametrize("kind", ["symlink", "fifo", "device"])
def test_the_output_must_be_a_regular_file(tmp_path, kind):
    project = write_project(tmp_path / "p", {"01.md": question("Where?", "Here.")})
    target = tmp_path / "out.pdf"
    if kind == "symlink":
        (tmp_path / "precious").write_text("keep")
        target.symlink_to(tmp_path / "precious")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target = Path("/dev/null")
    result = run_cli("build", project, "-o", target)
    assert result.exit_code == 1
    assert "error: the output is" in result.output and "name a file to write with -o" in result.output
    if kind == "symlink":
        assert (tmp_path / "precious").read_text() == "keep"


def test_pipes_hard_links_and_links_to_git_are_never_read(tmp_path):
    project = write_project(tmp_path / "p", {"01.md": question("One?", "Text.")})
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[remote] url = https://token@example.org\n")
    os.mkfifo(project / "content" / "02.md")
    os.link(project / ".git" / "config", project / "content" / "03.md")
    (project / "content" / "04.md").symlink_to(project / ".git" / "config")
    done = run_build(project)
    assert done.returncode == 1 and "token" not in done.stderr
    assert diagnostics(done.stderr).splitlines() == [
        "content/02.md:1:1: error: is not a regular file (a pipe or a device?); replace it with the file itself "
        "[unreadable]",
        "content/03.md:1:1: error: is a hard link to another file; copy the file instead [outside]",
        "content/04.md:1:1: error: is a link to a file outside content/; copy the file into the project instead "
        "[outside]"]


def test_a_template_that_is_a_pipe_is_not_opened(tmp_path):
    project = write_project(tmp_path, {"01.md": question("One?", "Text.")})
    (project / "templates").mkdir()
    os.mkfifo(project / "templates" / "footer.j2")
    done = run_build(project)
    assert done.returncode == 1 and "footer.j2 (not a regular file of its own)" in done.stderr


# 9. SVG logos name no file and no system font ---------------------------------------------

def test_svg_logos_lose_font_names_and_references_to_files(tmp_path):
    from wsis_report.resolve.images import clean_svg

    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="90" '
           b'height="30"><style>@import url(/etc/x.css); text { font-family: Secret; fill: url(#g) }</style>'
           b'<text font-family="Comic Sans" style="font-family: Wing; font-size: 9px" x="1" y="9">Hi</text>'
           b'<use xlink:href="/etc/passwd#x"/><rect fill="url(file.svg#p)" width="5" height="5"/></svg>')
    cleaned, size = clean_svg(svg, "logo.svg")
    assert size == (67.5, 22.5)
    for gone in (b"font-family", b"Comic", b"Wing", b"Secret", b"@import", b"/etc/", b"file.svg"):
        assert gone not in cleaned
    assert b"url(#g)" in cleaned and b"font-size: 9px" in cleaned and b">Hi</text>" in cleaned


# 10. earlier gaps -------------------------------------------------------------------------

def test_init_force_never_changes_an_existing_file(tmp_path):
    (tmp_path / "content").mkdir()
    answer = "---\nquestion: Ours?\n---\nOur own answer.\n"
    (tmp_path / "content" / "01-achievements.md").write_text(answer)
    result = run_cli("init", tmp_path, "--force")
    assert result.exit_code == 0
    assert (tmp_path / "content" / "01-achievements.md").read_text() == answer
    assert f"kept {tmp_path / 'content' / '01-achievements.md'} (it exists; not changed)" in result.output
    assert (tmp_path / "content" / "02-action-lines.md").is_file()


def test_a_pdf_to_standard_output_and_a_project_that_does_not_exist(tmp_path):
    project = write_project(tmp_path / "p", {"01.md": question("Out?", "Text.")})
    done = subprocess.run([sys.executable, "-m", "wsis_report", "build", str(project), "-o", "-"], capture_output=True)
    assert done.returncode == 0 and done.stdout.startswith(b"%PDF-") and done.stdout.rstrip().endswith(b"%%EOF")
    assert not (project / "build").exists() and b"wrote standard output" in done.stderr
    assert run_cli("build", tmp_path / "nowhere").exit_code == 2
    assert run_cli("check", tmp_path / "nowhere").exit_code == 2


def test_contents_page_embeds_every_font(tmp_path):
    from test_example_pdf import embedded_fonts

    files = {"01.md": question("A?", "x"), "02.md": "---\nsection: S\nquestion: B?\n---\ny\n"}
    fonts = embedded_fonts(build_pdf(write_project(tmp_path, files, "title: T\norganisation: O\ntoc: true\n")))
    assert fonts and all(fonts.values()), fonts
