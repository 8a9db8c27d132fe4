"""The policy page in headless Chromium: what a client's browser does with it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from ..helpers import squash
from .conftest import CHROMIUM, NO_CHROMIUM, build_site, serve

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)

SCHEMES = ("light", "dark")
ACKNOWLEDGEMENT = "Acknowledgement of Review of Social Media Policy"


@pytest.fixture
def open_page(browser: Any, served: str) -> Iterator[Any]:
    """``open_page(width, scheme)``: a fresh page on index.html; every request it makes is recorded.

    Requests to anywhere but the local server are refused before they leave
    the machine, and recorded so the test can fail on them.
    """
    contexts: list[Any] = []

    def make(width: int = 360, scheme: str = "light", **options: Any) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, **options)
        contexts.append(context)
        context.requests = []
        context.foreign = []

        def route(route: Any) -> None:
            url = route.request.url
            context.requests.append(url)
            if url.startswith(served):
                route.continue_()
            else:
                context.foreign.append(url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.console = []
        page.on("console", lambda message: page.console.append(message.text))
        page.goto(served + "index.html", wait_until="load")
        return page

    yield make
    for context in contexts:
        context.close()


def test_page_requests_only_its_own_files(open_page: Any, served: str) -> None:
    page = open_page()
    assert page.context.foreign == []
    assert sorted(u.removeprefix(served).partition("?")[0] for u in page.context.requests) == ["_static/policy.css", "index.html"]
    # Nothing was refused by the page's Content-Security-Policy either.
    assert [m for m in page.console if "Content Security Policy" in m] == []


def test_content_security_policy_refuses_other_origins(open_page: Any) -> None:
    page = open_page()
    # What a compromised or careless edit might add: an outside image and stylesheet.
    page.evaluate(
        """() => {
        const img = document.createElement('img'); img.src = 'https://tracker.example.net/pixel.png'; document.body.append(img);
        const css = document.createElement('link'); css.rel = 'stylesheet'; css.href = 'https://cdn.example.net/x.css';
        document.head.append(css);
    }"""
    )
    page.wait_for_timeout(300)
    refused = [m for m in page.console if "Content Security Policy" in m]
    assert any("tracker.example.net" in m for m in refused) and any("cdn.example.net" in m for m in refused), page.console
    # Refused by the browser itself: the requests never started.
    assert page.context.foreign == []


def test_page_reads_without_javascript(open_page: Any) -> None:
    page = open_page(java_script_enabled=False)
    assert page.locator("script").count() == 0
    assert "Social Media Policy" in page.locator("h1").inner_text()
    assert page.locator(".sd-card").count() == 6
    assert page.locator("a.policy-pdf-link").is_visible()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_accessibility_violations(open_page: Any, scheme: str) -> None:
    page = open_page(1280, scheme)
    background = page.evaluate("getComputedStyle(document.querySelector('.policy-page')).backgroundColor")
    # The scheme really changed the page (so both runs check different colours).
    assert background == ("rgb(251, 250, 247)" if scheme == "light" else "rgb(18, 23, 24)")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    assert results.violations_count == 0, results.generate_report()
    everything = Axe().run(page)
    assert everything.violations_count == 0, everything.generate_report()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_phone_width_has_no_horizontal_scroll(open_page: Any, scheme: str, screenshots: Path) -> None:
    page = open_page(360, scheme)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] == 360
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect().right))")
    assert widest <= 360
    page.screenshot(path=screenshots / f"page-360-{scheme}.png", full_page=True)


def test_long_practice_values_still_fit_a_phone(browser: Any, tmp_path: Path, screenshots: Path) -> None:
    long_email = "appointments.and.scheduling.questions@harbor-light-counseling-and-family-therapy.example.com"
    long_name = "Harbor Light Counseling, Psychotherapy, Family Therapy & Wellbeing Collaborative of Springfield"
    folder = build_site(
        tmp_path,
        {
            'email = "office@example.com"': f'email = "{long_email}"',
            'name = "Harbor Light Counseling"': f'name = "{long_name}"',
            'website = "https://www.example.com/social-media-policy"': (
                'website = "https://www.harbor-light-counseling-and-family-therapy.example.com/policies/social-media-policy-2026"'
            ),
        },
    )
    with serve(folder) as url:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        try:
            page.goto(url + "index.html")
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            widest = page.evaluate(
                "Math.max(...[...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect().right))"
            )
            assert widest <= 360
            page.screenshot(path=screenshots / "page-360-long-values.png")
        finally:
            page.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_desktop_keeps_a_comfortable_line_length(open_page: Any, scheme: str, screenshots: Path) -> None:
    page = open_page(1280, scheme)
    width, font = page.evaluate(
        "(() => { const p = document.querySelector('#friending p');"
        " return [p.getBoundingClientRect().width, parseFloat(getComputedStyle(p).fontSize)]; })()"
    )
    # About 45 to 80 characters a line: an average character is about half the font size.
    assert 45 <= width / (font * 0.5) <= 85
    page.screenshot(path=screenshots / f"page-1280-{scheme}.png", full_page=True)


def test_pdf_link_answers_with_the_pdf(open_page: Any) -> None:
    page = open_page()
    link = page.locator("a.policy-pdf-link")
    assert link.inner_text().strip().endswith("Download the PDF to sign")
    response = page.request.get(urljoin(page.url, link.get_attribute("href")))
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")


def test_page_and_what_it_loads_stay_under_100_kb(open_page: Any, served: str) -> None:
    page = open_page()
    total = 0
    for url in page.context.requests:
        total += len(page.request.get(url).body())
    assert 0 < total < 100_000, f"{total} bytes"


def test_printing_starts_the_acknowledgement_on_its_own_page(open_page: Any, screenshots: Path) -> None:
    page = open_page(1280)
    page.emulate_media(media="print")
    pdf = page.pdf(format="Letter", print_background=False)
    (screenshots / "page-printed.pdf").write_bytes(pdf)
    pages = [squash(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 3
    (start,) = [i for i, text in enumerate(pages) if ACKNOWLEDGEMENT in text]
    assert pages[start].startswith(ACKNOWLEDGEMENT), pages[start][:120]
    assert pages[start].count("Name:") == 4 and "Therapist:" in pages[start]
    printed = " ".join(pages)
    assert "Download the PDF" not in printed
    assert "Call (555) 010-0123 Email" not in printed  # the header's contact links are for the screen


# --- embed.html inside another site ---------------------------------------------------------------

# A host site that styles everything, as themes of site builders do, and
# some elements with the names of the policy's own classes.
HOSTILE_CSS = """
* { color: rgb(255, 0, 0) !important; font-family: "Comic Sans MS", cursive !important; letter-spacing: 3px !important; }
p, h1, h2, div, header, footer, a, section, ul, li { margin: 40px !important; border: 5px dashed blue !important;
  background: rgb(255, 255, 0) !important; text-transform: uppercase !important; }
