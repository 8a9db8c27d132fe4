"""The policy PDF: rst2pdf's builder, made to fail loudly and write whole files.

rst2pdf's own builder swallows exceptions (leaving a 0-byte PDF behind a
green build), prints its warnings past Sphinx, and writes straight into the
output file. This builder renders into memory, routes rst2pdf's log through
Sphinx (so ``-W`` sees it), checks the result is one readable PDF, and only
then replaces the file on disk.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from rst2pdf.pdfbuilder import PDFBuilder, PDFWriter
from sphinx.util import logging

from ..i18n import pdf_stem, translate
from ..practice.loading import Practice
from ..problems import WARNING_TYPE, PolicyError, Subtype, report, stop
from ..state import policy_documents, practice_of
from ..text.clinicians import file_stem
from ..text.download import drop_web_only
from ..text.substitution import refill
from . import pages, tagging, unprintable_text  # not archival, structure, field_font: they load pikepdf (see finishing.py)
from .finishing import FIELD_FONT_CACHE, Drawn
from .rst2pdf_patches import (
    font_faces_cached,
    no_second_smartypants,
    no_unused_cover,
    rst2pdf_log_to_sphinx,
    stylesheets_read_once,
    svg_text_in_bundled_fonts,
)
from .story import Edition, document_info, flowables, prepare

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
STYLESHEET = HERE / "policy.yaml"
FONTS = HERE / "fonts"


class PolicyPdfBuilder(PDFBuilder):  # type: ignore[misc]
    name = "pdf"
    format = "pdf"
    epilog = "The PDF is in %(outdir)s."
    # Set only in the command line's PDF process: each drawn PDF goes to the
    # main process, which finishes and writes it (see finishing.py).
    hand_off: ClassVar[Callable[[Drawn], None] | None] = None

    def get_outdated_docs(self) -> str:
        # One document; the file is cheap to write and always rewritten.
        return "the policy"

    def editions(self) -> list[Edition]:
        """The PDFs to write: the practice's own, then one per clinician of a group practice."""
        practice = practice_of(self.env)
        base = self.config.policy_pdf_name
        editions = [Edition(pdf_stem(self.config), practice)]
        taken = {base}
        for clinician in practice.clinicians:
            stem = pdf_stem(self.config, file_stem(base, clinician, taken))
            editions.append(Edition(stem, practice.for_clinician(clinician)))
        return editions

    def write(self, *ignored: Any) -> None:
        # The PDF is the policy: its first document and what that document's toctree includes.
        root = policy_documents(self.config)[0]
        practice = practice_of(self.env)
        title = translate("{practice} Social Media Policy", practice=practice.text("practice.name"))
        created = creation_time(practice)

        # State assemble_doctree and get_target_uri read from the base class.
        self.opts: dict[str, Any] = {}
        self.document_data = [(root, self.config.policy_pdf_name, title, "", self.opts)]
        self.titles = [(root, title)]
        assembled = self.assemble_doctree(root, title, "", appendices=[])
        drop_web_only(assembled)
        self.check_glyphs(assembled)

        cache = Path(self.doctreedir)
        with font_faces_cached(cache / "pdf-fonts.pickle"), stylesheets_read_once(cache / "pdf-stylesheets.pickle"):
            editions = self.editions()
            # The command line runs without Python's cycle collector (see
            # commands/main.py), but a doctree copy and ReportLab's story are
            # full of cycles: a group practice would grow by about 1.3 MB per
            # PDF. What exists before the first PDF is set aside (frozen), so
            # each collection looks only at what the last PDF made (~2 ms).
            # Where the collector runs (sphinx-build, the preview) Python does this.
            collect = not gc.isenabled() and len(editions) > 1
            if collect:
                gc.freeze()
            for number, edition in enumerate(editions, 1):
                # Each PDF changes its doctree; the last one may change the assembled policy itself.
                doctree = assembled if number == len(editions) else assembled.deepcopy()
                self.write_edition(edition, doctree, title, created)
                if collect:
                    gc.collect()
            if collect:
                gc.unfreeze()

    def write_edition(self, edition: Edition, doctree: nodes.document, title: str, created: dt.datetime) -> None:
        """Write one PDF from the assembled policy (a copy, or the last PDF's own), which this changes."""
        target = Path(self.outdir, f"{edition.file_stem}.pdf")
        info = document_info(edition, title, created)
        if edition.practice is not practice_of(self.env):
            # Another clinician: their name and wording wherever the text has a value.
            refill(doctree, edition.practice)
        doctree.settings.author = info.author
        doctree.settings.title = title
        prepare(doctree, edition, info)
        demote_own_nodes(doctree)
        with tagging.recording(doctree) as recorder:
            data = self.render(doctree, location=self.config.root_doc)
        drawn = Drawn(target, data, recorder.recording, self.config.language, Path(self.doctreedir, FIELD_FONT_CACHE))
        hand_off = type(self).hand_off
        if hand_off is not None:
            # The main process writes it, or fails the whole build loudly if it cannot.
            hand_off(drawn)
        else:
            drawn.finish_and_write(check=self.config.policy_pdf_self_check)
        logger.info("wrote %s", target)

    def check_glyphs(self, doctree: nodes.document) -> None:
        """Stop before writing if any text would print as empty boxes."""
        practice = practice_of(self.env)
        values = "".join(v.text for v in practice.values.values())
        problems = list(unprintable_text.in_text(doctree, self.confdir, skip=values))
        if problems:
            raise stop(report(problems), "the text for the PDF")

    def stylesheet(self) -> list[str]:
        """policy.yaml, or a copy of it in the practice's accent colour (headings, links, rules, labels).

        Every use of the PDF's own navy becomes the accent, so none is missed:
        table rules and heading row, note titles, cards, rubrics, letterhead.
        The colour was checked for contrast on white and on the light tints
        the PDF puts behind it (look.py), and is a plain ``#rrggbb``.
        """
        light = practice_of(self.env).optional("practice.accent_color")
        if light is None:
            return [str(STYLESHEET)]
        colour = str(light.raw)
        text = STYLESHEET.read_text(encoding="utf-8").replace(f"'{pages.ACCENT_HEX}'", f"'{colour}'")
        # Links too, which otherwise take rst2pdf's own blue.
        text += f"linkColor: '{colour}'\n"
        path = Path(self.doctreedir, f"policy-accent-{colour[1:]}.yaml")
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return [str(path)]

    def render(self, doctree: nodes.document, location: str) -> bytes:
        writer = PDFWriter(
            self,
            stylesheets=self.stylesheet(),
            # rst2pdf's docutils language; English as before, else the edition's (Sphinx's language).
            language="en_US" if (self.config.language or "en") == "en" else self.config.language,
            breaklevel=0,
            breakside="any",
            fontpath=[str(FONTS)],
            fitmode="shrink",
            compressed=True,
            inline_footnotes=True,
            splittables=True,
            default_dpi=300,
            page_template="policyPage",
            invariant=True,
            real_footnotes=False,
            use_toc=False,
            # No table of contents is printed; this only sets how much of
            # the outline a reader sees opened: the title and its sections.
            toc_depth=2,
            use_coverpage=False,
            use_numbered_links=False,
            fit_background_mode="scale",
            # Relative links stay relative: the default would write this
            # machine's working directory into the PDF as a file:// URL.
            baseurl="",
            section_header_depth=2,
            smartquotes="0",
            srcdir=self.srcdir,
            style_path=[str(HERE)],
            repeat_table_rows=False,
            config=self.config,
        )
        # rst2pdf warns about a node it does not know once per process (it
        # remembers the class on its dispatcher); every build must warn again.
        from rst2pdf.sphinxnodes import sphinxhandlers

        vars(sphinxhandlers).pop("unkn_node", None)
        with rst2pdf_log_to_sphinx(location), no_second_smartypants(), no_unused_cover(), svg_text_in_bundled_fonts():
            try:
                writer.write(doctree, _Discard())
            except Exception as error:
                logger.error(
                    "The PDF could not be written (%s: %s).",
                    type(error).__name__,
                    error,
                    location=location,
                    type=WARNING_TYPE,
                    subtype=Subtype.PDF.value,
                )
                raise PolicyError("The PDF was not written; the reason is above.") from error
        output: bytes = writer.output
        return output


