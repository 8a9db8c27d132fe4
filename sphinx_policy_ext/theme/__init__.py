"""The ``policy`` HTML theme: one page, read by clients, usually on a phone.

It inherits Sphinx's ``basic`` theme but replaces its layout: no sidebar,
search, source link, navigation or "Powered by" line, and no JavaScript at
all. The page loads one stylesheet from its own folder and says so in a
Content-Security-Policy. Practice values reach the templates as
``policy`` in the page context (plain text; the templates escape them).

Besides ``index.html`` the theme writes ``embed.html``, the same policy as a
fragment to paste into an existing website (see :mod:`.embed`).
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from docutils import nodes as docutils_nodes
from markupsafe import Markup, escape

from ..i18n import SOURCE_LANGUAGE, gettext, is_translation, language_name, translate
from ..practice import look
from ..problems import WARNING_TYPE, PolicyError, Subtype, logger
from ..state import practice_of
from ..text.substitution import phone_uri
from . import embed, headings
from .transforms import PageShape, attribution_of

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

NAME = "policy"
THEME_DIR = Path(__file__).parent / NAME
STYLESHEET = "policy.css"

# Static files the basic theme, Sphinx and sphinx-design put in _static that
# this page never loads: they are removed so the published folder holds only
# what the page uses.
_UNUSED_STATIC = ("basic.css", "pygments.css", "sphinx-design.min.css", "file.png", "minus.png", "plus.png")


def uses_theme(app: Sphinx) -> bool:
    return bool(app.builder.format == "html" and app.config.html_theme == NAME)


def register(app: Sphinx) -> None:
    app.add_html_theme(NAME, str(THEME_DIR))
    app.add_post_transform(PageShape)
    headings.register(app)
    app.add_config_value(
        "policy_embed_pdf_url",
        "",
        "html",
        types=frozenset({str}),
        description="Address of the PDF for the link in embed.html; empty means the file name beside the page.",
    )
    app.add_config_value(
        "policy_preview",
        False,
        "html",
        types=frozenset({bool}),
        description="Set by `make preview`: the page leaves out its Content-Security-Policy so the live reload can run.",
    )
    app.connect("config-inited", check_config)
    app.connect("builder-inited", no_search)
    app.connect("builder-inited", no_scripts)
    app.connect("builder-inited", keep_static_path_stable, priority=900)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", remove_unused_static)
    app.connect("build-finished", copy_logo)
    app.connect("source-read", note_logo)


def check_config(app: Sphinx, config: Config) -> None:
    url = str(config.policy_embed_pdf_url).strip()
    if url and not url.startswith(("https://", "http://")):
        raise PolicyError(
            "policy_embed_pdf_url in conf.py must be the full address of the uploaded PDF, "
            f"starting with https:// (it is {url!r}). Leave it empty if the PDF sits beside the page."
        )


def no_scripts(app: Sphinx) -> None:
    if uses_theme(app) and app.config.html_js_files:
        logger.warning(
            "conf.py: html_js_files is ignored. The policy page runs no JavaScript, and its "
            "Content-Security-Policy would block scripts anyway; remove html_js_files.",
            type=WARNING_TYPE,
            subtype=Subtype.PAGE.value,
        )


def keep_static_path_stable(app: Sphinx) -> None:
    """Take sphinx-design's static folder back out of ``html_static_path``.

    sphinx-design adds it when the builder starts, after Sphinx has compared
    the configuration with the one cached from the last build; the cached
    value then always differs, and every build re-read every document (about
    0.2 s of each edit). This page does not use those files: policy.css styles
    the cards it shows.
    """
    if uses_theme(app):
        import sphinx_design.extension

        ours = str(sphinx_design.extension.STATIC_DIR)
        app.config.html_static_path = [path for path in app.config.html_static_path if str(path) != ours]


def no_search(app: Sphinx) -> None:
    # One page needs no search; without this Sphinx writes search.html,
    # searchindex.js and the JavaScript that reads them.
    if uses_theme(app) and hasattr(app.builder, "search"):
        app.builder.search = False


DESCRIPTION_LENGTH = 160
DARK_BAND = "#1b3a3c"  # the header band in the dark scheme (policy.css)
LOGO_HEIGHT = 48  # CSS pixels in the page header


def _shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "\u2026"


def first_paragraph(doctree: docutils_nodes.document | None) -> str:
    """The policy's first paragraph of prose: the first one directly in a section (not in a card or block)."""
    if doctree is None:
        return ""
    for paragraph in doctree.findall(docutils_nodes.paragraph):
        if isinstance(paragraph.parent, docutils_nodes.section) and paragraph.astext().strip():
            return paragraph.astext()
    return ""


