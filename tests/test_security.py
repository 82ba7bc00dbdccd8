"""Untrusted sources: nothing read from outside the project, templates bounded, markup inert,
resources bounded, encodings handled, earlier PDFs never lost, and only clean failures."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from conftest import all_text, diagnostics, build_pdf, flat, question, run_cli, write_project
from strategies import FRONT, MARKDOWN

SECRET = "TOP-SECRET-7f3a"


@pytest.fixture
def outside(tmp_path):
    """Files outside the project that a hostile project points at."""
    folder = tmp_path / "outside"
    folder.mkdir()
    Image.new("RGB", (40, 40), (255, 0, 0)).save(folder / "secret.png")
    (folder / "secret.md").write_text(f"---\nquestion: Stolen?\n---\n{SECRET}\n")
    (folder / "secret.j2").write_text(f"left: {SECRET}\n")
    (folder / "secret.txt").write_text(SECRET)
    return folder


def no_secret(reader: PdfReader) -> None:
    assert SECRET not in all_text(reader)
    for page in reader.pages:
        assert "/XObject" not in page["/Resources"]


# 1. confinement -----------------------------------------------------------------------------

def test_images_from_outside_the_project_are_refused(tmp_path, outside):
    project = write_project(tmp_path / "p", {"01.md": question("Images?", "\n\n".join([
        f"![absolute]({outside / 'secret.png'})", "![escape](../../outside/secret.png)",
        "![link](assets/link.png)", f"![file](file://{outside / 'secret.png'})",
        "![web](https://example.org/x.png)", "![data](data:image/png;base64,iVBORw0KGgo=)"]))})
    (project / "content" / "assets").mkdir()
    (project / "content" / "assets" / "link.png").symlink_to(outside / "secret.png")
    result = run_cli("build", project)
    assert result.exit_code == 1 and not (project / "build").exists()
    refused = [line for line in result.output.splitlines() if "refused" in line]
    # line 10, file:, is not even an image: markdown-it's link validation leaves it as text
    assert [line.split(":")[1] for line in refused] == ["4", "6", "8", "12", "14"]
    assert all(": error: " in line for line in refused)


def test_source_files_linked_from_outside_are_refused(tmp_path, outside):
    project = write_project(tmp_path / "p", {"01.md": question("Fine?", "Fine.")})
    (project / "content" / "02.md").symlink_to(outside / "secret.md")
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert diagnostics(result.output) == ("content/02.md:1:1: error: is a link to a file outside content/; "
                                     "copy the file into the project instead [outside]")


def test_templates_cannot_reach_outside(tmp_path, outside):
    project = write_project(tmp_path / "p", {"01.md": question("Include?", '{% include "../../outside/secret.j2" %}')})
    result = run_cli("build", project)
    assert result.exit_code == 1 and "content/01.md:4:1: error: template not found" in result.output
    project = write_project(tmp_path / "q", {"01.md": question("Fine?", "Fine.")})
    (project / "templates").mkdir()
    (project / "templates" / "footer.j2").symlink_to(outside / "secret.j2")
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert "a link to a file outside the templates folder" in result.output and SECRET not in result.output


def test_fonts_from_outside_are_refused(tmp_path, outside):
    theme = "fonts:\n  body:\n" + "".join(f"    {face}: ../outside/secret.txt\n"
                                          for face in ("regular", "bold", "italic", "bold_italic"))
    project = write_project(tmp_path / "p", {"01.md": question("Fonts?", "Text."), "templates/theme.yaml": theme})
    result = run_cli("build", project)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("templates/theme.yaml:3:1: error: 'fonts.body.regular': "
                                             "'../outside/secret.txt' is outside the project's fonts/ "
                                             "folder; put fonts under fonts/ [theme]")


def test_svg_logo_cannot_pull_in_other_files(tmp_path, outside):
    svg = (f'<!DOCTYPE svg [<!ENTITY s SYSTEM "file://{outside / "secret.txt"}">]>'
           '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" '
           f'height="60"><text x="5" y="30">&s;</text><image xlink:href="file://{outside / "secret.png"}" '
           'width="50" height="50"/><rect width="20" height="20" fill="#005A9C"/></svg>')
    project = write_project(tmp_path / "p", {"01.md": question("Logo?", "Text."), "content/assets/logo.svg": svg},
                            submission="title: T\norganisation: O\nlogo: assets/logo.svg\n")
    no_secret(build_pdf(project))


# 2. templates are data ----------------------------------------------------------------------

@pytest.mark.parametrize("body, message", [
    ("{{ vars.__class__ }}", "content/01.md:4:1: error: template not allowed: access to attribute '__class__'"),
    ("{{ submission._private }}", "content/01.md:4:1: error: template error:"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "content/01.md:4:1: error: template not allowed: loops asked for more than 200,000 range() items"),
    ("{{ 'x' * 100000000 }}", "content/01.md:4:1: error: template not allowed: '*' would make more than"),
    ("{% for i in range(90000) %}{{ 'abcdefghij' * 10 }}{% endfor %}",
     "content/01.md:4:1: error: template not allowed: the template writes more than 8,000,000 characters"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
     "content/01.md:4:1: error: template error: a macro calls itself without end"),
    ("{{ 'x' | center(2000000000) }}", "content/01.md:4:1: error: template not allowed: a width of more"),
    ("{{ 2 ** 100000000 }}", "content/01.md:4:1: error: template not allowed: the power in ** is too large"),
])
def test_template_bounds(tmp_path, body, message):
    start = time.monotonic()
    result = run_cli("build", write_project(tmp_path, {"01.md": question("Bounded?", body)}))
    assert result.exit_code == 1
    assert result.output.startswith(message), result.output
    assert time.monotonic() - start < 30


def _wait_for(path: Path, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True


def test_templates_render_in_their_child_while_the_build_goes_on(tmp_path):
    """The command line imports the PDF renderer while the child renders: the child's task sees
    a file that only the parent's ``meanwhile`` makes, which it could not if they took turns."""
    from wsis_report.limits import Limits
    from wsis_report.template import render_all

    made = tmp_path / "meanwhile"
    results, problems = render_all([SimpleNamespace(file="01.md", body_line=4)], lambda part: _wait_for(made),
                                   Limits(20), meanwhile=lambda: made.write_text("here"))
    assert results == {"01.md": True} and problems == []


