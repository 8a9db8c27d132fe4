"""``embed.html``: the policy as a fragment to paste into an existing website.

Squarespace, WordPress and similar sites accept a block of HTML. The fragment
is a ``<social-media-policy>`` element whose content sits in a declarative
shadow root (``<template shadowrootmode="open">``) with the theme's own
stylesheet inside it. A shadow root is the browser's own isolation: the
host's CSS cannot reach the policy and the policy's CSS cannot reach the host,
without any JavaScript. The element's name matches no host selector such as
``div`` or ``article``.

A page builder that inserts the block by script (``innerHTML``) gets no
shadow root: the browser leaves the template inert. The same policy follows
the template as a styled copy, whose stylesheet is nested under
``social-media-policy > .policy-fallback`` so it styles nothing of the host.
In a static page that copy is not shown (a shadow root shows only its own
content).

Three things differ from the page, because the fragment lives in someone
else's page:

- Sizes are pixels, not ``rem``: a host theme with ``html {font-size: 62.5%}``
  would otherwise shrink the policy to 10 px.
- No element has an id. An id in the copy would collide with the host's own
  (a newsletter form's ``id="email"``), and prefixing it only makes collisions
  rarer. In-page links (contents, permalinks) are *text fragments* instead,
  ``#:~:text=Email,-I%20use%20email``: the browser scrolls to that text, found
  in the shadow root or the copy alike, and the words that follow the heading
  tell the policy's "Email" from a host's. (Fragment links to ids could not
  reach into a shadow root in any case.) Browsers without text fragments
  open the link at the top of the page, which is harmless.
- Every link and image is absolute or inline: pasted elsewhere, a relative
  ``social-media-policy.pdf`` would point at the host site. The PDF's address
  is ``policy_embed_pdf_url`` or follows from ``practice.website``; when neither
  gives one, the build says what to set.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from docutils import nodes

from ..i18n import SOURCE_LANGUAGE, is_translation, pdf_stem
from ..problems import WARNING_TYPE, Subtype, logger
from ..state import project_path
from .headings import PERMALINK

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..practice.look import Logo

FILE_NAME = "embed.html"
TEMPLATE = "policy-embed.html"
ROOT_FONT_PX = 16  # a browser's default root size; the page's rem values were designed on it
_REM = re.compile(r"(?<![\w.-])(-?\d*\.?\d+)rem\b")
_SUFFIX_WORDS = 5


def pixels(css: str) -> str:
    """``css`` with every ``rem`` length turned into pixels (1rem = 16px)."""

    def convert(match: re.Match[str]) -> str:
        value = float(match.group(1)) * ROOT_FONT_PX
        return f"{value:g}px"

    return _REM.sub(convert, css)


def _words(text: str) -> str:
    return " ".join(text.split())


def _encode(text: str) -> str:
    # "-", "," and "&" separate the parts of a text directive: always escaped.
    return quote(text, safe="").replace("-", "%2D")


def text_fragment(start: str, suffix: str = "") -> str:
    """A link to the first place ``start`` is followed by ``suffix`` (``#:~:text=start,-suffix``)."""
    link = "#:~:text=" + _encode(_words(start))
    if suffix:
        link += ",-" + _encode(suffix)
    return link


def _first_words(section: nodes.section) -> str:
    """The first words after the section's title: what a reader sees right below the heading."""
    for child in section.children[1:]:
        if isinstance(child, nodes.Invisible):  # comments and targets are not on the page
            continue
        words = _words(child.astext()).split(" ")
        if words and words[0]:
            return " ".join(words[:_SUFFIX_WORDS])
    return ""


def section_fragment(section: nodes.section) -> str:
    title = section[0].astext() if section.children and isinstance(section[0], nodes.title) else ""
    return text_fragment(title, _first_words(section)) if title else ""


def targets(doctree: nodes.document) -> dict[str, str]:
    """Every id in the document and the text fragment that reaches the same place."""
    found: dict[str, str] = {}
    for node in doctree.findall(nodes.Element):
        ids = node.get("ids") or []
        if not ids:
            continue
        if isinstance(node, nodes.section):
            link = section_fragment(node)
        else:
            # A target inside the text: its paragraph (or its own text) is the place.
            holder: nodes.Node | None = node
            while holder is not None and not _words(holder.astext()):
                holder = holder.parent
            words = _words(holder.astext()).split(" ") if holder is not None else []
            link = text_fragment(" ".join(words[:_SUFFIX_WORDS])) if words and words[0] else ""
        for identifier in ids:
            found.setdefault(identifier, link)
    return found


def pdf_url(app: Sphinx, website: str | None, location: str | None = None) -> str | None:
    """The PDF's absolute address for the fragment, or None (and a warning) if none can be made."""
    configured = str(app.config.policy_embed_pdf_url).strip()
    name = f"{pdf_stem(app.config)}.pdf"
    if configured:
        # Another language's PDF is uploaded beside the English one.
        return configured if name == f"{app.config.policy_pdf_name}.pdf" else urljoin(configured, name)
    parts = urlsplit(website or "")
    if parts.scheme in ("http", "https") and parts.netloc and not parts.query:
        # The page published at practice.website links the PDF beside it.
        return urljoin(website or "", name)
    reason = (
        f'practice.website ("{website}") has a "?" part, as WordPress page addresses do, so the PDF beside it has no address'
        if website
        else "practice.toml has no website"
    )
    logger.warning(
        f"embed.html cannot link the PDF with a full address: {reason}. Its link would point at the site it is pasted "
        f"into and break. Upload {name} and set policy_embed_pdf_url in conf.py to its address "
        '(e.g. policy_embed_pdf_url = "https://www.example.com/files/social-media-policy.pdf").',
        location=location,
        type=WARNING_TYPE,
        subtype=Subtype.PAGE.value,
    )
    return None


def _absolute(uri: str, base: str | None) -> str:
    if not uri or uri.startswith(("#", "mailto:", "tel:", "data:")) or urlsplit(uri).scheme:
        return uri
    return urljoin(base, uri) if base else uri


def fragment_doctree(doctree: nodes.document, pdf_name: str, pdf: str | None, base: str | None) -> nodes.document:
    """A copy of the page's doctree for the fragment: no ids, text-fragment links, absolute addresses."""
    copy = doctree.deepcopy()
    links = targets(copy)
    for node in copy.findall(nodes.Element):
        if isinstance(node, nodes.section) and node.get("ids"):
            node[PERMALINK] = links.get(node["ids"][0], "") or "#"
        if node.get("ids"):
            node["ids"] = []
        if isinstance(node, nodes.reference):
            if "refid" in node:
                node["refuri"] = links.get(node["refid"], "") or "#"
                del node["refid"]
            elif node.get("refuri", "").startswith("#"):
                node["refuri"] = links.get(node["refuri"][1:], node["refuri"])
            elif node.get("refuri") == pdf_name and pdf:
                node["refuri"] = pdf
            else:
                node["refuri"] = _absolute(node.get("refuri", ""), base)
        elif isinstance(node, nodes.image):
            node["uri"] = _absolute(node.get("uri", ""), base)
    return copy


def logo_data_uri(logo: Logo | None) -> str:
    """The logo inline: the fragment makes no request, to the practice's site or any other."""
    if logo is None:
        return ""
    return f"data:{logo.media_type};base64," + base64.b64encode(logo.path.read_bytes()).decode("ascii")


def write(app: Sphinx, context: dict[str, Any], doctree: nodes.document, css: str, practice: Any) -> None:
    """Write embed.html from the page's context and doctree, with ``css`` (the theme's stylesheet) inside it."""
    pdf_name = f"{pdf_stem(app.config)}.pdf"
    website = context["policy"]["website"] or None
    language = app.config.language or SOURCE_LANGUAGE
    if website and is_translation(app.config) and not urlsplit(website).query:
        # Another edition's page and PDFs are published in its folder beside the English page.
        website = urljoin(website, f"{language}/")
    value = practice.optional("practice.website")
    location = f"{project_path(app.env, practice.path)}:{value.line}" if value is not None and value.line else None
    pdf = pdf_url(app, website, location)
    base = website if website and not urlsplit(website).query else None
    copy = fragment_doctree(doctree, pdf_name, pdf, base)
    visitor: Any = app.builder.create_translator(copy, app.builder)
    copy.walkabout(visitor)
    body = "".join(visitor.fragment)
    contents = [
        {"title": entry["title"], "href": targets_of_contents(copy, entry["title"])} for entry in context["policy_contents"]
    ]
    policy = {**context["policy"], "logo_src": logo_data_uri(practice.logo), "icon": ""}
    embedded_css = pixels(css)
    fragment = app.builder.templates.render(
        TEMPLATE,
        {
            **context,
            "body": body,
            "policy": policy,
            "policy_contents": contents,
            "policy_css": embedded_css,
            "policy_embed": True,
        },
    )
    Path(app.outdir, FILE_NAME).write_text(fragment, encoding="utf-8")


def targets_of_contents(copy: nodes.document, title: str) -> str:
    for section in copy.findall(nodes.section):
        if section.children and isinstance(section[0], nodes.title) and section[0].astext() == title:
            return str(section.get(PERMALINK, "#"))
    return "#"
