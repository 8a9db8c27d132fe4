"""Wiring: configuration values, events, the role and the directives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.i18n import docname_to_domain

from . import i18n, pdf, theme
from .commands import ci_annotations, code_quality
from .practice import loading as practice_file
from .problems import WARNING_TYPE, PolicyError, Problem, Subtype, display_path, logger, report, stop
from .state import policy_documents, practice_path, set_practice
from .text import advice, plain_warnings, rules, sections, signatures, substitution, translations
from .text.clinicians import ClinicianList
from .text.download import PdfDownload, RelinkTranslatedLabel
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
    # The extension's own words (theme, PDF, form, profession) in the build's language.
    i18n.install(app)
    translations.register(app)

    app.add_role(substitution.ROLE, substitution.PolicyValue())
    app.add_directive("policy-pdf-download", PdfDownload)
    app.add_directive("policy-revision-history", RevisionHistory)
    app.add_directive("policy-clinicians", ClinicianList)
    app.add_transform(RelinkTranslatedLabel)
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
    app.connect("builder-inited", check_translations, priority=600)
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
    language = app.config.language or i18n.SOURCE_LANGUAGE
    # make translations builds the catalogs a new language is still missing.
    problems = [] if app.builder.name == "gettext" else language_problems(app, loaded, shown)
    if problems:
        raise stop(report(problems), shown)
    set_practice(app.env, loaded.in_language(language), app.confdir)


def language_problems(app: Sphinx, practice: practice_file.Practice, shown: str) -> list[Problem]:
    """Each language in ``languages`` needs a translation of the policy and of this extension's words."""
    problems = []
    setting = practice.values.get("policy.languages")
    line = setting.line if setting is not None else None
    project_folders = [Path(app.srcdir, folder) for folder in app.config.locale_dirs]
    for language in practice.languages:
        if language == i18n.SOURCE_LANGUAGE:
            continue
        name = i18n.language_name(language, i18n.SOURCE_LANGUAGE)
        domain = docname_to_domain(app.config.root_doc, app.config.gettext_compact)
        document = [folder / language / "LC_MESSAGES" / f"{domain}.po" for folder in project_folders]
        if not any(path.exists() for path in document):
            where = display_path(document[0], app.confdir) if document else f"locales/{language}/LC_MESSAGES/{domain}.po"
            problems.append(
                Problem(
                    shown,
                    line,
                    f'languages in [policy] has "{language}" ({name}), but the policy has no {name} translation: {where} '
                    "is missing. Run `make translations` to create it and translate it, or remove "
                    f'"{language}" from languages.',
                    Subtype.INVALID,
                )
            )
        elif not i18n.has_extension_catalog(language, project_folders):
            where = display_path(project_folders[0] / language / "LC_MESSAGES" / f"{i18n.CATALOG}.po", app.confdir)
            problems.append(
                Problem(
                    shown,
                    line,
                    f'languages in [policy] has "{language}" ({name}), but the words the page and the PDF add (such as '
                    f'"Page 1 of 3" and the form\'s "Name:") have no {name} translation. Copy '
                    f"sphinx_policy_ext/locales/es/LC_MESSAGES/{i18n.CATALOG}.po to {where} and translate it.",
                    Subtype.INVALID,
                )
            )
    language = app.config.language or i18n.SOURCE_LANGUAGE
    citation = practice.values.get("therapist.ethics_citation")
    if i18n.is_translation(app.config) and practice.own_citation and i18n.gettext(practice.own_citation) == practice.own_citation:
        name = i18n.language_name(language, i18n.SOURCE_LANGUAGE)
        where = display_path(project_folders[0] / language / "LC_MESSAGES" / f"{i18n.CATALOG}.po", app.confdir)
        problems.append(
            Problem(
                shown,
                citation.line if citation is not None else None,
                f"ethics_citation in [therapist] is your own wording, so the {name} edition needs your own translation "
                f'of it too. Add it to {where} as an entry: msgid "<the English, exactly as here>" and msgstr '
                f'"<its {name} translation>" (see the README, "The policy in Spanish").',
                Subtype.MISSING,
            )
        )
    return problems


def check_translations(app: Sphinx) -> None:
    """Refuse a translation that is not plain text before Sphinx reads it into the document."""
    problems = translations.check_catalogs(app)
    if problems:
        raise stop(report(problems), "the translation")


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
    problems = list(substitution.TEXT_PROBLEMS.all(env)) + list(translations.TRANSLATION_PROBLEMS.all(env))
    count = report(problems)
    if count and app.config.policy_stop_on_problems:
        raise stop(count, "the policy text")
    return []
