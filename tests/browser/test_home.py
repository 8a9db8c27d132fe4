"""The page at home on a practice's website, in Chromium: head, moving around, the fragment, the practice's look, print."""

from __future__ import annotations

import io
import re
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from ..conftest import PROJECT
from ..helpers import squash
from .conftest import ACCENT, CHROMIUM, NO_CHROMIUM, build_site, serve

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)

PRACTICE = tomllib.loads((PROJECT / "practice.toml").read_text(encoding="utf-8"))


def _open(browser: Any, url: str, width: int = 360, scheme: str = "light", **options: Any) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, **options)
    context.requests = []
    context.foreign = []
    base = url.rsplit("/", 1)[0] + "/"

    def route(route: Any) -> None:
        context.requests.append(route.request.url)
        if route.request.url.startswith(base):
            route.continue_()
        else:
            context.foreign.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.console = []
    page.on("console", lambda message: page.console.append(message.text))
    page.goto(url, wait_until="load")
    return page


@pytest.fixture
def page_at(browser: Any, served: str) -> Iterator[Any]:
    pages: list[Any] = []

    def make(name: str = "index.html", **options: Any) -> Any:
        page = _open(browser, served + name, **options)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.context.close()


# --- head ----------------------------------------------------------------------------------------


def _meta(page: Any, selector: str, attribute: str = "content") -> Any:
    return page.evaluate(f"[...document.querySelectorAll({selector!r})].map(e => e.getAttribute({attribute!r}))")


def test_head_describes_the_page_from_practice_toml(page_at: Any) -> None:
    page = page_at()
    website = PRACTICE["practice"]["website"]
    title = page.title()
    assert title == f"{PRACTICE['practice']['name']} Social Media Policy"
    (description,) = _meta(page, 'meta[name="description"]')
    # No description in practice.toml: the policy's first paragraph, shortened at a word.
    first = squash(page.locator(".policy-full-title + p").inner_text())
    assert description.endswith("\u2026") and first.startswith(description[:-1]) and 50 < len(description) <= 160
    assert _meta(page, 'link[rel="canonical"]', "href") == [website]
    assert _meta(page, 'meta[property="og:url"]') == [website]
    assert _meta(page, 'meta[property="og:title"]') == [title]
    assert _meta(page, 'meta[property="og:description"]') == [description]
    assert _meta(page, 'meta[property="og:type"]') == ["website"]
    assert _meta(page, 'meta[name="theme-color"]', "media") == ["(prefers-color-scheme: light)", "(prefers-color-scheme: dark)"]
    # No accent_color in practice.toml: the header band's own colours, light and dark.
    assert _meta(page, 'meta[name="theme-color"]') == ["#155e63", "#1b3a3c"]
    # The icon is inline: the browser asks for nothing else (no /favicon.ico).
    (icon,) = _meta(page, 'link[rel="icon"]', "href")
    assert icon.startswith("data:image/svg+xml,")
    page.wait_for_timeout(300)
    assert not any("favicon" in url for url in page.context.requests), page.context.requests
    assert [m for m in page.console if "Content Security Policy" in m] == []


def test_description_from_practice_toml(browser: Any, tmp_path: Path) -> None:
    written = "How Harbor Light Counseling handles friend requests, reviews & messages."
    line = 'website = "https://www.example.com/social-media-policy"'
    folder = build_site(tmp_path, {line: f'{line}\ndescription = "{written}"'})
    with serve(folder) as url:
        page = _open(browser, url + "index.html")
        try:
            assert _meta(page, 'meta[name="description"]') == [written]
            assert _meta(page, 'meta[property="og:description"]') == [written]
        finally:
            page.context.close()


# --- moving around --------------------------------------------------------------------------------


