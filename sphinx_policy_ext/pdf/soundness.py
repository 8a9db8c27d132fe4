"""Is this one complete, readable PDF? Asked of every PDF before it is published.

Kept apart from the builder (and from rst2pdf) so that the build command can
ask it of PDFs another process wrote, without loading rst2pdf.
"""

from __future__ import annotations

import io

from ..problems import PolicyError


def check_pdf(data: bytes, name: str) -> None:
    """Refuse anything but one complete, readable PDF (rst2pdf can leave an empty or doubled file)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    problem = ""
    if not data:
        problem = "rst2pdf produced an empty file"
    elif not data.startswith(b"%PDF-") or data.count(b"%PDF-") != 1:
        problem = "rst2pdf produced a file that is not exactly one PDF"
    else:
        try:
            if not PdfReader(io.BytesIO(data), strict=True).pages:
                problem = "the PDF has no pages"
        except (PdfReadError, ValueError) as error:
            problem = f"the PDF cannot be read back ({error})"
    if problem:
        raise PolicyError(f"{name} was not written: {problem}.")
