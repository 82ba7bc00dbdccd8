"""watch's rebuild after a one-word edit, in-process (run by bench/run.py in the bench's venv):

    python edits.py PROJECT OUT.pdf RUNS [--cold]  -> the median seconds

A copy of PROJECT is built once with watch's memo, then one word of its middle answer is
edited and rebuilt, RUNS times. With --cold, the same builds without the memo: the in-process
cold build that the edit's rebuild is compared with.
"""
from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

from wsis_report.build import build
from wsis_report.cli import tune_collector
from wsis_report.memo import Memo, using


def main(project: Path, target: Path, runs: int, cold: bool) -> float:
    copy = target.parent / f"{project.name}-edited"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("build", ".git"))
    answers = sorted((copy / "content").glob("*.md"))
    answer = answers[len(answers) // 2]
    original = answer.read_text(encoding="utf-8")
    tune_collector()                        # as `wsis-report watch` runs
    memo = None if cold else Memo()
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


if __name__ == "__main__":
    print(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), "--cold" in sys.argv[4:]))
