"""A plain-language notice of what changed in the policy since a git revision.

The seed promises: "If I do so, I will notify you in writing of any policy
changes". ``make changes FROM=<revision>`` reads the policy as clients saw it
at that revision and as it is now (each with its own practice.toml, so
values and section switches count), then lists sections added and removed
and sentences changed, as a notice ready to send.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from difflib import SequenceMatcher
from io import BytesIO
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import docutils_namespace, patch_docutils

from ..practice.loading import Practice
from ..state import practice_of
from .build import Project, relative_to_cwd

_SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z\"“(])")


class ChangesError(Exception):
    """The notice cannot be made; the message says why in plain words."""


@dataclass(frozen=True)
class PolicyText:
    title: str
    sections: dict[str, list[str]]  # section title -> its sentences, in order
    practice: Practice


@dataclass(frozen=True)
class SectionChange:
    title: str
    removed: list[str]
    added: list[str]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def read_policy(root: Path, source: Path, doctrees: Path) -> PolicyText:
    """Parse the policy at ``root`` (no output is written) and return its text by section."""
    with patch_docutils(root), docutils_namespace():
        app = Sphinx(
            srcdir=source,
            confdir=root,
            outdir=doctrees / "out",
            doctreedir=doctrees,
            buildername="dummy",
            status=None,
            warning=None,
            freshenv=True,
        )
        app.build()
        doctree = app.env.get_doctree(app.config.root_doc)
        practice = practice_of(app.env)
    top = next(iter(doctree.findall(nodes.section)))
    by_section: dict[str, list[str]] = {}
    for section in top.findall(nodes.section):
        if section is top:
            continue
        title = section[0].astext()
        texts = [p.astext() for p in section.findall(nodes.paragraph) if _in_own_section(p, section)]
        by_section[title] = [s for text in texts for s in sentences(text)]
    return PolicyText(top[0].astext(), by_section, practice)


def _in_own_section(node: nodes.Node, section: nodes.section) -> bool:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent is section


def compare(before: PolicyText, after: PolicyText) -> tuple[list[str], list[str], list[SectionChange]]:
    added = [t for t in after.sections if t not in before.sections]
    removed = [t for t in before.sections if t not in after.sections]
    changed = []
    for title, new in after.sections.items():
        old = before.sections.get(title)
        if old is None or old == new:
            continue
        gone: list[str] = []
        came: list[str] = []
        for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if tag != "equal":
                gone += old[i1:i2]
                came += new[j1:j2]
        changed.append(SectionChange(title, gone, came))
    return added, removed, changed


def notice(before: PolicyText, after: PolicyText) -> str:
    """The letter to clients, in plain text."""
    added, removed, changed = compare(before, after)
    now = after.practice
    lines = [
        "Changes to my social media policy",
        "",
        f"I have updated my social media policy. The new version ({now.text('policy.version')}) takes effect on "
        f"{now.text('policy.effective')}. This is what changed since the version of "
        f"{before.practice.text('policy.effective')} ({before.practice.text('policy.version')}).",
    ]
    if not (added or removed or changed):
        lines += ["", "The wording of the policy has not changed."]
    if added:
        lines += ["", "New sections:", *[f"- {title}" for title in added]]
    if removed:
        lines += ["", "Sections removed:", *[f"- {title}" for title in removed]]
    for change in changed:
        lines += ["", f"Changed in \u201c{change.title}\u201d:"]
        lines += [f"- Now: {s}" for s in change.added]
        lines += [f"- No longer: {s}" for s in change.removed]
    lines += [
        "",
        f"The full policy is at {now.text('practice.website')}. If you have questions about these changes, "
        "please bring them up when we meet.",
        "",
        now.text("therapist.name") + ", " + now.text("therapist.credentials"),
        now.text("practice.name"),
    ]
    return "\n".join(lines) + "\n"


def checkout(root: Path, revision: str, into: Path) -> Path:
    """The repository's files at ``revision``, extracted into ``into``."""
    try:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", revision],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
    except FileNotFoundError:
        raise ChangesError("git is not installed, so earlier versions of the policy cannot be read.") from None
    except subprocess.CalledProcessError as failed:
        reason = failed.stderr.decode(errors="replace").strip().splitlines()
        raise ChangesError(
            f'"{revision}" is not a revision of this repository ({reason[-1] if reason else "git failed"}). '
            "Give a commit, a tag or a date such as main@{2026-01-01}."
        ) from None
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def changes_since(root: Path, source: Path, revision: str) -> str:
    with tempfile.TemporaryDirectory(prefix="policy-changes-") as scratch:
        old_root = checkout(root, revision, Path(scratch, "before"))
        try:
            before = read_policy(old_root, old_root / source.relative_to(root), Path(scratch, "before-doctrees"))
        except Exception as error:
            raise ChangesError(f"The policy as it was at {revision} cannot be read: {error}") from None
        after = read_policy(root, source, Path(scratch, "after-doctrees"))
    return notice(before, after)


def write_notice(project: Project, since: str | None) -> int:
    if not since:
        print("Say which version clients last saw, for example: make changes FROM=v1.0", file=sys.stderr)
        return 1
    try:
        text = changes_since(project.root, project.source, since)
    except (ChangesError, SphinxError) as failure:
        print(f"\nNo notice was written: {failure}", file=sys.stderr)
        return 1
    target = project.out / "changes.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(text)
    print(f"(Saved as {relative_to_cwd(target)})")
    return 0
