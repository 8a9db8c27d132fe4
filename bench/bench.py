"""Time the edit loop against a peer pipeline, and print each figure beside its goal.

Run with `make bench` (it installs what it needs). Every figure is measured
on whole processes, as a therapist waits for them, on this machine, in one
run, side by side with the peer:

- peer:   pandoc for the page plus WeasyPrint for the PDF, on the same text;
- cold:   edit practice.toml, then `make html` (page + PDF), and `make check`,
          run through the project's own Makefile (with this environment);
- warm:   `make preview` running; a file is saved and the served page and PDF
          are polled over HTTP until both show the change (from outside);
- group:  extra seconds per clinician PDF of a group practice;
- memory: peak RSS of a cold build, and of the preview after 100 saves.

Cold cases and the peer run round by round (alternating), so the machine's
drift touches all alike; each figure is the median. `--readme` writes the
result into README.md between the bench markers.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
README = PROJECT / "README.md"
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")


def run(*command: str, cwd: Path) -> None:
    result = subprocess.run(command, check=False, cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def seconds(action: Callable[[], None], before: Callable[[], None] | None = None) -> float:
    if before:
        before()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def interleaved_medians(
    scenarios: dict[str, tuple[Callable[[], None], Callable[[], None] | None]], runs: int
) -> dict[str, float]:
    """Median time of each scenario, run round by round so that the machine's drift touches all alike."""
    times: dict[str, list[float]] = {name: [] for name in scenarios}
    for _ in range(runs):
        for name, (action, before) in scenarios.items():
            times[name].append(seconds(action, before))
    return {name: statistics.median(values) for name, values in times.items()}


def copy_project(into: Path) -> Path:
    into.mkdir()
    for name in ("Makefile", "conf.py", "practice.toml"):
        shutil.copy(PROJECT / name, into / name)
    shutil.copytree(PROJECT / "docs", into / "docs")
    return into


class Edits:
    """Alternate the practice's phone number so every build sees a real change; returns the new number."""

    def __init__(self, toml: Path) -> None:
        self.toml = toml
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        phone = f"(555) 010-{self.count % 10000:04d}"
        text = re.sub(r'^phone = ".*"$', f'phone = "{phone}"', self.toml.read_text(), count=1, flags=re.M)
        self.toml.write_text(text)
        return phone


class TextEdits:
    """Change one sentence of docs/index.md; returns a marker the page and PDF then show."""

    SENTENCE = re.compile(r"Between sessions, call me(?: \(note \d+\))? at")

    def __init__(self, text: Path) -> None:
        self.text = text
        self.count = 0
        assert self.SENTENCE.search(text.read_text()), "the sentence the benchmark edits is gone from docs/index.md"

    def __call__(self) -> str:
        self.count += 1
        marker = f"(note {self.count})"
        self.text.write_text(self.SENTENCE.sub(f"Between sessions, call me {marker} at", self.text.read_text(), count=1))
        return marker


def peer_markdown(root: Path) -> Path:
    """The policy text as plain Markdown for pandoc: values filled in, MyST-only lines dropped."""
    import tomllib

    values = tomllib.loads((root / "practice.toml").read_text())
    text = (root / "docs" / "index.md").read_text()

    def value(match: re.Match[str]) -> str:
        table, key = match.group(1).split(".")
        return str(values.get(table, {}).get(key, ""))

    text = re.sub(r"\{\{\s*([\w.-]+)\s*\}\}", value, text)
    text = "\n".join(line for line in text.splitlines() if not line.startswith((":::", "%", "(")))
    out = root / "peer.md"
    out.write_text(text)
    return out


def make(target: str, root: Path) -> tuple[str, ...]:
    """``make TARGET`` as a therapist runs it, with this environment taken as installed (-o: no reinstall)."""
    venv = sys.prefix
    return ("make", "-s", "-C", str(root), target, f"VENV={venv}", "-o", f"{venv}/.installed-runtime")


