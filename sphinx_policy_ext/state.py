"""Where the extension keeps the loaded practice file during a build.

The practice is read once per build, on ``builder-inited``, and kept on the
build environment so that roles, transforms and builders (in parallel reader
processes too, which inherit the environment) see the same values.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .problems import display_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .practice import Practice

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
