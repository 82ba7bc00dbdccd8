"""`wsis-report diff`: a redline of what changed between two revisions, and its summary."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextContainer
from pypdf import PdfReader

from conftest import body_text, flat, question, write_project
from wsis_report.cli import main
from wsis_report.theme import load_theme

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

MAP = "```sdg-map\nC2: [8, 9]\nC5: [16]\n```\n"
BEFORE = {
    "01-intro.md": question("What has worked?", "Access grew fast in cities.\n\nRural areas lag behind.\n\n"
                                                 "Prices fell for most households."),
    "02-map.md": question("Which links matter?", "These links:\n\n" + MAP, word_limit=40),
    "03-last.md": question("Anything else?", "Keep the multistakeholder model\nas it is."),
}


def git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def repository(tmp_path):
    root = write_project(tmp_path / "repo", BEFORE)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first")
    return root


def revise(root):
    content = root / "content"
    (content / "01-intro.md").write_text(question(
        "What has worked?", "Prices fell for most households.\n\nAccess grew quickly in cities.\n\n"
                            "Rural areas lag behind."), encoding="utf-8")          # reworded, paragraph moved
    (content / "02-map.md").write_text(question("Which links matter?", "These links:\n\n" +
                                                MAP.replace("[8, 9]", "[9]"), word_limit=40), encoding="utf-8")
    (content / "02a-new.md").write_text(question("What is new?", "Digital public goods."), encoding="utf-8")
    (content / "03-last.md").write_text(question("Anything else?", "Keep the multistakeholder\nmodel as it is."),
                                        encoding="utf-8")                          # re-wrapped only


def run(*args, cwd=None):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def coloured_text(pdf, colour: str) -> str:
    """The characters drawn in ``colour`` (#RRGGBB), read with pdfminer."""
    want = tuple(round(int(colour[i:i + 2], 16) / 255, 2) for i in (1, 3, 5))
    out = []
    for page in extract_pages(pdf):
        for box in page:
            if isinstance(box, LTTextContainer):
                for line in box:
                    for char in getattr(line, "_objs", []):
                        if isinstance(char, LTChar) and tuple(round(c, 2) for c in
                                                               (char.graphicstate.ncolor or ())) == want:
                            out.append(char.get_text())
                    out.append(" ")
    return " ".join("".join(out).split())


def test_the_redline_marks_words_added_and_removed_in_their_colours(tmp_path, monkeypatch):
    root = repository(tmp_path)
    revise(root)
    monkeypatch.chdir(root / "content")             # the project is found upwards
    result = run("diff", "main")
    assert result.exit_code == 0, result.output
    pdf = root / "build" / "redline.pdf"
    text = flat("\n".join(page.extract_text() for page in PdfReader(pdf).pages))
    colours = load_theme(root).colours
    inserted, deleted = coloured_text(pdf, colours["inserted"]), coloured_text(pdf, colours["deleted"])
    assert "quickly" in inserted and "Digital public goods." in inserted
    assert "fast" in deleted and "fast" not in inserted
    # the moved paragraph: struck where it stood, added where it stands
    assert "Prices fell for most households." in inserted and "Prices fell for most households." in deleted
    # the sdg-map link taken out, and a re-wrapped paragraph that is no change
    assert "C2 \u2192 SDG 8" in deleted
    assert "multistakeholder" not in inserted + deleted
    assert "Changes from main" in text and "What is new?" in text
    assert git(root, "status", "--porcelain", "--", "content") != ""           # the work tree is untouched


def test_the_summary_counts_match_stats_on_each_revision(tmp_path):
    root = repository(tmp_path)
    old = tmp_path / "old"
    shutil.copytree(root / "content", old / "content")
    revise(root)
    summary = json.loads(run("diff", "main", "--project", root, "--format", "json").stdout)
    old_stats = json.loads(run("stats", old, "--format", "json").stdout)["questions"]
    new_stats = json.loads(run("stats", root, "--format", "json").stdout)["questions"]
    rows = {q["text"]: q for q in summary["questions"]}
    assert {q["text"]: q["words"] for q in new_stats} == {t: q["new_words"] for t, q in rows.items()
                                                          if q["new_words"] is not None}
    assert {q["text"]: q["words"] for q in old_stats} == {t: q["old_words"] for t, q in rows.items()
                                                          if q["old_words"] is not None}
    assert rows["What is new?"]["status"] == "added" and rows["What is new?"]["new_number"] == 3
    assert rows["Anything else?"]["renumbered"] and rows["Anything else?"]["old_number"] == 3
    assert rows["Anything else?"]["status"] == "unchanged"
    assert rows["Which links matter?"]["sdg_links_changed"] and rows["Which links matter?"]["limit"] == 40
    assert rows["What has worked?"]["words_added"] == 6 and rows["What has worked?"]["words_removed"] == 6
    text = run("diff", "main", "--project", root, "--format", "text").stdout
    assert text.splitlines()[0] == "main ({}) -> the work tree: 2 changed, 1 added, 1 renumbered; +9 -6 words".format(
        git(root, "rev-parse", "--short", "main").strip())


def test_two_folders_and_nothing_changed(tmp_path):
    one = write_project(tmp_path / "one", BEFORE)
    two = tmp_path / "two"
    shutil.copytree(one, two)
    result = run("diff", one, two, "-o", tmp_path / "same.pdf")
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "same.pdf")
    assert len(reader.pages) == 1 and "No changes" in reader.pages[0].extract_text()
    assert json.loads(run("diff", one, two, "--format", "json").stdout)["changed"] is False
    assert run("diff", one, two).exit_code == 0 and (two / "build" / "redline.pdf").is_file()   # NEW's build/
    assert not (one / "build").exists()