def contents_of(doctree: docutils_nodes.document | None) -> list[dict[str, str]]:
    """The policy's sections (those under its title), by name and link, for the on-page contents."""
    if doctree is None:
        return []
    top = next(iter(doctree.findall(docutils_nodes.section)), None)
    if top is None:
        return []
    entries = []
    for section in top.children:
        if isinstance(section, docutils_nodes.section) and section["ids"] and isinstance(section[0], docutils_nodes.title):
            entries.append({"title": section[0].astext(), "href": "#" + section["ids"][0]})
    return entries


def accent_css(accent: look.Accent, embedded: bool = False) -> str:
    """The practice's accent as the stylesheet's custom properties (empty for the theme's own colours)."""
    if accent == look.Accent(look.DEFAULT_ACCENT, look.DEFAULT_ACCENT_DARK):
        return ""
    light = f".policy-page{{--policy-accent-light:{accent.light};--policy-accent:{accent.light};--policy-band:{accent.light}}}"
    if embedded:
        return light  # the embedded copy keeps the light scheme
    dark = f"@media (prefers-color-scheme: dark){{.policy-page:not(.policy-embedded){{--policy-accent:{accent.dark}}}}}"
    return light + dark


def icon_data_uri(colour: str) -> str:
    """The page's icon without a logo: a speech bubble on the accent colour, inline (no request, no 404)."""
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>"
        f"<rect width='32' height='32' rx='7' fill='{colour}'/>"
        "<path d='M8 9h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9l-5 4v-4H8a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z' fill='#fff'/></svg>"
    )
    return "data:image/svg+xml," + quote(svg, safe=":/=' ")


def logo_file_name(logo: look.Logo) -> str:
    return f"logo.{logo.kind}"


def logo_context(logo: look.Logo | None, name: str) -> dict[str, Any]:
    if logo is None:
        return {"logo_src": "", "logo_alt": "", "logo_width": 0, "logo_height": 0}
    width = round(LOGO_HEIGHT * logo.width / logo.height)
    return {
        "logo_src": "_static/" + logo_file_name(logo),
        "logo_alt": f"{name} logo",
        "logo_width": width,
        "logo_height": LOGO_HEIGHT,
    }


def csp(inline_style: str) -> str:
    """The page's Content-Security-Policy; an inline style (the practice's accent) is allowed by its hash only."""
    styles = "'self'"
    if inline_style:
        digest = base64.b64encode(hashlib.sha256(inline_style.encode("utf-8")).digest()).decode("ascii")
        styles += f" 'sha256-{digest}'"
    # connect-src 'self': the page runs no script; crawlers' tools (Lighthouse) read robots.txt through it.
    return (
        f"default-src 'none'; style-src {styles}; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'"
    )


def practice_context(app: Sphinx, doctree: docutils_nodes.document | None = None) -> dict[str, Any]:
    """The practice's values for the templates: plain text and the link each one makes."""
    practice = practice_of(app.env)
    phone = practice.text("practice.phone")
    email = practice.text("practice.email")
    description = practice.optional("practice.description")
    accent = practice.accent
    name = practice.text("practice.name")
    logo = practice.logo
    return {
        "description": _shorten(description.text if description else first_paragraph(doctree)),
        "accent_light": accent.light,
        "theme_color_light": accent.light,
        "theme_color_dark": DARK_BAND,
        "accent_css": accent_css(accent),
        "icon": "_static/" + logo_file_name(logo) if logo else icon_data_uri(accent.light),
        "icon_type": logo.media_type if logo else "image/svg+xml",
        **logo_context(logo, name),
        "name": practice.text("practice.name"),
        "therapist": practice.text("therapist.name"),
        "credentials": practice.text("therapist.credentials"),
        "address": practice.text("practice.address"),
        "phone": phone,
        "phone_href": phone_uri(phone) or "",
        "email": email,
        "email_href": "mailto:" + email,
        "website": practice.text("practice.website"),
        "effective": practice.text("policy.effective"),
        "version": practice.text("policy.version"),
        # The theme's own words, in the page's language; values escaped inside them.
        "call_html": marked(gettext("Call {phone}"), phone=(phone, "policy-nobreak")),
        "email_html": marked(gettext("Email {email}"), email=(email, "policy-email")),
        "contact_label": gettext("Contact"),
        "edition_html": marked(
            gettext("Effective {date} \u00b7 Version {version}"),
            date=(practice.text("policy.effective"), "policy-date"),
            version=(practice.text("policy.version"), ""),
        ),
        "skip_label": gettext("Skip to the policy"),
        "contents_label": gettext("Contents"),
        "languages_label": gettext("Language"),
        "canonical": edition_address(app, practice.text("practice.website")),
    }


