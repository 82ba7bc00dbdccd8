"""What is kept between runs in the user's cache folder changes no result: compiled code, parsed
reference data, font coverage; and fonts a document does not use are never read."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from conftest import question, write_project

PROBE = r'''
import json, sys
if sys.argv[1] == "cached":
    from wsis_report import codecache
    codecache.install()
import dataclasses, re

# a pattern that takes the engine milliseconds: a case-blind class of most of Unicode
pattern = re.compile(r"(?P<word>[\u00a1-\uffff]+)\s+(\d+)", re.I)

@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    y: "int" = 2

point = Point(1)
try:
    point.x = 3
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
found = pattern.search("-- ÄÖÜéß 42")
result = {"match": found.group("word"), "number": found.group(2), "groups": pattern.groups,
          "flags": pattern.flags, "frozen": frozen, "repr": repr(point), "equal": point == Point(1, 2),
          "hash": hash(point) == hash(Point(1)),
          "annotations": {k: str(v) for k, v in Point.__init__.__annotations__.items()}}
if sys.argv[1] == "cached":
    result["compiled afresh"] = codecache._cache.saving > 0 or None
    codecache.save()
print(json.dumps(result, sort_keys=True))
'''


def _probe(mode: str, cache: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, mode], env={**os.environ, "XDG_CACHE_HOME": str(cache)},
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_compiled_code_read_back_behaves_as_freshly_compiled(tmp_path):
    plain = _probe("plain", tmp_path)
    first = _probe("cached", tmp_path)              # compiles, and keeps what it compiled
    kept = list((tmp_path / "wsis-report").glob("compiled-*.marshal"))
    assert len(kept) == 1 and kept[0].stat().st_size > 1000
    second = _probe("cached", tmp_path)             # served from the cache
    assert first.pop("compiled afresh") is True
    assert second.pop("compiled afresh") is None    # nothing compiled afresh: all came from the file
    assert first == second == plain
    assert plain["match"] == "ÄÖÜéß" and plain["frozen"] and plain["annotations"] == {
        "x": "<class 'int'>", "y": "int", "return": "None"}


def test_a_damaged_code_cache_is_ignored(tmp_path):
    plain = _probe("plain", tmp_path)
    _probe("cached", tmp_path)
    kept = next((tmp_path / "wsis-report").glob("compiled-*.marshal"))
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF                     # one flipped byte: the digest no longer matches
    kept.write_bytes(bytes(data))
    again = _probe("cached", tmp_path)
    assert again.pop("compiled afresh") is True and again == plain


def test_builds_with_warm_and_cold_caches_are_the_same_file(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Digital inclusion?",
                                                         "Broadband for all, see SDG 9 and Action Line C2.\n\n"
                                                         "- one `inline code`\n- two *italic* **bold**\n")})
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1700000000"}
    made = []
    for run in range(3):
        target = tmp_path / f"{run}.pdf"
        done = subprocess.run([sys.executable, "-m", "wsis_report", "build", str(project), "-o", str(target)],
                              env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        made.append(target.read_bytes())
    kept = {path.parent.name for path in (tmp_path / "cache" / "wsis-report").rglob("*.marshal")}
    assert {"coverage", "data", "wsis-report"} <= kept, kept      # font coverage, reference data, code
    assert made[0] == made[1] == made[2]


READ_FACES = r'''
import json, sys
from reportlab.pdfbase import pdfmetrics
from wsis_report.build import build
build(sys.argv[1], sys.argv[2])
print(json.dumps(sorted(name for name, font in pdfmetrics._fonts.items() if font.__dict__.get("_read"))))
'''


def test_a_face_the_document_does_not_use_is_never_read(tmp_path):
    project = write_project(tmp_path, {"01.md": question("Plain?", "Only regular text, and one **bold** word.")})
    target = tmp_path / "out.pdf"
    done = subprocess.run([sys.executable, "-c", READ_FACES, str(project), str(target)], capture_output=True,
                          text=True, check=True)
    read = json.loads(done.stdout)
    fonts = {str(font.get_object()["/BaseFont"]).split("+")[-1] for page in PdfReader(target).pages
             for font in page["/Resources"]["/Font"].values()}
    assert {"SourceSansPro-Regular", "SourceSansPro-Bold"} <= fonts and not any("Mono" in f for f in fonts), fonts
    # what was read is what is embedded, with the heading's faces: no italic, no code font
    assert read and not any("Mono" in name or "italic" in name for name in read), read
