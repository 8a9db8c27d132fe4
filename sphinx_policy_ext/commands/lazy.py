"""Modules that a build imports but hardly ever uses, loaded only when first touched.

Sphinx, docutils and ReportLab import these at start-up for features this
policy does not use: Pillow and imagesize (to measure images; the policy
has none unless the practice adds a logo), requests (to download remote
images), the doctest extension (to trim flags from Python examples), the
Snowball stemmers (for a search index; the page has no search, and
importing them builds a stemmer class for each of some thirty languages),
docutils' converters of LaTeX math (imported with its HTML writer, used only
by math, which the policy has none of). Together they are a noticeable part
of a cold build.

With :func:`install`, importing one of them gives a module that is loaded
the moment anything of it is used, or it is imported again
(``importlib.util.LazyLoader``), so a build that needs one still gets it,
complete. Only the command line installs
this; ``sphinx-build`` with the extension imports as usual.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

LAZY = frozenset(
    {
        "PIL.Image",
        "PIL.ExifTags",
        "PIL.TiffTags",
        "requests",
        "sphinx.util.requests",
        "sphinx.ext.doctest",
        "snowballstemmer",
        "imagesize",
        "docutils.utils.math.latex2mathml",
        "docutils.utils.math.math2html",
        "docutils.utils.math.tex2mathml_extern",
        "docutils.utils.math.unichar2tex",
    }
)


class _LazyFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in LAZY:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None  # not installed, or not plain Python: the ordinary import decides
        spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


def install() -> None:
    if not any(isinstance(finder, _LazyFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _LazyFinder())