def test_permalinks_have_their_own_name_and_stay_out_of_the_heading(page_at: Any) -> None:
    page = page_at(width=1280)
    heading = page.get_by_role("heading", name="Friending", exact=True)
    assert heading.count() == 1
    link = page.get_by_role("link", name="Link to the section Friending", exact=True)
    assert link.count() == 1 and link.get_attribute("href") == "#friending"
    snapshot = page.locator("main").aria_snapshot()
    assert '- heading "Friending" [level=2]' in snapshot
    assert "¶" not in snapshot and "¶" not in page.locator("main").inner_text()
    link.focus()
    assert link.is_visible() and page.evaluate("getComputedStyle(document.activeElement).opacity") == "1"


def test_first_tab_stop_skips_to_the_policy(page_at: Any, screenshots: Path) -> None:
    page = page_at()
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.textContent, document.activeElement.getAttribute('href')]")
    assert focused == ["Skip to the policy", "#policy-text"]
    box = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect(); return [r.top, r.height]; })()")
    assert box[0] >= 0 and box[1] > 20  # shown once focused
    page.screenshot(path=screenshots / "skip-link-360.png")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The next stop is inside the policy: the header's contact links are skipped.
    assert page.evaluate("!!document.activeElement.closest('main') && !document.activeElement.closest('header')")


def test_contents_are_one_closed_line_on_a_phone_and_reach_each_section(page_at: Any, screenshots: Path) -> None:
    page = page_at(width=360, java_script_enabled=False)
    details = page.locator(".policy-contents details")
    assert details.count() == 1 and details.get_attribute("open") is None
    assert details.bounding_box()["height"] < 60
    page.screenshot(path=screenshots / "contents-closed-360.png")
    page.locator(".policy-contents summary").click()
    entries = page.locator(".policy-contents li a")
    headings = page.evaluate(
        "[...document.querySelectorAll('main section section > .policy-heading > h2')].map(h => h.textContent)"
    )
    assert [e.strip() for e in entries.all_inner_texts()] == headings and len(headings) >= 10
    page.screenshot(path=screenshots / "contents-open-360.png")
    page.get_by_role("link", name="Email", exact=True).click()
    page.wait_for_timeout(200)
    top = page.evaluate("document.querySelector('#email h2').getBoundingClientRect().top")
    assert -1 <= top < 200


# --- embed.html inside other sites ---------------------------------------------------------------

HOSTS = {
    # A WordPress-like theme: 10px root, its own link colours, a newsletter form with id="email".
    "theme": "html{font-size:62.5%} body{font-size:1.6rem;font-family:Georgia,serif;margin:0 2rem}"
    " a{color:rgb(255,0,128)} a:visited{color:rgb(255,0,128)} .entry-content a{color:rgb(255,0,128);text-decoration:none}"
    " h2{font-size:3rem}",
    "plain": "",
    "dark": "html{background:#111;color:#eee} body{font:18px/1.5 sans-serif} a{color:#9cf}",
}
HOST_BEFORE = (
    '<form id="email" class="newsletter"><h2>Email</h2><label for="news-email">Email me news</label>'
    '<input id="news-email" type="email"></form><p style="height:1500px">The host\'s page.</p>'
)


def _host_html(css: str, fragment: str, by_script: bool) -> str:
    head = f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Host</title><style>{css}</style></head>"
    if not by_script:
        return head + f"<body><div class='entry-content'>{HOST_BEFORE}{fragment}</div></body></html>"
    # As page builders do: the block arrives as a string and is set with innerHTML.
    return head + (
        f"<body><div class='entry-content'>{HOST_BEFORE}<div id='slot'></div></div>"
        "<script>fetch('embed.html').then(r => r.text()).then(t => {"
        " document.getElementById('slot').innerHTML = t; document.body.dataset.ready = '1'; });</script></body></html>"
    )


def _root(page: Any) -> str:
    """A JS expression for where the policy is: its shadow root, or the copy when the block was inserted by script."""
    return "(document.querySelector('social-media-policy').shadowRoot || document.querySelector('.policy-fallback'))"


