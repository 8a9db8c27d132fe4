"""``make translations``: bring each language's catalog up to date with the English text.

Sphinx's gettext builder extracts every paragraph and heading of ``docs/``
(all sections, switched on or not) into ``_build/gettext/*.pot``; sphinx-intl
then updates ``docs/locales/<lang>/LC_MESSAGES/*.po`` for each language in
``practice.toml``: a new paragraph gets an empty translation, a changed one
keeps its old translation marked ``#, fuzzy``. The command then lists what
needs translating, file and line, so the translator knows where to go. The
build refuses any of those until they are translated (see
:mod:`sphinx_policy_ext.text.translations`).
"""

from __future__ import annotations

import importlib.util
import sys

from .. import i18n
from ..problems import display_path
from ..text.translations import KEEP_ENGLISH, needs_translation, read_catalog
from .build import BuildFailed, Project


def refresh(project: Project) -> int:
    languages = [code for code in project.languages() if code != i18n.SOURCE_LANGUAGE]
    if not languages:
        print(
            'practice.toml lists only English. To add Spanish, write languages = ["en", "es"] under [policy], '
            "then run `make translations` again.",
            file=sys.stderr,
        )
        return 1
    if importlib.util.find_spec("sphinx_intl") is None:
        print("Updating the translations needs sphinx-intl. Run `make translations`, which installs it.", file=sys.stderr)
        return 1
    from sphinx_intl import basic  # type: ignore[import-untyped]

    templates = project.out / "gettext"
    try:
        project.sphinx("gettext", templates)
    except BuildFailed as failure:
        print(f"\nThe translations were not updated: {failure}", file=sys.stderr)
        return 1
    locale_dir = project.source / "locales"
    basic.update(str(locale_dir), str(templates), languages)
    for language in languages:
        name = i18n.language_name(language, i18n.SOURCE_LANGUAGE)
        todo = []
        for po in sorted((locale_dir / language / "LC_MESSAGES").glob("*.po")):
            if po.stem == i18n.CATALOG:
                continue
            shown = display_path(po, project.root)
            for entry in read_catalog(po.read_text(encoding="utf-8-sig")):
                if entry.keep_english or not needs_translation(entry.msgid):
                    continue
                if entry.fuzzy:
                    todo.append(f"{shown}:{entry.line}: changed in English, check the translation and delete the #, fuzzy line")
                elif not entry.msgstr:
                    todo.append(f"{shown}:{entry.msgstr_line}: not translated yet")
        if todo:
            print(f"{name}: {len(todo)} to translate:")
            for line in todo:
                print(f"  {line}")
        else:
            print(f"{name}: everything is translated.")
    print(f'A paragraph stays in English only with the line "# {KEEP_ENGLISH}" above its entry (see the README).')
    return 0
