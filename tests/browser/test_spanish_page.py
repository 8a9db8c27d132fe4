"""The Spanish page in headless Chromium: as accessible as the English one, and the language links work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import CHROMIUM, NO_CHROMIUM, build_site, serve

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(tmp_path_factory.mktemp("bilingual"), {'# languages = ["en", "es"]': 'languages = ["en", "es"]'})
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["es/index.html", "index.html"])
def test_both_editions_have_no_accessibility_violations(browser: Any, served: str, path: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme=scheme)
    foreign: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(served) else foreign.append(route.request.url) or route.abort()
        ),
    )
    try:
        page = context.new_page()
        page.goto(served + path, wait_until="load")
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        assert foreign == []
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1]
    finally:
        context.close()


def test_language_links_lead_to_the_other_edition(browser: Any, served: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.goto(served + "index.html", wait_until="load")
        page.get_by_role("link", name="Español").click()
        page.wait_for_load_state("load")
        assert page.url == served + "es/index.html"
        assert page.locator("html").get_attribute("lang") == "es"
        assert "Política de redes sociales" in page.locator("h1").inner_text()
        response = page.request.get(served + "es/social-media-policy-es.pdf")
        assert response.ok and response.body()[:5] == b"%PDF-"
        page.get_by_role("link", name="English").click()
        page.wait_for_load_state("load")
        assert page.url == served + "index.html"
        page.screenshot(path=tmp_path / "switched.png")
    finally:
        context.close()
