"""Where the extension keeps the loaded practice file during a build.

The practice is read once per build, on ``builder-inited``, and kept on the
build environment so that roles, transforms and builders (in parallel reader
processes too, which inherit the environment) see the same values.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import Problem, display_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .practice.loading import Practice

_ATTRIBUTE = "policy_practice"
_ROOT = "policy_root"


def set_practice(env: BuildEnvironment, practice: Practice, root: str | Path) -> None:
    """Keep the practice, and the project folder paths are shown relative to."""
    setattr(env, _ATTRIBUTE, practice)
    setattr(env, _ROOT, str(root))


def practice_of(env: BuildEnvironment) -> Practice:
    practice: Practice = getattr(env, _ATTRIBUTE)
    return practice


def practice_path(app: Sphinx) -> Path:
    return Path(app.confdir, app.config.policy_practice_file)


def project_path(env: BuildEnvironment, path: str | Path) -> str:
    """A path as the therapist sees it in the repository: relative to conf.py's folder."""
    return display_path(path, getattr(env, _ROOT))


class PerDocument:
    """Problems found in each document, kept in the environment under ``key``.

    A document that is not re-read keeps what was found in it, so a problem
    goes on counting until it is fixed. Parallel-safe: purged when a document
    is re-read, merged back from reader processes.
    """

    def __init__(self, key: str) -> None:
        self.key = key

    def of(self, env: BuildEnvironment) -> dict[str, list[Problem]]:
        if not hasattr(env, self.key):
            setattr(env, self.key, {})
        stored: dict[str, list[Problem]] = getattr(env, self.key)
        return stored

    def all(self, env: BuildEnvironment) -> Iterator[Problem]:
        """Everything found, document by document, for documents that still exist."""
        stored = self.of(env)
        for docname in sorted(stored):
            if docname in env.found_docs:
                yield from stored[docname]

    def purge(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.of(env).pop(docname, None)

    def merge(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        theirs = self.of(other)
        self.of(env).update({d: theirs[d] for d in docnames if d in theirs})

    def connect(self, app: Sphinx) -> None:
        app.connect("env-purge-doc", self.purge)
        app.connect("env-merge-info", self.merge)
