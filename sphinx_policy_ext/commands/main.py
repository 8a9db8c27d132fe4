"""``python -m sphinx_policy_ext`` (what ``make`` runs): the command line, for a therapist.

Reads the targets (``html``, ``pdf``, ``check``, ``changes``, ``preview``)
and hands each to its command. Problems print as ``file:line: ERROR: what to
do``; an unexpected failure prints one plain sentence, and the technical
details go to ``_build/last-error.log``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import lazy

# Before Sphinx is imported: see lazy.py.
lazy.install()

from sphinx.errors import SphinxError  # noqa: E402
from sphinx.util.console import nocolor  # noqa: E402

from . import ci_annotations, code_quality  # noqa: E402
from .build import TARGETS, BuildFailed, Project, relative_to_cwd  # noqa: E402


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-build", description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="+", choices=TARGETS, help="what to build")
    parser.add_argument("--root", type=Path, default=Path(), help="folder with conf.py and practice.toml")
    parser.add_argument("--source", type=Path, default=None, help="folder of the policy text (default: ROOT/docs)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/_build)")
    parser.add_argument("--from", dest="since", metavar="REVISION", help="with changes: the git revision clients last saw")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="parallel reading processes")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems and the result")
    parser.add_argument("--port", type=int, default=8000, help="port of the live preview (default: 8000)")
    parser.add_argument("--language", default="en", help="with preview: the edition to show, e.g. es (default: en)")
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
    if "translations" in args.targets:
        from .translations import refresh

        return refresh(project)
    if "changes" in args.targets:
        from .changes import write_notice

        return write_notice(project, args.since)
    if "preview" in args.targets:
        if len(args.targets) > 1:
            print("preview runs on its own: leave out the other targets.", file=sys.stderr)
            return 1
        from .preview import preview

        # The preview lives for hours: it collects its garbage like any long-lived process.
        gc.enable()
        return preview(project, args.port, args.language)
    log = code_quality.start(project.out)
    try:
        return _build(project, args.targets)
    finally:
        code_quality.finish(log, project.out)


def _build(project: Project, targets: Sequence[str]) -> int:
    try:
        published = project.build(targets)
    except (BuildFailed, SphinxError) as failure:
        # A check never publishes anything, so it does not say that nothing was.
        outcome = "The check found problems" if set(targets) == {"check"} else "Nothing was published"
        print(f"\n{outcome}: {failure}", file=sys.stderr)
        if ci_annotations.enabled():
            ci_annotations.print_command("error", f"{outcome}: {failure}")
        return 1
    except Exception as error:
        log = project.out / "last-error.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        print(
            f"\nNothing was published: the build stopped unexpectedly ({type(error).__name__}). "
            f"This is a fault in the tool, not in your text; the details are in {relative_to_cwd(log)}.",
            file=sys.stderr,
        )
        return 2
    for folder in published:
        editions = [folder, *sorted(sub for sub in folder.iterdir() if sub.is_dir() and sub.name[0] not in "._")]
        pages = [page for edition in editions for page in (edition / "index.html", edition / "embed.html") if page.exists()]
        for item in sorted(folder.glob("*.pdf")) if folder.name == "pdf" else pages:
            print(f"Built {relative_to_cwd(item)}")
    if "check" in targets:
        for line in project.editions:
            print(line)
        print("practice.toml and the policy text are in order.")
        if project.advice:
            noun = "piece of advice" if project.advice == 1 else "pieces of advice"
            print(f"Please read the {project.advice} {noun} above: advice does not stop the page from being published.")
    return 0


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """Run :func:`main` as a whole process, and end it without Python's tidying up.

    At exit Python would take apart every one of the ~900 modules and the
    objects a build made, about a sixth of a cold build, for memory the
    operating system takes back anyway. Everything this command writes is
    closed by then (outputs are renamed into place when complete); what is
    left in the print buffers and log handlers is flushed first.

    Debug messages are not even made: the command has no verbose mode, so
    Sphinx's handlers would drop them, but Sphinx writes one for each of the
    ~600 nodes, roles, settings and handlers the extensions add, and making a
    log record costs about as much as adding the thing it is about.
    """
    logging.disable(logging.DEBUG)
    status = main(argv)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe or stream: nobody is reading any more.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    run()
