"""The ``pdf`` builder, loaded through the ``sphinx.builders`` entry point.

Sphinx imports this module only when ``-b pdf`` is asked for, so rst2pdf
(which declares itself unsafe for parallel writing) never loads in HTML
builds and ``-j`` HTML builds stay free of its warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    from rst2pdf import pdfbuilder

    from .builder import PolicyPdfBuilder
    from .design import DesignForPrint
    from .story import register_handlers

    # rst2pdf's own setup declares its pdf_* settings (and a builder that
    # ours replaces). Calling it directly, not as an extension, keeps its
    # parallel-unsafe metadata out of the build.
    pdfbuilder.setup(app)
    app.add_builder(PolicyPdfBuilder, override=True)
    app.add_config_value(
        "policy_pdf_self_check",
        True,
        "",
        types=frozenset({bool}),
        description="Read each PDF back before writing it. The build command turns this off when it checks the PDFs itself.",
    )
    app.setup_extension("sphinx_policy_ext")
    register_handlers(app)
    app.add_post_transform(DesignForPrint)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
