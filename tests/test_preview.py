"""`make preview`: a page on 127.0.0.1 that rebuilds when practice.toml or the text is saved."""

from __future__ import annotations

import http.client
import io
import os
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
        start_new_session=True,  # its own process group, so the server and its builds all stop
    )
    try:
        yield f"http://127.0.0.1:{port}/", server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_preview_serves_the_page_and_rebuilds_when_practice_toml_is_saved(
    project: Path, preview: tuple[str, subprocess.Popen[str]]
) -> None:
    url, server = preview
    pdf = url + "social-media-policy.pdf"
    wait_for(lambda: "Harbor Light Counseling" in page(url), "page", server)
    # The page's download link works in the preview.
    assert 'href="social-media-policy.pdf"' in page(url)
    # sphinx-autobuild's reload script is inline: the published page's CSP would block it.
    assert "Content-Security-Policy" not in page(url)
    assert "Harbor Light Counseling" in pdf_text_at(pdf)
    toml = project / "practice.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("Harbor Light Counseling", "Quiet Cove Therapy"), encoding="utf-8")
    wait_for(lambda: "Quiet Cove Therapy" in page(url), "rebuild after saving practice.toml", server)
    wait_for(lambda: "Quiet Cove Therapy" in pdf_text_at(pdf), "PDF rebuilt after saving practice.toml", server)
    text = project / "docs" / "index.md"
    text.write_text(text.read_text(encoding="utf-8").replace("## Acknowledgement", "## Signatures"), encoding="utf-8")
    wait_for(lambda: "Signatures" in page(url), "rebuild after saving the text", server)


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