def demote_own_nodes(doctree: nodes.document) -> None:
    """Turn this package's node classes into the docutils classes they extend.

    rst2pdf's Sphinx translator dispatches on the exact class name, so a
    subclass it does not know stops the writer; its flowable handlers do
    follow the class hierarchy, and those are what render the node.
    """
    for node in list(doctree.findall(nodes.Element)):
        cls = type(node)
        if cls.__module__.startswith("sphinx_policy_ext.") and cls is not flowables:
            base = next(c for c in cls.__mro__ if c.__module__ == "docutils.nodes")
            replacement = base(node.rawsource)
            replacement.attributes.update(node.attributes)
            replacement.extend(node.children)
            replacement.source, replacement.line = node.source, node.line
            node.replace_self(replacement)


def creation_time(practice: Practice) -> dt.datetime:
    """The date written into the PDF: ``SOURCE_DATE_EPOCH`` if set, else the policy's effective date.

    Never the clock: the same inputs must give the same bytes, so a practice
    can show which exact file a client signed.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        # Sphinx itself stops on a value that is not a whole number.
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    effective = practice["policy.effective"].raw
    assert isinstance(effective, dt.date)
    return dt.datetime(effective.year, effective.month, effective.day, tzinfo=dt.UTC)


class _Discard:
    """A docutils destination that keeps nothing: the writer's output is read directly."""

    def write(self, data: object) -> None:
        return None
