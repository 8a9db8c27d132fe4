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
from io import BytesIO, StringIO
from pathlib import Path
from typing import TextIO

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import docutils_namespace, patch_docutils

from ..practice.loading import Practice
from ..state import practice_of
from .build import Project, relative_to_cwd

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
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


def read_policy(root: Path, source: Path, doctrees: Path, warning: TextIO | None = None) -> PolicyText:
    """Parse the policy at ``root`` (no output is written) and return its text by section."""
    with patch_docutils(root), docutils_namespace():
        app = Sphinx(
            srcdir=source,
            confdir=root,
            outdir=doctrees / "out",
            doctreedir=doctrees,
            buildername="dummy",
            status=None,
            warning=warning,
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


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HOW_TO_FIND = (
    "To find the commit clients last saw, list the changes to the policy with "
    "`git log --oneline -- docs/index.md practice.toml` and give one of those commits "
    "(make changes FROM=1a2b3c4), or give the date they signed (make changes FROM=2026-01-15) "
    "or the version they signed, as written in practice.toml (make changes FROM=v1.0)."
)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise ChangesError("git is not installed, so earlier versions of the policy cannot be read.") from None


def _version_in(toml: bytes) -> str | None:
    """The policy version a practice.toml gives (its newest revision's, or [policy] version)."""
    import tomllib

    try:
        data = tomllib.loads(toml.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    policy = data.get("policy")
    if not isinstance(policy, dict):
        return None
    revisions = [r for r in policy.get("revisions", []) if isinstance(r, dict) and "date" in r and "version" in r]
    if revisions:
        return str(max(revisions, key=lambda r: str(r["date"]))["version"])
    version = policy.get("version")
    return str(version) if version is not None else None


def resolve(root: Path, revision: str) -> str:
    """The commit ``revision`` names: a commit or tag, a date (the last commit of that day), or a policy version."""
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise ChangesError(
            "This folder is not a git repository, so the policy's earlier versions cannot be read. "
            "make changes works in a copy of the repository made with git clone."
        )
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if found.returncode == 0:
        return found.stdout.decode().strip()
    if _DATE.match(revision):
        day = _git(root, "rev-list", "-1", f"--before={revision} 23:59:59", "HEAD")
        commit = day.stdout.decode().strip()
        if day.returncode == 0 and commit:
            return commit
        raise ChangesError(f"This repository has no commit from {revision} or before. {_HOW_TO_FIND}")
    wanted = revision[1:] if revision[:1] in "vV" else revision
    history = _git(root, "log", "--format=%H", "--", "practice.toml").stdout.decode().split()
    for commit in history:  # newest first: the last state of that version is what clients saw
        toml = _git(root, "show", f"{commit}:practice.toml")
        if toml.returncode == 0 and _version_in(toml.stdout) in (wanted, revision):
            return commit
    raise ChangesError(
        f'"{revision}" is not a commit, a tag, a date or a version of the policy in this repository. {_HOW_TO_FIND}'
    )


def checkout(root: Path, revision: str, into: Path) -> Path:
    """The repository's files at ``revision``, extracted into ``into``."""
    commit = resolve(root, revision)
    archive = _git(root, "archive", "--format=tar", commit)
    if archive.returncode != 0:
        reason = archive.stderr.decode(errors="replace").strip().splitlines()
        raise ChangesError(f"The files as they were at {revision} cannot be read ({reason[-1] if reason else 'git failed'}).")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def _missing_files(root: Path, old_root: Path, source: Path) -> list[str]:
    wanted = [Path("conf.py"), Path("practice.toml"), source.relative_to(root) / "index.md"]
    return [str(name) for name in wanted if not (old_root / name).is_file()]


def changes_since(root: Path, source: Path, revision: str) -> tuple[str, PolicyText, PolicyText]:
    with tempfile.TemporaryDirectory(prefix="policy-changes-") as scratch:
        old_root = checkout(root, revision, Path(scratch, "before"))
        if missing := _missing_files(root, old_root, source):
            raise ChangesError(
                f"At {revision} the repository had no {' and no '.join(missing)}, so there is no policy to compare with: "
                f"choose a later commit. {_HOW_TO_FIND}"
            )
        messages = StringIO()
        try:
            before = read_policy(old_root, old_root / source.relative_to(root), Path(scratch, "before-doctrees"), messages)
        except Exception:
            problems = [line for line in _ANSI.sub("", messages.getvalue()).splitlines() if line.strip()]
            why = " ".join(problems[:3]) if problems else "its files could not be built"
            raise ChangesError(
                f"The policy as it was at {revision} cannot be read. Building it then gave: {why} "
                "Choose another commit: your current files need no change for this."
            ) from None
        after = read_policy(root, source, Path(scratch, "after-doctrees"), sys.stderr)
    return notice(before, after), before, after


def write_notice(project: Project, since: str | None) -> int:
    if not since:
        print(f"Say which version clients last saw, for example: make changes FROM=v1.0. {_HOW_TO_FIND}", file=sys.stderr)
        return 1
    try:
        text, before, after = changes_since(project.root, project.source, since)
    except (ChangesError, SphinxError) as failure:
        print(f"\nNo notice was written: {failure}", file=sys.stderr)
        return 1
    added, removed, changed = compare(before, after)
    if not (added or removed or changed) and before.title == after.title:
        print(
            f"No notice was written: the policy's wording is the same as at {since}, so there is nothing to tell clients.",
            file=sys.stderr,
        )
        return 1
    old, new = before.practice, after.practice
    if all(old.text(name) == new.text(name) for name in ("policy.version", "policy.effective")):
        print(
            f"Warning: the wording changed since {since}, but the version ({new.text('policy.version')}) and the "
            f"effective date ({new.text('policy.effective')}) in practice.toml did not, so clients would see the new "
            "text under the old version. Add a [[policy.revisions]] entry with a new date and version (see the README), "
            "then run make changes again.",
            file=sys.stderr,
        )
    target = project.out / "changes.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(text)
    print(f"(Saved as {relative_to_cwd(target)})")
    return 0
