"""The rst2pdf and ReportLab internals this package reaches into still have the shape it expects.

sphinx_policy_ext/pdf/rst2pdf_patches.py and pdf/builder.py replace or read
a few private functions and attributes. A new rst2pdf or ReportLab release
that renames or reshapes one of them would otherwise fail quietly (a patch
that patches nothing) or deep inside a build. Each test names the patch it
guards; the upstream-behaviour tests say when a patch has become unneeded.
"""

from __future__ import annotations

import inspect
import logging
from pathlib import Path

from docutils import nodes
from docutils.utils import smartquotes

from sphinx_policy_ext.pdf import rst2pdf_patches

FONTS = Path(rst2pdf_patches.__file__).parent / "fonts"


def parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


def test_rst2pdf_logs_through_one_named_logger_with_located_messages() -> None:
    """rst2pdf_log_to_sphinx replaces the handlers of the ``rst2pdf`` logger and reads its location suffix."""
    from rst2pdf import log

    assert log.log is logging.getLogger("rst2pdf")
    node = nodes.paragraph()
    node.source, node.line = "/abs/index.md", 8
    suffix = f"[{log.nodeid(node)}]"
    assert rst2pdf_patches._NEAR.search(f"message {suffix}").group(1) == "8"


def test_unknown_nodes_are_reported_once_per_handler_with_the_expected_words() -> None:
    """pdf/builder.py clears ``unkn_node`` so each build warns again; _ToSphinx rewords the message."""
    from rst2pdf.basenodehandler import NodeHandler

    source = inspect.getsource(NodeHandler)
    assert "self.unkn_node = set()" in source
    assert 'log.warning("Unkn. node (self.%s): %s [%s]", during, cln, nodeid(node))' in source
    assert rst2pdf_patches._UNKNOWN_NODE.match("Unkn. node (self.gather_elements): sphinx_design.cards.card_title")


def test_text_passes_through_apply_replacements_and_smartypants_still_eats_backslashes() -> None:
    """no_second_smartypants replaces NodeHandler.apply_replacements(self, text, smarty, node).

    Upstream behaviour it works around: docutils' smartyPants unescapes
    backslashes even with every replacement off (attribute "0", which is what
    rst2pdf's ``smartquotes="0"`` option passes), so a practice value with
    ``\\`` would lose one. rst2pdf has no option to skip the call. When this
    test's last assertion fails, the patch can go.
    """
    from rst2pdf.basenodehandler import NodeHandler

    assert parameters(NodeHandler.apply_replacements) == ["self", "text", "smarty", "node"]
    assert "self.apply_replacements(text, client.smartypants_attributes, node)" in inspect.getsource(NodeHandler.textdispatch)
    with rst2pdf_patches.no_second_smartypants():
        assert NodeHandler().apply_replacements("a \\\\ b", "0", nodes.paragraph()) == "a \\\\ b"
    assert smartquotes.smartyPants("a \\\\ b", "0") == "a \\ b"


def test_stylesheets_are_loaded_by_one_method_keyed_on_what_the_patch_reads() -> None:
    """stylesheets_read_once wraps RstToPdf.loadStyles and swaps the ``yaml`` module styles.py reads with."""
    from rst2pdf import createpdf, styles

    assert parameters(createpdf.RstToPdf.loadStyles) == ["self", "styleSheets"]
    init = inspect.getsource(createpdf.RstToPdf.__init__)
    for attribute in ("self.font_path", "self.style_path", "self.def_dpi", "self.loadStyles("):
        assert attribute in init, attribute
    assert "self.styles = " in inspect.getsource(createpdf.RstToPdf.loadStyles)
    assert "yaml.safe_load(" in inspect.getsource(styles)
    assert styles.yaml.__name__ == "yaml"


def test_reportlab_parses_fonts_through_the_face_class_the_cache_replaces() -> None:
    """font_faces_cached replaces ttfonts.TTFontFace(filename, validate, subfontIndex) and pickles its result."""
    import pickle

    from reportlab.pdfbase import ttfonts

    assert parameters(ttfonts.TTFontFace) == ["filename", "validate", "subfontIndex"]
    # TTFont looks the class up by its module name at call time, so replacing it there takes effect.
    assert "TTFontFace(" in inspect.getsource(ttfonts.TTFont.__init__)
    font = next(FONTS.glob("*.ttf"))
    face = ttfonts.TTFontFace(str(font))
    assert face.unitsPerEm > 0
    # Newer ReportLab keeps a lambda (font units to PDF units) on the face,
    # which pickle refuses; _picklable swaps in an equal function.
    original = getattr(face, "_pdfScale", None)
    copy = pickle.loads(pickle.dumps(rst2pdf_patches._picklable(face)))
    assert copy.charWidths == face.charWidths and copy.name == face.name
    if original is not None:
        assert copy._pdfScale(1234) == original(1234)