def test_a_revision_that_is_not_there_is_one_clear_error(tmp_path):
    root = repository(tmp_path)
    result = run("diff", "no-such-branch", "--project", root)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "no-such-branch:1:1: error: is neither a project folder nor a revision of this repository; name a "
        "folder, a branch, a tag or a commit (git log shows them) [revision]")
    assert result.output.splitlines()[-1] == "no redline written: 1 error"
    assert run("diff", "--upload-pack=touch /tmp/x", "--project", root).exit_code in (1, 2)


def test_errors_in_a_revision_are_named_with_it(tmp_path):
    root = repository(tmp_path)
    (root / "content" / "01-intro.md").write_text(question("Broken?", "{{ oops"), encoding="utf-8")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qam", "broken")
    (root / "content" / "01-intro.md").write_text(question("Fixed?", "Fine."), encoding="utf-8")
    result = run("diff", "HEAD", "--project", root)
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("HEAD (")
    assert ":content/01-intro.md:4:" in result.output.splitlines()[0]
    assert not (root / "build" / "redline.pdf").exists()


def test_links_in_a_revision_are_not_followed(tmp_path):
    root = repository(tmp_path)
    (tmp_path / "secret.md").write_text(question("Secret?", "Do not print me."), encoding="utf-8")
    (root / "content" / "09-link.md").symlink_to(tmp_path / "secret.md")
    git(root, "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "a link")
    result = run("diff", "HEAD~1", "HEAD", "--project", root, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Secret?" not in result.stdout and json.loads(result.stdout)["changed"] is False


def _internal_links(reader: PdfReader) -> list[int]:
    """The page index each link inside the document goes to."""
    pages = [page.indirect_reference.idnum for page in reader.pages]
    return [pages.index(annotation.get_object()["/Dest"][0].idnum) for page in reader.pages
            for annotation in page.get("/Annots", ()) if "/Dest" in annotation.get_object()]


def test_footnote_references_in_changed_text_stay_references(tmp_path):
    notes = "\n\n[^r]: The first note.\n[^s]: The second note.\n"
    one = write_project(tmp_path / "one", {"01.md": question("Q?", "The model needs trust.[^r] It stays.\n\n"
                                                                    "- an item with a note[^s] here" + notes)})
    two = write_project(tmp_path / "two", {"01.md": question("Q?", "A model needs trust.[^r] It stays.\n\n"
                                                                    "- an item with one note[^s] here" + notes)})
    result = run("diff", one, two, "-o", tmp_path / "redline.pdf")
    assert result.exit_code == 0, result.output         # the notes' links back once found no reference
    reader = PdfReader(tmp_path / "redline.pdf")
    text = flat(body_text(reader))
    assert "needs trust.1 It stays." in text and "note2 here" in text and "trust. 1" not in text
    assert len(_internal_links(reader)) == 5    # the summary's link, each reference to its note and back
    assert coloured_text(tmp_path / "redline.pdf", load_theme(None).colour("inserted")).split() == ["A", "one"]
