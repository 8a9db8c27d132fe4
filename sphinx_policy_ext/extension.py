"""Wiring: configuration values, events, the role and the directives."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import theme
from .commands import ci_annotations
from .practice import loading as practice_file
from .problems import PolicyError, display_path, report, stop
from .state import practice_path, set_practice
from .text import advice, signatures, substitution
from .text.clinicians import ClinicianList
from .text.download import PdfDownload
from .text.linebreaks import HardBreaksToLineBlocks
from .text.revisions import RevisionHistory
from .text.sections import ApplySectionSwitches

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def setup_extension(app: Sphinx) -> None:
    ci_annotations.install(app)
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")

    app.add_config_value(
        "policy_practice_file",
        "practice.toml",
        "env",
        types=frozenset({str}),
        description="The practice file, relative to the folder of conf.py.",
    )
    app.add_config_value(
        "policy_pdf_name",
        "social-media-policy",
        "env",
        types=frozenset({str}),
        description="File name of the PDF, without .pdf; the page links to it.",
    )

    app.add_role(substitution.ROLE, substitution.PolicyValue())
    app.add_directive("policy-pdf-download", PdfDownload)
    app.add_directive("policy-revision-history", RevisionHistory)
    app.add_directive("policy-clinicians", ClinicianList)
    app.add_transform(HardBreaksToLineBlocks)
    app.add_transform(ApplySectionSwitches)
    signatures.register(app)
    advice.register(app)
    theme.register(app)

    app.connect("config-inited", configure)
    app.connect("builder-inited", load_practice)
    app.connect("source-read", substitution.on_source_read)
    app.connect("include-read", substitution.on_include_read)
    substitution.TEXT_PROBLEMS.connect(app)
    app.connect("env-updated", stop_on_text_problems)


def configure(app: Sphinx, config: Config) -> None:
    """Check this extension's settings once, and point MyST substitutions at the role."""
    if not str(config.policy_practice_file).strip():
        raise PolicyError("policy_practice_file in conf.py is empty: name the practice file, e.g. 'practice.toml'.")
    if not _FILE_NAME.match(config.policy_pdf_name):
        name = config.policy_pdf_name
        raise PolicyError(f"policy_pdf_name in conf.py must be a plain file name such as 'social-media-policy' (it is {name!r}).")
    extensions = list(config.myst_enable_extensions)
    if "substitution" not in extensions:
        extensions.append("substitution")
    config.myst_enable_extensions = extensions
    # Names of practice values win over any same-named substitution in conf.py:
    # a value must never be replaced by Markdown from elsewhere.
    config.myst_substitutions = {**config.myst_substitutions, **substitution.myst_substitutions()}


def load_practice(app: Sphinx) -> None:
    path = practice_path(app)
    shown = display_path(path, app.confdir)
    try:
        loaded = practice_file.load(path, shown)
    except practice_file.PracticeFileInvalid as invalid:
        raise stop(report(invalid.problems), shown) from None
    set_practice(app.env, loaded, app.confdir)


def stop_on_text_problems(app: Sphinx, env: BuildEnvironment) -> list[str]:
    problems = list(substitution.TEXT_PROBLEMS.all(env))
    if problems:
        raise stop(report(problems), "the policy text")
    return []
