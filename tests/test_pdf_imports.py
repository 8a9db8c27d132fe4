"""A PDF without SVG never imports svglib; one with an SVG logo and image still draws its words in DejaVu.

svglib (with lxml, tinycss2 and cssselect2) took about 20 ms of every PDF
process, the edit loop's critical path, although most practices have no SVG.
rst2pdf imports it with its image module; pdf/rst2pdf_patches.py defers it
to the first SVG drawn. Each build runs in a fresh Python process, as the
command line runs it, and reports which modules it imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf

from .conftest import copy_policy
from .test_pdf import PDF_NAME
from .test_pdf_accessibility import font_names, svg_logo_and_image_policy, unembedded_fonts

# Builds the PDF of the project at argv[1] as `python -m sphinx_policy_ext pdf` does, then reports.
PROBE = """
import json, sys
from sphinx_policy_ext.commands.main import main
status = main(["pdf", "--root", sys.argv[1], "--quiet"])
from rst2pdf import image
from sphinx_policy_ext.pdf import rst2pdf_patches
svg_modules = ("svglib", "lxml", "tinycss2", "cssselect2")
print(json.dumps({
    "status": status,
    "svg modules": sorted(name for name in sys.modules if name.split(".")[0] in svg_modules),
    "svgimage": getattr(sys.modules.get("rst2pdf.svgimage"), "__file__", None),
    "deferred": image.SVGImage is rst2pdf_patches._svg_image,
}))
"""


def build_in_new_process(root: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", PROBE, str(root)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_the_sample_pdf_is_built_without_importing_svglib(tmp_path: Path) -> None:
    report = build_in_new_process(copy_policy(tmp_path))
    assert report["status"] == 0
    # If this fails, rst2pdf's image module no longer takes the stand-in
    # (import_rst2pdf_without_svglib): PDFs are still right, but every one
    # imports svglib again. Look at how rst2pdf.image now finds SVGImage.
    assert report["deferred"], "rst2pdf.image no longer uses the stand-in for SVGImage"
    # lxml alone may come from pikepdf (the XMP metadata); svglib's own modules must not.
    assert [name for name in report["svg modules"] if not name.startswith("lxml")] == []
    assert report["svgimage"] is None
    assert (tmp_path / "_build" / "pdf" / PDF_NAME).is_file()


def test_an_svg_logo_and_image_load_svglib_and_keep_their_words_in_embedded_dejavu(tmp_path: Path) -> None:
    svg_logo_and_image_policy(tmp_path)
    report = build_in_new_process(tmp_path)
    assert report["status"] == 0 and report["deferred"]
    # The image in the text went through rst2pdf's own SVG flowable, its module the real one.
    assert report["svgimage"] is not None and report["svgimage"].endswith("svgimage.py")
    assert "svglib.svglib" in report["svg modules"]
    path = tmp_path / "_build" / "pdf" / PDF_NAME
    pdf = pikepdf.open(path)
    assert unembedded_fonts(pdf) == []
    fonts = font_names(pdf)
    # Every font is a bundled DejaVu face, the serif bold italic word's among them.
    assert fonts and all(name.startswith("DejaVu") for name in fonts), fonts
    assert "DejaVuSerif-BoldItalic" in fonts
    printed = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Harbor Light" in printed and "Counseling" in printed and "Office hours chart" in printed
