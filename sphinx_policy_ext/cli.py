"""``policy-build``: build the page and the PDF the way ``make`` does, for a therapist.

- Both outputs come from one process and one parsed environment, so the
  second costs only its writing.
- Everything is built into a staging folder first and published only when
  the whole build succeeded: a failed build leaves the last good page and PDF
  in place, never a page with a hole in it.
- Problems print as ``file:line: ERROR: what to do``. An unexpected failure
  prints one plain sentence; the technical details go to a log file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.console import nocolor
from sphinx.util.docutils import docutils_namespace, patch_docutils

from .problems import PolicyError

TARGETS = ("html", "pdf", "check", "changes")


class BuildFailed(Exception):
    """The build did not succeed; what went wrong has been printed."""


class Project:
    def __init__(self, root: Path, source: Path, out: Path, jobs: int, quiet: bool) -> None:
        self.root = root
        self.source = source
        self.out = out
        self.jobs = jobs
        self.quiet = quiet
        self.doctrees = out / ".doctrees"

    def sphinx(self, builder: str, outdir: Path) -> None:
        """Run one Sphinx build with warnings as errors; raise BuildFailed if it fails."""
        with patch_docutils(self.root), docutils_namespace():
            app = Sphinx(
                srcdir=self.source,
                confdir=self.root,
                outdir=outdir,
                doctreedir=self.doctrees,
                buildername=builder,
                status=None if self.quiet else sys.stdout,
                warning=sys.stderr,
                freshenv=False,
                warningiserror=True,
                parallel=self.jobs,
            )
            app.build()
            if app.statuscode:
                raise BuildFailed("there were warnings, listed above")

    def build(self, targets: Sequence[str]) -> list[Path]:
        """Build ``targets`` into staging, then publish them; return what was published."""
        self.out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out))
        try:
            if "check" in targets:
                self.sphinx("dummy", staging / "check")
            built: dict[str, Path] = {}
            if "pdf" in targets or "html" in targets:
                built["pdf"] = staging / "pdf"
                self.sphinx("pdf", built["pdf"])
            if "html" in targets:
                built["html"] = staging / "html"
                self.sphinx("html", built["html"])
                for pdf in built["pdf"].glob("*.pdf"):
                    shutil.copy2(pdf, built["html"] / pdf.name)
            published = [publish(path, self.out / name) for name, path in built.items()]
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return published


def publish(staged: Path, final: Path) -> Path:
    """Put a finished output folder in place of the old one.

    Build-only files (the ``.doctrees`` Sphinx keeps in some outdirs, the
    ``.buildinfo`` stamp) are left out: they are not for the website.
    """
    shutil.rmtree(staged / ".doctrees", ignore_errors=True)
    old = final.with_name(f".old-{final.name}-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staged.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-build", description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="+", choices=TARGETS, help="what to build")
    parser.add_argument("--root", type=Path, default=Path(), help="folder with conf.py and practice.toml")
    parser.add_argument("--source", type=Path, default=None, help="folder of the policy text (default: ROOT/docs)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/_build)")
    parser.add_argument("--from", dest="since", metavar="REVISION", help="with changes: the git revision clients last saw")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="parallel reading processes")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems and the result")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not sys.stderr.isatty() or os.environ.get("NO_COLOR"):
        nocolor()  # plain text in CI logs and files
    root = args.root.resolve()
    project = Project(
        root=root,
        source=(args.source or root / "docs").resolve(),
        out=(args.out or root / "_build").resolve(),
        jobs=args.jobs,
        quiet=args.quiet,
    )
    if "changes" in args.targets:
        return _changes(project, args.since)
    try:
        published = project.build(args.targets)
    except (BuildFailed, PolicyError) as failure:
        print(f"\nNothing was published: {failure}", file=sys.stderr)
        return 1
    except SphinxError as error:
        print(f"\nNothing was published: {error}", file=sys.stderr)
        return 1
    except Exception as error:
        log = project.out / "last-error.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        print(
            f"\nNothing was published: the build stopped unexpectedly ({type(error).__name__}). "
            f"This is a fault in the tool, not in your text; the details are in {log}.",
            file=sys.stderr,
        )
        return 2
    for folder in published:
        pages = [page for page in (folder / "index.html", folder / "embed.html") if page.exists()]
        for item in sorted(folder.glob("*.pdf")) if folder.name == "pdf" else pages:
            print(f"Built {_relative(item)}")
    if "check" in args.targets:
        print("practice.toml and the policy text are in order.")
    return 0


def _changes(project: Project, since: str | None) -> int:
    from .changes import ChangesError, changes_since

    if not since:
        print("Say which version clients last saw, for example: make changes FROM=v1.0", file=sys.stderr)
        return 1
    try:
        text = changes_since(project.root, project.source, since)
    except (ChangesError, PolicyError) as failure:
        print(f"\nNo notice was written: {failure}", file=sys.stderr)
        return 1
    target = project.out / "changes.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(text)
    print(f"(Saved as {_relative(target)})")
    return 0


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
