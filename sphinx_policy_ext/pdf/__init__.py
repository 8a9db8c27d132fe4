"""The ``pdf`` builder of a project that lists this extension, loaded only when it is asked for.

The extension registers :class:`PdfBuilder` as ``pdf`` in its own setup(),
so ``sphinx-build -b pdf`` writes the policy's PDF only in a project whose
conf.py lists ``sphinx_policy_ext``. There is no ``sphinx.builders`` entry
point: installing the package changes nothing for any other project.

:class:`PdfBuilder` is a stand-in that imports nothing heavy. Sphinx makes
the builder only when ``-b pdf`` is asked for, and only then is rst2pdf
imported and set up (its SVG reader, svglib, only when an SVG is drawn:
rst2pdf_patches.py). HTML builds never import rst2pdf, which declares
itself unsafe for parallel writing, so ``-j`` HTML builds stay free of its
warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.builders import Builder

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class PdfBuilder(Builder):
    """Stands in for :class:`~sphinx_policy_ext.pdf.builder.PolicyPdfBuilder` until Sphinx makes the builder."""

    name = "pdf"
    format = "pdf"
    epilog = "The PDF is in %(outdir)s."

    def __new__(cls, app: Sphinx, env: BuildEnvironment, *args: Any, **kwargs: Any) -> Any:
        set_up_rst2pdf(app)  # first: it imports rst2pdf, deferring svglib, before .builder does
        from .builder import PolicyPdfBuilder

        # Not an instance of this class, so Python leaves initialising it to us.
        return PolicyPdfBuilder(app, env)


def set_up_rst2pdf(app: Sphinx) -> None:
    """What the PDF needs from rst2pdf and from this package, set up once the PDF is asked for."""
    from .rst2pdf_patches import import_rst2pdf_without_svglib

    import_rst2pdf_without_svglib()  # svglib is imported when an SVG is drawn, not with rst2pdf
    from rst2pdf import pdfbuilder

    from .builder import PolicyPdfBuilder
    from .design import DesignForPrint
    from .story import register_handlers

    # rst2pdf's own setup declares its pdf_* settings and registers its own
    # builder, which ours then replaces. Called directly, not as an
    # extension, so its parallel-unsafe metadata stays out of the build.
    stand_in = app.registry.builders.pop("pdf", None)
    try:
        pdfbuilder.setup(app)
    finally:
        app.registry.builders["pdf"] = stand_in or PolicyPdfBuilder
    register_handlers(app)
    app.add_post_transform(DesignForPrint)


def register(app: Sphinx) -> None:
    app.add_builder(PdfBuilder)
