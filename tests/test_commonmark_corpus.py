"""Completeness: all 655 CommonMark spec examples, as answers of one submission, print their text.

For each example, every word of the expected HTML's visible text must appear in the PDF's text,
in the same order. Typographic replacements (quotes, dashes, ellipses) and hyphenation are folded
away on both sides before comparing, and white space is ignored (lines may wrap inside a word).
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import all_text, question, run_cli, write_project

# The checkout (here and in CI) sits beside the read-only shared/ folder that holds the corpus.
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "commonmark-spec-examples.json"
FOLD = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                      "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2026": "...", "\u00a9": "(c)",
                      "\u00ae": "(r)", "\u2122": "(tm)", "\u00b1": "+-", "\u2013": "", "\u2014": "",
                      "-": "", "\u00ad": ""})


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_words(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return [fold(word) for word in " ".join(parser.parts).split() if fold(word)]


def fold(text: str) -> str:
    text = text.translate(FOLD).replace("(C)", "(c)").replace("(R)", "(r)").replace("(TM)", "(tm)")
    return re.sub(r"\s+", "", text)


def corpus() -> list[dict]:
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is not beside this checkout")
    return json.loads(CORPUS.read_text(encoding="utf-8"))


def missing_word(words: list[str], haystack: str) -> str | None:
    position = 0
    for word in words:
        found = haystack.find(word, position)
        if found < 0:
            return word
        position = found + len(word)
    return None


NO_FONT = (24, 25, 26, 355)          # 0-based: examples 25, 26, 27 and 356

# The images the spec's examples name; a missing image stops a build, so the project has them.
IMAGES = ("moon.jpg", "uri3", "train.jpg", "url", "url2", "path/to/train.jpg")


def with_local_images(example: dict) -> str:
    """An example whose images are named by absolute paths ("/url"), with paths in the project."""
    markdown = example["markdown"]
    if "<img" not in example["html"]:
        return markdown
    return markdown.replace("(/url", "(url").replace("]: /url", "]: url").replace("/path/to/", "path/to/")


def test_every_spec_example_prints_its_text(tmp_path):
    from PIL import Image

    examples = corpus()
    assert len(examples) == 655
    files = {f"{i:03d}.md": question(f"Spec example {i + 1}", with_local_images(e))
             for i, e in enumerate(examples)}
    project = write_project(tmp_path, files)
    for name in IMAGES:
        (project / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (8, 8), (0, 90, 156)).save(project / "content" / name, format="PNG")
    # four examples hold characters no shipped font has (entities such as &ClockwiseContourIntegral;,
    # Kannada, Malayalam, Wancho): check reports exactly those, and they are left out of the build
    checked = run_cli("check", project)
    glyphless = [line for line in checked.output.splitlines() if ": error:" in line]
    assert [line.split(":")[0] for line in glyphless] == [f"content/{n:03d}.md" for n in NO_FONT]
    assert all("[glyph]" in line for line in glyphless)
    for n in NO_FONT:
        (project / "content" / f"{n:03d}.md").write_text(question(f"Spec example {n + 1}", "Left out."))
    result = run_cli("build", project)
    assert result.exit_code == 0, result.output[-2000:]
    assert " error: " not in result.output
    text = re.sub(r"(?<=\w)-\n(?=\w)", "", all_text(PdfReader(project / "build" / "submission.pdf")))
    # the running header and footer would interleave with answers that cross a page break
    text, furniture = re.subn(r"^(A Test Submission\n\d+\n)?Test Organisation\nPage \d+ of \d+\n", "", text,
                              flags=re.M)
    assert furniture > 60
    heads = [re.search(rf"^{n}\. Spec example {n}$", text, re.M) for n in range(1, 656)]
    assert all(heads)
    failures = []
    for n, example in enumerate(examples, start=1):
        end = heads[n].start() if n < 655 else len(text)
        segment = fold(text[heads[n - 1].end():end])
        word = missing_word(visible_words(example["html"] if n - 1 not in NO_FONT else "Left out."), segment)
        if word is not None:
            failures.append(f"example {n}: {word!r} missing")
    printed = 655 - len(NO_FONT)
    print(f"CommonMark corpus: {printed - len(failures)} of {printed} examples print every word in order; "
          f"{len(NO_FONT)} stop the build, as they should: no shipped font has their characters")
    assert not failures, failures[:20]
