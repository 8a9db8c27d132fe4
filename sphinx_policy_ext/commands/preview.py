"""``make preview``: the page and its PDF served on this computer, rebuilt on every save.

One long-lived process does everything (no helper processes): it keeps a
Sphinx application in memory (:mod:`.live`), serves the last good build
(:mod:`.serve`) and looks at the project's files every 50 ms. A save shows
in the served page and PDF a fraction of a second later, and the open page
reloads itself.

Stopping it by Ctrl+C, SIGTERM or SIGHUP (a closed terminal) closes the
server and its port at once. A problem in the text or in practice.toml is
printed and shown on the page; the tool's own faults are one sentence, with
the details in ``_build/last-error.log``, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import threading
import time
import traceback
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from .. import i18n
from .build import Project

if TYPE_CHECKING:
    from .live import LiveBuild
    from .serve import PreviewState

POLL_SECONDS = 0.05
_SKIPPED_DIRS = ("_build", "node_modules", "__pycache__")


class _Stop(BaseException):
    """Raised in the main thread by SIGINT, SIGTERM or SIGHUP."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop(signum)


def say(text: str, error: bool = False) -> None:
    """Print, unless the terminal has gone (SIGHUP): the preview must still stop cleanly."""
    with contextlib.suppress(OSError, ValueError):
        print(text, file=sys.stderr if error else sys.stdout, flush=True)


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        # As the server binds: a port left from a preview just stopped is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def watched_files(project: Project) -> dict[str, tuple[int, int]]:
    """Modification stamps of the files a build may read: those beside conf.py, and the text folder."""
    stamps: dict[str, tuple[int, int]] = {}

    # os.walk and os.stat: twenty times a second, strings are cheaper than Path objects.
    def add(path: str) -> None:
        with contextlib.suppress(OSError):
            stat = os.stat(path)  # noqa: PTH116
            stamps[path] = (stat.st_mtime_ns, stat.st_size)

    with contextlib.suppress(OSError), os.scandir(project.root) as entries:
        for entry in entries:
            if entry.is_file() and not entry.name.startswith("."):  # conf.py, practice.toml, a logo
                add(entry.path)
    out = str(project.out)
    for folder in (project.source, project.root / "locales", project.root / "locale"):
        for directory, subdirs, files in os.walk(folder):
            subdirs[:] = [
                d
                for d in subdirs
                if not d.startswith(".") and d not in _SKIPPED_DIRS and os.path.join(directory, d) != out  # noqa: PTH118
            ]
            for name in files:
                add(os.path.join(directory, name))  # noqa: PTH118
    return stamps


def preview(project: Project, port: int, language: str = "en") -> int:
    """Serve the page on 127.0.0.1:``port`` until stopped; rebuild it and its PDF on every save.

    ``language`` previews that edition (``make preview EDITION=es``).
    """
    if not port_is_free(port):
        say(
            f"Port {port} is already in use (is another preview running?). "
            f"Stop that one, or choose another port: make preview PORT={port + 1}",
            error=True,
        )
        return 1
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        return _run(project, port, language)
    except _Stop:
        return 0
    except Exception as error:
        log = project.out / "last-error.log"
        with contextlib.suppress(OSError):
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        say(
            f"The preview stopped unexpectedly ({type(error).__name__}). This is a fault in the tool, "
            f"not in your text; the details are in {log}.",
            error=True,
        )
        return 2
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _run(project: Project, port: int, language: str) -> int:
    from .live import LiveBuild
    from .serve import PreviewState, make_server

    served = project.out / "preview"
    served.mkdir(parents=True, exist_ok=True)
    state = PreviewState()
    try:
        server = make_server(port, served, state)
    except OSError:
        say(f"Port {port} is already in use. Choose another port: make preview PORT={port + 1}", error=True)
        return 1
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    overrides = {} if language == i18n.SOURCE_LANGUAGE else {"language": language}
    live = LiveBuild(project, project.out / f".preview-work-{language}", overrides)
    try:
        thread.start()
        say(f"Preview: open http://127.0.0.1:{port}/ . It rebuilds when you save a file; stop it with Ctrl+C.")
        seen = watched_files(project)
        _rebuild(live, served, state)
        while True:
            time.sleep(POLL_SECONDS)
            now = watched_files(project)
            if now != seen:
                seen = now
                _rebuild(live, served, state)
    finally:
        # A second Ctrl+C or signal must not interrupt the closing of the port.
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        state.stop()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
        live.close()


def _rebuild(live: LiveBuild, served: Path, state: PreviewState) -> None:
    from .live import publish

    start = time.perf_counter()
    problems = live.build()
    if problems:
        say("The preview still shows the last good page and PDF; it rebuilds when you save again.", error=True)
    else:
        publish(live, served)
        say(f"Updated the page and the PDF in {time.perf_counter() - start:.2f} s.")
    state.finished(problems)
