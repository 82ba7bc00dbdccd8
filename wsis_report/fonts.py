"""Font files: where each face of a family is, and which characters it can draw.

Built-in families are static TrueType faces shipped by pip packages; a project may name its own
TrueType files in theme.yaml. Coverage is read from each face's cmap with fontTools, so the check
stage knows which characters would print as boxes without starting a renderer; the PDF renderer
chooses faces run by run from the same coverage.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FACES = ("regular", "bold", "italic", "bold_italic")


@dataclass(frozen=True)
class FontFaces:
    """The four faces of a family: a name for it and one TrueType file per face."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    builtin: bool = False

    def path(self, face: str) -> Path:
        return getattr(self, face)


def _source_sans_pro() -> dict[str, Path]:
    import font_source_sans_pro

    folder = Path(font_source_sans_pro.font_directory)
    names = {"regular": "Regular", "bold": "Bold", "italic": "It", "bold_italic": "BoldIt"}
    return {face: folder / f"SourceSansPro-{stem}.ttf" for face, stem in names.items()}


def _ibm_plex_mono() -> dict[str, Path]:
    import fontpkg_ibm_plex_mono

    folder = Path(fontpkg_ibm_plex_mono.ROOT) / "files"
    names = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}
    return {face: folder / f"IBMPlexMono-{stem}.ttf" for face, stem in names.items()}


BUILTIN_FAMILIES = {"source-sans-pro": ("SourceSansPro", _source_sans_pro),
                    "ibm-plex-mono": ("IBMPlexMono", _ibm_plex_mono)}


@lru_cache(maxsize=None)
def builtin_faces(slug: str) -> FontFaces:
    name, files = BUILTIN_FAMILIES[slug]
    return FontFaces(name, **files(), builtin=True)


def project_faces(files: dict[str, str], project_root: Path) -> FontFaces:
    """A project's own family (paths checked by the theme: inside the project, TrueType)."""
    paths = {face: (project_root / files[face]).resolve() for face in FACES}
    return FontFaces(f"Project-{paths['regular'].stem}", **paths)


@lru_cache(maxsize=32)
def coverage(path: Path) -> frozenset[int]:
    """The code points a TrueType face maps to a glyph."""
    from fontTools.ttLib import TTFont     # only when a check or a build needs it

    with TTFont(str(path), lazy=True) as font:
        return frozenset((font.getBestCmap() or {}).keys())
