"""The form fields' font: the bundled DejaVu Sans, embedded, so a typed name in any covered script survives.

ReportLab's AcroForm fields can only name the 14 standard PDF fonts, and a
reader that builds a field's appearance from Helvetica loses every letter
outside Latin-1: "Nguyễn Thị Hạnh" came back as "Nguyn Th Hnh", Cyrillic as
"????". After ReportLab has written the PDF, :func:`use_field_font` rewrites
the form with pikepdf:

- one Type0 font (Identity-H, CIDFontType2) whose embedded program is
  DejaVu Sans cut down to the characters every bundled font covers
  (``fonts/coverage.txt``: Latin with its accents and Vietnamese, Greek,
  Cyrillic, punctuation). It goes into the AcroForm's ``/DR`` and every
  field's ``/DA`` names it, so a reader that draws what a client types takes
  its glyphs from there;
- every field gets a fresh appearance stream in that font (``/Tx BMC … EMC``,
  holding the field's value if it has one), so nothing refers to Helvetica
  and no ``/NeedAppearances`` is needed (PDF/A forbids it).

Why not the subset ReportLab embeds for the page text: a subset holds only
the glyphs the document already uses, and a reader that builds a field's
appearance finds no "ễ" in it when the text never had one. Why not the whole
DejaVu Sans: it adds about 380 KB to every PDF, while the covered
characters, unhinted, add about 140 KB (the sample PDF is about 250 KB). Anything outside the coverage is refused in
practice.toml and the policy text already, so the field font covers every
character the rest of the PDF can show.

The font file is made from ``fonts/DejaVuSans.ttf`` by
``python -m sphinx_policy_ext.pdf.field_font`` (needs fontTools); a test
checks that the shipped file still matches the fonts and their coverage.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pikepdf

from . import build_cache

HERE = Path(__file__).parent
FIELD_FONT = HERE / "form-font" / "DejaVuSans-fields.ttf"
SOURCE_FONT = HERE / "fonts" / "DejaVuSans.ttf"
RESOURCE = "DejaVuSans"  # the name fields' /DA and /DR use: /DejaVuSans 10 Tf
PADDING = 2.0  # points between a field's edge and its text, as readers draw it


@dataclass(frozen=True)
class Metrics:
    """What the PDF needs to know about the font file, in 1/1000 of the font size."""

    name: str  # PostScript name
    widths: tuple[int, ...]  # advance width of each glyph id
    glyph_of: dict[int, int]  # code point -> glyph id
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]
    stem_v: int


@dataclass(frozen=True)
class Prepared:
    """Everything the PDF takes from the font file, made once: its metrics and its deflated streams."""

    metrics: Metrics
    base_name: str  # TAG+Name, as a cut-down font is named (ISO 32000-1, 9.6.4)
    program: bytes  # the font file, deflated
    length: int  # the font file's length before deflating (/Length1)
    to_unicode: bytes  # the ToUnicode CMap, deflated


# This process's prepared font, by font file: a preview or a group practice prepares it once.
_prepared: dict[Path, Prepared] = {}


def prepared(cache: Path | None = None) -> Prepared:
    """The prepared font: from this process, else from the file ``cache`` (the build cache), else made and kept there.

    Measuring the font and deflating its 200 KB at the best compression took
    most of the time of rewriting each PDF, in every build: the result
    depends only on the font file and the libraries, so it is kept between
    builds (build_cache.py).
    """
    font = FIELD_FONT
    known = _prepared.get(font)
    if known is not None:
        return known
    if cache is None:
        made = _prepare(font)
    else:
        key = _cache_key(font)
        stored = build_cache.read(cache, key)
        if isinstance(stored, Prepared):
            made = stored
        else:
            made = _prepare(font)
            build_cache.write(cache, key, [made])
    _prepared[font] = made
    return made


def _cache_key(font: Path) -> tuple[object, ...]:
    """What the prepared font depends on: the font file, this module (which makes it), ReportLab and zlib."""
    import reportlab

    own, status = Path(__file__).stat(), font.stat()
    return (
        str(font),
        status.st_size,
        status.st_mtime_ns,
        own.st_size,
        own.st_mtime_ns,
        reportlab.Version,
        zlib.ZLIB_RUNTIME_VERSION,
    )


def _prepare(font: Path) -> Prepared:
    data = font.read_bytes()
    measured = _measure(font)
    return Prepared(
        metrics=measured,
        base_name=f"{_subset_tag(data)}+{measured.name}",
        program=zlib.compress(data, 9),
        length=len(data),
        to_unicode=zlib.compress(_to_unicode(measured.glyph_of), 9),
    )


def metrics() -> Metrics:
    """The font's metrics (this process's prepared font: the build has prepared it from its cache before drawing)."""
    return prepared().metrics


def _measure(path: Path) -> Metrics:
    from reportlab.pdfbase.ttfonts import TTFontFile

    font = TTFontFile(str(path))
    scale = 1000 / font.unitsPerEm
    widths = tuple(round(advance * scale) for advance, _ in font.hmetrics)
    widths += (widths[-1],) * (font.numGlyphs - len(widths))  # trailing glyphs share the last advance
    return Metrics(
        name=font.name.decode("ascii"),
        widths=widths,
        glyph_of=dict(font.charToGlyph),
        ascent=round(font.ascent),
        descent=round(font.descent),
        cap_height=round(font.capHeight),
        bbox=(round(font.bbox[0]), round(font.bbox[1]), round(font.bbox[2]), round(font.bbox[3])),
        stem_v=int(font.stemV),
    )


def _subset_tag(data: bytes) -> str:
    """Six capital letters from the file's hash: a cut-down font is named TAG+Name (ISO 32000-1, 9.6.4)."""
    digest = hashlib.sha256(data).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


