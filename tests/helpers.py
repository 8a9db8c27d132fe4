"""Build helpers for tests: run Sphinx on a test root and read what it wrote."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

from pypdf import PageObject, PdfReader
from sphinx.testing.util import SphinxTestApp

from sphinx_policy_ext.problems import PolicyError

MakeApp = Callable[..., SphinxTestApp]
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def build(make_app: MakeApp, srcdir: Path, builder: str = "html", **kwargs: Any) -> tuple[SphinxTestApp, str]:
    """Build and require success with no warnings at all; return the app and its warning text."""
    warning = StringIO()
    app = make_app(builder, srcdir=srcdir, warning=warning, **kwargs)
    app.build()
    text = _ANSI.sub("", warning.getvalue())
    assert text == "", text
    return app, text


def fails(make_app: MakeApp, srcdir: Path, builder: str = "html", warning: StringIO | None = None, **kwargs: Any) -> str:
    """Build with warnings as errors; require that it fails, and return the messages it printed.

    A broken practice.toml stops the build at once (PolicyError): nothing can
    be built without it. Problems in the text are reported as located errors
    and fail the build the way Sphinx fails one with ``-W`` (a non-zero
    status), never with an exception, which Sphinx 9 would answer with its
    crash report.
    """
    warning = warning if warning is not None else StringIO()
    try:
        app = make_app(builder, srcdir=srcdir, warning=warning, warningiserror=True, **kwargs)
        app.build()
    except PolicyError:
        return _ANSI.sub("", warning.getvalue())
    text = _ANSI.sub("", warning.getvalue())
    assert app.statuscode == 1 and "ERROR:" in text, text
    return text


def build_fails(make_app: MakeApp, srcdir: Path, builder: str = "html") -> str:
    """:func:`fails`, for the callers that name it so."""
    return fails(make_app, srcdir, builder)


def page_text(path: Path) -> str:
    """The visible text of an HTML page's body, whitespace folded."""
    page = path.read_text(encoding="utf-8")
    body = page[page.index("<body") :]
    # Block tags separate words; inline ones (links, spans, Sphinx's cloaked email) do not.
    body = re.sub(r"</?(p|div|h[1-6]|li|ul|ol|section|br|td|tr|table|header|footer|nav|main|article)\b[^>]*>", " ", body)
    return squash(html.unescape(re.sub(r"<[^>]+>", "", body)))


# The running header and the footer sit in the top and bottom 0.9 inch of a
# page; text that continues across a page break reads on without them.
_FURNITURE = 65.0


def pdf_text(path: Path, furniture: bool = False) -> str:
    """The PDF's text; without the running header and footer unless ``furniture``."""
    pages = []
    for page in PdfReader(path).pages:
        if furniture:
            pages.append(page.extract_text())
        else:
            pages.append(body_text(page))
    return "\n".join(pages)


def body_text(page: PageObject) -> str:
    """One page's text without its running header and footer."""
    height = float(page.mediabox.height)
    parts: list[str] = []

    def keep(text: str, cm: list[float], tm: list[float], *ignored: object) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if _FURNITURE < y < height - _FURNITURE:
            parts.append(text)

    page.extract_text(visitor_text=keep)
    return "".join(parts)


def squash(text: str) -> str:
    """Whitespace folded and typographic quotes made plain, for comparing prose."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())
