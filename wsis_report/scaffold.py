"""`wsis-report init`: a new project that builds at once, with a CI workflow."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import metadata, resources
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
WORKFLOW = ".github/workflows/submission.yml"
UNREACHABLE = "SET-ME"          # the workflow's install source when CI cannot reach this one


@dataclass(frozen=True)
class InstallSource:
    """What a CI runner's pip installs to get this wsis-report: a requirement, or None when this
    one came from somewhere only this machine sees (a folder, an editable checkout, a local file)."""

    requirement: str | None
    where: str = ""                 # that somewhere, to say so


def install_source() -> InstallSource:
    """From PEP 610's direct_url.json: a git URL at its commit, a downloaded archive, or (none:
    installed from an index) ``wsis-report==version``."""
    try:
        recorded = metadata.distribution("wsis-report").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        recorded = None
    if not recorded:
        return InstallSource(f"wsis-report=={__version__}")
    try:
        direct = json.loads(recorded)
        url = str(direct["url"])
    except (ValueError, KeyError, TypeError):
        return InstallSource(None, "an unreadable direct_url.json")
    remote = url.startswith(("https://", "http://", "ssh://", "git://")) or url.startswith("git@")
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict) and remote:
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        return InstallSource(f"wsis-report @ {vcs.get('vcs', 'git')}+{url}" + (f"@{commit}" if commit else ""))
    if "archive_info" in direct and remote:
        return InstallSource(f"wsis-report @ {url}")
    return InstallSource(None, url.removeprefix("file://"))


def repository_top(folder: Path) -> Path | None:
    """The top of the git work tree that ``folder`` is in (a folder holding .git), if any."""
    folder = Path(os.path.abspath(folder))
    return next((f for f in (folder, *folder.parents) if (f / ".git").exists()), None)


def workflow_text(template: str, source: InstallSource, subfolder: str) -> str:
    """The workflow for a project at ``subfolder`` of its repository ("" at its top)."""
    requirement = source.requirement or f"{UNREACHABLE}: what pip installs wsis-report from, such as " \
                                        "wsis-report @ git+https://github.com/ORGANISATION/wsis-report@COMMIT"
    paths = defaults = prefix = ""
    if subfolder:
        paths = f'    paths: ["{subfolder}/**", "{WORKFLOW}"]\n'
        defaults = f"    defaults:\n      run:\n        working-directory: {subfolder}\n"
        prefix = f"{subfolder}/"
    return (template.replace("@INSTALL@", json.dumps(requirement)).replace("@PATHS@", paths)
            .replace("@DEFAULTS@", defaults).replace("@PREFIX@", prefix))


@dataclass(frozen=True)
class Scaffolded:
    written: list[Path]
    skipped: list[Path]             # they exist: not changed
    source: InstallSource           # what the workflow installs


def init_project(target: Path, force: bool = False, language: str = "en") -> Scaffolded:
    """Write the scaffold into ``target``; refuse a non-empty folder unless ``force``, and even
    then write only the files that do not exist. In a subfolder of a git repository the
    workflow goes to the repository's top, where GitHub looks for it, set to that subfolder."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise ProjectError([error(str(target), 1, "is a file, not a folder; choose another name", "init")])
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ProjectError([error(str(target), 1, "the folder is not empty; choose a new one, or add --force "
                                                  "to write the project files into it", "init")])
    scaffold = resources.files("wsis_report.data").joinpath("scaffold")
    written, skipped = [], []
    source = install_source()
    top = repository_top(target)
    subfolder = Path(os.path.relpath(os.path.abspath(target), top)).as_posix() if top else "."
    subfolder = "" if subfolder == "." else subfolder
    for name, destination in FILES.items():
        path = (top / destination if subfolder else target / destination) if destination == WORKFLOW else \
            target / destination
        text = scaffold.joinpath(name.format(language=language)).read_text(encoding="utf-8")
        text = workflow_text(text, source, subfolder) if destination == WORKFLOW else text
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
    return Scaffolded(written, skipped, source)