def _deflated(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, b"")
    stream.write(data, filter=pikepdf.Name.FlateDecode)
    return stream


def _to_unicode(glyph_of: dict[int, int]) -> bytes:
    """The CMap that turns glyph ids back into text, for copying, searching and screen readers."""
    chars: dict[int, int] = {}
    for code, glyph in sorted(glyph_of.items()):
        chars.setdefault(glyph, code)  # a glyph drawn for several code points reads as the first
    entries = sorted(chars.items())
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{glyph:04X}> <{_utf16(code)}>" for glyph, code in chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")


def _utf16(code: int) -> str:
    return chr(code).encode("utf-16-be").hex().upper()


def _font(pdf: pikepdf.Pdf, prepared_font: Prepared) -> pikepdf.Dictionary:
    """The whole font program as a Type0 font, added to ``pdf``."""
    m = prepared_font.metrics
    name = pikepdf.Name(f"/{prepared_font.base_name}")
    program = _deflated(pdf, prepared_font.program)
    program.Length1 = prepared_font.length
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=name,
        Flags=32,  # non-symbolic: Latin text
        FontBBox=pikepdf.Array(m.bbox),
        ItalicAngle=0,
        Ascent=m.ascent,
        Descent=m.descent,
        CapHeight=m.cap_height,
        StemV=m.stem_v,
        FontFile2=program,
    )
    cid_font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.CIDFontType2,
        BaseFont=name,
        CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor),
        DW=1000,
        W=pikepdf.Array([0, pikepdf.Array(m.widths)]),
        CIDToGIDMap=pikepdf.Name.Identity,
    )
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type0,
        BaseFont=name,
        Encoding=pikepdf.Name("/Identity-H"),
        DescendantFonts=pikepdf.Array([pdf.make_indirect(cid_font)]),
        ToUnicode=_deflated(pdf, prepared_font.to_unicode),
    )
    return pdf.make_indirect(font)


def _encode(text: str) -> bytes:
    """``text`` as the font's two-byte glyph ids; characters the font lacks are left out."""
    glyph_of = metrics().glyph_of
    return b"".join(glyph_of[ord(c)].to_bytes(2, "big") for c in text if ord(c) in glyph_of)