def marked(template: str, **fields: tuple[str, str]) -> Markup:
    """A translated phrase as HTML: its words escaped, each ``{field}`` its value (escaped) in a span of that class.

    "Call {phone}" becomes ``Call <span class="policy-nobreak">(555) 010-0123</span>``;
    a translation may put the value anywhere in its sentence.
    """
    html = []
    for piece in re.split(r"(\{[a-z_]+\})", template):
        name = piece[1:-1] if piece.startswith("{") and piece.endswith("}") else None
        if name in fields:
            value, cls = fields[name]
            html.append(f'<span class="{cls}">{escape(value)}</span>' if cls else str(escape(value)))
        else:
            html.append(str(escape(piece)).replace("\u00b7", "&middot;"))
    return Markup("".join(html))


def edition_address(app: Sphinx, website: str) -> str:
    """Where this edition's page is published: practice.website for English, its language's folder beside it for others."""
    language = app.config.language or SOURCE_LANGUAGE
    if not is_translation(app.config) or not website:
        return website
    return urljoin(website, f"{language}/")


def editions(app: Sphinx) -> list[dict[str, Any]]:
    """The page in each language of the practice: for ``<link rel="alternate" hreflang>`` and the switch.

    English is the page at the top of the site, every other edition is in a
    folder named after its language (``es/index.html``); links are relative,
    so the site works wherever it is published.
    """
    languages = practice_of(app.env).languages
    if len(languages) < 2:
        return []
    here = app.config.language if is_translation(app.config) else SOURCE_LANGUAGE
    up = "" if here == SOURCE_LANGUAGE else "../"
    found = []
    for code in languages:
        folder = "" if code == SOURCE_LANGUAGE else f"{code}/"
        found.append(
            {
                "code": code.replace("_", "-"),
                "href": "index.html" if code == here else f"{up}{folder}index.html",
                "name": language_name(code),
                "current": code == here,
            }
        )
    return found


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None) -> None:
    if not uses_theme(app):
        return
    context["policy"] = practice_context(app, doctree)
    context["policy_editions"] = editions(app)
    context["policy_contents"] = contents_of(doctree) if pagename == app.config.root_doc else []
    context["policy"]["contents_summary"] = translate("Contents: {count} sections", count=len(context["policy_contents"]))
    # make preview adds a same-origin reload script to the page it serves on
    # 127.0.0.1 (with a CSP header of its own); the published page's CSP would block it.
    context["policy_csp"] = csp(context["policy"]["accent_css"]) if not app.config.policy_preview else ""
    render = app.builder.render_partial  # type: ignore[attr-defined]
    context["policy_attribution"] = "".join(render(node)["fragment"] for node in attribution_of(doctree))
    # No JavaScript on the page: a client reads it without any.
    context["script_files"] = []
    # The theme's stylesheet covers what the page uses of Pygments and
    # sphinx-design; a project's own html_css_files stay.
    context["css_files"] = [css for css in context["css_files"] if Path(str(css.filename)).name not in _UNUSED_STATIC]
    if pagename == app.config.root_doc and doctree is not None:
        practice = practice_of(app.env)
        css = (THEME_DIR / "static" / STYLESHEET).read_text(encoding="utf-8") + accent_css(practice.accent, embedded=True)
        embed.write(app, context, doctree, css, practice)


def remove_unused_static(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not uses_theme(app):
        return
    static = Path(app.outdir, "_static")
    for path in static.glob("*"):
        if path.suffix == ".js" or path.name in _UNUSED_STATIC:
            path.unlink()
    # Sphinx makes _sources/ even when html_copy_source is off.
    sources = Path(app.outdir, "_sources")
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()


def note_logo(app: Sphinx, docname: str, source: list[str]) -> None:
    """A new logo (its size sets the header's image size) rewrites the page, as a change to practice.toml does."""
    logo = practice_of(app.env).logo
    if logo is not None:
        app.env.note_dependency(str(logo.path))


def copy_logo(app: Sphinx, exception: Exception | None) -> None:
    """Put the practice's logo (already checked) beside the stylesheet, where the header and icon find it."""
    if exception is not None or not uses_theme(app):
        return
    logo = practice_of(app.env).logo
    if logo is not None:
        static = Path(app.outdir, "_static")
        static.mkdir(exist_ok=True)
        shutil.copyfile(logo.path, static / logo_file_name(logo))


def setup(app: Sphinx) -> ExtensionMetadata:
    """Entry point ``sphinx.html_themes``: the theme needs the whole extension."""
    from .. import __version__  # here: the package imports this module before it defines it

    app.setup_extension("sphinx_policy_ext")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