def peak_rss_mb(*command: str, cwd: Path) -> float:
    """Peak resident memory of ``command`` and its children (the forked PDF process), in MB."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PYTHON, "-c", probe, *command], cwd=cwd, check=True, capture_output=True, text=True).stdout
    return int(out) / 1024


# -- the warm preview, measured from outside -------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except (OSError, http.client.HTTPException):
        return b""


def memory_kb(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@dataclass
class Warm:
    median: float  # seconds from a save to the served page and PDF both showing it
    slowest: float
    rss_kb: dict[int, int]  # resident memory after so many saves
    high_water_kb: int
    unseen: int  # checked saves whose change was missing from the PDF's text


def warm_preview(root: Path, saves: int) -> Warm:
    """Save practice.toml and docs/index.md in turn; time each until the served page and PDF both show it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    pdf_url = url + "social-media-policy.pdf"
    server = subprocess.Popen(
        [PYTHON, "-m", "sphinx_policy_ext", "preview", "--root", str(root), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    times: list[float] = []
    rss: dict[int, int] = {}
    unseen_in_pdf = 0
    try:
        deadline = time.monotonic() + 60
        while b"</html>" not in fetch(url):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"the preview did not start:\n{server.stderr.read() if server.stderr else ''}")
            time.sleep(0.1)
        edits: list[Callable[[], str]] = [Edits(root / "practice.toml"), TextEdits(root / "docs" / "index.md")]
        last_pdf = fetch(pdf_url)
        for number in range(1, saves + 1):
            time.sleep(0.15)  # a person does not save twice in the same instant
            start = time.perf_counter()
            marker = edits[number % 2]()
            while marker.encode() not in fetch(url).replace(b"&#8203;", b""):
                time.sleep(0.005)
            pdf = fetch(pdf_url)
            while pdf == last_pdf or not pdf.endswith(b"%%EOF\n"):
                time.sleep(0.005)
                pdf = fetch(pdf_url)
            times.append(time.perf_counter() - start)
            last_pdf = pdf
            if number in (1, 10, 25, 50, 100) or number == saves:
                unseen_in_pdf += marker not in pdf_text(pdf)
                rss[number] = memory_kb(server.pid)["VmRSS"]
        high_water = memory_kb(server.pid)["VmHWM"]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    return Warm(statistics.median(times), max(times), rss, high_water, unseen_in_pdf)


# -- a group practice ---------------------------------------------------------------------


def group_practice(root: Path, runs: int) -> tuple[dict[int, float], float, float]:
    """Seconds of `make pdf` after an edit, by number of clinicians; and the fitted cost of each extra PDF."""
    counts = (0, 1, 10, 25)
    projects: dict[int, Path] = {}
    for count in counts:
        project = root.parent / f"group-{count}"
        shutil.copytree(root, project, ignore=shutil.ignore_patterns("_build", "floor", "peer*"))
        entries = "".join(
            f'\n[[clinicians]]\nname = "Clinician {i}"\ncredentials = "MA, LPC"\nprofession = "counselor"\n' for i in range(count)
        )
        with (project / "practice.toml").open("a") as toml:
            toml.write(entries)
        run(*make("pdf", project), cwd=project)
        projects[count] = project
    scenarios: dict[str, tuple[Callable[[], None], Callable[[], None] | None]] = {
        str(count): (
            lambda project=project: run(*make("pdf", project), cwd=project),
            lambda project=project: Edits(project / "practice.toml")() and None,
        )
        for count, project in projects.items()
    }
    times = {int(count): t for count, t in interleaved_medians(scenarios, runs).items()}
    slope = statistics.linear_regression(list(times), list(times.values())).slope
    Edits(projects[counts[-1]] / "practice.toml")()
    largest_rss = peak_rss_mb(*make("pdf", projects[counts[-1]]), cwd=projects[counts[-1]])
    return times, slope, largest_rss


# -- the report -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="rounds of the cold cases (median of these)")
    parser.add_argument("--saves", type=int, default=100, help="saves while the preview runs")
    parser.add_argument("--readme", action="store_true", help="write the result into README.md")
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc is needed for the comparison: install it (apt-get install pandoc)")

    with tempfile.TemporaryDirectory(prefix="policy-bench-") as scratch:
        root = copy_project(Path(scratch) / "policy")
        markdown = peer_markdown(root)

        def page_and_pdf() -> None:
            run(*make("html", root), cwd=root)

        def peer() -> None:
            run("pandoc", "-s", str(markdown), "-o", str(root / "peer.html"), "--metadata", "title=Policy", cwd=root)
            run(PYTHON, "-m", "weasyprint", str(root / "peer.html"), str(root / "peer.pdf"), cwd=root)

        edit = Edits(root / "practice.toml")
        scenarios: dict[str, tuple[Callable[[], None], Callable[[], None] | None]] = {
            # How fast the machine is right now: the goals in seconds (check) move with it.
            "host": (lambda: run(PYTHON, "-c", "import sphinx.application", cwd=root), None),
            "peer": (peer, None),
            "edit": (page_and_pdf, lambda: edit() and None),
            "check": (lambda: run(*make("check", root), cwd=root), lambda: edit() and None),
        }
        load_before = os.getloadavg()
        page_and_pdf()  # the caches a real edit finds
        peer()
        cold = interleaved_medians(scenarios, args.runs)
        edit()
        cold_rss = peak_rss_mb(*make("html", root), cwd=root)
        warm = warm_preview(root, args.saves)
        group, per_clinician, group_rss = group_practice(root, max(3, args.runs // 2))
        load_after = os.getloadavg()

    peer_s = cold["peer"]
    rows = [
        (
            "edit practice.toml, then page + PDF (`make html`)",
            cold["edit"],
            0.7 * peer_s,
            f"<= {0.7 * peer_s:.2f} s (0.7 x peer)",
        ),
        ("`make check` after an edit", cold["check"], 0.3, "< 0.30 s"),
        ("preview: save -> served page and PDF (median)", warm.median, 0.3, "<= 0.30 s"),
        ("each extra clinician PDF (fitted)", per_clinician, 0.1, "<= 0.10 s"),
    ]
    lines = [
        f"Python {sys.version.split()[0]} on {os.cpu_count()} cores; cold cases: median of {args.runs} alternating rounds; "
        f"preview: {args.saves} saves, alternating practice.toml and docs/index.md. "
        f"Load average (1 min) {load_before[0]:.1f} before the run, {load_after[0]:.1f} after. "
        f"The machine's speed in this run: starting Python and importing Sphinx took {cold['host']:.3f} s (median).",
        "",
        "| What | Measured | Goal | Ratio to peer | Met |",
        "| --- | --- | --- | --- | --- |",
        f"| peer: pandoc page + WeasyPrint PDF, same text | {peer_s:.3f} s | | 1.00 | |",
    ]
    for name, value, limit, goal in rows:
        lines.append(f"| {name} | {value:.3f} s | {goal} | {value / peer_s:.2f} | {'yes' if value <= limit else 'NO'} |")
    lines += [
        f"| preview: slowest save | {warm.slowest:.3f} s | | {warm.slowest / peer_s:.2f} | |",
        "",
        "| Memory | Peak RSS |",
        "| --- | --- |",
        f"| cold `make html` (largest of its two processes) | {cold_rss:.0f} MB |",
        f"| cold `make pdf`, group practice of {max(group)} clinicians ({max(group) + 1} PDFs) | {group_rss:.0f} MB |",
        *(f"| preview after {n} saves (current RSS) | {kb / 1024:.0f} MB |" for n, kb in sorted(warm.rss_kb.items())),
        f"| preview, high-water mark over all saves | {warm.high_water_kb / 1024:.0f} MB |",
        "",
        "| Clinicians | `make pdf` after an edit |",
        "| --- | --- |",
        *(f"| {count} | {t:.2f} s ({count + 1} PDFs) |" for count, t in group.items()),
    ]
    if warm.unseen:
        lines.append(f"\nWARNING: {warm.unseen} checked saves did not show in the served PDF's text.")
    report = "\n".join(lines)
    print("\n" + report)
    if args.readme:
        text = README.read_text(encoding="utf-8")
        start, end = text.index(MARKERS[0]) + len(MARKERS[0]), text.index(MARKERS[1])
        README.write_text(text[:start] + "\n" + report + "\n" + text[end:], encoding="utf-8")
        print(f"\nWritten into {README.name}.")


if __name__ == "__main__":
    main()
