"""The pipeline runs one way: no module imports a later stage."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import wsis_report

PACKAGE = Path(wsis_report.__file__).parent
ORDER = ["diskcache", "codecache", "errors", "limits", "memo", "revision", "model", "reference", "syntax", "load", "fonts", "theme", "template", "parse", "resolve",
         "check", "compare", "render", "write", "scaffold", "build", "watch", "cli", "console", "__main__"]


def stage_of(module: str) -> int:
    return ORDER.index(module.split(".")[0])


def imported_stages(path: Path, own: str) -> set[str]:
    found = set()
    package = own.split(".") if path.name == "__init__.py" else own.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            names = [target] if node.module else [f"{target}.{a.name}".lstrip(".") for a in node.names]
            found.update(n for n in names if n and n.split(".")[0] in ORDER)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wsis_report."):
            found.add(node.module.removeprefix("wsis_report."))
    return found


def test_imports_point_forward_only():
    backwards = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).with_suffix("")
        parts = [p for p in relative.parts if p != "__init__"]
        if not parts or parts[0] == "data":
            continue
        own = ".".join(parts)
        for target in imported_stages(path, own):
            if stage_of(target) > stage_of(own):
                backwards.append(f"{own} imports {target}")
    assert not backwards


def test_help_does_not_import_the_layout_engine():
    code = "import sys, wsis_report.cli; print(sorted(m for m in ('reportlab', 'markdown_it', 'jinja2', 'watchfiles', 'yaml') " \
           "if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_wheel_ships_templates_and_reference_data():
    from importlib import metadata

    repo = Path(__file__).resolve().parents[1]           # this checkout
    # the installed distribution, not an egg-info that an in-tree `pip install .` leaves behind
    installed = [d for d in metadata.distributions() if (d.metadata["Name"] or "").lower() == "wsis-report"
                 and Path(str(d.locate_file(""))).resolve() != repo]
    assert installed, "wsis-report is not installed (pip install .)"
    files = {str(f) for f in installed[0].files}
    assert {"wsis_report/templates/theme.yaml", "wsis_report/data/sdgs.yaml",
            "wsis_report/data/action_lines.yaml", "wsis_report/data/answers.schema.json"} <= files
    modules = {str(p.relative_to(repo)) for p in (repo / "wsis_report").rglob("*.py")}
    assert modules <= files, sorted(modules - files)        # every package is listed in setup.cfg


RENDERER_MAY_IMPORT = {"model", "model.text", "theme", "fonts", "errors", "limits", "diskcache", ""}   # "": the package's __version__


def test_renderers_see_only_the_model_and_the_theme():
    seen = {}
    for path in (PACKAGE / "render").rglob("*.py"):
        own = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for target in imported_stages(path, own):
            if not target.startswith("render"):
                seen.setdefault(target, []).append(own)
    assert set(seen) <= RENDERER_MAY_IMPORT, seen
