"""Where the extension keeps the loaded practice file during a build.

The practice is read once per build, on ``builder-inited``, and kept on the
build environment so that roles, transforms and builders (in parallel reader
processes too, which inherit the environment) see the same values.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from .problems import display_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .practice.loading import Practice

T = TypeVar("T")

_ATTRIBUTE = "policy_practice"
_ROOT = "policy_root"


def set_practice(env: BuildEnvironment, practice: Practice, root: str | Path) -> None:
    """Keep the practice, and the project folder paths are shown relative to."""
    setattr(env, _ATTRIBUTE, practice)
    setattr(env, _ROOT, str(root))


def practice_of(env: BuildEnvironment) -> Practice:
    practice: Practice = getattr(env, _ATTRIBUTE)
    return practice


def policy_documents(config: Config) -> list[str]:
    """The documents that make up the policy (``policy_documents``; empty means the root document)."""
    return list(config.policy_documents) or [config.root_doc]


def is_policy(env: BuildEnvironment, docname: str | None = None) -> bool:
    """Whether ``docname`` (by default, the document being read) is part of the policy.

    Only these are substituted, checked for placeholders, switched by
    section and advised on; every other document of the project is left as
    the project wrote it.
    """
    return (docname if docname is not None else env.docname) in policy_documents(env.config)


def practice_path(app: Sphinx) -> Path:
    return Path(app.confdir, app.config.policy_practice_file)


def project_path(env: BuildEnvironment, path: str | Path) -> str:
    """A path as the therapist sees it in the repository: relative to conf.py's folder."""
    return display_path(path, getattr(env, _ROOT))


class PerDocument(Generic[T]):
    """What was found in each document (problems, labels), kept in the environment under ``key``.

    A document that is not re-read keeps what was found in it, so a problem
    goes on counting until it is fixed. Parallel-safe: purged when a document
    is re-read, merged back from reader processes.
    """

    def __init__(self, key: str) -> None:
        self.key = key

    def of(self, env: BuildEnvironment) -> dict[str, list[T]]:
        if not hasattr(env, self.key):
            setattr(env, self.key, {})
        stored: dict[str, list[T]] = getattr(env, self.key)
        return stored

    def all(self, env: BuildEnvironment) -> Iterator[T]:
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
