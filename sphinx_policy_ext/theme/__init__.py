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

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..problems import WARNING_TYPE, PolicyError, Subtype, logger
from ..state import practice_of
from ..text.substitution import phone_uri
from . import embed
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


def practice_context(app: Sphinx) -> dict[str, Any]:
    """The practice's values for the templates: plain text and the link each one makes."""
    practice = practice_of(app.env)
    phone = practice.text("practice.phone")
    email = practice.text("practice.email")
    return {
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
    }


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None) -> None:
    if not uses_theme(app):
        return
    context["policy"] = practice_context(app)
    # sphinx-autobuild adds an inline script and a WebSocket to the page it
    # serves on 127.0.0.1; the published page's CSP would block both.
    context["policy_csp"] = not app.config.policy_preview
    render = app.builder.render_partial  # type: ignore[attr-defined]
    context["policy_attribution"] = "".join(render(node)["fragment"] for node in attribution_of(doctree))
    # No JavaScript on the page: a client reads it without any.
    context["script_files"] = []
    # The theme's stylesheet covers what the page uses of Pygments and
    # sphinx-design; a project's own html_css_files stay.
    context["css_files"] = [css for css in context["css_files"] if Path(str(css.filename)).name not in _UNUSED_STATIC]
    if pagename == app.config.root_doc and doctree is not None:
        embed.write(app, context, (THEME_DIR / "static" / STYLESHEET).read_text(encoding="utf-8"))


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


def setup(app: Sphinx) -> ExtensionMetadata:
    """Entry point ``sphinx.html_themes``: the theme needs the whole extension."""
    from .. import __version__  # here: the package imports this module before it defines it

    app.setup_extension("sphinx_policy_ext")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
