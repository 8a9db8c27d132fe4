"""``embed.html``: the policy as a fragment to paste into an existing website.

Squarespace, WordPress and similar sites accept a block of HTML. The fragment
is a ``<social-media-policy>`` element whose content sits in a declarative
shadow root (``<template shadowrootmode="open">``) with the theme's own
stylesheet inside it. A shadow root is the browser's own isolation: the
host's CSS cannot reach the policy and the policy's CSS cannot reach the host,
without any JavaScript. The element's name matches no host selector such as
``div`` or ``article``.

A browser or editor that does not know declarative shadow roots leaves the
template inert; the plain policy text after it is then shown instead (with
the host's look), so the page never has a hole where the policy should be.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from markupsafe import escape

from ..i18n import pdf_stem

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FILE_NAME = "embed.html"
TEMPLATE = "policy-embed.html"


def write(app: Sphinx, context: dict[str, Any], css: str) -> None:
    """Write embed.html from the page's context, with ``css`` (the theme's stylesheet) inside it."""
    pdf_name = f"{pdf_stem(app.config)}.pdf"
    body = str(context["body"])
    url = app.config.policy_embed_pdf_url
    if url:
        if pdf_name != f"{app.config.policy_pdf_name}.pdf":
            # Another language's edition: its PDF is uploaded beside the English one.
            url = urljoin(url, pdf_name)
        # The page's link is relative to the page; pasted into another site
        # it must point where the PDF was uploaded.
        body = body.replace(f'href="{pdf_name}"', f'href="{escape(url)}"')
    fragment = app.builder.templates.render(TEMPLATE, {**context, "body": body, "policy_css": css})
    Path(app.outdir, FILE_NAME).write_text(fragment, encoding="utf-8")