@pytest.mark.parametrize("by_script", [False, True], ids=["static", "script"])
@pytest.mark.parametrize("host", list(HOSTS))
def test_embed_at_home_in_a_host_page(  # noqa: PLR0917 - pytest fixtures and parameters
    browser: Any, served: str, site: Path, host: str, by_script: bool, screenshots: Path
) -> None:
    fragment = (site / "embed.html").read_text(encoding="utf-8")
    name = f"host-{host}-{'script' if by_script else 'static'}.html"
    (site / name).write_text(_host_html(HOSTS[host], fragment, by_script), encoding="utf-8")
    page = _open(browser, served + name, 1280)
    try:
        if by_script:
            page.wait_for_selector("body[data-ready]")
            assert page.evaluate("!document.querySelector('social-media-policy').shadowRoot")
        root = _root(page)
        # Sizes do not follow the host's root font size.
        size = page.evaluate(f"parseFloat(getComputedStyle({root}.querySelector('.policy-heading + p')).fontSize)")
        assert size == 17
        h2 = page.evaluate(f"parseFloat(getComputedStyle({root}.querySelector('.policy-heading-h2 h2')).fontSize)")
        assert h2 == 21
        # The policy's link colour, not the host's.
        colour = page.evaluate(f"getComputedStyle({root}.querySelector('.policy-main p a')).color")
        assert colour == "rgb(21, 94, 99)"
        underline = page.evaluate(f"getComputedStyle({root}.querySelector('.policy-main p a')).textDecorationLine")
        assert underline == "underline"
        # No id of the fragment reaches the page: the host's id="email" is still the only one.
        assert page.evaluate("document.querySelectorAll('social-media-policy [id]').length") == 0
        assert page.evaluate(f"{root}.querySelectorAll('[id]').length") == 0
        assert page.evaluate("document.querySelectorAll('#email').length") == 1
        assert page.evaluate("document.getElementById('email').className") == "newsletter"
        # The host's own styles are as they were.
        assert page.evaluate("getComputedStyle(document.querySelector('.newsletter h2')).fontFamily") == page.evaluate(
            "getComputedStyle(document.body).fontFamily"
        )
        # The PDF link is absolute, where the page published at practice.website puts it.
        pdf = page.evaluate(f"{root}.querySelector('a.policy-pdf-link').href")
        assert pdf == PRACTICE["practice"]["website"] + ".pdf"
        # The contents link to "Email" brings the policy's Email section into view, not the host's form.
        page.evaluate(f"{root}.querySelector('.policy-contents details').open = true")
        page.locator("social-media-policy .policy-contents a:visible", has_text=re.compile(r"^Email$")).click(timeout=5000)
        page.wait_for_timeout(600)
        heading = page.evaluate(
            f"(() => {{ const h = [...{root}.querySelectorAll('.policy-heading-h2 h2')].find(h => h.textContent === 'Email');"
            " const r = h.getBoundingClientRect(); return [r.top, innerHeight]; })()"
        )
        assert 0 <= heading[0] < heading[1], heading
        assert page.evaluate("document.getElementById('email').getBoundingClientRect().bottom") < 0
        # A permalink does the same.
        page.evaluate("window.scrollTo(0, 0)")
        permalink = page.get_by_role("link", name="Link to the section Friending", exact=True)
        permalink.focus()
        permalink.press("Enter")
        page.wait_for_timeout(600)
        top = page.evaluate(
            f"[...{root}.querySelectorAll('.policy-heading-h2 h2')].find(h => h.textContent === 'Friending')"
            ".getBoundingClientRect().top"
        )
        assert 0 <= top < 800
        assert page.context.foreign == []
        page.evaluate("window.scrollTo(0, 1400)")
        page.screenshot(path=screenshots / f"embed-{host}-{'script' if by_script else 'static'}.png")
        results = Axe().run(page, context={"include": [["social-media-policy"]]})
        assert results.violations_count == 0, results.generate_report()
    finally:
        page.context.close()


