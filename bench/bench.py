"""Time the edit loop: clean builds, a practice.toml edit, `make check`, and peers.

Run with `make bench` (it installs what it needs). Each figure is the median
wall time of whole processes, as a therapist waits for them, on this machine.

Side by side in the same run:
- floor: Sphinx with only myst-parser (the least that can read MyST), HTML only;
- peer:  pandoc for the page plus WeasyPrint for the PDF, on the same text;
- group: extra seconds per clinician PDF for 1, 10 and 50 clinicians.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def run(*command: str, cwd: Path) -> None:
    result = subprocess.run(command, check=False, cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def median_seconds(action: Callable[[], None], runs: int, before: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def copy_project(into: Path) -> Path:
    for name in ("conf.py", "practice.toml"):
        shutil.copy(PROJECT / name, into / name)
    shutil.copytree(PROJECT / "docs", into / "docs")
    return into


class Edits:
    """Alternate the practice's phone number so every build sees a real change."""

    def __init__(self, toml: Path) -> None:
        self.toml = toml
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        text = re.sub(
            r'^phone = ".*"$', f'phone = "(555) 010-{self.count % 100:04d}"', self.toml.read_text(), count=1, flags=re.M
        )
        self.toml.write_text(text)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-peer", action="store_true", help="skip pandoc + WeasyPrint")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="policy-bench-") as scratch:
        root = copy_project(Path(scratch))
        build = ("-m", "sphinx_policy_ext", "--quiet", "--root", str(root))
        rows: dict[str, float] = {}

        def clean() -> None:
            shutil.rmtree(root / "_build", ignore_errors=True)

        rows["clean build, page + PDF"] = median_seconds(lambda: run(PYTHON, *build, "html", cwd=root), args.runs, clean)
        run(PYTHON, *build, "html", cwd=root)
        edit = Edits(root / "practice.toml")
        rows["practice.toml edit, page + PDF"] = median_seconds(lambda: run(PYTHON, *build, "html", cwd=root), args.runs, edit)
        rows["make check (after an edit)"] = median_seconds(lambda: run(PYTHON, *build, "check", cwd=root), args.runs, edit)

        floor = (PYTHON, "-m", "sphinx", "-q", "-E", "-C", "-D", "extensions=myst_parser", "-b", "html")
        rows["floor: sphinx-build html, myst only"] = median_seconds(
            lambda: run(*floor, str(root / "docs"), str(root / "floor"), cwd=root), args.runs
        )

        if not args.no_peer:
            markdown = peer_markdown(root)

            def peer() -> None:
                run("pandoc", "-s", str(markdown), "-o", str(root / "peer.html"), "--metadata", "title=Policy", cwd=root)
                run(PYTHON, "-m", "weasyprint", str(root / "peer.html"), str(root / "peer.pdf"), cwd=root)

            rows["peer: pandoc page + WeasyPrint PDF"] = median_seconds(peer, args.runs)

        width = max(map(len, rows))
        print(f"\nMedian of {args.runs} runs, whole processes, {Path('/proc/cpuinfo').read_text().count('processor')} cores:\n")
        for name, seconds in rows.items():
            print(f"  {name:<{width}}  {seconds:6.2f} s")
        edit_time = rows["practice.toml edit, page + PDF"]
        print()
        print(f"  edit loop / floor: {edit_time / rows['floor: sphinx-build html, myst only']:.2f}x")
        if "peer: pandoc page + WeasyPrint PDF" in rows:
            ratio = edit_time / rows["peer: pandoc page + WeasyPrint PDF"]
            print(f"  edit loop / peer:  {ratio:.2f}x ({'faster' if ratio < 1 else 'slower'} than the peer pipeline)")

        group_practice(root, args.runs)


def group_practice(root: Path, runs: int) -> None:
    """Extra seconds per clinician PDF, from one parse."""
    toml = root / "practice.toml"
    base = toml.read_text()
    build = (PYTHON, "-m", "sphinx_policy_ext", "--quiet", "--root", str(root), "pdf")
    times = {}
    for count in (0, 1, 10, 50):
        entries = "".join(
            f'\n[[clinicians]]\nname = "Clinician {i}"\ncredentials = "MA, LPC"\nprofession = "counselor"\n' for i in range(count)
        )
        toml.write_text(base + entries)
        run(*build, cwd=root)  # parse once; the timed runs below only write PDFs after an edit
        times[count] = median_seconds(lambda: run(*build, cwd=root), runs, Edits(toml))
        pdfs = len(list((root / "_build" / "pdf").glob("*.pdf")))
        print(f"  {count:>2} clinicians: {times[count]:6.2f} s for {pdfs} PDFs", end="")
        if count:
            print(f"  ->  {(times[count] - times[0]) / count:.3f} s per extra clinician PDF")
        else:
            print()
    toml.write_text(base)


if __name__ == "__main__":
    main()
