"""Benchmark: wsis-report against two reportlab floors, as ratios measured in one run.

    python bench/run.py [--runs N] [--big-runs N] [--keep DIR]

What is timed is what a user runs: the project is built into a wheel and installed (without
its dependencies, which are this environment's) into a virtual environment of the benchmark's
own, and every build runs as a whole process of its `wsis-report`, from a neutral folder.

The floors (bench/floors.py) lay out the same answers with plain reportlab in one process:
*plain*, each block as one unstyled Paragraph (the cost of Python, reportlab and the text); and
*styled*, the same blocks set as wsis-report sets them (bold accent questions, justified and
hyphenated body text, bulleted list items, tables with a shaded header): the cost of reportlab
itself. bench/stages.py shows where one build's time goes, stage by stage.

It also builds the example without tags, exports it in each format, builds the Arabic and
Chinese fixtures grown to the example's size, 20 copies of the example in one process against
20 processes, and watch's rebuild after a one-word edit (in-process). Every figure is the median
of several runs after a warm-up, and the two sides of a ratio run in turns (A B, A B, ...), so
that a machine growing busier or quieter moves both alike; each target is printed beside its
ratio, ok or MISSED.
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
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "content"


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


def median_times(runs_of: dict[str, Callable[[], object]], runs: int, warmup: int = 1) -> dict[str, float]:
    """The median time of each, run in turns (A B C, A B C, ...) after a warm-up of each: a machine
    that gets busier or quieter during the benchmark then moves both sides of a ratio alike."""
    for _ in range(warmup):
        for run in runs_of.values():
            run()
    times: dict[str, list[float]] = {name: [] for name in runs_of}
    for _ in range(runs):
        for name, run in runs_of.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(taken) for name, taken in times.items()}


PEAK_WRAPPER = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, " \
               "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"


def measure_peak_memory(*command: str, cwd: Path) -> float:
    """Peak resident memory (MB) of a command in a process of its own (a fresh parent's only child)."""
    done = subprocess.run([sys.executable, "-c", PEAK_WRAPPER, *command], check=True, capture_output=True,
                          text=True, cwd=cwd)
    return float(done.stdout.strip().splitlines()[-1])


def pages(pdf: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(pdf).pages)


def bench_environment(work: Path) -> Path:
    """A virtual environment with this checkout built as a wheel and installed, seeing this
    environment's packages for the dependencies: its bin folder."""
    dist, venv = work / "dist", work / "venv"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    import site
    packages = next(venv.glob("lib/python*/site-packages"))
    (packages / "bench-dependencies.pth").write_text(site.getsitepackages()[0] + "\n", encoding="utf-8")
    wheel = next(dist.glob("wsis_report-*.whl"))
    # --ignore-installed: a wsis-report installed where the dependencies are would count as this one
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--ignore-installed", "-q",
                    str(wheel)], check=True, stdout=subprocess.DEVNULL)
    return venv / "bin"


