"""`wsis-report init`: a new project that builds at once, with a CI workflow."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import __version__
from .errors import ProjectError, error

# scaffold file -> where it goes in the new project; "{language}/" files exist in each language
FILES = {
    "{language}/submission.yaml": "content/submission.yaml",
    "{language}/01-achievements.md": "content/01-achievements.md",
    "{language}/02-action-lines.md": "content/02-action-lines.md",
    "{language}/README.md": "README.md",
    "gitignore": ".gitignore",
    "theme.yaml": "templates/theme.yaml",
    "workflow.yml": ".github/workflows/submission.yml",
}
LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")       # the six UN languages


def init_project(target: Path, force: bool = False, language: str = "en") -> tuple[list[Path], list[Path]]:
    """Write the scaffold into ``target``; refuse a non-empty folder unless ``force``, and even
    then write only the files that do not exist: (written, skipped)."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise ProjectError([error(str(target), 1, "is a file, not a folder; choose another name", "init")])
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ProjectError([error(str(target), 1, "the folder is not empty; choose a new one, or add --force "
                                                  "to write the project files into it", "init")])
    scaffold = resources.files("wsis_report.data").joinpath("scaffold")
    written, skipped = [], []
    for name, destination in FILES.items():
        path = target / destination
        text = scaffold.joinpath(name.format(language=language)).read_text(encoding="utf-8")
        text = text.replace("{version}", __version__)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8") as handle:     # "x": never over an existing file
                handle.write(text)
        except FileExistsError:
            skipped.append(path)
            continue
        except OSError as exc:
            raise ProjectError([error(str(path), 1, f"cannot write: {exc.strerror}", "init")]) from None
        written.append(path)
    return written, skipped
