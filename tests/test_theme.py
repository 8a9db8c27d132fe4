"""The ``policy`` theme, as built by Sphinx: what the page holds and what it leaves out.

What the page does in a browser (requests, accessibility, printing, the
embed inside another site) is tested in ``tests/browser/``.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from importlib.metadata import entry_points
from io import StringIO
from pathlib import Path

import pytest

from sphinx_policy_ext.commands.main import main
from sphinx_policy_ext.problems import PolicyError
from sphinx_policy_ext.theme import THEME_DIR
from sphinx_policy_ext.theme.embed import pixels

from .conftest import PROJECT
from .helpers import MakeApp, build, build_fails, pdf_text, squash

HOSTILE = "*Star* <script>alert(1)</script> & Co."
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_theme_is_registered_with_the_sphinx_entry_point() -> None:
    (point,) = [p for p in entry_points(group="sphinx.html_themes") if p.name == "policy"]
    assert point.value == "sphinx_policy_ext.theme"
    toml = (THEME_DIR / "theme.toml").read_text(encoding="utf-8")
    assert 'inherit = "basic"' in toml


def test_page_has_header_policy_and_footer(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    app, _ = build(make_app, project_copy("theme"))
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    header = _between(page, "<header", "</header>")
    assert "Harbor Light Counseling" in header
    assert "Dr. Jordan Rivera, PhD, Licensed Psychologist" in header
    assert '<a href="tel:5550100123">Call <span class="policy-nobreak">(555) 010-0123</span></a>' in header
    assert '<a href="mailto:office@example.com">Email <span class="policy-email">office@example.com</span></a>' in header
    main = _between(page, "<main", "</main>")
    assert "At a glance</h2>" in main and "sd-card" in main
    assert 'href="social-media-policy.pdf">Download the PDF to sign</a>' in main
    footer = _between(page, "<footer", "</footer>")
    assert 'Effective <span class="policy-date">January 15, 2026</span> &middot; Version 1.0' in footer
    # The attribution moved from the text into the footer, once.
    assert "CC BY-NC-SA 3.0 US" in footer and "CC BY-NC-SA" not in main


def test_acknowledgement_is_marked_to_start_a_printed_page(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    app, _ = build(make_app, project_copy("theme"))
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="policy-acknowledgement" id="acknowledgement">(.*?)</section>', page, re.S)
    assert section is not None
    assert section.group(1).count('class="policy-signature-line"') == 5
    # Blanks are drawn by CSS: no run of underscores for a screen reader to read out.
    assert "____" not in section.group(1)
    css = (app.outdir / "_static" / "policy.css").read_text(encoding="utf-8")
    assert re.search(r"@media print \{.*\.policy-acknowledgement \{\s*break-before: page;", css, re.S)


def test_no_sidebar_search_sources_scripts_or_powered_by(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    app, _ = build(make_app, project_copy("theme"))
    out = Path(app.outdir)
    page = (out / "index.html").read_text(encoding="utf-8")
    for absent in ("<script", "sphinxsidebar", "searchbox", "Powered by", "_sources", "related", "genindex", "search.html"):
        assert absent not in page, absent
    for name in ("search.html", "genindex.html", "searchindex.js", "_sources"):
        assert not (out / name).exists(), name
    assert sorted(p.name for p in (out / "_static").iterdir()) == ["policy.css"]


def test_page_allows_only_its_own_files(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    app, _ = build(make_app, project_copy("theme"))
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    # The CSP forbids inline styles, so none may be relied on.
    assert " style=" not in page and "<style" not in page
    loaded = re.findall(r'<(?:link|img|script|iframe)\b(?![^>]*rel="canonical")[^>]*(?:href|src)="([^"]+)"', page)
    # The icon is inline; the canonical link names the page, it loads nothing.
    icon = [address for address in loaded if address.startswith("data:image/svg+xml,")]
    assert len(icon) == 1
    loaded.remove(icon[0])
    # The stylesheet's address changes with its content, so browsers never keep an old one.
    assert len(loaded) == 1 and re.fullmatch(r"_static/policy\.css\?v=[0-9a-f]{8}", loaded[0]), loaded


def test_preview_page_has_no_csp_so_live_reload_runs(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    app, _ = build(make_app, project_copy("theme"), confoverrides={"policy_preview": True})
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" not in page and "<script" not in page


def test_hostile_practice_values_are_literal_in_header_title_and_footer(
    make_app: MakeApp, project_copy: Callable[..., Path]
) -> None:
    srcdir = project_copy(
        "theme",
        edit={"practice.toml": ('name = "Harbor Light Counseling"', f"name = '{HOSTILE}'")},
    )
    text = (srcdir / "practice.toml").read_text(encoding="utf-8")
    (srcdir / "practice.toml").write_text(text.replace('version = "1.0"', f"version = '{HOSTILE}'"), encoding="utf-8")
    app, _ = build(make_app, srcdir)
    escaped = html.escape(HOSTILE, quote=False)
    for name in ("index.html", "embed.html"):
        page = (app.outdir / name).read_text(encoding="utf-8")
        assert "<script>" not in page, name
        assert escaped in _between(page, "<header", "</header>"), name
        assert f"Version {escaped}" in _between(page, "<footer", "</footer>"), name
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert f"<title>{escaped} Policy</title>" in page


def test_embed_fragment_is_isolated_and_complete(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    app, _ = build(make_app, project_copy("theme"))
    fragment = (app.outdir / "embed.html").read_text(encoding="utf-8")
    assert "<html" not in fragment and "<body" not in fragment and "<script" not in fragment and "<link" not in fragment
    assert fragment.count("<social-media-policy>") == 1
    shadow = _between(fragment, '<template shadowrootmode="open">', "</template>")
    css = (app.outdir / "_static" / "policy.css").read_text(encoding="utf-8")
    assert pixels(css) in shadow
    for part in ("<header", "At a glance", "Download the PDF to sign", "policy-acknowledgement", "<footer", "CC BY-NC-SA"):
        assert part in shadow, part
    # Without declarative shadow DOM the plain text shows instead of nothing.
    fallback = fragment[fragment.index("</template>") :]
    assert "I do not accept friend requests." in fallback and "CC BY-NC-SA" in fallback


def test_embed_pdf_address_can_be_set(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    url = "https://www.example.com/s/policy.pdf?a=1&b=2"
    app, _ = build(make_app, project_copy("theme"), confoverrides={"policy_embed_pdf_url": url})
    fragment = (app.outdir / "embed.html").read_text(encoding="utf-8")
    assert 'href="https://www.example.com/s/policy.pdf?a=1&amp;b=2">Download the PDF to sign' in fragment
    assert 'href="social-media-policy.pdf"' not in fragment
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="social-media-policy.pdf">Download the PDF to sign' in page


def test_embed_pdf_address_must_be_a_web_address(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    with pytest.raises(PolicyError, match=r"policy_embed_pdf_url in conf.py must be the full address.*'javascript:alert\(1\)'"):
        make_app("html", srcdir=project_copy("theme"), confoverrides={"policy_embed_pdf_url": "javascript:alert(1)"})


@pytest.mark.parametrize("builder", ["html", "pdf", "dummy"])
def test_missing_download_button_stops_every_builder(make_app: MakeApp, project_copy: Callable[..., Path], builder: str) -> None:
    srcdir = project_copy("theme", edit={"index.md": (":::{policy-pdf-download}\nDownload the PDF to sign\n:::", "")})
    text = build_fails(make_app, srcdir, builder)
    assert "index.md:" in text and "The block that offers the PDF to sign is missing" in text and "[policy.required]" in text


def test_javascript_files_from_conf_are_refused_with_a_warning(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    srcdir = project_copy("theme")
    (srcdir / "_static").mkdir()
    (srcdir / "_static" / "track.js").write_text("alert(1)", encoding="utf-8")
    overrides = {"html_js_files": ["track.js"], "html_static_path": ["_static"]}
    app = make_app("html", srcdir=srcdir, warning=(warning := StringIO()), confoverrides=overrides)
    app.build()
    assert "html_js_files is ignored" in warning.getvalue() and "[policy.page]" in warning.getvalue()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page and not (app.outdir / "_static" / "track.js").exists()


def test_other_themes_are_left_alone(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    app, _ = build(make_app, project_copy("theme"), confoverrides={"html_theme": "basic"})
    out = Path(app.outdir)
    assert not (out / "embed.html").exists()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" in page and "policy-header" not in page
    # The attribution stays in the text, where this theme can show it.
    assert "CC BY-NC-SA 3.0 US" in page


@pytest.mark.parametrize("builder", ["html", "pdf", "dummy"])
def test_missing_attribution_stops_every_builder(make_app: MakeApp, project_copy: Callable[..., Path], builder: str) -> None:
    srcdir = project_copy("theme", edit={"index.md": (":::{container} policy-attribution", ":::{container} something-else")})
    text = build_fails(make_app, srcdir, builder)
    assert "index.md:" in text and "The license credit to the policy's original author is missing" in text
    assert "[policy.required]" in text


def test_parallel_build_is_clean(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    app, _ = build(make_app, project_copy("theme"), parallel=2)
    assert (app.outdir / "embed.html").exists()


GLANCE = [
    "No friend requests",
    "Please don't message me on social media",
    "How to reach me",
    "Between sessions, call me at (555) 010-0123.",
    "Email is for scheduling",
    "Write to office@example.com to arrange or change appointments, not about your therapy.",
    "I won't answer reviews",
    "I won't look you up",
]


def _build_real(root: Path, practice_edit: tuple[str, str] | None = None) -> tuple[str, str]:
    """The repository's policy built by the CLI into root; the page's main text and the PDF's text."""
    for name in ("conf.py", "practice.toml"):
        shutil.copy(PROJECT / name, root / name)
    shutil.copytree(PROJECT / "docs", root / "docs")
    if practice_edit:
        toml = root / "practice.toml"
        text = toml.read_text(encoding="utf-8")
        assert practice_edit[0] in text
        toml.write_text(text.replace(*practice_edit), encoding="utf-8")
    assert main(["html", "--root", str(root), "--quiet"]) == 0
    out = root / "_build"
    page = (out / "html" / "index.html").read_text(encoding="utf-8")
    body = squash(html.unescape(re.sub(r"<[^>]+>", "", page[page.index("<main") :])))
    return body, squash(pdf_text(out / "pdf" / "social-media-policy.pdf"))