def test_embed_has_no_ids_and_absolute_links(site: Path) -> None:
    fragment = (site / "embed.html").read_text(encoding="utf-8")
    assert re.search(r"\sid=", fragment) is None
    assert re.search(r"\sname=", fragment) is None
    assert "rem;" not in fragment and not re.search(r"\d+rem\b", fragment)
    hrefs = re.findall(r'href="([^"]*)"', fragment)
    assert hrefs and all(h.startswith(("https://", "mailto:", "tel:", "#:~:text=")) for h in hrefs), hrefs
    assert 'src="_static' not in fragment


# --- the practice's own look -----------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_logo_and_accent_on_the_page(browser: Any, branded: Path, scheme: str, screenshots: Path) -> None:
    with serve(branded) as url:
        for width in (360, 1280):
            page = _open(browser, url + "index.html", width, scheme)
            try:
                logo = page.get_by_role("img", name=f"{PRACTICE['practice']['name']} logo")
                assert logo.count() == 1 and logo.is_visible()
                assert page.evaluate("document.querySelector('.policy-logo').naturalWidth") > 0
                assert _meta(page, 'link[rel="icon"]', "href") == ["_static/logo.svg"]
                assert _meta(page, 'meta[name="theme-color"]') == [ACCENT, "#1b3a3c"]
                h2 = page.evaluate("getComputedStyle(document.querySelector('main h2')).color")
                link = page.evaluate("getComputedStyle(document.querySelector('.policy-main p a')).color")
                expected = "rgb(122, 46, 140)" if scheme == "light" else "rgb(195, 123, 212)"
                assert h2 == link == expected
                assert page.context.foreign == []
                assert [m for m in page.console if "Content Security Policy" in m] == []
                results = Axe().run(page)
                assert results.violations_count == 0, results.generate_report()
                page.screenshot(path=screenshots / f"branded-{width}-{scheme}.png", full_page=width == 360)
            finally:
                page.context.close()


def test_logo_in_the_pdf_letterhead(branded: Path) -> None:
    import pikepdf

    with pikepdf.open(branded / "social-media-policy.pdf") as pdf:
        first = pdf.pages[0]
        parts = first.obj.Contents if isinstance(first.obj.Contents, pikepdf.Array) else [first.obj.Contents]
        content = b"".join(part.read_bytes() for part in parts)
        # The SVG logo is drawn as vector shapes in its own colour (#204080) ...
        assert re.search(rb"\.12549\d* \.25098\d* \.50196\d* rg", content)
        # ... and headings and the letterhead's name are in the accent colour (#7a2e8c).
        assert re.search(rb"\.47843\d* \.18039\d* \.54902\d* rg", content)


# --- print -----------------------------------------------------------------------------------------


def test_printed_page_keeps_numbers_addresses_and_dates_whole(page_at: Any, screenshots: Path) -> None:
    page = page_at(width=1280)
    page.emulate_media(media="print")
    whole = page.evaluate(
        """[...document.querySelectorAll('a.policy-phone, a.policy-email, a.policy-website, .policy-date')]
           .map(e => [e.textContent, new Set([...e.getClientRects()].map(r => Math.round(r.bottom))).size])"""
    )
    assert len(whole) >= 8
    assert [w for w in whole if w[1] != 1] == []  # each on one line
    pdf = page.pdf(format="Letter", print_background=False)
    (screenshots / "printed.pdf").write_bytes(pdf)
    # Page by page, each number printed whole: on the line where it starts.
    for text in (p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages):
        assert not re.search(r"\(555\)\s*\n", text) and not re.search(r"010-\s*\n", text)
    if shutil.which("pdftoppm"):
        import subprocess

        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", str(screenshots / "printed.pdf"), str(screenshots / "printed")], check=True
        )
