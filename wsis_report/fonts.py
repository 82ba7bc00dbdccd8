"""Font files: where each face of a family is, and which characters it can draw.

Built-in families are static TrueType faces shipped by pip packages; a project may name its own
TrueType files in theme.yaml. Coverage is read from each face's cmap with fontTools, so the check
stage knows which characters would print as boxes without starting a renderer; the PDF renderer
chooses faces run by run from the same coverage.
"""
from __future__ import annotations

import hashlib
import io
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .diskcache import cache_path, read_marshal, write_marshal, write_whole
from .load import file_stamp

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
    cff: bool = False                # PostScript outlines: embedded as a TrueType subset (truetype_subset)

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


def _ibm_plex_sans_arabic() -> dict[str, Path]:
    import fontpkg_ibm_plex_sans_arabic

    folder = Path(fontpkg_ibm_plex_sans_arabic.ROOT) / "files"
    regular, bold = folder / "IBMPlexSansArabic-Regular.ttf", folder / "IBMPlexSansArabic-Bold.ttf"
    return {"regular": regular, "bold": bold, "italic": regular, "bold_italic": bold}   # Arabic has no italic


def _noto_sans_sc() -> dict[str, Path]:
    import pylopdf_fonts_zh_cn

    face = Path(pylopdf_fonts_zh_cn.sans_path())            # one face: bold and italic use it
    return dict.fromkeys(FACES, face)


# slug -> (name, faces, PostScript outlines)
BUILTIN_FAMILIES = {"source-sans-pro": ("SourceSansPro", _source_sans_pro, False),
                    "ibm-plex-mono": ("IBMPlexMono", _ibm_plex_mono, False),
                    "ibm-plex-sans-arabic": ("IBMPlexSansArabic", _ibm_plex_sans_arabic, False),
                    "noto-sans-sc": ("NotoSansSC", _noto_sans_sc, True)}


@lru_cache(maxsize=None)
def builtin_faces(slug: str) -> FontFaces:
    name, files, cff = BUILTIN_FAMILIES[slug]
    return FontFaces(name, **files(), builtin=True, cff=cff)


def project_faces(files: dict[str, str], project_root: Path) -> FontFaces:
    """A project's own family (paths checked by the theme: inside the project, TrueType)."""
    paths = {face: (project_root / files[face]).resolve() for face in FACES}
    return FontFaces(f"Project-{paths['regular'].stem}", **paths)


def coverage(path: Path) -> frozenset[int]:
    """The code points a TrueType face maps to a glyph (read again when the file changes: watch
    mode keeps a process running while a project's font is replaced)."""
    return _coverage(Path(path), file_stamp(Path(path)))


@lru_cache(maxsize=32)
def _coverage(path: Path, stamp: tuple | None) -> frozenset[int]:
    # kept on disk too: reading a cmap with fontTools takes a few milliseconds a face, and
    # importing it 12 ms more, in every check and build
    try:
        kept_at = _file_cache(path, "coverage", ".marshal")
    except OSError:
        kept_at = None                     # fontTools says what is wrong with the file below
    kept = read_marshal(kept_at) if kept_at else None
    if isinstance(kept, frozenset):
        return kept
    from fontTools.ttLib import TTFont     # only when a check or a build needs it

    with TTFont(str(path), lazy=True) as font:
        covered = frozenset((font.getBestCmap() or {}).keys())
    if kept_at:
        write_marshal(kept_at, covered)
    return covered


def _file_cache(path: Path, kind: str, suffix: str, made_of: str = "") -> Path:
    """Where to keep what is made of a font file (and ``made_of``): named after the file's name,
    size and date, not its folder, so that every install of a package's fonts shares it."""
    stat = path.stat()
    key = hashlib.sha1(f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}|{made_of}".encode(
        "utf-8", "surrogatepass")).hexdigest()[:20]
    return cache_path(kind) / f"{path.stem}-{key}{suffix}"


MAX_FONT_BYTES = 40_000_000      # a CJK family face is about 20 MB
REQUIRED_TABLES = ("cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post")
MAX_CODE_POINT = 0x10FFFF