body { font-size: 30px; line-height: 3; text-align: right; }
social-media-policy { font-size: 40px; }
.policy-page, .sd-card, .policy-header, .policy-pdf-link { display: none !important; }
"""

HOST_ELEMENTS = """
<h2 id="host-h2">The host's heading</h2>
<p id="host-p" class="policy-contact">The host's paragraph</p>
<header id="host-header" class="policy-header"><a id="host-a" class="policy-pdf-link" href="#x">A host link</a></header>
<div id="host-page" class="policy-page">The host's own block</div>
"""

INSIDE = [
    ".policy-practice-name",
    "h1",
    ".sd-card",
    ".sd-card-text",
    "a.policy-pdf-link",
    ".policy-heading + p",
    ".policy-blank-name",
    ".policy-footer p",
]
PROPERTIES = [
    "color",
    "background-color",
    "font-family",
    "font-size",
    "letter-spacing",
    "text-transform",
    "text-align",
    "margin-top",
    "border-top-width",
    "display",
    "line-height",
    "width",
]
HOST = ["#host-h2", "#host-p", "#host-header", "#host-a", "#host-page"]

_STYLES = """([selectors, properties, inShadow]) => {
  const root = inShadow ? document.querySelector('social-media-policy').shadowRoot : document;
  return selectors.map(s => {
    const element = root.querySelector(s);
    if (!element) return null;
    const style = getComputedStyle(element);
    return properties.map(p => style.getPropertyValue(p));
  });
}"""


def _host_page(site: Path, name: str, css: str, with_embed: bool) -> str:
    fragment = (site / "embed.html").read_text(encoding="utf-8") if with_embed else ""
    html = f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Host</title><style>{css}</style></head>"
    html += f"<body><main>{HOST_ELEMENTS}<section id='policy'>{fragment}</section></main></body></html>"
    (site / name).write_text(html, encoding="utf-8")
    return name


def _styles(page: Any, selectors: list[str], in_shadow: bool) -> list[Any]:
    return list(page.evaluate(_STYLES, [selectors, PROPERTIES, in_shadow]))


def _visit(browser: Any, served: str, name: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    foreign: list[str] = []
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith(served) else (foreign.append(r.request.url), r.abort())
    )
    page = context.new_page()
    page.goto(served + name, wait_until="load")
    page.foreign = foreign
    return page


def test_embed_renders_in_a_foreign_page_and_nothing_leaks(browser: Any, served: str, site: Path, screenshots: Path) -> None:
    plain = _visit(browser, served, _host_page(site, "host-plain.html", "", with_embed=True))
    hostile = _visit(browser, served, _host_page(site, "host-hostile.html", HOSTILE_CSS, with_embed=True))
    alone = _visit(browser, served, _host_page(site, "host-alone.html", HOSTILE_CSS, with_embed=False))
    try:
        for page in (plain, hostile):
            assert page.foreign == []
            # The browser built the shadow root; its text is on screen and the fallback copy is not.
            assert page.evaluate("!!document.querySelector('social-media-policy').shadowRoot")
            # Only one copy is there for a reader (role queries skip what is not rendered).
            button = page.get_by_role("link", name="Download the PDF to sign")
            assert button.count() == 1 and button.is_visible()
            assert page.evaluate("document.querySelector('.policy-fallback').getClientRects().length") == 0
        # Host styles do not reach in: the policy looks the same on a hostile page as on a plain one.
        inside = _styles(plain, INSIDE, in_shadow=True)
        assert None not in inside
        assert _styles(hostile, INSIDE, in_shadow=True) == inside
        assert inside[INSIDE.index(".policy-heading + p")][0] == "rgb(31, 38, 41)"  # the theme's text colour, not the host's red
        # The policy's styles do not reach out: host elements look as they did without it.
        assert _styles(hostile, HOST, in_shadow=False) == _styles(alone, HOST, in_shadow=False)
        hostile.screenshot(path=screenshots / "embed-in-hostile-host.png", full_page=False)
        results = Axe().run(plain, context={"include": [["social-media-policy"]]})
        assert results.violations_count == 0, results.generate_report()
    finally:
        for page in (plain, hostile, alone):
            page.context.close()
