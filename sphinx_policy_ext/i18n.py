"""The extension's own words in the client's language, and dates written the way a reader writes them.

What the extension itself writes for a client (the page's "Call" link, the
PDF's "Page 1 of 3", the form's "Name:" and "Date:", the profession's wording)
goes through :mod:`sphinx.locale`, with the catalog ``sphinx_policy_ext``. The
catalogs are looked up in two places, so a practice can add a language
without changing any code:

- ``sphinx_policy_ext/locales/<lang>/LC_MESSAGES/sphinx_policy_ext.po`` (shipped), and
- ``<locale_dirs>/<lang>/LC_MESSAGES/sphinx_policy_ext.po`` in the project (``docs/locales/``).

A ``.po`` is compiled to its ``.mo`` when the ``.mo`` is missing or older, so a
fresh clone (which has no ``.mo`` files) builds. Dates go through Babel in the
edition's language, never the process locale: ``LC_ALL=de_DE.UTF-8`` must not
turn "January 15, 2026" into "Januar 15, 2026".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from sphinx import locale
from sphinx.util.i18n import docname_to_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CATALOG = "sphinx_policy_ext"
PACKAGE_LOCALES = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "en"  # the language of docs/ itself

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")

_ = locale.get_translation(CATALOG)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it here (it is translated where used)."""
    return message


def gettext(message: str) -> str:
    """``message`` in the language of the running build."""
    return str(_(message))


def install(app: Sphinx) -> None:
    """Load this extension's catalog for the build's language (``language`` in conf.py or -D)."""
    # sphinx.locale merges a catalog into any one loaded before, and a
    # process may run an English build after a Spanish one (the build
    # command, the tests): each build starts from its own language.
    locale.translators.pop(("general", CATALOG), None)
    # The same goes for the catalogs of the documents (index.po): Sphinx keeps
    # one per process under the document's domain, and an English build after
    # a Spanish one would otherwise be translated into Spanish.
    for domain in _document_domains(app):
        locale.translators.pop(("general", domain), None)
    # Catalogs found in agreement with their .po by an earlier build, kept with the build's doctrees.
    record = Path(app.doctreedir) / "policy-catalogs.json"
    agreed = _read_agreed(record)
    before = dict(agreed)
    for folder in catalog_folders(app):
        compile_catalogs(folder, CATALOG, agreed)
        app.add_message_catalog(CATALOG, str(folder))
    if agreed != before:
        with contextlib.suppress(OSError):  # only a saving: the next build compares again
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(json.dumps(agreed, indent=0, sort_keys=True), encoding="utf-8")


def _document_domains(app: Sphinx) -> set[str]:
    srcdir = Path(app.srcdir)
    domains = set()
    for suffix in (".md", ".rst", ".txt"):
        for source in srcdir.rglob(f"*{suffix}"):
            docname = source.relative_to(srcdir).with_suffix("").as_posix()
            domains |= {docname_to_domain(docname, True), docname_to_domain(docname, False)}
    return domains


def catalog_folders(app: Sphinx) -> list[Path]:
    """The folders with this extension's catalogs: the project's locale_dirs (which win), then the package's."""
    return [*project_folders(app), PACKAGE_LOCALES]


def project_folders(app: Sphinx) -> list[Path]:
    return [Path(app.srcdir, folder) for folder in app.config.locale_dirs]


def compile_catalogs(folder: Path, domain: str, agreed: dict[str, list[int]] | None = None) -> None:
    """Write ``<lang>/LC_MESSAGES/<domain>.mo`` for each ``.po`` whose ``.mo`` is missing or out of date.

    Compared by their messages, not by date (a fresh clone gives files
    arbitrary dates) or bytes (Babel writes its version and the time into
    the header): an up-to-date ``.mo`` is left untouched, so building never
    changes a file that is in git.

    ``agreed`` remembers, by ``.po``, the two files as they were (modification
    time to the nanosecond, size) when they were last found in agreement:
    while neither has changed, reading both with Babel again is skipped.
    """
    for po in folder.glob(f"*/LC_MESSAGES/{domain}.po"):
        mo = po.with_suffix(".mo")
        files = _state_of(po, mo)  # taken before reading: a change while reading is seen next time
        if agreed is not None and files is not None and agreed.get(str(po)) == files:
            continue
        if mo.exists() and messages_of_mo(mo) == messages_of_po(po, domain):
            if agreed is not None and files is not None:
                agreed[str(po)] = files
            continue
        # A read-only installation cannot be written: its .mo files were shipped with it.
        with contextlib.suppress(OSError):
            mo.write_bytes(compile_catalog(po, domain))