def _cmap_size(data: bytes) -> int:
    """How many code points the cmap's subtables map, read from their headers and ranges without
    expanding anything (a 1 KB font may claim four billion). Raises ValueError if malformed."""
    count = struct.unpack_from(">H", data, 2)[0]
    mapped = 0
    for index in range(count):
        _, _, offset = struct.unpack_from(">HHI", data, 4 + 8 * index)
        fmt = struct.unpack_from(">H", data, offset)[0]
        if fmt in (12, 13):
            groups = struct.unpack_from(">I", data, offset + 12)[0]
            if groups > 200_000 or offset + 16 + 12 * groups > len(data):
                raise ValueError("cmap has too many groups")
            for group in range(groups):
                start, end, _ = struct.unpack_from(">III", data, offset + 16 + 12 * group)
                if start > end or end > MAX_CODE_POINT:
                    raise ValueError("cmap maps code points that do not exist")
                mapped += end - start + 1
        elif fmt == 14:
            continue                          # variation sequences: bounded by their own records
        elif fmt not in (0, 2, 4, 6, 10):
            raise ValueError(f"cmap subtable format {fmt}")
    if mapped > 4 * (MAX_CODE_POINT + 1):
        raise ValueError("cmap maps more code points than Unicode has")
    return mapped


def font_problem(path: Path) -> str | None:
    """Why a font file cannot be used (None when it can): not TrueType, truncated, or shaped to
    make a reader allocate without bound. Read with fontTools, table by table, never expanded."""
    try:
        size = path.stat().st_size
        if size > MAX_FONT_BYTES:
            return f"is {size / 1e6:.0f} MB; font files are limited to {MAX_FONT_BYTES // 1_000_000} MB"
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if magic == b"OTTO":
        return "has PostScript (CFF) outlines, which cannot be embedded; use the TrueType (.ttf) version of the font"
    if magic not in (b"\x00\x01\x00\x00", b"true"):
        return "is not a TrueType font file"
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True) as font:
            missing = [tag for tag in REQUIRED_TABLES if tag not in font.reader]
            if missing:
                return f"is not a complete TrueType font (no {', '.join(missing)} table)"
            try:
                _cmap_size(font.reader["cmap"])
            except (ValueError, struct.error) as exc:
                return f"has a damaged character map ({exc}); use another copy of the font"
            glyphs = font["maxp"].numGlyphs
            if not 1 < glyphs <= 65535:
                return "has no glyphs"
            if not font.getBestCmap():
                return "maps no characters to glyphs"
            font["head"], font["hhea"], font["hmtx"], font["loca"]       # decoded: a truncated table fails here
            if max(font["loca"].locations, default=0) > len(font.reader["glyf"]):
                return "is truncated (its glyph table is shorter than its index says)"
    except Exception:                           # fontTools raises many types for broken files
        return "is damaged or truncated: it cannot be read as a TrueType font"
    return None


def truetype_subset(path: Path, chars: frozenset[str]) -> Path:
    """A TrueType font holding the glyphs of ``chars`` from a font with PostScript (CFF) outlines,
    which reportlab cannot embed: the outlines are converted to quadratic curves with fontTools.
    Cached by the font's file and the characters, so a build of the same text pays nothing."""
    target = _file_cache(path, "fonts", ".ttf", "".join(sorted(chars)))
    if not target.is_file():
        write_whole(target, _convert(path, chars))
    return target


def _convert(path: Path, chars: frozenset[str]) -> bytes:
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    # the source's own date stays in the head table: a subset made today or cached last month is the
    # same file, so the same sources give the same PDF
    font = TTFont(str(path), lazy=False, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features, options.name_IDs, options.notdef_outline = ["*"], ["*"], True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)) or " ")
    subsetter.subset(font)
    order, glyph_set, glyphs = font.getGlyphOrder(), font.getGlyphSet(), {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    font["glyf"], font["loca"] = glyf, newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
                  "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0                    # no glyph names: smaller, and not needed
    font.sfntVersion = "\x00\x01\x00\x00"
    data = io.BytesIO()
    font.save(data)
    return data.getvalue()
