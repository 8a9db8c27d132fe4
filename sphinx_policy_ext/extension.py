"""Wiring: configuration values, events, the role and the directives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from . import pdf, theme
from .commands import ci_annotations, code_quality
from .practice import loading as practice_file
from .problems import WARNING_TYPE, PolicyError, Subtype, display_path, logger, report, stop
from .state import policy_documents, practice_path, set_practice
from .text import advice, plain_warnings, rules, sections, signatures, substitution
from .text.clinicians import ClinicianList
from .text.download import PdfDownload
from .text.linebreaks import HardBreaksToLineBlocks
from .text.revisions import RevisionHistory

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def setup_extension(app: Sphinx) -> None:
    ci_annotations.install(app)
    code_quality.install(app)
    plain_warnings.install(app)
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

    app.add_config_value(
        "policy_documents",
        [],
        "env",
        types=frozenset({list, tuple}),
        description="The documents that are the policy, as document names (empty: the root document). "
        "Only these are substituted, checked and switched by section; the project's other documents are left alone.",
    )
    app.add_config_value(
        "policy_stop_on_problems",
        False,
        "",
        types=frozenset({bool}),
        description="Stop the build, before anything is written, when the policy text has problems "
        "(set by `python -m sphinx_policy_ext` and `make preview`; sphinx-build -W fails on them instead).",
    )
    app.add_config_value(
        "policy_pdf_self_check",
        True,
        "",
        types=frozenset({bool}),
        description="Read each PDF back before writing it. The build command turns this off when it checks the PDFs itself.",
    )

    app.add_role(substitution.ROLE, substitution.PolicyValue())
    app.add_directive("policy-pdf-download", PdfDownload)
    app.add_directive("policy-revision-history", RevisionHistory)
    app.add_directive("policy-clinicians", ClinicianList)
    app.add_transform(HardBreaksToLineBlocks)
    sections.register(app)
    signatures.register(app)
    advice.register(app)
    rules.register(app)
    plain_warnings.register(app)
    theme.register(app)
    pdf.register(app)

    app.connect("config-inited", configure)
    app.connect("builder-inited", load_practice)
    # After myst-parser's own builder-inited handler has made its settings.
    app.connect("builder-inited", substitution.prepare_myst_settings, priority=800)
    app.connect("doctree-read", substitution.restore_project_myst_settings)
    app.connect("env-before-read-docs", check_policy_documents)
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
    # The project's MyST settings stay as they are: the policy's documents
    # are parsed with a copy that adds what the policy needs (substitution.py).
    if not isinstance(config.policy_documents, list | tuple) or not all(
        isinstance(name, str) and name.strip() for name in config.policy_documents
    ):
        raise PolicyError(
            "policy_documents in conf.py must be a list of document names, such as ['social-media-policy'] "
            f"(it is {config.policy_documents!r}). Leave it out when the policy is the root document."
        )


def load_practice(app: Sphinx) -> None:
    path = practice_path(app)
    shown = display_path(path, app.confdir)
    try:
        loaded = practice_file.load(path, shown)
    except practice_file.PracticeFileInvalid as invalid:
        raise stop(report(invalid.problems), shown) from None
    set_practice(app.env, loaded, app.confdir)


def check_policy_documents(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Each name in ``policy_documents`` must be a document of the project."""
    for name in policy_documents(app.config):
        if name not in env.found_docs:
            # conf.py is no document: the path goes into the message, as Sphinx would print a location.
            logger.error(
                "%s: policy_documents in conf.py names %r, but the project has no such document. "
                "Write the document's name without its suffix, as in a toctree (e.g. 'social-media-policy').",
                display_path(Path(app.confdir, "conf.py"), app.confdir),
                name,
                type=WARNING_TYPE,
                subtype=Subtype.MISSING.value,
            )


def stop_on_text_problems(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Report the text's problems as located errors; under this package's commands, stop there.

    The build command and the preview (``policy_stop_on_problems``) stop
    before any builder writes a file, and say so in their own words. Under a
    plain ``sphinx-build`` nothing is raised, since Sphinx 9 answers any
    exception with a crash report: the errors fail the build with ``-W``
    (``make`` and CI always use it), as Sphinx's own errors do.
    """
    count = report(substitution.TEXT_PROBLEMS.all(env))
    if count and app.config.policy_stop_on_problems:
        raise stop(count, "the policy text")
    return []
