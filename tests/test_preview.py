"""`make preview`: a page on 127.0.0.1 that rebuilds when practice.toml or the text is saved."""

from __future__ import annotations

import base64
import hashlib
import http.client
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from sphinx_policy_ext.commands.main import main
from sphinx_policy_ext.commands.preview import port_is_free
from sphinx_policy_ext.commands.serve import SCRIPT

from .conftest import ROOTS

TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except (OSError, http.client.HTTPException):
        return ""  # not up yet, or the file is being rewritten


def pdf_text_at(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            data = response.read()
    except (OSError, http.client.HTTPException):
        return ""
    assert data.startswith(b"%PDF-")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def wait_for(condition: Callable[[], bool], what: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        assert server.poll() is None, f"the preview stopped while waiting for {what}"
        time.sleep(0.3)
    pytest.fail(f"no {what} within {TIMEOUT:.0f} s")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The real layout: conf.py and practice.toml beside docs/, which holds the text."""
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    for name in ("conf.py", "practice.toml"):
        shutil.copy(ROOTS / "test-basic" / name, root / name)
    shutil.copy(ROOTS / "test-basic" / "index.md", root / "docs" / "index.md")
    return root


@pytest.fixture
def preview(project: Path, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    command = [sys.executable, "-m", "sphinx_policy_ext", "preview", "--root", str(project), "--out", str(tmp_path / "out")]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: a test's Ctrl+C does not reach it
    )
    try:
        yield f"http://127.0.0.1:{port}/", server
    finally:
        if server.poll() is None:  # a test may have stopped it already
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.communicate()


def test_preview_serves_the_page_and_rebuilds_when_practice_toml_is_saved(
    project: Path, preview: tuple[str, subprocess.Popen[str]]
) -> None:
    url, server = preview
    pdf = url + "social-media-policy.pdf"
    wait_for(lambda: "Harbor Light Counseling" in page(url), "page", server)
    # The page's download link works in the preview.
    assert 'href="social-media-policy.pdf"' in page(url)
    # The page reloads itself with one script from this same server, nothing from elsewhere.
    served = page(url)
    assert served.count(f'<script src="{SCRIPT}" data-build="1" defer>') == 1
    sources = re.findall(r"<(?:script|link)[^>]*(?:src|href)=\"([^\"]*)\"", served)
    assert sources and not [s for s in sources if re.match(r"(?i)([a-z]+:)?//", s)]  # no other origin
    with urllib.request.urlopen(url, timeout=5) as response:
        csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "Harbor Light Counseling" in pdf_text_at(pdf)
    toml = project / "practice.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("Harbor Light Counseling", "Quiet Cove Therapy"), encoding="utf-8")
    wait_for(lambda: "Quiet Cove Therapy" in page(url), "rebuild after saving practice.toml", server)
    wait_for(lambda: "Quiet Cove Therapy" in pdf_text_at(pdf), "PDF rebuilt after saving practice.toml", server)
    text = project / "docs" / "index.md"
    text.write_text(text.read_text(encoding="utf-8").replace("## Acknowledgement", "## Signatures"), encoding="utf-8")
    wait_for(lambda: "Signatures" in page(url), "rebuild after saving the text", server)
    # The PDF is written from the text just read, not from a doctree kept from before.
    wait_for(lambda: "Signatures" in pdf_text_at(pdf), "PDF rebuilt after saving the text", server)


def listening(port: int) -> list[str]:
    """Local addresses (hex, as Linux shows them) of the sockets listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text(encoding="ascii").splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, _, hex_port = local.rpartition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.append(address)
    return found


def test_preview_listens_on_this_computer_only(preview: tuple[str, subprocess.Popen[str]]) -> None:
    url, server = preview
    wait_for(lambda: bool(page(url)), "page", server)
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    assert listening(port) == ["0100007F"]  # 127.0.0.1 only, not 0.0.0.0 or ::


def test_a_busy_port_gets_a_plain_message(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["preview", "--root", str(project), "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"Port {port} is already in use" in err and f"make preview PORT={port + 1}" in err


def pdf_bytes(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except (OSError, http.client.HTTPException):
        return b""


def test_a_bad_save_shows_the_problem_on_the_page_and_keeps_the_last_good_pdf(
    project: Path, preview: tuple[str, subprocess.Popen[str]]
) -> None:
    url, server = preview
    pdf = url + "social-media-policy.pdf"
    wait_for(lambda: "Harbor Light Counseling" in page(url), "page", server)
    good_pdf = pdf_bytes(pdf)
    toml = project / "practice.toml"
    good = toml.read_text(encoding="utf-8")
    bad = re.sub(r"^name = .*$", 'name = "Quiet Cove Therapy"', good, count=1, flags=re.M)
    bad = re.sub(r"^effective = .*$", 'effective = "next spring"', bad, count=1, flags=re.M)
    toml.write_text(bad, encoding="utf-8")
    wait_for(lambda: "policy-preview-problems" in page(url), "the problem shown on the page", server)
    shown = page(url)
    assert "practice.toml:" in shown and "effective" in shown and "next spring" in shown
    assert "Harbor Light Counseling" in shown and "Quiet Cove Therapy" not in shown  # the last good page
    assert pdf_bytes(pdf) == good_pdf  # the last good PDF, whole
    # Fixed: the message goes and the new text shows.
    toml.write_text(good.replace("Harbor Light Counseling", "Quiet Cove Therapy"), encoding="utf-8")
    wait_for(lambda: "Quiet Cove Therapy" in page(url), "rebuild after the fix", server)
    assert "policy-preview-problems" not in page(url)
    wait_for(lambda: "Quiet Cove Therapy" in pdf_text_at(pdf), "PDF rebuilt after the fix", server)
    server.terminate()
    output = server.communicate(timeout=10)[0]
    assert "Traceback" not in output
    assert "practice.toml:" in output and "last good page and PDF" in output


def test_the_open_page_hears_when_the_next_build_is_served(project: Path, preview: tuple[str, subprocess.Popen[str]]) -> None:
    url, server = preview
    wait_for(lambda: "Harbor Light Counseling" in page(url), "page", server)
    build = re.search(r'data-build="(\d+)"', page(url))
    assert build
    with urllib.request.urlopen(f"{url}_preview/events?since={build.group(1)}", timeout=TIMEOUT) as events:
        assert events.headers["Content-Type"] == "text/event-stream"
        toml = project / "practice.toml"
        toml.write_text(
            toml.read_text(encoding="utf-8").replace("Harbor Light Counseling", "Quiet Cove Therapy"), encoding="utf-8"
        )
        line = events.readline()
        while line.startswith(b":") or line == b"\n":  # keep-alive comments
            line = events.readline()
    assert line == f"data: {int(build.group(1)) + 1}\n".encode()
    assert "Quiet Cove Therapy" in page(url)  # the event comes once the new page is in place
    with urllib.request.urlopen(url + SCRIPT.lstrip("/"), timeout=5) as script:
        assert b'EventSource("/_preview/events' in script.read()


def test_the_preview_pdf_is_the_same_file_as_make_pdf(
    project: Path, tmp_path: Path, preview: tuple[str, subprocess.Popen[str]]
) -> None:
    url, server = preview
    pdf = url + "social-media-policy.pdf"
    wait_for(lambda: bool(pdf_bytes(pdf)), "PDF", server)
    # After saves of both files, as a therapist edits.
    toml, text = project / "practice.toml", project / "docs" / "index.md"
    toml.write_text(toml.read_text(encoding="utf-8").replace("Harbor Light Counseling", "Quiet Cove Therapy"), encoding="utf-8")
    wait_for(lambda: "Quiet Cove Therapy" in page(url), "rebuild after saving practice.toml", server)
    text.write_text(text.read_text(encoding="utf-8").replace("## Acknowledgement", "## Signatures"), encoding="utf-8")
    wait_for(lambda: "Signatures" in page(url), "rebuild after saving the text", server)
    assert main(["pdf", "--quiet", "--root", str(project), "--out", str(tmp_path / "cold")]) == 0
    assert pdf_bytes(url + "social-media-policy.pdf") == (tmp_path / "cold" / "pdf" / "social-media-policy.pdf").read_bytes()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["SIGTERM", "SIGHUP", "Ctrl+C"])
def test_stopping_the_preview_frees_its_port(stop: signal.Signals, preview: tuple[str, subprocess.Popen[str]]) -> None:
    url, server = preview
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    wait_for(lambda: "Harbor Light Counseling" in page(url), "page", server)
    # An open event stream (a browser tab) must not hold the port either.
    with urllib.request.urlopen(f"{url}_preview/events?since=1", timeout=5):
        server.send_signal(stop)  # the preview process alone, as a closed terminal or `kill` would
        deadline = time.monotonic() + 2
        while not port_is_free(port) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert port_is_free(port), f"port {port} still in use 2 s after {stop.name}"
    output = server.communicate(timeout=2)[0]
    assert server.returncode == 0
    assert "Traceback" not in output
    assert not listening(port)


def test_the_preview_csp_allows_the_pages_own_inline_style_and_nothing_from_elsewhere() -> None:
    from sphinx_policy_ext.commands.serve import csp

    style = b":root { --policy-accent: #0a5; }"
    policy = csp(b"<html><head><style>" + style + b"</style></head></html>")
    digest = base64.b64encode(hashlib.sha256(style).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}';" in policy
    assert "script-src 'self';" in policy and "default-src 'none'" in policy
    assert "http" not in policy and "*" not in policy and "unsafe" not in policy