def test_a_failure_meanwhile_stops_the_template_child(tmp_path):
    from wsis_report.limits import Limits
    from wsis_report.template import render_all

    pid_file = tmp_path / "pid"

    def render(part):
        pid_file.write_text(str(os.getpid()))
        time.sleep(30)

    def meanwhile():
        assert _wait_for(pid_file)
        raise KeyboardInterrupt             # Ctrl-C while the renderer is imported

    with pytest.raises(KeyboardInterrupt):
        render_all([SimpleNamespace(file="01.md", body_line=4)], render, Limits(60), meanwhile=meanwhile)
    with pytest.raises(ProcessLookupError):  # killed and waited for, not left rendering
        os.kill(int(pid_file.read_text()), 0)


# 3. no markup injection ---------------------------------------------------------------------

def test_markup_in_text_prints_literally(tmp_path):
    body = ('<font size=200>big</font> <a href="https://evil.example">x</a> &amp;amp; <para>p</para> '
            '<img src="/etc/passwd"/> [js](javascript:alert(1)) [f](ftp://example.org/x) [t](tel:+41)')
    project = write_project(tmp_path, {"01.md": question("Markup <b>bold</b> & co?", body)})
    result = run_cli("build", project)
    assert result.exit_code == 0
    assert [line.split("warning: ")[1] for line in result.output.splitlines() if "link-scheme" in line] == [
        "link to 'ftp://example.org/x' printed as text: only http, https and mailto links are kept [link-scheme]",
        "link to 'tel:+41' printed as text: only http, https and mailto links are kept [link-scheme]"]
    reader = PdfReader(project / "build" / "submission.pdf")
    text = flat(all_text(reader))
    # javascript: is not a link at all for markdown-it (its link validation): it stays as typed
    assert ('<font size=200>big</font> <a href="https://evil.example">x</a> &amp; <para>p</para> '
            '<img src="/etc/passwd"/> [js](javascript:alert(1)) f t') in text
    assert "1. Markup <b>bold</b> & co?" in text
    assert not reader.pages[0].get("/Annots")                    # no link was made from raw HTML


# 4. bounded resources -----------------------------------------------------------------------

def timed_build(project: Path, limit: float = 30):
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "wsis_report", "build", str(project)], capture_output=True,
                          text=True, timeout=limit)
    assert time.monotonic() - start < limit
    assert "Traceback" not in done.stderr + done.stdout
    return done