def _state_of(po: Path, mo: Path) -> list[int] | None:
    try:
        files = po.stat(), mo.stat()
    except OSError:
        return None
    return [value for stat in files for value in (stat.st_mtime_ns, stat.st_size)]


def _read_agreed(record: Path) -> dict[str, list[int]]:
    try:
        agreed = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return agreed if isinstance(agreed, dict) else {}


def messages_of_po(po: Path, domain: str) -> dict[str, str]:
    """What a ``.po`` translates: each message and its translation (fuzzy and empty ones left out, as in its .mo)."""
    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name, domain=domain)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def messages_of_mo(mo: Path) -> dict[str, str]:
    try:
        with mo.open("rb") as source:
            catalog = read_mo(source)
    except Exception:  # a damaged .mo is rewritten
        return {}
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string}


def compile_catalog(po: Path, domain: str) -> bytes:
    """The ``.mo`` for a ``.po`` file, as bytes."""
    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name, domain=domain)
    target = io.BytesIO()
    write_mo(target, catalog)
    return target.getvalue()


def has_extension_catalog(language: str, project_folders: Iterable[Path]) -> bool:
    """Whether this extension's words exist in ``language`` (the package's or the project's catalog)."""
    if language == SOURCE_LANGUAGE:
        return True
    return any((folder / language / "LC_MESSAGES" / f"{CATALOG}.po").exists() for folder in [PACKAGE_LOCALES, *project_folders])


def babel_locale(language: str | None) -> Locale:
    try:
        return Locale.parse(language or SOURCE_LANGUAGE)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANGUAGE)


def format_date(day: dt.date, language: str | None = SOURCE_LANGUAGE) -> str:
    """ "January 15, 2026" in English, "15 de enero de 2026" in Spanish: Babel's long date."""
    return babel_format_date(day, format="long", locale=babel_locale(language))


def language_name(code: str, in_language: str | None = None) -> str:
    """The language's own name ("Español"), or its name in ``in_language`` ("Spanish")."""
    name = babel_locale(code).get_display_name(in_language or code) or code
    return name[:1].upper() + name[1:]


def is_known_language(code: str) -> bool:
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def edition_suffix(language: str | None) -> str:
    """What a PDF's file name gets for an edition: nothing for English, ``-es`` for Spanish."""
    return "" if not language or language == SOURCE_LANGUAGE else f"-{language}"


def text_language(config: Any) -> str:
    """The language the text in docs/ is written in: ``language`` in conf.py itself (English if unset)."""
    raw = getattr(config, "_raw_config", {}) or {}
    return str(raw.get("language") or SOURCE_LANGUAGE)


def is_translation(config: Any) -> bool:
    """Whether this build is another language's edition (``-D language=es``), made from the translations."""
    return bool(config.language) and config.language != text_language(config)


def pdf_stem(config: Any, stem: str | None = None) -> str:
    """``social-media-policy`` for the text as written, ``social-media-policy-es`` in the Spanish edition."""
    suffix = edition_suffix(config.language) if is_translation(config) else ""
    return f"{stem or config.policy_pdf_name}{suffix}"


_FIELD = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, **values: object) -> str:
    """``template`` with each ``{name}`` replaced by its value, as plain text.

    Not ``str.format``: a catalog is edited by hand, and ``{date.__class__}``
    in a translation must stay text rather than reach into Python objects.
    """
    return _FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def translate(message: str, **values: object) -> str:
    """``message`` in the build's language, its ``{name}`` fields filled in."""
    return fill(gettext(message), **values)


def writes_catalog_templates(env: Any) -> bool:
    """Whether this build is ``make translations`` extracting the text (Sphinx's gettext builder)."""
    builder = getattr(env, "_builder_cls", None)  # Sphinx 8.2+: the builder's class, without the deprecated env.app
    if builder is None:
        builder = getattr(getattr(env, "_app", None), "builder", None)
    return getattr(builder, "name", "") == "gettext"
