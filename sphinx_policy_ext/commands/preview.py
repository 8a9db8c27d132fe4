"""``make preview``: the page served on this computer, rebuilt on every save."""

from __future__ import annotations

import importlib.util
import shlex
import socket
import subprocess
import sys

from .build import Project


def preview(project: Project, port: int) -> int:
    """Serve the page on this computer only, rebuilt whenever a file is saved (sphinx-autobuild).

    practice.toml and conf.py live beside docs/, outside the folder
    sphinx-autobuild watches by itself, so they are watched explicitly.
    Before each rebuild of the page the PDF is built too (the same command as
    ``make pdf``, into a folder of its own) and served beside the page, so
    the page's download link works in the preview as well.
    """
    if importlib.util.find_spec("sphinx_autobuild") is None:
        print("The live preview needs sphinx-autobuild. Run `make preview`, which installs it.", file=sys.stderr)
        return 1
    with socket.socket() as probe:
        # As the server binds: a port left from a preview just stopped is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            print(
                f"Port {port} is already in use (is another preview running?). "
                f"Stop that one, or choose another port: make preview PORT={port + 1}",
                file=sys.stderr,
            )
            return 1
    pdf_out = project.out / "preview-pdf"
    build_pdf = [sys.executable, "-m", "sphinx_policy_ext", "pdf", "--quiet"]
    build_pdf += ["--root", str(project.root), "--source", str(project.source), "--out", str(pdf_out)]
    command = [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        str(project.source),
        str(project.out / "preview"),
        "-c",
        str(project.root),
        "-d",
        str(project.out / ".doctrees-preview"),
        "-q",  # only problems, not Sphinx's progress
        "-D",
        f"html_extra_path={pdf_out / 'pdf'}",
        "-D",
        "policy_preview=1",  # no CSP in the preview, so sphinx-autobuild's reload script runs
        "-D",
        "policy_stop_on_problems=1",  # a text with problems stops the build before the page is rewritten
        "--pre-build",
        shlex.join(build_pdf),
        "--watch",
        str(project.root / "practice.toml"),
        "--watch",
        str(project.root / "conf.py"),
        "--host",
        "127.0.0.1",  # this computer only: a draft is nobody else's business
        "--port",
        str(port),
    ]
    print(f"Preview: open http://127.0.0.1:{port}/ . It rebuilds when you save a file; stop it with Ctrl+C.", flush=True)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0
