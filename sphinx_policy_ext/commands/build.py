"""``policy-build``: build the page and the PDF the way ``make`` does, for a therapist.

- Both outputs come from one process and one parsed environment, so the
  second costs only its writing.
- Everything is built into a staging folder first and published only when
  the whole build succeeded: a failed build leaves the last good page and PDF
  in place, never a page with a hole in it.
- Problems print as ``file:line: ERROR: what to do``. An unexpected failure
  prints one plain sentence; the technical details go to a log file.
- ``check`` also prints advice (values that look wrong, closed services named
  in the text, see :mod:`.advice`); advice alone never makes it fail.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import shutil
import sys
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util import logging as sphinx_logging
from sphinx.util.docutils import docutils_namespace, patch_docutils

from .. import i18n
from ..pdf import finishing
from ..practice import loading as practice_file
from ..problems import WARNING_TYPE
from ..text import translations
from ..text.advice import ADVICE_SUBTYPES
from . import ci_annotations

TARGETS = ("html", "pdf", "check", "changes", "preview", "translations")


# Builders Sphinx sets up on every start although this project never runs them.
# Setting them up imports their modules (EPUB, LaTeX, link checking with
# requests, ...): about a fifth of a cold build. The gettext builder stays: it
# declares the gettext_* settings that translated editions read.
UNUSED_BUILTINS = frozenset(
    {
        "sphinx.builders.changes",
        "sphinx.builders.epub3",
        "sphinx.builders.dirhtml",
        "sphinx.builders.latex",
        "sphinx.builders.linkcheck",
        "sphinx.builders.manpage",
        "sphinx.builders.singlehtml",
        "sphinx.builders.texinfo",
        "sphinx.builders.text",
        "sphinx.builders.xml",
        "alabaster",
        "sphinxcontrib.applehelp",
        "sphinxcontrib.devhelp",
        "sphinxcontrib.htmlhelp",
        "sphinxcontrib.qthelp",
        "sphinxcontrib.serializinghtml",
    }
)


@contextlib.contextmanager
def lean_sphinx() -> Iterator[None]:
    """Sphinx applications started inside set up only the builders this project runs.

    Only this command is lean: ``sphinx-build`` with this extension still gets
    every builder. The outputs are the same bytes either way (see
    tests/test_reproducible.py).
    """
    import sphinx.application

    everything = sphinx.application.builtin_extensions
    sphinx.application.builtin_extensions = tuple(name for name in everything if name not in UNUSED_BUILTINS)
    try:
        yield
    finally:
        sphinx.application.builtin_extensions = everything


class BuildFailed(Exception):
    """The build did not succeed; what went wrong has been printed."""


class _WarningCounter(sphinx_logging.WarningStreamHandler):
    """Counts the warnings of a ``check`` run: advice, and everything else.

    The check runs without Sphinx's warnings-as-errors so that advice is only
    printed; every other warning must still fail it, which this count decides.
    A subclass of Sphinx's warning handler so that Sphinx replays held-back
    warnings to it exactly once.
    """

    def __init__(self, app: Sphinx) -> None:
        super().__init__(sphinx_logging.SafeEncodingWriter(sys.stderr))
        self.app = app
        self.advice = 0
        self.blocking = 0
        self.setLevel(logging.WARNING)
        self.addFilter(sphinx_logging.OnceFilter())

    def emit(self, record: logging.LogRecord) -> None:
        if ci_annotations.suppressed(self.app, record):
            return
        kind, subtype = ci_annotations.warning_type(record)
        if kind == WARNING_TYPE and subtype in ADVICE_SUBTYPES and record.levelno < logging.ERROR:
            self.advice += 1
        else:
            self.blocking += 1


class Project:
    def __init__(self, root: Path, source: Path, out: Path, jobs: int, quiet: bool) -> None:
        self.root = root
        self.source = source
        self.out = out
        self.jobs = jobs
        self.quiet = quiet
        self.advice = 0  # pieces of advice the check printed
        self.editions: list[str] = []  # what the check found of each language edition, one line each

    def languages(self) -> tuple[str, ...]:
        """The editions practice.toml asks for, English first.

        If practice.toml cannot be read, only English: its build then reports
        what is wrong with the file, with the line.
        """
        try:
            practice = practice_file.load(self.root / "practice.toml")
        except practice_file.PracticeFileInvalid:
            return (i18n.SOURCE_LANGUAGE,)
        return practice.languages

    def doctrees(self, builder: str, language: str = i18n.SOURCE_LANGUAGE) -> Path:
        """Each builder (and language) keeps its own cache: builders add settings of their own, and
        Sphinx re-reads everything when a cache was written with other settings."""
        return self.out / f".doctrees-{builder}{i18n.edition_suffix(language)}"

    def sphinx(
        self,
        builder: str,
        outdir: Path,
        advice: bool = False,
        overrides: dict[str, object] | None = None,
        language: str = i18n.SOURCE_LANGUAGE,
    ) -> None:
        """Run one Sphinx build with warnings as errors; raise BuildFailed if it fails.

        With ``advice``, the build also prints advice, which does not fail it.
        ``language`` other than English builds that edition (Sphinx's
        ``language``, so its translations are used and the page and PDF are
        tagged with it).
        """
        overrides = dict(overrides or {})
        if language != i18n.SOURCE_LANGUAGE:
            overrides["language"] = language
        with patch_docutils(self.root), docutils_namespace(), lean_sphinx():
            app = Sphinx(
                srcdir=self.source,
                confdir=self.root,
                outdir=outdir,
                doctreedir=self.doctrees(builder, language),
                buildername=builder,
                status=None if self.quiet else sys.stdout,
                warning=sys.stderr,
                freshenv=False,
                warningiserror=not advice,
                parallel=self.jobs,
                confoverrides={
                    # Nothing is written from a text with problems; the command says so in its own words.
                    "policy_stop_on_problems": True,
                    **({"policy_advice": True} if advice else {}),
                    **overrides,
                },
            )
            if advice:
                ci_annotations.warnings_stop_the_build()
            counter = _WarningCounter(app)
            logging.getLogger(sphinx_logging.NAMESPACE).addHandler(counter)
            app.build()
            self.advice += counter.advice
            if app.statuscode or counter.blocking:
                raise BuildFailed("there were warnings, listed above")
            if advice:
                self.editions.append(edition_state(app, language))

    def build(self, targets: Sequence[str]) -> list[Path]:
        """Build ``targets`` into staging, then publish them; return what was published."""
        self.out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out))
        languages = self.languages()
        try:
            if "check" in targets:
                for language in languages:
                    # Advice is about the English text, which every edition shares: printed once.
                    quiet: dict[str, object] = {} if language == i18n.SOURCE_LANGUAGE else {"policy_advice": False}
                    self.sphinx("dummy", staging / f"check-{language}", advice=True, overrides=quiet, language=language)
            built: dict[str, Path] = {}
            # English at the top of each folder; every other edition's page in
            # a folder named after its language (html/es/), its PDFs beside
            # the English ones (social-media-policy-es.pdf) and beside its page.
            for language in languages:
                suffix = i18n.edition_suffix(language)
                pdf_dir, html_dir = staging / f"pdf{suffix}", staging / f"html{suffix}"
                if "html" in targets:
                    self.pdf_and_page(pdf_dir, html_dir, staging / f"pdf{suffix}.log", language)
                    for pdf in pdf_dir.glob("*.pdf"):
                        shutil.copy2(pdf, html_dir / pdf.name)
                elif "pdf" in targets:
                    self.sphinx("pdf", pdf_dir, language=language)
                else:
                    continue
                if language == i18n.SOURCE_LANGUAGE:
                    built["pdf"] = pdf_dir
                    if "html" in targets:
                        built["html"] = html_dir
                    continue
                for pdf in pdf_dir.glob("*.pdf"):
                    shutil.move(pdf, staging / "pdf" / pdf.name)
                if "html" in targets:
                    shutil.rmtree(html_dir / ".doctrees", ignore_errors=True)
                    html_dir.rename(staging / "html" / language)
            published = [publish(path, self.out / name) for name, path in built.items()]
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return published

    def pdf_and_page(self, pdf_dir: Path, html_dir: Path, pdf_log: Path, language: str = i18n.SOURCE_LANGUAGE) -> None:
        """Build the PDF in a forked process while this one builds the page.

        The machine's second core then draws the PDF while the page is
        written, which is what brings an edit below the time of pandoc plus
        WeasyPrint (see bench/). Each process keeps its own doctree cache. The
        PDF process's messages are printed afterwards, less those the page
        build printed already: a mistake in practice.toml stops both.

        The PDF process only draws: this process, idle once its page is
        written, finishes, checks and writes each PDF it hands over (see
        pdf/finishing.py), so the PDF process never loads pikepdf and a group
        practice's PDFs are finished while the next ones are drawn.
        """
        if not hasattr(os, "fork"):
            self.sphinx("pdf", pdf_dir, language=language)
            self.sphinx("html", html_dir, language=language)
            return
        _import_shared_modules()
        read_end, write_end = os.pipe()
        finishing.widen(write_end)
        pid = os.fork()
        if pid == 0:  # the PDF process: never returns
            os.close(read_end)
            os._exit(self._pdf_child(pdf_dir, pdf_log, language, write_end))
        # Only the PDF process may hold the pipe's writing end: when it ends,
        # whichever way, reading then stops instead of waiting for ever.
        os.close(write_end)
        printed = _Recorder(sys.stderr), _Recorder(sys.stdout)
        page_failure: Exception | None = None
        pdf_failure: SphinxError | None = None
        cut_short: finishing.HandOffCutShort | None = None
        with os.fdopen(read_end, "rb") as handed:
            try:
                try:
                    with contextlib.redirect_stderr(printed[0]), contextlib.redirect_stdout(printed[1]):
                        self.sphinx("html", html_dir, language=language)
                except (BuildFailed, SphinxError) as failure:
                    page_failure = failure
                if page_failure is None:
                    pdf_failure = self._finish_handed_over(handed, language)
            except finishing.HandOffCutShort as failure:
                cut_short = failure
            finally:
                # Whatever happened here, the PDF process may still be handing
                # PDFs over: one stopped at a full pipe would never end.
                with contextlib.suppress(finishing.HandOffCutShort):
                    for _ in finishing.received(handed):
                        pass
                status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        seen = printed[0].lines | printed[1].lines
        for line in pdf_log.read_text(encoding="utf-8", errors="replace").splitlines():
            if _plain(line) not in seen:
                print(line, file=sys.stdout if line.startswith("::") else sys.stderr)
        if page_failure is not None:
            raise page_failure
        if status == 1:
            raise BuildFailed("the PDF could not be built, for the reasons above")
        if status != 0:
            raise RuntimeError(f"the process building the PDF stopped unexpectedly (exit status {status})")
        if cut_short is not None:
            raise RuntimeError(str(cut_short))
        if pdf_failure is not None:
            raise pdf_failure

    def _finish_handed_over(self, handed: BinaryIO, language: str) -> SphinxError | None:
        """Finish, check and write each PDF the PDF process hands over, as it arrives.

        Returns the first failure (a plain sentence saying what is wrong),
        raised once the PDF process has ended; nothing after it is written.
        """
        # What the PDF process would spend ~20 ms on, this one does while it waits.
        finishing.load(self.doctrees("pdf", language) / finishing.FIELD_FONT_CACHE)
        for drawn in finishing.received(handed):
            try:
                drawn.finish_and_write()
            except SphinxError as failure:
                return failure
        return None

    def _pdf_child(self, pdf_dir: Path, pdf_log: Path, language: str, hand_off: int) -> int:
        try:
            with (
                pdf_log.open("w", encoding="utf-8") as log,
                contextlib.redirect_stderr(log),
                contextlib.redirect_stdout(log),
                os.fdopen(hand_off, "wb") as pipe,
            ):
                from ..pdf.builder import PolicyPdfBuilder
                from ..pdf.finishing import sender

                # Each drawn PDF goes to the main process, which finishes and writes it.
                PolicyPdfBuilder.hand_off = sender(pipe)
                try:
                    self.sphinx("pdf", pdf_dir, language=language)
                except (BuildFailed, SphinxError):
                    return 1
                except BaseException as error:
                    (self.out / "last-error.log").write_text("".join(traceback.format_exception(error)), encoding="utf-8")
                    return 2
                return 0
        except BaseException:
            return 2


def edition_state(app: Sphinx, language: str) -> str:
    """One line for ``make check``: "Spanish: 50 of 50 paragraphs translated"."""
    name = i18n.language_name(language, i18n.SOURCE_LANGUAGE)
    if language == i18n.SOURCE_LANGUAGE:
        return f"{name}: the original text."
    found = list(translations.progress(app.env))
    total = sum(p.total for p in found)
    done = sum(p.translated for p in found)
    kept = sum(p.kept_english for p in found)
    line = f"{name}: {done + kept} of {total} paragraphs and headings translated"
    if kept:
        line += f" ({kept} kept in English on purpose)"
    return line + "."


def _import_shared_modules() -> None:
    """Import what both processes set up before forking, so that it is imported once, not twice.

    On a busy machine the two processes compete for the cores; each module
    the PDF process inherits is work it does not repeat.
    """
    import importlib

    import sphinx.application

    with lean_sphinx():
        names = [*sphinx.application.builtin_extensions, *SETUP_MODULES]
    for name in names:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


# What the extensions' setup() functions import: myst-parser and sphinx-design
# import their modules (markdown-it, its plugins, PyYAML, ...) only inside
# setup(), so importing their packages alone leaves that to each process.
# A name that moves in a later release is passed over (importing it is only
# a saving).
SETUP_MODULES = (
    "myst_parser.sphinx_ext.main",
    "myst_parser.parsers.sphinx_",
    "sphinx_design.extension",
    "sphinx_policy_ext.extension",
)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _plain(line: str) -> str:
    return _ANSI.sub("", line).rstrip()


class _Recorder(io.TextIOBase):
    """A text stream that passes writes on and remembers the lines written."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.lines: set[str] = set()
        self._partial = ""

    def write(self, text: str) -> int:
        self.stream.write(text)
        *complete, self._partial = (self._partial + text).split("\n")
        self.lines.update(_plain(line) for line in complete)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


def publish(staged: Path, final: Path) -> Path:
    """Put a finished output folder in place of the old one.

    Build-only files (the ``.doctrees`` Sphinx keeps in some outdirs, the
    ``.buildinfo`` stamp) are left out: they are not for the website.
    """
    shutil.rmtree(staged / ".doctrees", ignore_errors=True)
    old = final.with_name(f".old-{final.name}-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staged.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def relative_to_cwd(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