def text_width(text: str, size: float) -> float:
    m = metrics()
    return sum(m.widths[m.glyph_of[ord(c)]] for c in text if ord(c) in m.glyph_of) * size / 1000


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def appearance_content(value: str, width: float, height: float, size: float) -> bytes:
    """A single-line field's appearance: its value (if any) inside ``/Tx BMC … EMC``, as readers expect to replace."""
    lines = ["/Tx BMC"]
    if value:
        m = metrics()
        # Vertically centred on the font's ascent and descent, as Acrobat and pdf.js place one line.
        baseline = (height - (m.ascent - m.descent) * size / 1000) / 2 - m.descent * size / 1000
        lines += [
            "q",
            f"{_number(PADDING / 2)} {_number(PADDING / 2)} {_number(width - PADDING)} {_number(height - PADDING)} re W n",
            "BT",
            f"/{RESOURCE} {_number(size)} Tf 0 g",
            f"{_number(PADDING)} {_number(baseline)} Td",
            f"<{_encode(value).hex().upper()}> Tj",
            "ET",
            "Q",
        ]
    lines.append("EMC")
    return ("\n".join(lines) + "\n").encode("ascii")


def _font_size(da: str) -> float:
    """The size a field's ``/DA`` asks for (``/Helv 10 Tf 0 g``); 0 means auto, drawn here at 10."""
    words = da.split()
    if "Tf" in words:
        index = words.index("Tf")
        try:
            size = float(words[index - 1])
        except (ValueError, IndexError):
            size = 0.0
        if size > 0:
            return size
    return 10.0


def use_field_font(pdf: pikepdf.Pdf, cache: Path | None = None) -> None:
    """Make every text field of ``pdf`` use the embedded field font, with appearances drawn in it.

    Works on an open PDF, so another step that rewrites the file with pikepdf
    can call it in the same pass. ``cache`` is a file in the build cache where
    the prepared font is kept between builds (see :func:`prepared`).
    """
    acroform = pdf.Root.get("/AcroForm")
    if acroform is None:
        return
    font = _font(pdf, prepared(cache))
    acroform.DR = pikepdf.Dictionary(Font=pikepdf.Dictionary({f"/{RESOURCE}": font}))
    acroform.DA = pikepdf.String(f"/{RESOURCE} 0 Tf 0 g")
    if "/NeedAppearances" in acroform:
        del acroform.NeedAppearances
    for field in acroform.get("/Fields", []):
        if field.get("/FT") != pikepdf.Name.Tx:
            continue
        size = _font_size(str(field.get("/DA", "")))
        field.DA = pikepdf.String(f"/{RESOURCE} {_number(size)} Tf 0 g")
        left, bottom, right, top = (float(v) for v in field.Rect)
        width, height = right - left, top - bottom
        stream = pikepdf.Stream(pdf, appearance_content(str(field.get("/V", "")), width, height, size))
        stream.Type = pikepdf.Name.XObject
        stream.Subtype = pikepdf.Name.Form
        stream.BBox = pikepdf.Array([0, 0, Decimal(_number(width)), Decimal(_number(height))])
        stream.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary({f"/{RESOURCE}": font}))
        field.AP = pikepdf.Dictionary(N=stream)


def make_field_font() -> None:
    """Write ``form-font/DejaVuSans-fields.ttf``: DejaVu Sans, every covered character, no hinting."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from .font_coverage import _ranges

    starts, ends = _ranges()
    options = subset.Options()
    options.hinting = False  # readers draw unhinted outlines well; the hints were a fifth of the size
    options.layout_features = []
    # Positioning and substitution tables: PDF text is placed glyph by glyph, they are never read.
    options.drop_tables += ["GDEF", "GPOS", "GSUB", "MATH", "FFTM", "gasp"]
    options.name_IDs = ["*"]  # keeps the copyright and licence notice inside the font
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    font = TTFont(str(SOURCE_FONT), recalcTimestamp=False)  # the same file each time it is made
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for s, e in zip(starts, ends, strict=True) for c in range(s, e + 1)])
    subsetter.subset(font)
    FIELD_FONT.parent.mkdir(exist_ok=True)
    font.save(str(FIELD_FONT))


if __name__ == "__main__":
    make_field_font()
    print(f"wrote {FIELD_FONT}")
