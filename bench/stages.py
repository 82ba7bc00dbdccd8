"""Where one whole build's time goes, stage by stage (run by bench/run.py in a fresh process):

    python stages.py PROJECT OUT.pdf     -> one JSON object of seconds per stage

The stages are the pipeline's own functions, called as build.build calls them; reportlab's
share is split by timing the frame's placing of each flowable and its splits (wrap: measuring
and breaking lines) less the outermost Flowable.drawOn (draw), Flowable.drawOn (draw) and the canvas' save, and the archive step (pikepdf)
as save too. gc is the time the collector ran, whichever stage it interrupted (so the other
stages overlap it a little). The instrumentation costs a few per cent; the whole-process
figures of run.py are measured without it.
"""
from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

start = time.perf_counter()
from wsis_report import codecache  # noqa: E402 - as the console script does, before all else

codecache.install()
import wsis_report.cli  # noqa: E402,F401 - the import stage is what the command line pays
from wsis_report import build as facade  # noqa: E402
from wsis_report.cli import PDF_MODULES, freeze_imports, tune_collector  # noqa: E402
import wsis_report.render.pdf as pdf  # noqa: E402
import wsis_report.render.pdf.archive  # noqa: E402,F401
import pikepdf  # noqa: E402,F401
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus.flowables import Flowable  # noqa: E402
from reportlab.platypus.frames import Frame  # noqa: E402
from wsis_report.render.pdf.pages import TaggingFrame  # noqa: E402

stages = {"import": time.perf_counter() - start}
collecting = [0.0, 0.0]


def _collector(phase, info):
    if phase == "start":
        collecting[1] = time.perf_counter()
    else:
        collecting[0] += time.perf_counter() - collecting[1]


def timed(name, function):
    def run(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            stages[name] = stages.get(name, 0.0) + time.perf_counter() - begun
    return run


def timed_parts(parts):
    """The story made part by part as layout reaches it: each part's making is "flowables"."""
    def run(*args, **kwargs):
        made = parts(*args, **kwargs)
        while True:
            begun = time.perf_counter()
            part = next(made, None)
            stages["flowables"] = stages.get("flowables", 0.0) + time.perf_counter() - begun
            if part is None:
                return
            yield part
    return run


def outermost(name, method, depth):
    """Time only the outermost call: a table's wrapOn wraps its cells' paragraphs inside it, a
    split wraps what it splits."""
    def run(self, *args, **kwargs):
        depth[0] += 1
        begun = time.perf_counter()
        try:
            return method(self, *args, **kwargs)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - begun
    return run


def main(project: Path, out: Path) -> None:
    gc.callbacks.append(_collector)
    facade.load_theme = timed("load", facade.load_theme)
    facade.load_project = timed("load", facade.load_project)
    facade.render_project = timed("template", facade.render_project)
    facade.parse_project = timed("parse", facade.parse_project)
    facade.resolve = timed("resolve/check", facade.resolve)
    facade.check_document = timed("resolve/check", facade.check_document)
    pdf.build_story = timed("flowables", pdf.build_story)
    pdf.story_parts = timed_parts(pdf.story_parts)
    pdf.finish_pdf = timed("save", pdf.finish_pdf)
    pdf.make_styles = timed("fonts/styles", pdf.make_styles)
    # the frame places each flowable (wrap, then draw) and splits what does not fit
    placing, splitting, drawing = [0], [0], [0]
    Frame._add = outermost("place", Frame._add, placing)
    TaggingFrame._add = TaggingFrame.add = outermost("place", TaggingFrame._add, placing)
    TaggingFrame.split = outermost("split", TaggingFrame.split, splitting)
    Flowable.drawOn = outermost("draw", Flowable.drawOn, drawing)
    Canvas.save = timed("save", Canvas.save)
    tune_collector()                        # as the command line does
    freeze_imports(*PDF_MODULES)
    begun = time.perf_counter()
    facade.build(project, out)
    total = time.perf_counter() - begun
    stages["gc"] = collecting[0]
    stages["wrap"] = stages.pop("place", 0.0) - stages.get("draw", 0.0) + stages.pop("split", 0.0)
    named = sum(v for k, v in stages.items() if k not in ("import", "gc"))
    stages["other"] = max(total - named, 0.0)      # layout bookkeeping, furniture, writing the file
    stages["total"] = total + stages["import"]
    codecache.save()
    print(json.dumps(stages))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
