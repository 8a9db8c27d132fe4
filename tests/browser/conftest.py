"""A real browser on the built site: Debian's Chromium driven by Playwright.

The repository's own policy is built once with the CLI (as ``make html``
does), served from 127.0.0.1 by a thread, and opened in headless Chromium.
Playwright's own browser download is never used. Without /usr/bin/chromium
these tests skip and say why; CI installs it (``.ci/run``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sphinx_policy_ext.commands.main import main

from ..conftest import copy_policy

# POLICY_CHROMIUM points elsewhere, e.g. to a Chromium outside /usr/bin.
CHROMIUM = Path(os.environ.get("POLICY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

NO_CHROMIUM = f"browser tests need Chromium at {CHROMIUM} (Debian package 'chromium'; .ci/run installs it)"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def build_site(root: Path, practice_edits: dict[str, str] | None = None) -> Path:
    """The real docs/ and practice.toml (with ``old: new`` edits) built into root/_build/html."""
    copy_policy(root, practice_edits)
    assert main(["html", "--root", str(root), "--quiet"]) == 0
    return root / "_build" / "html"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own policy, built as ``make html`` builds it."""
    return build_site(tmp_path_factory.mktemp("site"))


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 from a thread; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    """Base URL of the built site."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the page's screenshots go: $POLICY_SCREENSHOTS if set, else a pytest temporary folder."""
    chosen = os.environ.get("POLICY_SCREENSHOTS")
    if chosen:
        Path(chosen).mkdir(parents=True, exist_ok=True)
        return Path(chosen)
    return tmp_path_factory.mktemp("screenshots")


# A practice with its own look: an SVG logo (its own blue) and a purple accent colour.
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" width="120" height="40">'
    '<rect x="2" y="2" width="36" height="36" rx="8" fill="#204080"/><circle cx="20" cy="20" r="9" fill="#fff"/></svg>'
)
ACCENT = "#7a2e8c"


@pytest.fixture(scope="session")
def branded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's policy with logo = "logo.svg" and accent_color set in practice.toml, built."""
    root = tmp_path_factory.mktemp("branded")
    line = 'website = "https://www.example.com/social-media-policy"'
    (root / "logo.svg").write_text(LOGO_SVG, encoding="utf-8")
    return build_site(root, {line: f'{line}\nlogo = "logo.svg"\naccent_color = "{ACCENT}"'})