def test_rst2pdf_uses_its_cover_text_only_outside_sphinx_and_the_builder_writes_in_sphinx_mode() -> None:
    """no_unused_cover replaces createpdf's ``jinja2`` while a PDF is written; the cover text must be unused there."""
    import re

    from rst2pdf import createpdf, pdfbuilder

    source = inspect.getsource(createpdf.RstToPdf.createPdf)
    names = set(re.findall(r"\bjinja2\.(\w+)", inspect.getsource(createpdf)))
    assert names <= {"Environment", "select_autoescape", "TemplateNotFound"}, names
    assert "cover_text = template.render(" in source
    # The cover text is read in one place only, under "if not self.sphinx:".
    assert source.count("cover_text") == 2
    used = r"if not self\.sphinx:\s+elements = \(\s+self\.gen_elements\(\s+publish_secondary_doctree\(cover_text"
    assert re.search(used, source)
    assert "sphinx=True," in inspect.getsource(pdfbuilder.PDFWriter.translate)
    with rst2pdf_patches.no_unused_cover():
        assert createpdf.jinja2.Environment().get_template("cover.tmpl").render(title="T") == ""
    assert createpdf.jinja2.__name__ == "jinja2"


def test_registering_a_font_reads_only_its_name(tmp_path: Path) -> None:
    """font_faces_cached hands ReportLab faces that read their tables only when first asked.

    That is worth it only while ``pdfmetrics.registerFont`` (which rst2pdf
    calls for every font of the stylesheet) reads nothing but the face's
    ``name``; the PDF is the same either way.
    """
    from reportlab.pdfbase import pdfmetrics, ttfonts

    cache = tmp_path / "pdf-fonts.pickle"
    font = str(FONTS / "DejaVuSans-Oblique.ttf")
    with rst2pdf_patches.font_faces_cached(cache):
        ttfonts.TTFont("ProbeParsed", font)  # parsed and kept
    with rst2pdf_patches.font_faces_cached(cache):
        probe = ttfonts.TTFont("ProbeKept", font)
        pdfmetrics.registerFont(probe)
        assert "_read_face" in vars(probe.face)
        assert probe.stringWidth("Probe", 10) > 0  # measuring text reads the face
        assert "_read_face" not in vars(probe.face)
    assert isinstance(probe.face, ttfonts.TTFontFace)


def test_the_builder_reads_and_calls_what_rst2pdf_still_offers() -> None:
    """pdf/builder.py subclasses PDFBuilder and drives PDFWriter with keyword options; pdf/story.py extends the dispatch table."""
    from rst2pdf import pdfbuilder
    from rst2pdf.sphinxnodes import sphinxhandlers

    options = set(parameters(pdfbuilder.PDFWriter.__init__))
    used = {"stylesheets", "language", "breaklevel", "breakside", "fontpath", "fitmode", "compressed", "inline_footnotes"}
    used |= {"splittables", "default_dpi", "page_template", "invariant", "real_footnotes", "use_toc", "toc_depth"}
    used |= {"use_coverpage", "use_numbered_links", "fit_background_mode", "baseurl", "section_header_depth"}
    used |= {"smartquotes", "srcdir", "style_path", "repeat_table_rows", "config"}
    assert used <= options, used - options
    assert "self.output = " in inspect.getsource(pdfbuilder.PDFWriter.translate)
    assert parameters(pdfbuilder.PDFBuilder.assemble_doctree)[:5] == ["self", "docname", "title", "author", "appendices"]
    assert isinstance(sphinxhandlers.dispatchdict, dict)
    from rst2pdf import createpdf

    assert "self.decoration = {" in inspect.getsource(createpdf.RstToPdf.__init__)


def test_rst2pdf_reads_svg_images_through_the_svg2rlg_name_the_patch_replaces() -> None:
    # rst2pdf.svgimage imports svglib's svg2rlg by name and calls it for each SVG
    # image; the patch (svg_text_in_bundled_fonts) swaps that name while it
    # makes the flowable. If rst2pdf stops calling it there, SVG text would
    # fall back to svglib's unembedded fonts without the patch noticing.
    from rst2pdf import svgimage

    assert callable(svgimage.svg2rlg)
    source = inspect.getsource(svgimage)
    assert "svg2rlg(" in source
    assert "self.doc = svg2rlg(filename)" in inspect.getsource(svgimage.SVGImage.__init__)


def test_rst2pdf_image_finds_svgimage_by_the_module_name_the_stand_in_replaces() -> None:
    """import_rst2pdf_without_svglib stands in for ``rst2pdf.svgimage`` while rst2pdf.image is imported.

    rst2pdf.image takes ``SVGImage`` from it once, at import, and calls that
    module-level name for each SVG; svg_text_in_bundled_fonts replaces the
    name for a build. Were rst2pdf to import svglib some other way, PDFs
    would stay right but import it again (tests/test_pdf_imports.py fails).
    """
    from rst2pdf import image

    source = inspect.getsource(image)
    assert "from .svgimage import SVGImage" in source
    assert "backend = SVGImage" in source and "SVGImage(imgname" in source
    assert hasattr(image, "SVGImage")