def copies(project: Path, root: Path, count: int) -> list[Path]:
    made = []
    for n in range(count):
        copy = root / f"copy-{n:02d}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(project / "content", copy / "content")
        if (project / "templates").is_dir():
            shutil.copytree(project / "templates", copy / "templates")
        made.append(copy)
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (median) [5]")
    parser.add_argument("--big-runs", type=int, default=3, help="timed runs of the 1,000-question figures [3]")
    parser.add_argument("--keep", type=Path, help="keep the generated projects and PDFs here")
    args = parser.parse_args()

    work = (args.keep or Path(tempfile.mkdtemp(prefix="wsis-bench-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    bin_folder = bench_environment(work)
    tool, python = str(bin_folder / "wsis-report"), str(bin_folder / "python")
    here = Path(__file__).resolve().parent
    floors, stages_script, edits = str(here / "floors.py"), str(here / "stages.py"), str(here / "edits.py")

    def run(*command: str) -> None:          # from the neutral folder, as a user would
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=work)

    def command(*words: str) -> Callable[[], None]:
        return lambda: run(*words)

    example = work / "example"
    shutil.copytree(REPO / "content", example / "content")
    shutil.copytree(REPO / "templates", example / "templates")
    out, untagged = work / "out.pdf", work / "untagged.pdf"
    run(tool, "build", str(example), "-o", str(out))
    example_pages = pages(out)
    scripts = {fixture: script_project(work / fixture, fixture, example_pages) for fixture in ("arabic", "chinese")}
    # everything compared with the example's build, in one rotation with it
    small = {"example_build": command(tool, "build", str(example), "-o", str(out)),
             "example_floor": command(sys.executable, floors, "plain", str(example / "content"), str(work / "f.pdf")),
             "example_styled": command(sys.executable, floors, "styled", str(example / "content"), str(work / "s.pdf")),
             "example_untagged": command(tool, "build", str(example), "-o", str(untagged), "--no-tags"),
             "help": command(tool, "--help"),
             "check": command(tool, "check", str(example)),
             **{f"{fixture}_build": command(tool, "build", str(project), "-o", str(work / f"{fixture}.pdf"))
                for fixture, project in scripts.items()},
             **{f"export_{fmt}": command(tool, "export", str(example), "--format", fmt, "-o",
                                         str(work / f"answers.{extension}"))
                for fmt, extension in (("text", "txt"), ("md", "md"), ("html", "html"), ("json", "json"),
                                       ("docx", "docx"))}}
    figures: dict[str, float] = median_times(small, args.runs)
    bytes_ratio = out.stat().st_size / untagged.stat().st_size
    imported = subprocess.run([python, "-X", "importtime", "-m", "wsis_report", "check", str(example)], cwd=work,
                              capture_output=True, text=True).stderr
    check_imports_reportlab = any(line.rsplit("|", 1)[-1].strip() == "reportlab" for line in imported.splitlines())
    script_pages = {fixture: pages(work / f"{fixture}.pdf") for fixture in scripts}
    batch = copies(example, work / "batch", 20)
    figures.update(median_times({"batch_one_process": command(tool, "build", *map(str, batch)),
                                 "batch_processes": lambda: [run(tool, "build", str(p)) for p in batch]},
                                max(args.runs // 2, 1)))
    figures["watch_example"] = float(subprocess.run([python, edits, str(example), str(work / "w.pdf"), str(args.runs)],
                                                    check=True, capture_output=True, text=True, cwd=work).stdout)
    breakdown = {"example": json.loads(subprocess.run([python, stages_script, str(example), str(work / "st.pdf")],
                                                      check=True, capture_output=True, text=True, cwd=work).stdout)}

    sizes = {}
    for questions in (100, 1000):
        project = synthetic_project(work / f"q{questions}", questions)
        target = work / f"q{questions}.pdf"
        runs = args.runs if questions == 100 else args.big_runs
        figures.update(median_times({f"q{questions}_build": command(tool, "build", str(project), "-o", str(target)),
                                     **{f"q{questions}_{floor}": command(sys.executable, floors, floor,
                                                                         str(project / "content"),
                                                                         str(work / "floor-big.pdf"))
                                        for floor in ("plain", "styled")}}, runs))
        sizes[questions] = pages(target)
    figures["watch_q1000"] = float(subprocess.run([python, edits, str(work / "q1000"), str(work / "w.pdf"),
                                                   str(args.big_runs)], check=True, capture_output=True, text=True,
                                                  cwd=work).stdout)
    figures["q1000_in_process"] = float(subprocess.run(
        [python, edits, str(work / "q1000"), str(work / "w.pdf"), str(args.big_runs), "--cold"], check=True,
        capture_output=True, text=True, cwd=work).stdout)
    breakdown["1,000 questions"] = json.loads(subprocess.run(
        [python, stages_script, str(work / "q1000"), str(work / "st.pdf")], check=True, capture_output=True, text=True,
        cwd=work).stdout)
    figures["q1000_peak_mb"] = measure_peak_memory(tool, "build", str(work / "q1000"), "-o", str(work / "m.pdf"),
                                                   cwd=work)

    per_page = {q: figures[f"q{q}_build"] / sizes[q] for q in sizes}
    ratios = [
        ("example build / plain floor (whole process)", figures["example_build"] / figures["example_floor"], 1.8),
        ("1,000 questions / plain floor (whole process)", figures["q1000_build"] / figures["q1000_plain"], 3.0),
        ("1,000 questions / styled floor (whole process)", figures["q1000_build"] / figures["q1000_styled"], 1.3),
        ("time per page, 1,000 / 100 questions", per_page[1000] / per_page[100], 1.15),
        ("wsis-report --help / plain floor", figures["help"] / figures["example_floor"], 0.4),
        ("20 example builds: one process / 20 processes", figures["batch_one_process"] / figures["batch_processes"],
         0.4),
        ("watch: one-word edit, example / whole-process build", figures["watch_example"] / figures["example_build"],
         0.25),
        ("watch: one-word edit, 1,000 questions / in-process", figures["watch_q1000"] / figures["q1000_in_process"],
         0.3),
        ("tagged / --no-tags build (whole process)", figures["example_build"] / figures["example_untagged"], 1.1),
        ("tagged / --no-tags bytes", bytes_ratio, 1.15),
        *((f"export --format {fmt} / build (whole process)", figures[f"export_{fmt}"] / figures["example_build"], 0.5)
          for fmt in ("text", "md", "html", "json", "docx")),
        ("Arabic build / English build (example's size)", figures["arabic_build"] / figures["example_build"], 2.0),
        ("Chinese build / English build (example's size)", figures["chinese_build"] / figures["example_build"], 2.0),
    ]
    print(f"example build (whole process)    {figures['example_build'] * 1000:8.0f} ms, {example_pages} pages")
    print(f"  plain floor / styled floor     {figures['example_floor'] * 1000:8.0f} ms / "
          f"{figures['example_styled'] * 1000:.0f} ms")
    print(f"wsis-report --help               {figures['help'] * 1000:8.0f} ms")
    print(f"wsis-report check                {figures['check'] * 1000:8.0f} ms (imports reportlab: "
          f"{'yes' if check_imports_reportlab else 'no'})")
    print(f"example build, --no-tags         {figures['example_untagged'] * 1000:8.0f} ms, "
          f"{untagged.stat().st_size / 1000:.0f} kB (tagged: {out.stat().st_size / 1000:.0f} kB)")
    for fixture in script_pages:
        print(f"{fixture + ' build (whole process)':33s}{figures[fixture + '_build'] * 1000:8.0f} ms, "
              f"{script_pages[fixture]} pages")
    print(f"20 example builds                {figures['batch_one_process']:8.2f} s in one process, "
          f"{figures['batch_processes']:.2f} s in 20")
    print(f"watch rebuild, one-word edit     {figures['watch_example'] * 1000:8.0f} ms (example), "
          f"{figures['watch_q1000']:.2f} s (1,000 questions; in-process cold {figures['q1000_in_process']:.2f} s)")
    for q in sizes:
        print(f"{q:5d} questions: build {figures[f'q{q}_build']:6.2f} s, plain floor {figures[f'q{q}_plain']:6.2f} s, "
              f"styled floor {figures[f'q{q}_styled']:6.2f} s, {sizes[q]} pages, {per_page[q] * 1000:.1f} ms/page")
    print(f"peak memory, 1,000 questions     {figures['q1000_peak_mb']:8.0f} MB")
    names = list(breakdown["example"])
    print("where the time goes (s, in-process):  " + "  ".join(f"{n:>10s}" for n in ("stage", *breakdown)))
    for name in names:
        print(f"{'':38s}{name:>10s}" + "".join(f"  {breakdown[size].get(name, 0.0):10.3f}" for size in breakdown))
    failed = False
    targets = [(label, ratio, f"<= {target}", ratio <= target) for label, ratio, target in ratios]
    targets += [("peak memory, 1,000 questions (MB)", figures["q1000_peak_mb"], "<= 200", figures["q1000_peak_mb"] <= 200),
                ("check of the example imports reportlab", float(check_imports_reportlab), "never",
                 not check_imports_reportlab)]
    for label, value, target, ok in targets:
        failed |= not ok
        print(f"{label:52s} {value:7.2f}   (target {target})  {'ok' if ok else 'MISSED'}")
    (work / "figures.json").write_text(json.dumps({**figures, "stages": breakdown, "pages": {
        **sizes, **script_pages, "example": example_pages}}, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
