"""Fill the PDF's form as real readers do, and read back what they saved.

- pdf.js, Firefox's viewer: ``tests/js/fill.mjs`` sets each widget's value in
  its ``annotationStorage`` and calls ``saveDocument()``, which is what
  Firefox saves (``npm ci`` in tests/js installs it; ``make test`` does that).
- pypdf: ``update_page_form_field_values``, which writes appearance streams.
- mupdf (the engine of mupdf-gl, zathura, SumatraPDF): ``pdf_set_text_field_value``
  and ``pdf_update_page`` through PyMuPDF's bindings of the C library, the
  calls its viewer makes when a field is typed in. (PyMuPDF's own
  ``Widget.update()`` is not used: it rewrites the field's font to Helvetica.)

Then, for a field: its text as poppler extracts it from the field's area, and
how much ink poppler renders there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf

JS = Path(__file__).parent / "js"


def fill_pdfjs(source: Path, target: Path, values: dict[str, str]) -> None:
    node = shutil.which("node")
    assert node, "Node 20 or newer is needed for the pdf.js test (.ci/run installs it)"
    assert (JS / "node_modules" / "pdfjs-dist").is_dir(), "pdf.js is not installed: run `make test` (npm ci in tests/js)"
    result = subprocess.run(
        [node, str(JS / "fill.mjs"), str(source), str(target), json.dumps(values)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def fill_pypdf(source: Path, target: Path, values: dict[str, str]) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=source)
    for page in writer.pages:
        names = {str(a.get_object().get("/T")) for a in page.get("/Annots", [])}
        mine = {k: v for k, v in values.items() if k in names}
        if mine:
            # auto_regenerate=False: pypdf writes the appearance streams itself
            # and leaves NeedAppearances off, as a PDF/A file must.
            writer.update_page_form_field_values(page, mine, auto_regenerate=False)
    with target.open("wb") as handle:
        writer.write(handle)


def fill_mupdf(source: Path, target: Path, values: dict[str, str]) -> None:
    from pymupdf import mupdf

    doc = mupdf.PdfDocument(str(source))
    filled = set()
    for number in range(mupdf.pdf_count_pages(doc)):
        page = mupdf.pdf_load_page(doc, number)
        widget = mupdf.pdf_first_widget(page)
        while widget.m_internal:
            name = mupdf.pdf_load_field_name(mupdf.pdf_annot_obj(widget))
            if name in values:
                mupdf.pdf_set_text_field_value(widget, values[name])
                filled.add(name)
            widget = mupdf.pdf_next_widget(widget)
        mupdf.pdf_update_page(page)
    assert filled == set(values), f"mupdf found no field {sorted(set(values) - filled)}"
    mupdf.pdf_save_document(doc, str(target), mupdf.PdfWriteOptions())


READERS: dict[str, Callable[[Path, Path, dict[str, str]], None]] = {
    "pdf.js": fill_pdfjs,
    "pypdf": fill_pypdf,
    "mupdf": fill_mupdf,
}


def field_areas(path: Path) -> dict[str, tuple[int, list[float], float]]:
    """Each field's page (0-based), rectangle in PDF points, and the page height."""
    found = {}
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            height = float(page.mediabox[3])
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") == "/Widget" and "/T" in annot:
                    found[str(annot.T)] = (index, [float(v) for v in annot.Rect], height)
    return found


def _crop(rect: list[float], height: float, dpi: int, margin: float) -> list[str]:
    """poppler's -x -y -W -H for a rectangle grown by ``margin`` points (origin top left, in pixels)."""
    scale = dpi / 72
    left, bottom, right, top = rect[0] - margin, rect[1] - margin, rect[2] + margin, rect[3] + margin
    x, y = round(left * scale), round((height - top) * scale)
    return ["-x", str(x), "-y", str(y), "-W", str(round(right * scale) - x), "-H", str(round((height - bottom) * scale) - y)]


def text_in_field(path: Path, field: str) -> str:
    """What ``pdftotext`` reads inside the field's area of the page."""
    page, rect, height = field_areas(path)[field]
    result = subprocess.run(
        ["pdftotext", "-f", str(page + 1), "-l", str(page + 1), "-r", "72", *_crop(rect, height, 72, 2), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return " ".join(result.stdout.split())


def ink_in_field(path: Path, field: str, dpi: int = 150) -> int:
    """How many pixels poppler renders dark inside the field (above the line it sits on)."""
    page, rect, height = field_areas(path)[field]
    left, bottom, right, top = rect
    # Above the signature line drawn under the field: only what the field itself shows.
    inner = [left, bottom + 1, right, top]
    result = subprocess.run(
        ["pdftoppm", "-f", str(page + 1), "-l", str(page + 1), "-r", str(dpi), "-gray", *_crop(inner, height, dpi, 0), str(path)],
        capture_output=True,
        check=True,
    )
    return sum(1 for value in _pgm_pixels(result.stdout) if value < 128)


def _pgm_pixels(data: bytes) -> bytes:
    """The pixel bytes of a binary PGM (P5) image, as pdftoppm -gray writes it."""
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P5", data[:20]
    width, height = int(parts[1]), int(parts[2])
    pixels = parts[4]
    assert len(pixels) == width * height
    return pixels
