"""The policy in another language: its ``.po`` catalogs, checked so the editions never disagree.

The translation of ``docs/index.md`` lives in Sphinx's standard gettext catalog,
``docs/locales/<lang>/LC_MESSAGES/index.po``: each English paragraph (``msgid``)
with its translation (``msgstr``). Sphinx puts the translations in place while
it reads the document. Before that, and after it, this module makes sure:

- a translation is text, never a template: it goes through the same scan as
  the English (``{{ 7*7 }}`` is refused, not evaluated), and it uses exactly
  the ``{{ names }}`` its English paragraph uses;
- no edition is published with an old or an English paragraph: an English
  paragraph whose translation is missing, empty or marked ``fuzzy`` (what
  ``make translations`` marks when the English changed) stops the build,
  naming the ``.po`` file, its line and the English paragraph;
- a paragraph stays in English only where the translator said so, with the
  comment line ``# policy: keep-english`` above its entry.

Every problem is located in the ``.po`` file, the file the translator edits.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from .. import i18n
from ..problems import Problem, Subtype
from ..state import PerDocument, project_path
from .substitution import names_in, scan

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

KEEP_ENGLISH = "policy: keep-english"

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
_QUOTED = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*$')
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)$")
_WORD = re.compile(r"[^\W\d_]{2,}")
# What would make a translation more than text: HTML tags, link targets, MyST roles and directives.
_MARKUP = re.compile(r"<[^\s>]*|\]\([^)\s]*|\{[A-Za-z0-9_:.+-]+\}`|^\s*(?::::|```|~~~)\S*", re.MULTILINE)


@dataclass
class Entry:
    """One entry of a ``.po`` file, with the lines its parts were written on."""

    line: int  # of "msgid"
    msgid: str = ""
    msgstr: str = ""
    msgstr_segments: list[tuple[int, int]] = field(default_factory=list)  # (offset in msgstr, line)
    fuzzy: bool = False
    keep_english: bool = False
    obsolete: bool = False

    def line_at(self, offset: int) -> int:
        """The line of the ``.po`` file that holds ``msgstr[offset]``."""
        line = self.msgstr_segments[0][1] if self.msgstr_segments else self.line
        for start, segment_line in self.msgstr_segments:
            if start <= offset:
                line = segment_line
        return line

    @property
    def msgstr_line(self) -> int:
        return self.line_at(0)


class UnreadableCatalog(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _unquote(text: str, number: int) -> str:
    match = _QUOTED.match(text.strip())
    if not match:
        raise UnreadableCatalog(
            number,
            "This line cannot be read: the text must be between double quotes, and a double quote inside it is "
            'written \\" (backslash, quote). Compare it with the entries around it.',
        )
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), match.group(1))


def read_catalog(text: str) -> list[Entry]:
    """The entries of a ``.po`` file (the header entry left out), or :class:`UnreadableCatalog`."""
    entries: list[Entry] = []
    flags: set[str] = set()
    comments: list[str] = []
    current: Entry | None = None
    part = ""

    def finish() -> None:
        nonlocal current, flags, comments, part
        if current is not None and current.msgid:
            entries.append(current)
        current, flags, comments, part = None, set(), [], ""

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            if current is None:
                current = Entry(number, obsolete=True)
            current.obsolete = True
            continue
        if line.startswith("#"):
            if current is not None and part:
                finish()  # a comment after msgstr starts the next entry
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif not line.startswith(("#.", "#:", "#|")):
                comments.append(line[1:].strip())
            continue
        if keyword := _KEYWORD.match(line):
            name, rest = keyword.group(1), keyword.group(2)
            if name in ("msgctxt", "msgid") and part.startswith("msgstr"):
                finish()
            if current is None:
                current = Entry(number)
            if name == "msgid":
                current.line = number
                current.fuzzy = "fuzzy" in flags
                current.keep_english = any(c.lower() == KEEP_ENGLISH for c in comments)
            part = name
            value = _unquote(rest, number)
        elif line.startswith('"') and current is not None and part:
            value = _unquote(line, number)
        else:
            raise UnreadableCatalog(
                number,
                'This line cannot be read. Each entry is a msgid "..." line (the English) and a msgstr "..." line '
                "(the translation); text that goes on is written on the next lines, each between double quotes.",
            )
        if part == "msgid":
            current.msgid += value
        elif part in {"msgstr", "msgstr[0]"}:
            current.msgstr_segments.append((len(current.msgstr), number))
            current.msgstr += value
    finish()
    return [entry for entry in entries if not entry.obsolete]


def catalog_path(srcdir: str | Path, locale_dir: str, language: str, domain: str) -> Path:
    return Path(srcdir, locale_dir, language, "LC_MESSAGES", f"{domain}.po")


def catalogs(app: Sphinx, language: str) -> list[Path]:
    """Every ``.po`` of the policy text for ``language`` in the project's locale_dirs (not the extension's)."""
    found: list[Path] = []
    for folder in app.config.locale_dirs:
        base = Path(app.srcdir, folder, language, "LC_MESSAGES")
        found += sorted(path for path in base.glob("**/*.po") if path.stem != i18n.CATALOG)
    return found


def needs_translation(message: str) -> bool:
    """Whether a message has words of its own, besides the values it names."""
    bare = re.sub(r"\{\{.*?\}\}|\{policy-value\}`[^`]*`|https?://\S+|\S+@\S+", " ", message)
    return bool(_WORD.search(bare))


def check_entries(entries: list[Entry], path: str, language: str) -> list[Problem]:
    """What is wrong in the translations themselves: templates, and names dropped, added or misspelt."""
    problems: list[Problem] = []
    english = i18n.language_name(language, i18n.SOURCE_LANGUAGE)
    for entry in entries:
        if not entry.msgstr:
            continue
        _, found = scan(entry.msgstr, path, line_at=entry.line_at)
        problems += found
        if any(p.subtype in (Subtype.UNKNOWN_NAME, Subtype.RAW_HTML) for p in found):
            continue  # the message above says what to write instead
        added = [m for m in dict.fromkeys(_MARKUP.findall(entry.msgstr)) if m not in _MARKUP.findall(entry.msgid)]
        if added:
            shown = ", ".join(f'"{mark}"' for mark in added)
            problems.append(
                Problem(
                    path,
                    entry.line_at(entry.msgstr.find(added[0])),
                    f"The {english} translation here has {shown}, which its English paragraph (the msgid above it) does "
                    "not. A translation is plain text with the marks of its English (such as ** for bold and the "
                    "{{ names }}); it cannot add HTML, links or roles. Remove it.",
                    Subtype.TRANSLATION,
                )
            )
            continue
        wanted, written = names_in(entry.msgid), names_in(entry.msgstr)
        for name in sorted(set(wanted)):
            if written.count(name) < wanted.count(name):
                problems.append(
                    Problem(
                        path,
                        entry.msgstr_line,
                        f'The {english} translation here leaves out "{{{{ {name} }}}}", which its English paragraph '
                        f"(the msgid above it) uses. Write {{{{ {name} }}}} in the translation exactly as it is in the English.",
                        Subtype.TRANSLATION,
                    )
                )
        for match_name in sorted(set(written)):
            if written.count(match_name) > wanted.count(match_name):
                problems.append(
                    Problem(
                        path,
                        entry.line_at(entry.msgstr.find(match_name)),
                        f'The {english} translation here uses "{{{{ {match_name} }}}}" more often than its English '
                        "paragraph (the msgid above it) does. A translation uses the same values as the English: "
                        "remove it, or change the English first.",
                        Subtype.TRANSLATION,
                    )
                )
    return problems


# Problems in the translation of each document, and how much of it is translated.
TRANSLATION_PROBLEMS: PerDocument[Problem] = PerDocument("policy_translation_problems")
PROGRESS: PerDocument[Progress] = PerDocument("policy_translation_progress")


@dataclass(frozen=True)
class Progress:
    """How much of one document the edition has in its own language (kept in the env like a problem)."""

    path: str
    line: int | None
    message: str
    total: int
    translated: int
    kept_english: int

    subtype = Subtype.TRANSLATION


def check_catalogs(app: Sphinx) -> list[Problem]:
    """Before reading: every catalog of the build's language can be read and holds only text."""
    language = app.config.language
    if not language:
        return []  # checked whenever Sphinx would use a catalog, edition or not
    problems: list[Problem] = []
    for path in catalogs(app, language):
        app.env.note_dependency(str(path))
        shown = project_path(app.env, path)
        try:
            entries = read_catalog(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            problems.append(Problem(shown, None, "This file must be saved as UTF-8 text.", Subtype.TRANSLATION))
            continue
        except UnreadableCatalog as unreadable:
            problems.append(Problem(shown, unreadable.line, str(unreadable), Subtype.TRANSLATION))
            continue
        problems += check_entries(entries, shown, language)
    return problems


class LocateParagraphs(SphinxTransform):
    """Give paragraphs made inside a ``:::{container}`` the source line they lack.

    Sphinx translates (and ``make translations`` extracts) only paragraphs that
    know their source; docutils' container directive does not pass it on, and
    the contact blocks' "Phone:" would then stay in English in every edition.
    """

    default_priority = 15  # before Sphinx's Locale transform (20)

    def apply(self, **kwargs: Any) -> None:
        for paragraph in self.document.findall(nodes.paragraph):
            if paragraph.source or not paragraph.rawsource:
                continue
            parent = paragraph.parent
            while parent is not None and not parent.source:
                parent = parent.parent
            if parent is not None:
                paragraph.source, paragraph.line = parent.source, parent.line


class CheckTranslated(SphinxTransform):
    """After Sphinx put the translations in (its ``Locale`` transform, priority 20): nothing is left in English by default."""

    default_priority = 21

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language
        if not language:
            return
        env = self.env
        docname = env.current_document.docname
        domain = docname_to_domain(docname, self.config.gettext_compact)
        locale_dir = self.config.locale_dirs[0] if self.config.locale_dirs else "locales"
        path = next(
            (p for d in self.config.locale_dirs if (p := catalog_path(env.srcdir, d, language, domain)).exists()),
            catalog_path(env.srcdir, locale_dir, language, domain),
        )
        shown = project_path(env, path)
        source = project_path(env, env.doc2path(docname))
        name = i18n.language_name(language, i18n.SOURCE_LANGUAGE)
        problems: list[Problem] = []
        if not path.exists() and not i18n.is_translation(self.config):
            return  # a text written in this language, with nothing to translate it from
        if not path.exists():
            problems.append(
                Problem(
                    shown,
                    None,
                    f"There is no {name} translation of {source}: this file is missing. Run `make translations` to "
                    f'create it, then translate each entry (see the README, "Translations").',
                    Subtype.TRANSLATION,
                )
            )
            TRANSLATION_PROBLEMS.of(env)[docname] = problems
            return
        env.note_dependency(str(path))
        try:
            entries = read_catalog(path.read_text(encoding="utf-8-sig"))
        except (UnreadableCatalog, UnicodeDecodeError):
            entries = []  # reported by check_catalogs before reading
        by_msgid = {entry.msgid: entry for entry in entries}
        total = translated = kept = 0
        for node, message in list(extract_messages(self.document)):
            if _in_system_message(node):
                continue  # docutils' own notes ("Duplicate implicit target name"), never shown
            total += 1
            if node.get("translated") or not needs_translation(message):
                translated += 1
                continue
            entry = by_msgid.get(message)
            if entry is not None and entry.keep_english and not entry.fuzzy:
                kept += 1
                continue
            problems.append(self._stale(node, message, entry, entries, shown, source, name))
        TRANSLATION_PROBLEMS.of(env)[docname] = problems
        PROGRESS.of(env)[docname] = [Progress(shown, None, name, total, translated, kept)]

    @staticmethod
    def _stale(  # noqa: PLR0917
        node: nodes.Element, message: str, entry: Entry | None, entries: list[Entry], shown: str, source: str, name: str
    ) -> Problem:
        where = f"{source}:{node.line}" if node.line else source
        quoted = _excerpt(message)
        if entry is not None and entry.fuzzy:
            text = (
                f'The English paragraph at {where} changed, so its {name} translation here is out of date (marked "fuzzy"): '
                f'"{quoted}". Bring the translation (msgstr) in line with the new English, '
                'then delete the line "#, fuzzy" above it.'
            )
            return Problem(shown, entry.line, text, Subtype.STALE)
        if entry is not None and not entry.msgstr:
            text = (
                f'The English paragraph at {where} has no {name} translation yet: "{quoted}". Write it in the msgstr "" '
                f'line below the msgid, or add the line "# {KEEP_ENGLISH}" above the entry to keep it in English on purpose.'
            )
            return Problem(shown, entry.msgstr_line, text, Subtype.STALE)
        if entry is not None:
            text = (
                f"The {name} translation here of the English paragraph at {where} cannot be used: it must be one paragraph "
                "(no blank line, no list or heading marks at its start). Write it as plain sentences."
            )
            return Problem(shown, entry.msgstr_line, text, Subtype.TRANSLATION)
        old = difflib.get_close_matches(message, [e.msgid for e in entries], n=1, cutoff=0.5)
        if old:
            previous = next(e for e in entries if e.msgid == old[0])
            text = (
                f'The English paragraph at {where} changed: it is now "{quoted}". Its {name} translation here is for the '
                "old English. Run `make translations`, then bring the translation in line with the new English and "
                'delete the "#, fuzzy" line above it.'
            )
            return Problem(shown, previous.line, text, Subtype.STALE)
        text = (
            f'The English paragraph at {where} is new and has no {name} translation: "{quoted}". Run `make translations` '
            "to add it to this file, then translate it."
        )
        return Problem(shown, None, text, Subtype.STALE)


def _in_system_message(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.system_message):
            return True
        parent = parent.parent
    return False


def _excerpt(message: str, limit: int = 90) -> str:
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def progress(env: BuildEnvironment) -> Iterator[Progress]:
    yield from PROGRESS.all(env)


def register(app: Sphinx) -> None:
    app.add_transform(LocateParagraphs)
    app.add_transform(CheckTranslated)
    TRANSLATION_PROBLEMS.connect(app)
    PROGRESS.connect(app)
