"""One Sphinx application kept alive for ``make preview``: each save costs only its reading and writing.

A fresh ``make html`` spends most of its time importing Sphinx, MyST, rst2pdf
and ReportLab and setting them up. The preview pays that once: it keeps one
application, with its build environment in memory, for as long as it runs.
On a save Sphinx re-reads only the documents that changed (every document
depends on practice.toml, see ``env.note_dependency``), the page builder
writes the page, and the PDF builder then writes the PDF from the same
environment, so page and PDF always show the same text.

Files are built into a work folder; :func:`publish` then copies what changed
into the served folder, each file replaced in one step, so the server never
hands out half a page or half a PDF. A build that fails publishes nothing.
Several editions (e.g. one per language) are several ``LiveBuild`` objects,
each with its own overrides and served sub-folder.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO, cast

from .build import Project, lean_sphinx

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Sphinx's own summary lines: not problems of the therapist's text.
_SUMMARY = re.compile(r"^build (succeeded|finished)|^$")


class _Tee(io.TextIOBase):
    """The warning stream: printed in the terminal, and kept for the page of the failed build."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.text = ""

    def write(self, text: str) -> int:
        with contextlib.suppress(OSError, ValueError):  # a closed terminal must not stop the preview
            self.stream.write(text)
            self.stream.flush()
        self.text += text
        return len(text)

    def take(self) -> list[str]:
        lines = [_ANSI.sub("", line).rstrip() for line in self.text.splitlines()]
        self.text = ""
        return [line for line in lines if not _SUMMARY.match(line)]

    def isatty(self) -> bool:
        return False


class LiveBuild:
    """Page and PDF of one edition, rebuilt in this process on each :meth:`build`."""

    def __init__(self, project: Project, work: Path, overrides: dict[str, Any] | None = None) -> None:
        self.project = project
        self.work = work
        self.overrides = {"policy_preview": True, **(overrides or {})}
        self.warnings = _Tee(sys.stderr)
        self._app: Sphinx | None = None
        self._pdf: Builder | None = None
        self._contexts = contextlib.ExitStack()
        self._conf_stamp: tuple[int, int] | None = None
        self._reread_all = False

    @property
    def html_dir(self) -> Path:
        return self.work / "html"

    @property
    def pdf_dir(self) -> Path:
        return self.work / "pdf"

    def build(self) -> list[str]:
        """Build page and PDF; return the problems (empty when both were written)."""
        try:
            self._build()
        except Exception as error:
            from sphinx.errors import SphinxError

            problems = self.warnings.take()
            if isinstance(error, SphinxError):
                problems.append(str(error))
            else:
                problems.append(self._unexpected(error))
                self.close()  # start from a fresh application next time
            self._reread_all = True
            return problems
        problems = self.warnings.take()
        if problems:
            self._reread_all = True  # a document read with problems is read again next time
        else:
            self._reread_all = False
        return problems

    def _build(self) -> None:
        from sphinx.errors import SphinxError

        from ..extension import load_practice

        conf = self.project.root / "conf.py"
        stamp = _stamp(conf)
        if self._app is not None and stamp != self._conf_stamp:
            self.close()  # conf.py changed: its settings are read only when an application starts
        self._conf_stamp = stamp
        if self._app is None:
            self._app = self._start()
        else:
            load_practice(self._app)  # the application read practice.toml when it started
        app = self._app
        # Counts of the previous build must not fail this one.
        app._warncount = 0
        app.statuscode = 0
        if self._reread_all:
            # After a failed build the environment may hold half-read documents.
            app.env.reread_always.update(app.env.found_docs)
        app.build()
        if app.statuscode:
            raise SphinxError("The page was not updated because of the problems above.")
        self._write_pdf(app)
        if app.statuscode:
            raise SphinxError("The PDF was not updated because of the problems above.")

    def _start(self) -> Sphinx:
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        class PageAndPdf(Sphinx):
            """The page builder, with the PDF builder's extension loaded before the settings are read."""

            def preload_builder(self, name: str) -> None:
                super().preload_builder(name)
                super().preload_builder("pdf")

        self._contexts.enter_context(patch_docutils(self.project.root))
        self._contexts.enter_context(docutils_namespace())
        self._contexts.enter_context(lean_sphinx())
        try:
            app = PageAndPdf(
                srcdir=self.project.source,
                confdir=self.project.root,
                outdir=self.html_dir,
                doctreedir=self.work / ".doctrees",
                buildername="html",
                status=None,
                warning=cast("IO[str]", self.warnings),
                freshenv=True,
                warningiserror=True,
                confoverrides=self.overrides,
            )
        except BaseException:
            self.close()
            raise
        from ..pdf.rst2pdf_patches import font_faces_cached, stylesheets_read_once

        # Parsed fonts and the parsed stylesheet, kept for the application's
        # life instead of being read again for every PDF.
        self._contexts.enter_context(font_faces_cached(self.work / ".doctrees" / "pdf-fonts.pickle"))
        self._contexts.enter_context(stylesheets_read_once())
        self._pdf = app.registry.create_builder(app, "pdf", app.env)
        self._pdf.outdir = self.pdf_dir
        self._pdf.init()
        return app

    def _write_pdf(self, app: Sphinx) -> None:
        """Write the PDF with the page builder's environment: the same doctree, not a second reading."""
        pdf = self._pdf
        assert pdf is not None
        # Sphinx keeps each doctree it loaded for the builder's life and never
        # drops it when the document is read again: one process, one build, in
        # sphinx-build. Here the PDF must get the doctree just read.
        app.env._pickled_doctree_cache.clear()
        page_builder = app.builder
        # Post-transforms choose by the environment's builder class (PDF-only reshaping, no page-only parts).
        app.builder, app.env._builder_cls = pdf, type(pdf)
        try:
            pdf.write(app.env.found_docs, [])
        finally:
            app.builder, app.env._builder_cls = page_builder, type(page_builder)

    def _unexpected(self, error: Exception) -> str:
        log = self.project.out / "last-error.log"
        with contextlib.suppress(OSError):
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        return (
            f"The preview stopped building unexpectedly ({type(error).__name__}). This is a fault in the tool, "
            f"not in your text; the details are in {log}. It tries again when you save a file."
        )

    def close(self) -> None:
        self._app = self._pdf = None
        self._contexts.close()
        self._contexts = contextlib.ExitStack()


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _outputs(live: LiveBuild) -> Iterator[tuple[Path, str]]:
    """Each built file and its path in the served folder: the page's folder, the PDFs beside the page."""
    for path in sorted(live.html_dir.rglob("*")):
        relative = path.relative_to(live.html_dir)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts) and relative.name != "objects.inv":
            yield path, relative.as_posix()
    for path in sorted(live.pdf_dir.glob("*.pdf")):
        yield path, path.name


def publish(live: LiveBuild, served: Path) -> None:
    """Copy the files that changed into ``served``, each replaced in one step; remove the ones no longer built."""
    from ..pdf.finishing import write_atomically

    wanted = set()
    for path, name in _outputs(live):
        wanted.add(name)
        target = served / name
        data = path.read_bytes()
        with contextlib.suppress(OSError):
            if target.read_bytes() == data:
                continue
        write_atomically(target, data)
    for path in sorted(served.rglob("*"), reverse=True):
        name = path.relative_to(served).as_posix()
        if path.is_file() and name not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