def test_a_5_mb_answer_fails_cleanly_and_fast(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Huge?", ("Word " * 1000 + "\n\n") * 1000)})
    done = timed_build(project, 10)
    assert done.returncode == 1
    assert diagnostics(done.stderr) == ("content/01.md:1:1: error: the file is 5.0 MB; source files are limited "
                                   "to 2 MB: split it or shorten it [too-large]")


def test_a_10000_row_table_builds(tmp_path):
    rows = "\n".join(f"| r{i} | value {i} |" for i in range(10000))
    done = timed_build(write_project(tmp_path, {"01.md": question("Rows?", f"| A | B |\n|---|---|\n{rows}\n")}))
    assert done.returncode == 0


def test_2000_references_to_one_image(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Images?", "\n\n".join(
        f"![pic {i}](assets/a.png)" for i in range(2000)))})
    (project / "content" / "assets").mkdir()
    Image.new("RGB", (300, 200), (10, 90, 156)).save(project / "content" / "assets" / "a.png")
    assert timed_build(project).returncode == 0
    assert (project / "build" / "submission.pdf").stat().st_size < 2_000_000   # one image, drawn 2,000 times


BOMB = ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n")


def test_yaml_alias_bombs_fail_cleanly(tmp_path):
    submission = "title: T\norganisation: O\nvars:\n" + "".join(f"  {line}\n" for line in BOMB.splitlines())
    done = timed_build(write_project(tmp_path / "s", {"01.md": question("Bomb?", "{{ vars }}")}, submission), 10)
    assert done.returncode == 1 and "YAML aliases (*name) expand to more than 100,000 values" in done.stderr
    front = "---\nquestion: Bomb?\n" + BOMB + "---\nText.\n"
    done = timed_build(write_project(tmp_path / "f", {"01.md": front}), 10)
    assert done.returncode == 1 and done.stderr.startswith("content/01.md:2:1: error: YAML aliases")


# 5. encodings -------------------------------------------------------------------------------

def test_bom_and_crlf_build(tmp_path):
    project = write_project(tmp_path, {})
    text = "---\r\nquestion: Windows?\r\n---\r\nLine one\r\nstill one.\r\n\r\n- item\r\n"
    (project / "content" / "01.md").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (project / "content" / "submission.yaml").write_bytes(b"\xef\xbb\xbftitle: T\r\norganisation: O\r\n")
    reader = build_pdf(project)
    assert "1. Windows?" in reader.pages[0].extract_text()
    assert "Line one still one." in flat(reader.pages[0].extract_text())


# 6. nothing lost ----------------------------------------------------------------------------

def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_a_killed_build_leaves_the_previous_pdf_and_sources_untouched(tmp_path):
    files = {f"{n:03d}.md": question(f"Question {n}?", ("Some words of an answer. " * 80 + "\n\n") * 6)
             for n in range(120)}
    project = write_project(tmp_path, {**files, "templates/theme.yaml": "tables:\n  rows: ruled\n"})
    build_pdf(project)
    pdf = project / "build" / "submission.pdf"
    before, sources = pdf.read_bytes(), tree_digest(project / "content") + tree_digest(project / "templates")
    (project / "content" / "000.md").write_text(question("Changed?", "New text."))
    sources = tree_digest(project / "content") + tree_digest(project / "templates")
    for delay in (0.3, 0.8, 1.5, 2.5):
        child = subprocess.Popen([sys.executable, "-m", "wsis_report", "build", str(project)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert pdf.read_bytes() in (before, pdf.read_bytes()) and pdf.read_bytes()[:5] == b"%PDF-"
        assert PdfReader(pdf).pages                              # whole, whichever build it is
        before = pdf.read_bytes()
    assert tree_digest(project / "content") + tree_digest(project / "templates") == sources


def test_output_inside_the_sources_is_refused(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Where?", "Here.")})
    result = run_cli("build", project, "-o", project / "content" / "out.pdf")
    assert result.exit_code == 1 and "the output is inside content/" in result.output
    assert not (project / "content" / "out.pdf").exists()


# 7. one error type --------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=MARKDOWN)
def test_any_markdown_body_builds_or_fails_cleanly(tmp_path, body):
    result = run_cli("build", write_project(tmp_path, {"01.md": question("Any?", body)}))
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=FRONT, raw=st.text(max_size=60))
def test_any_front_matter_builds_or_fails_cleanly(tmp_path, front, raw):
    import yaml

    for text in (yaml.safe_dump(front), raw):
        project = write_project(tmp_path, {"01.md": f"---\n{text}\n---\nBody.\n"})
        result = run_cli("build", project)
        assert result.exit_code in (0, 1), result.output
        assert "internal error" not in result.output


def test_a_templates_folder_linked_from_outside_is_not_used(tmp_path, outside):
    project = write_project(tmp_path / "p", {"01.md": question("Fine?", "Fine.")})
    (outside / "footer.j2").write_text(f"left: {SECRET}\n")
    (project / "templates").symlink_to(outside)
    reader = build_pdf(project)
    assert SECRET not in all_text(reader) and "Page 1 of 1" in all_text(reader)
