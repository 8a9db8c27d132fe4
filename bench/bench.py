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
        root = copy_project(Path(scratch) / "policy")
        build = ("-m", "sphinx_policy_ext", "--quiet", "--root", str(root))

        def clean() -> None:
            shutil.rmtree(root / "_build", ignore_errors=True)

        def both() -> None:
            run(PYTHON, *build, "html", cwd=root)

        floor = (PYTHON, "-m", "sphinx", "-q", "-E", "-C", "-D", "extensions=myst_parser", "-b", "html")
        edit = Edits(root / "practice.toml")
        scenarios: dict[str, tuple[Callable[[], None], Callable[[], None] | None]] = {
            "clean build, page + PDF": (both, clean),
            "practice.toml edit, page + PDF": (both, edit),
            "make check (after an edit)": (lambda: run(PYTHON, *build, "check", cwd=root), edit),
            "floor: sphinx-build html, myst only": (lambda: run(*floor, str(root / "docs"), str(root / "floor"), cwd=root), None),
        }
        if not args.no_peer:
            markdown = peer_markdown(root)

            def peer() -> None:
                run("pandoc", "-s", str(markdown), "-o", str(root / "peer.html"), "--metadata", "title=Policy", cwd=root)
                run(PYTHON, "-m", "weasyprint", str(root / "peer.html"), str(root / "peer.pdf"), cwd=root)

            scenarios["peer: pandoc page + WeasyPrint PDF"] = (peer, None)
        both()  # warm the caches a real edit finds
        rows = interleaved_medians(scenarios, args.runs)

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
    """Extra seconds per clinician PDF, from one parse (all counts measured round by round)."""
    counts = (0, 1, 10, 50)
    projects: dict[int, Path] = {}
    for count in counts:
        project = root.parent / f"group-{count}"
        shutil.copytree(root, project, ignore=shutil.ignore_patterns("_build", "floor", "peer*"))
        entries = "".join(
            f'\n[[clinicians]]\nname = "Clinician {i}"\ncredentials = "MA, LPC"\nprofession = "counselor"\n' for i in range(count)
        )
        with (project / "practice.toml").open("a") as toml:
            toml.write(entries)
        run(PYTHON, "-m", "sphinx_policy_ext", "--quiet", "--root", str(project), "pdf", cwd=project)
        projects[count] = project
    scenarios = {
        count: (
            lambda project=project: run(PYTHON, "-m", "sphinx_policy_ext", "--quiet", "--root", str(project), "pdf", cwd=project),
            Edits(project / "practice.toml"),
        )
        for count, project in projects.items()
    }
    times = {int(count): t for count, t in interleaved_medians({str(c): s for c, s in scenarios.items()}, runs).items()}
    print()
    for count in counts:
        pdfs = len(list((projects[count] / "_build" / "pdf").glob("*.pdf")))
        line = f"  {count:>2} clinicians: {times[count]:6.2f} s for {pdfs} PDFs"
        if count:
            line += f"  ->  {(times[count] - times[0]) / count:.3f} s per extra clinician PDF"
        print(line)
    slope = statistics.linear_regression(list(times), list(times.values())).slope
    print(f"  fitted over all counts: {slope:.3f} s per extra clinician PDF (goal: at most 0.15 s)")


if __name__ == "__main__":
    main()
