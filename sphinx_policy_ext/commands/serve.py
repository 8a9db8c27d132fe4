"""The preview's web server: the last good page and PDF, on 127.0.0.1 only, reloading itself.

- Every HTML page it serves gets one ``<script src="/_preview/reload.js">``
  from this same server. The script listens for Server-Sent Events on
  ``/_preview/events`` and reloads the page when the next build has
  finished. Nothing is loaded from any other origin.
- When the last build failed, the page served is the last good one, with the
  problems shown in a box at its top (and the PDF stays the last good one).
- A Content-Security-Policy header allows scripts and connections from this
  server only. The page itself is built without its own CSP in the preview
  (``policy_preview``), which would forbid even those.
- Nothing is cached by the browser: a reload always shows the newest build.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

PREFIX = "/_preview/"
SCRIPT = PREFIX + "reload.js"
STYLE = PREFIX + "preview.css"
EVENTS = PREFIX + "events"

_INLINE_STYLE = re.compile(rb"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


def csp(page: bytes = b"") -> str:
    """The published page's policy, plus scripts and connections from this server; inline styles by their hash."""
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(style).digest()).decode()}'" for style in _INLINE_STYLE.findall(page)
    )
    return (
        f"default-src 'none'; style-src 'self'{hashes}; img-src 'self' data:; font-src 'self'; "
        "script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"
    )


RELOAD_JS = b"""// make preview: reload this page once the next build has finished (events from this same server).
(function () {
  var since = document.currentScript ? document.currentScript.getAttribute("data-build") : "0";
  var events = new EventSource("/_preview/events?since=" + encodeURIComponent(since));
  events.onmessage = function () {
    events.close();
    window.location.reload();
  };
})();
"""

PREVIEW_CSS = b""".policy-preview-problems {
  margin: 0; padding: 1rem 1.25rem; border-bottom: 4px solid #b00020;
  background: #fff4f4; color: #1a1a1a; font: 1rem/1.45 system-ui, sans-serif;
}
.policy-preview-problems pre { white-space: pre-wrap; font: 0.95rem/1.4 ui-monospace, monospace; margin: 0.5rem 0 0; }
"""

_BODY = re.compile(rb"<body[^>]*>", re.IGNORECASE)
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)


class PreviewState:
    """What the server shows: the number of the latest build and its problems."""

    def __init__(self) -> None:
        self.build = 0
        self.problems: list[str] = []
        self.stopping = False
        self.changed = threading.Condition()

    def finished(self, problems: list[str]) -> None:
        with self.changed:
            self.problems = list(problems)
            self.build += 1
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


def problems_box(problems: list[str], have_page: bool) -> bytes:
    if have_page:
        title = "Your last save could not be built. This is the last good version; fix the problem and save again."
    else:
        title = "The page could not be built yet. Fix the problem and save again; this page reloads by itself."
    text = "\n".join(problems)
    box = (
        f'<div class="policy-preview-problems" role="alert"><strong>{html.escape(title)}</strong>'
        f"<pre>{html.escape(text)}</pre></div>"
    )
    return box.encode("utf-8")


class _Handler(SimpleHTTPRequestHandler):
    state: PreviewState

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds and problems, not every request

    page: bytes = b""  # the HTML being sent, whose inline styles the CSP allows

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", csp(self.page))
        super().end_headers()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS:
            self._events()
        elif path == SCRIPT:
            self._send(RELOAD_JS, "text/javascript; charset=utf-8")
        elif path == STYLE:
            self._send(PREVIEW_CSS, "text/css; charset=utf-8")
        elif path.endswith(("/", ".html")):
            self._page(path)
        else:
            super().do_GET()

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def _page(self, path: str) -> None:
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        with self.state.changed:
            build, problems = self.state.build, list(self.state.problems)
        try:
            body = file.read_bytes()
        except OSError:
            if not problems:
                self.send_error(404, "Not found (the page may not be built yet)")
                return
            body = b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Preview</title></head><body></body></html>"
            have_page = False
        else:
            have_page = True
        tags = f'<link rel="stylesheet" href="{STYLE}"><script src="{SCRIPT}" data-build="{build}" defer></script>'
        body = _HEAD_END.sub(lambda m: tags.encode() + m.group(0), body, count=1)
        if problems:
            box = problems_box(problems, have_page)
            body = _BODY.sub(lambda m: m.group(0) + box, body, count=1)
        self.page = body
        self._send(body, "text/html; charset=utf-8")

    def _events(self) -> None:
        """Server-Sent Events: one event when a build newer than ``since`` has finished."""
        try:
            since = int(parse_qs(urlsplit(self.path).query).get("since", ["0"])[0])
        except ValueError:
            since = 0
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        state = self.state
        while True:
            with state.changed:
                state.changed.wait_for(lambda: state.stopping or state.build != since, timeout=15)
                build, stopping = state.build, state.stopping
            if stopping:
                return
            try:
                if build != since:
                    self.wfile.write(f"data: {build}\n\n".encode())
                    self.wfile.flush()
                    return
                self.wfile.write(b": still here\n\n")  # finds a closed tab, so its thread ends
                self.wfile.flush()
            except OSError:
                return


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the preview from stopping


def make_server(port: int, served: Path, state: PreviewState) -> PreviewServer:
    """A server on 127.0.0.1 only: a draft is nobody else's business."""
    handler = type("PreviewHandler", (_Handler,), {"state": state})
    return PreviewServer(("127.0.0.1", port), partial(handler, directory=str(served)))
