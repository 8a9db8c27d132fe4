"""Finishing a drawn PDF, in this process or in the one that forked it.

ReportLab draws the PDF (:mod:`.builder`); one pikepdf pass then finishes it
(the form in the bundled font, the tags of :mod:`.structure`, the archival
PDF/A of :mod:`.archival`), and only then is it checked and written, in one
step.

``make html`` forks (``commands/build.py``): the main process builds the page
and is done long before the PDF process, which is what the command waits
for. So the PDF process only draws: it hands each drawn PDF (a :class:`Drawn`,
pickled through a pipe) to the main process, which finishes, checks and
writes it while the PDF process draws the next clinician's. The PDF process
then never imports pikepdf (about 20 ms), and a group practice's
finishing (15-20 ms a PDF) is done beside its drawing instead of after it.

Everywhere else (``make pdf``, ``sphinx-build -b pdf``, the preview) the
builder finishes each PDF itself: the hand-off is only ever switched on by
the command line's PDF process (``PolicyPdfBuilder.hand_off``).

Nothing here imports pikepdf when this module is imported, so that the
drawing process can use :class:`Drawn` without loading it.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import struct
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from .tagging import Recording


# The prepared form font's file in the PDF builder's doctree folder (field_font.py).
FIELD_FONT_CACHE = "pdf-field-font.pickle"


@dataclass
class Drawn:
    """A PDF as ReportLab drew it, with what finishing and writing it takes (plain data: it is pickled)."""

    target: Path
    data: bytes
    recording: Recording
    language: str | None
    field_font_cache: Path

    def finish_and_write(self, check: bool = True) -> None:
        """Finish the PDF, check it is one readable PDF, and put it in place; nothing is written if any step fails."""
        from .soundness import check_pdf

        data = finish(self.data, self.recording, self.language, self.field_font_cache)
        if check:
            check_pdf(data, self.target.name)
        write_atomically(self.target, data)


def load(field_font_cache: Path) -> None:
    """Get ready to finish, ahead of the first PDF (the main process does it while it waits).

    What the first PDF would otherwise spend on the critical path: importing
    pikepdf and our modules, lxml (which pikepdf imports only when it first
    saves, to read the XMP metadata: ~9 ms) and reading the prepared form
    font from the build cache.
    """
    import importlib

    importlib.import_module("lxml.etree")
    from . import archival, soundness, structure  # noqa: F401
    from .field_font import prepared

    prepared(field_font_cache)


def finish(data: bytes, recording: Recording, language: str | None, field_font_cache: Path) -> bytes:
    """The drawn PDF, in one pikepdf pass: fields in the bundled font, tagged (PDF/UA-1), archival (PDF/A-2b)."""
    # Imported here, not at the top: see the module's docstring.
    import pikepdf

    from . import archival, structure
    from .field_font import use_field_font

    with pikepdf.open(io.BytesIO(data)) as pdf:
        # ReportLab's fields can only name Helvetica: the form is rewritten to type in the bundled font.
        use_field_font(pdf, field_font_cache)
        structure.add_structure(pdf, recording, language)
        archival.make_archival(pdf)
        return archival.save(pdf)


def write_atomically(target: Path, data: bytes) -> None:
    """Replace ``target`` in one step, so a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private; the PDF is published, so it is
        # made readable like any other output file.
        umask = os.umask(0)
        os.umask(umask)
        Path(temporary).chmod(0o666 & ~umask)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- The pipe between the two processes ------------------------------------
# Each drawn PDF travels as its pickle's length (8 bytes) and the pickle, so
# the main process can tell a PDF that arrived whole from a PDF process that
# stopped in the middle of one.

_LENGTH = struct.Struct(">Q")


class HandOffCutShort(Exception):
    """The PDF process stopped in the middle of handing over a PDF."""


def sender(stream: BinaryIO) -> Callable[[Drawn], None]:
    """What the PDF process calls with each drawn PDF: it goes whole down ``stream``."""

    def hand_off(drawn: Drawn) -> None:
        payload = pickle.dumps(drawn, protocol=pickle.HIGHEST_PROTOCOL)
        stream.write(_LENGTH.pack(len(payload)))
        stream.write(payload)
        # Sent now, not when a buffer fills: the main process finishes it while this one draws the next.
        stream.flush()

    return hand_off


def received(stream: BinaryIO) -> Iterator[Drawn]:
    """The drawn PDFs, as they arrive, until the PDF process has closed its end (by ending, whichever way).

    Raises :class:`HandOffCutShort` if it stopped in the middle of one.
    """
    while True:
        header = stream.read(_LENGTH.size)
        if not header:
            return
        if len(header) < _LENGTH.size:
            raise HandOffCutShort("the process drawing the PDF stopped while handing one over")
        size = _LENGTH.unpack(header)[0]
        payload = stream.read(size)
        if len(payload) < size:
            raise HandOffCutShort("the process drawing the PDF stopped while handing one over")
        drawn = pickle.loads(payload)
        assert isinstance(drawn, Drawn)
        yield drawn


def widen(fd: int) -> None:
    """Let the pipe hold a few drawn PDFs (~300 KB each), so that the PDF process
    goes on drawing while the main process is still writing the page.

    Linux's default of 64 KB would stop it at its first PDF until then. Only a
    saving: where the size cannot be set, the pipe works as it is.
    """
    import fcntl

    setting = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setting is None:
        return
    try:
        limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    except (OSError, ValueError):
        limit = 1 << 20
    with contextlib.suppress(OSError):
        fcntl.fcntl(fd, setting, min(limit, 4 << 20))
