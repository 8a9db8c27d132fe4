"""Sphinx extension that turns a MyST policy and ``practice.toml`` into a page and a PDF.

Add ``"sphinx_policy_ext"`` to ``extensions``. The extension registers the
PDF builder (``-b pdf``, :mod:`sphinx_policy_ext.pdf`) itself, so it answers
only in projects that list the extension; rst2pdf is imported only when the
PDF is asked for, so HTML builds never import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    # Imported here, not above: the command line (``python -m
    # sphinx_policy_ext``) imports this package first and must be able to
    # arrange its imports (see commands/lazy.py) before Sphinx is loaded.
    from .extension import setup_extension

    setup_extension(app)
    return {
        "version": __version__,
        "env_version": 4,  # bump when the doctree or env data change shape
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
