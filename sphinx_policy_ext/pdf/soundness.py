"""Is this one complete, readable PDF? Asked of every PDF before it is published.

Kept apart from the builder (and from rst2pdf) so that the build command can
ask it of PDFs another process wrote, without loading rst2pdf.

The PDFs ReportLab writes end in a plain cross-reference table: the byte
offset of every object. Checking that each offset really starts that object,
that the trailer names the document's root, and that the page tree counts at
least one page proves the file whole, in a few milliseconds. A file laid out
otherwise (a cross-reference stream, an incremental update, as a later
post-processing step may write) is read back with pypdf instead, which takes
longer mostly to import.
"""

from __future__ import annotations

import io
import re

from ..problems import PolicyError

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_SUBSECTION = re.compile(rb"(\d+) (\d+)[ \t]*\r?\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])[ \r\n]{2}")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.DOTALL)
_ROOT = re.compile(rb"/Root (\d+) (\d+) R")
_PAGES = re.compile(rb"/Pages (\d+) (\d+) R")
_COUNT = re.compile(rb"/Count (\d+)")
# Where an object starts: "12 0 obj". One pattern for all objects (the numbers are compared after
# matching): a pattern made per object cost a compile each, most of the check's time.
_OBJECT_START = re.compile(rb"\s*(\d+) (\d+) obj\b")


class _NotPlain(Exception):
    """Not a single plain cross-reference table: leave the question to pypdf."""


def check_pdf(data: bytes, name: str) -> None:
    """Refuse anything but one complete, readable PDF (rst2pdf can leave an empty or doubled file)."""
    problem = ""
    if not data:
        problem = "rst2pdf produced an empty file"
    elif not data.startswith(b"%PDF-") or data.count(b"%PDF-") != 1:
        problem = "rst2pdf produced a file that is not exactly one PDF"
    else:
        try:
            problem = _plain_table_problem(data)
        except _NotPlain:
            problem = _pypdf_problem(data)
    if problem:
        raise PolicyError(f"{name} was not written: {problem}.")


def _plain_table_problem(data: bytes) -> str:
    """What is wrong with a PDF with one plain cross-reference table, or an empty string."""
    end = _STARTXREF.search(data, max(0, len(data) - 64))
    if end is None:
        return "the PDF cannot be read back (it does not end as a PDF ends: it may be cut short)"
    table = int(end.group(1))
    if not data.startswith(b"xref", table):
        raise _NotPlain
    offsets: dict[tuple[int, int], int] = {}
    position = data.index(b"\n", table) + 1
    while subsection := _SUBSECTION.match(data, position):
        first, count = int(subsection.group(1)), int(subsection.group(2))
        position = subsection.end()
        for number in range(first, first + count):
            entry = _ENTRY.match(data, position)
            if entry is None:
                return f"the PDF cannot be read back (its table of contents breaks off at object {number})"
            position = entry.end()
            if entry.group(3) == b"n":
                offsets[number, int(entry.group(2))] = int(entry.group(1))
    trailer = _TRAILER.match(data, position)
    if trailer is None:
        return "the PDF cannot be read back (its trailer is missing)"
    if b"/Prev" in trailer.group(1):
        raise _NotPlain  # an incremental update: more than one table
    for (number, generation), offset in offsets.items():
        start = _OBJECT_START.match(data[offset : offset + 32])
        if start is None or start.group(1, 2) != (b"%d" % number, b"%d" % generation):
            return f"the PDF cannot be read back (object {number} is not where the file says it is)"
    root = _ROOT.search(trailer.group(1))
    if root is None:
        return "the PDF cannot be read back (it names no document root)"
    catalog = _object(data, offsets, root)
    pages = _PAGES.search(catalog)
    pages_count = _COUNT.search(_object(data, offsets, pages)) if pages else None
    if pages_count is None or int(pages_count.group(1)) == 0:
        return "the PDF has no pages"
    return ""


def _object(data: bytes, offsets: dict[tuple[int, int], int], reference: re.Match[bytes]) -> bytes:
    """The dictionary part of the object a ``N G R`` reference points to (up to its stream, if any)."""
    offset = offsets.get((int(reference.group(1)), int(reference.group(2))))
    if offset is None:
        return b""
    end = data.find(b"endobj", offset)
    stream = data.find(b"stream", offset, end)
    return data[offset : stream if stream != -1 else end]


def _pypdf_problem(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        if not PdfReader(io.BytesIO(data), strict=True).pages:
            return "the PDF has no pages"
    except (PdfReadError, ValueError) as error:
        return f"the PDF cannot be read back ({error})"
    return ""
