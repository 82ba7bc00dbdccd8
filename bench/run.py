"""Benchmark: wsis-report against the reportlab floor, as ratios measured in one run.

    python bench/run.py [--runs N] [--keep DIR]

It also builds the example without tags (--no-tags), for the cost of tagging in time and bytes;
exports it in each format, against the PDF build; and builds the Arabic and Chinese test fixtures
grown to the example's size, compared with the English example (the line engine, HarfBuzz and the
Chinese font's subset: warm, after the first build has cached the subset).

The floor is a script written here that lays out the same answers' plain text as reportlab
Paragraphs in a SimpleDocTemplate with the same fonts embedded, as a whole process: it pays the
same Python start and reportlab import as `wsis-report build`. It sets each paragraph, list
item and table row of the Markdown as one plain Paragraph, with no markup, lists, tables,
hyphenation or checks. Every figure is the median of
several runs after a warm-up. Targets (from the issue) are printed beside each ratio.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "content"

FLOOR_SCRIPT = r'''
import re, sys
from pathlib import Path
from xml.sax.saxutils import escape
import font_source_sans_pro
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

folder = Path(font_source_sans_pro.font_directory)
for face, stem in (("r", "Regular"), ("b", "Bold")):
    pdfmetrics.registerFont(TTFont(f"SSP-{face}", str(folder / f"SourceSansPro-{stem}.ttf")))
body = ParagraphStyle("body", fontName="SSP-r", fontSize=10.5, leading=14.5, spaceAfter=6)
head = ParagraphStyle("head", fontName="SSP-b", fontSize=12.5, leading=16, spaceBefore=14, spaceAfter=7)
story = []
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    front, text = path.read_text(encoding="utf-8").split("\n---\n", 1)
    question = re.search(r"^(?:question|title): (.*)$", front, re.M)
    if question:
        story.append(Paragraph(escape(question.group(1)), head))
    for block in re.split(r"\n\s*\n", text):
        # one Paragraph a paragraph, list item or table row: the blocks the tool lays out too
        for item in re.split(r"\n(?=\s*(?:[-*+]|\d+\.|\|) )", block):
            if item.strip():
                story.append(Paragraph(escape(" ".join(item.split())), body))
doc = SimpleDocTemplate(sys.argv[2], initialFontName="SSP-r", invariant=1)
doc.build(story)
'''

WORDS = ("digital cooperation infrastructure capacity multistakeholder governance security access "
         "development community network policy inclusion skills data platform review implementation "
         "partnership regulators broadband affordable meaningful connectivity evidence").split()


def synthetic_project(root: Path, questions: int, seed: int = 7) -> Path:
    """A realistic submission: prose, lists, a table, links and an sdg-map block in every few answers."""
    rng = random.Random(seed)
    content = root / "content"
    shutil.rmtree(root, ignore_errors=True)
    content.mkdir(parents=True)
    (content / "submission.yaml").write_text(
        "title: Synthetic Submission\norganisation: Benchmark Org\nconsultation: Benchmark\n"
        "date: 2025-03-14\nfooter: [bench.example, CC BY 4.0]\n", encoding="utf-8")

    def sentence() -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
        return " ".join(words).capitalize() + "."

    for n in range(1, questions + 1):
        parts = [" ".join(sentence() for _ in range(rng.randint(3, 6))) for _ in range(2)]
        parts.append("\n".join(f"- **{rng.choice(WORDS)}**: {sentence()}" for _ in range(4)))
        parts.append(f"See https://example.org/report/{n} and [the forum](https://www.itu.int/wsis/).")
        if n % 5 == 0:
            rows = "\n".join(f"| {rng.choice(WORDS)} | {sentence()} | {rng.randint(1, 99)} |" for _ in range(5))
            parts.append(f"| Area | Finding | Score |\n|---|---|--:|\n{rows}")
        if n % 7 == 0:
            parts.append("```sdg-map\nC2: [8, 9]\nC4: [4]\nC5:\n  sdgs: [9, 16]\n  note: Secure networks\n```")
        parts.append(" ".join(sentence() for _ in range(rng.randint(2, 5))))
        section = f"section: Part {n // 50 + 1}\n" if n % 50 == 1 else ""
        (content / f"{n:04d}.md").write_text(
            f"---\n{section}question: Synthetic question {n} about {rng.choice(WORDS)}?\n---\n"
            + "\n\n".join(parts) + "\n", encoding="utf-8")
    return root


FIXTURES = REPO / "tests" / "fixtures"


def script_project(root: Path, fixture: str, length: int) -> Path:
    """The Arabic or Chinese fixture grown to ``length`` pages (the example's size): its answers
    repeated as further questions until the PDF is as long, so the builds compare like with like."""
    from wsis_report.build import build

    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(FIXTURES / fixture, root)
    content = root / "content"
    answers = sorted(content.glob("*.md"))
    for copy in range(1, 50):
        build(root, root / "size.pdf")
        if pages(root / "size.pdf") >= length:
            break
        for answer in answers:
            text = answer.read_text(encoding="utf-8").replace("section:", "# section:")
            (content / f"{answer.stem}-{copy:02d}.md").write_text(text, encoding="utf-8")
    return root


def median_time(run, runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process(*args: str) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure_peak_memory(project: Path, output: Path) -> float:
    """Peak resident memory (MB) of a build in a child process of its own."""
    code = textwrap.dedent(f"""
        import resource, sys
        from wsis_report.build import build
        build({str(project)!r}, {str(output)!r})
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    """)
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def pages(pdf: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(pdf).pages)


def edit_rebuild_time(project: Path, target: Path, runs: int) -> float:
    """Median time of watch's rebuild after a one-word edit to the middle answer of a copy of
    ``project`` (in-process, with the watch's memo, after one build has filled it)."""
    from wsis_report.build import build
    from wsis_report.memo import Memo, using

    copy = target.parent / f"{project.name}-edited"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("build", ".git"))
    answers = sorted((copy / "content").glob("*.md"))
    answer = answers[len(answers) // 2]
    original = answer.read_text(encoding="utf-8")
    memo = Memo()
    with using(memo):
        build(copy, target)
    times = []
    for run in range(runs):
        answer.write_text(original.rstrip("\n") + f" edit{run}\n", encoding="utf-8")
        start = time.perf_counter()
        with using(memo):
            build(copy, target)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (median) [5]")
    parser.add_argument("--big-runs", type=int, default=3, help="timed runs of the 1,000-question build [3]")
    parser.add_argument("--keep", type=Path, help="keep the generated projects and PDFs here")
    args = parser.parse_args()
    from wsis_report.build import build   # the in-process builds (the process figures run their own)

    work = args.keep or Path(tempfile.mkdtemp(prefix="wsis-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    floor = work / "floor.py"
    floor.write_text(FLOOR_SCRIPT, encoding="utf-8")
    cli = [sys.executable, "-m", "wsis_report"]
    out = work / "out.pdf"
    figures: dict[str, float] = {}

    figures["example_build"] = median_time(lambda: process(*cli, "build", str(REPO), "-o", str(out)), args.runs)
    untagged = work / "untagged.pdf"
    figures["example_untagged"] = median_time(
        lambda: process(*cli, "build", str(REPO), "-o", str(untagged), "--no-tags"), args.runs)
    figures["warm_untagged"] = median_time(lambda: build(REPO, untagged, tagged=False), args.runs, warmup=2)
    bytes_ratio = out.stat().st_size / untagged.stat().st_size
    figures["example_floor"] = median_time(
        lambda: process(sys.executable, str(floor), str(EXAMPLE), str(work / "floor.pdf")), args.runs)
    example_pages = pages(out)
    script_pages = {}
    for fixture in ("arabic", "chinese"):
        project = script_project(work / fixture, fixture, example_pages)
        target = work / f"{fixture}.pdf"
        figures[f"{fixture}_build"] = median_time(lambda: process(*cli, "build", str(project), "-o", str(target)),
                                                  args.runs)
        script_pages[fixture] = pages(target)
    for fmt, extension in (("text", "txt"), ("md", "md"), ("html", "html"), ("json", "json"), ("docx", "docx")):
        target = work / f"answers.{extension}"
        figures[f"export_{fmt}"] = median_time(
            lambda: process(*cli, "export", str(REPO), "--format", fmt, "-o", str(target)), args.runs)
    figures["help"] = median_time(lambda: process(*cli, "--help"), args.runs)
    figures["warm_rebuild"] = median_time(lambda: build(REPO, out), args.runs, warmup=2)
    figures["watch_example"] = edit_rebuild_time(REPO, work / "watch.pdf", args.runs)

    sizes = {}
    for questions in (100, 1000):
        project = synthetic_project(work / f"q{questions}", questions)
        target = work / f"q{questions}.pdf"
        runs = args.runs if questions == 100 else args.big_runs
        figures[f"q{questions}_build"] = median_time(lambda: build(project, target), runs)
        figures[f"q{questions}_floor"] = median_time(
            lambda: process(sys.executable, str(floor), str(project / "content"), str(work / "floor-big.pdf")), runs)
        sizes[questions] = pages(target)
        figures[f"watch_q{questions}"] = edit_rebuild_time(project, work / "watch-big.pdf", runs)
    figures["q1000_peak_mb"] = measure_peak_memory(work / "q1000", work / "mem.pdf")

    per_page = {q: figures[f"q{q}_build"] / sizes[q] for q in sizes}
    ratios = [
        ("example build / floor (whole process)", figures["example_build"] / figures["example_floor"], 1.3),
        ("1,000-question build / floor", figures["q1000_build"] / figures["q1000_floor"], 1.5),
        ("time per page, 1,000 / 100 questions", per_page[1000] / per_page[100], 1.2),
        ("warm in-process rebuild / whole-process build", figures["warm_rebuild"] / figures["example_build"], 0.5),
        ("watch: one-word edit, example / whole-process build", figures["watch_example"] / figures["example_build"], 0.25),
        ("watch: one-word edit, 1,000 questions / in-process", figures["watch_q1000"] / figures["q1000_build"], 0.3),
        ("wsis-report --help / floor", figures["help"] / figures["example_floor"], 0.6),
        ("tagged / --no-tags build (whole process)", figures["example_build"] / figures["example_untagged"], 1.1),
        ("tagged / --no-tags warm rebuild", figures["warm_rebuild"] / figures["warm_untagged"], 1.1),
        ("tagged / --no-tags bytes", bytes_ratio, 1.15),
        *((f"export --format {fmt} / build (whole process)", figures[f"export_{fmt}"] / figures["example_build"], 0.5)
          for fmt in ("text", "md", "html", "json", "docx")),
        ("Arabic build / English build (example's size)", figures["arabic_build"] / figures["example_build"], 2.0),
        ("Chinese build / English build (example's size)", figures["chinese_build"] / figures["example_build"], 2.0),
    ]
    print(f"example build (whole process)    {figures['example_build'] * 1000:8.0f} ms")
    print(f"floor, example text              {figures['example_floor'] * 1000:8.0f} ms")
    print(f"wsis-report --help               {figures['help'] * 1000:8.0f} ms")
    print(f"example build, --no-tags         {figures['example_untagged'] * 1000:8.0f} ms, "
          f"{untagged.stat().st_size / 1000:.0f} kB (tagged: {out.stat().st_size / 1000:.0f} kB)")
    print(f"example pages                    {example_pages:8d}")
    for fixture in script_pages:
        print(f"{fixture + ' build (whole process)':33s}{figures[fixture + '_build'] * 1000:8.0f} ms, "
              f"{script_pages[fixture]} pages")
    print(f"warm in-process rebuild          {figures['warm_rebuild'] * 1000:8.0f} ms")
    print(f"watch rebuild, one-word edit     {figures['watch_example'] * 1000:8.0f} ms (example), "
          f"{figures['watch_q1000']:.2f} s (1,000 questions)")
    for q in sizes:
        print(f"{q:5d} questions: build {figures[f'q{q}_build']:6.2f} s, floor {figures[f'q{q}_floor']:6.2f} s, "
              f"{sizes[q]} pages, {per_page[q] * 1000:.1f} ms/page")
    print(f"peak memory, 1,000 questions     {figures['q1000_peak_mb']:8.0f} MB   (target <= 400 MB)")
    failed = figures["q1000_peak_mb"] > 400
    for label, ratio, target in ratios:
        ok = ratio <= target
        failed |= not ok
        print(f"{label:48s} {ratio:5.2f}   (target <= {target})  {'ok' if ok else 'MISSED'}")
    (work / "figures.json").write_text(json.dumps({**figures, "pages": {**sizes, **script_pages,
                                                                        "example": example_pages}}, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