def test_real_policy_has_the_glance_in_page_and_pdf_and_the_button_only_in_the_page(tmp_path: Path) -> None:
    body, pdf = _build_real(tmp_path)
    for text in GLANCE:
        assert text in body, text
        assert text in pdf, text
    assert body.index("At a glance") < body.index("Download the PDF to sign") < body.index("I do not accept friend")
    assert "Download the PDF to sign" not in pdf


def test_a_card_goes_with_its_section(tmp_path: Path) -> None:
    body, pdf = _build_real(tmp_path, ("email = true", "email = false"))
    for text in (body, pdf):
        assert "Email is for scheduling" not in text
        assert "No friend requests" in text and "How to reach me" in text


def test_embed_says_when_its_pdf_link_cannot_be_absolute(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    # A WordPress address: the page is "?page_id=12", so nothing lies "beside" it.
    website = 'website = "https://www.example.com/?page_id=12"'
    srcdir = project_copy("theme", edit={"practice.toml": ('website = "https://www.example.com/social-media-policy"', website)})
    line = (srcdir / "practice.toml").read_text(encoding="utf-8").splitlines().index(website) + 1
    warning = StringIO()
    app = make_app("html", srcdir=srcdir, warning=warning)
    app.build()
    text = warning.getvalue()
    assert f"practice.toml:{line}: WARNING: embed.html cannot link the PDF with a full address" in text
    assert "set policy_embed_pdf_url in conf.py" in text and "[policy.page]" in text
    # The fragment keeps the page's relative link rather than a wrong absolute one.
    assert 'href="social-media-policy.pdf"' in (app.outdir / "embed.html").read_text(encoding="utf-8")


def test_permalinks_sit_beside_their_heading_with_their_own_name(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    app, _ = build(make_app, project_copy("theme"))
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<div class="policy-heading policy-heading-h2"><h2>Friend requests</h2>'
        r'<a class="headerlink" href="#friend-requests" aria-label="Link to the section Friend requests"',
        page,
    )
    assert "¶" not in page


def test_logo_flowable_carries_its_pdf_tag(tmp_path: Path) -> None:
    from sphinx_policy_ext.pdf import pages
    from sphinx_policy_ext.practice.look import load_logo

    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><rect width="100" height="50" fill="#123456"/></svg>',
        encoding="utf-8",
    )
    head = pages.Masthead("Harbor & Co", "Dr. R", "1 Way", (), "1.0", "January 1, 2026", logo=load_logo(tmp_path / "logo.svg"))
    flowable = pages.logo_flowable(head, 300)
    assert flowable is not None and flowable.pdf_tag == ("Figure", "Harbor & Co logo")
    assert flowable.wrap(300, 100) == (72.0, 36.0)
