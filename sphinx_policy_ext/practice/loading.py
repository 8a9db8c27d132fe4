"""Read ``practice.toml`` and check it against the schema.

The result is a :class:`Practice`: every value as the text a client reads,
with the line it came from. Whatever is wrong is collected into one list of
:class:`~sphinx_policy_ext.problems.Problem` so a therapist sees every mistake
at once instead of fixing them one build at a time.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .. import i18n
from ..pdf.font_coverage import missing_characters
from ..problems import Problem, Subtype, did_you_mean
from . import look, schema
from .habits import RESTORE, find, is_effectively_empty
from .professions import wording_values
from .schema import Field, Kind


@dataclass(frozen=True)
class Value:
    name: str  # "practice.phone"
    text: str  # what the client reads
    kind: Kind
    raw: object  # the TOML value (str, date, int)
    line: int | None


@dataclass(frozen=True)
class Clinician:
    name: str
    credentials: str
    profession: str
    email: str | None
    line: int | None
    # Their own [clinicians.board], as board.name, board.phone, ...; empty when
    # the practice's [board] is theirs too.
    board: dict[str, Value] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Revision:
    date: dt.date
    version: str
    summary: str
    line: int | None


@dataclass
class Practice:
    path: Path
    values: dict[str, Value] = field(default_factory=dict)
    sections: dict[str, Value] = field(default_factory=dict)
    clinicians: list[Clinician] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    own_citation: str | None = None  # [therapist] ethics_citation, if written
    language: str = i18n.SOURCE_LANGUAGE  # the edition these texts are for

    def __getitem__(self, name: str) -> Value:
        return self.values[name]

    def text(self, name: str) -> str:
        return self.values[name].text

    def optional(self, name: str) -> Value | None:
        return self.values.get(name)

    @property
    def accent(self) -> look.Accent:
        """The accent colours for the light and dark schemes (the theme's own when the practice sets none)."""
        light = self.values.get("practice.accent_color")
        dark = self.values.get("practice.accent_color_dark")
        if light is None:
            return look.Accent(look.DEFAULT_ACCENT, str(dark.raw) if dark else look.DEFAULT_ACCENT_DARK)
        return look.Accent(str(light.raw), str(dark.raw) if dark else look.dark_from_light(str(light.raw)))

    @property
    def logo(self) -> look.Logo | None:
        value = self.values.get("practice.logo")
        return value.raw if value is not None and isinstance(value.raw, look.Logo) else None

    @property
    def signature_lines(self) -> int:
        raw = self.values["policy.signature_lines"].raw
        assert isinstance(raw, int)
        return raw

    @property
    def languages(self) -> tuple[str, ...]:
        """The editions to build, English (the original) first."""
        value = self.values.get("policy.languages")
        raw = value.raw if value is not None else (i18n.SOURCE_LANGUAGE,)
        assert isinstance(raw, tuple)
        return raw

    def in_language(self, language: str) -> Practice:
        """The same practice for the edition in ``language``: dates and the profession's wording in it.

        The profession's wording comes from this extension's catalog, loaded
        for the running build's language (see :mod:`sphinx_policy_ext.i18n`).
        """
        values = dict(self.values)
        for name, value in self.values.items():
            if value.kind is Kind.DATE and isinstance(value.raw, dt.date):
                values[name] = Value(name, i18n.format_date(value.raw, language), Kind.DATE, value.raw, value.line)
        profession = self.values.get("therapist.profession")
        if profession is not None:
            for name, text in wording_values(str(profession.raw), self.own_citation).items():
                values[name] = Value(name, text, Kind.TEXT, text, None)
        return Practice(self.path, values, self.sections, self.clinicians, self.revisions, self.own_citation, language)

    def section_on(self, key: str) -> bool:
        switch = self.sections.get(key)
        return switch is not None and switch.raw is True

    def for_clinician(self, clinician: Clinician) -> Practice:
        """The same practice, signed by ``clinician``: their name, credentials, profession's wording and board."""
        values = dict(self.values)
        for name, text in (("therapist.name", clinician.name), ("therapist.credentials", clinician.credentials)):
            values[name] = Value(name, text, Kind.TEXT, text, clinician.line)
        values.update(clinician.board)  # their own board, in place of the practice's, wherever the text names it
        own = None  # a practice's own citation speaks for the practice's profession only
        for name, text in wording_values(clinician.profession, own).items():
            values[name] = Value(name, text, Kind.TEXT, text, None)
        return Practice(self.path, values, self.sections, self.clinicians, self.revisions, None, self.language)


class PracticeFileInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the practice file")
        self.problems = problems


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([^\[\]]+?)\s*\]\]")
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")

# tomllib's own words, with what a therapist should check on that line.
_TOML_HINTS = {
    "Invalid value": 'Text values need double quotes around them, like phone = "(555) 010-0123".',
    "Unclosed string": "A text value is missing its closing double quote.",
    "Illegal character": "A text value is missing its closing double quote, or has a character TOML does not allow.",
    "Cannot overwrite a value": "This key is written twice: keep only one of them.",
    "Cannot declare": "This table is written twice: merge the two into one [table].",
    "Expected '=' after a key": 'Each line is key = "value": check for a missing = or a space inside the key.',
    "Invalid statement": 'Each line is key = "value" or a [table] header: check the spelling and the quotes.',
}


def _locate(lines: list[str]) -> dict[tuple[str, str | None], int]:
    """Line numbers of table headers and keys, enough to point at a value.

    tomllib keeps no positions, and the practice file is flat (tables of
    plain keys), so a line scan that tracks the current header suffices. The
    n-th entry of a ``[[table]]`` is known as ``table#n``.
    """
    where: dict[tuple[str, str | None], int] = {}
    seen: dict[str, int] = {}
    current = ""
    for number, line in enumerate(lines, start=1):
        if header := _ARRAY_HEADER.match(line):
            name = header.group(1).strip()
            current = f"{name}#{seen.get(name, 0)}"
            seen[name] = seen.get(name, 0) + 1
            where.setdefault((current, None), number)
        elif header := _HEADER.match(line):
            current = header.group(1).strip().strip("\"'")
            parent, _, inner = current.rpartition(".")
            if parent in seen:
                # A table inside the latest entry of a [[table]]: [clinicians.board].
                current = f"{parent}#{seen[parent] - 1}.{inner}"
            where.setdefault((current, None), number)
        elif key := _KEY.match(line):
            where.setdefault((current, key.group(1).strip("\"'")), number)
    return where


def _toml_problem(display: str, error: tomllib.TOMLDecodeError) -> Problem:
    """tomllib's error as a located problem.

    Python 3.14's tomllib gives ``lineno``/``colno``; 3.11 to 3.13 give the
    position only inside the message, so it is read from there (tomllib is in
    the standard library and the only TOML reader this package depends on).
    """
    text = str(error)
    position = _TOML_POSITION.search(text)
    line = getattr(error, "lineno", None) or (int(position.group(1)) if position else None)
    column = getattr(error, "colno", None) or (int(position.group(2)) if position else None)
    reason = str(getattr(error, "msg", "") or _TOML_POSITION.sub("", text)).strip()
    hint = next((h for start, h in _TOML_HINTS.items() if reason.startswith(start)), "")
    message = f"practice.toml cannot be read here ({reason}). {hint}".strip()
    return Problem(display, line, message, Subtype.TOML, column)


def _control_characters(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


def _check_text(value: str, spec: Field, label: str) -> str | None:
    """Why ``value`` is not acceptable for ``spec``, or None."""
    if not value.strip():
        return None  # reported as missing
    if bad := _control_characters(value):
        return (
            f"{label} contains invisible control characters ({', '.join(sorted(set(bad)))}); "
            "write it on one line with ordinary characters."
        )
    if missing := missing_characters(value):
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing[:5])
        return (
            f"{label} has characters the PDF's font cannot show: {shown}. They would print as empty boxes. "
            "Latin (with any accents), Greek and Cyrillic letters work; write the rest in one of those."
        )
    if spec.kind is Kind.WEBSITE:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value.strip()):
            return f'{label} must be a web address starting with https:// (it is "{value}").'
    if spec.kind is Kind.EMAIL and any(c.isspace() for c in value.strip()):
        return f'{label} must be one email address with no spaces (it is "{value}").'
    return None


def format_date(day: dt.date, language: str = i18n.SOURCE_LANGUAGE) -> str:
    """ "January 15, 2026": Babel's long date, never the process locale's month names."""
    return i18n.format_date(day, language)


class _Validator:
    def __init__(self, data: dict[str, object], display: str, lines: list[str]) -> None:
        self.data = data
        self.display = display
        self.where = _locate(lines)
        self.lines = lines
        self.last_line = max(len(lines), 1)
        self.problems: list[Problem] = []
        # (table, key) written under another table: reported there once, not again as missing here.
        self.misplaced: set[tuple[str, str]] = set()
        # Tables whose header is misspelt: the did-you-mean is the one message about them.
        self.misspelt: set[str] = set()
        self.folder = Path()

    def problem(self, where: str, key: str | None, message: str, subtype: Subtype, suggestion: str | None = None) -> None:
        table = where.split("#", maxsplit=1)[0]
        # A table written inline inside an entry (board = { ... }) is found at its key.
        entry, _, inner = where.rpartition(".") if "#" in where else ("", "", "")
        line = (
            self.where.get((where, key))
            or self.where.get((where, None))
            or self.where.get((entry, inner))
            or self.where.get((table, None))
        )
        self.problems.append(Problem(self.display, line, message, subtype, suggestion=suggestion))

    def line_text(self, where: str, key: str) -> str | None:
        line = self.where.get((where, key))
        return self.lines[line - 1].strip() if line else None

    def run(self, path: Path) -> Practice:
        self.folder = path.parent
        for name, content in self.data.items():
            if name not in schema.top_level_names():
                self._unknown_top_level(name, content)
        for spec in schema.TABLES:
            content, present = self._content(spec)
            if present and isinstance(content, dict) and not spec.repeated and not spec.in_entries:
                for key in content:
                    if spec.field(key) is None:
                        self.misplaced.update(
                            (t.name, key) for t in schema.TABLES if t.field(key) and t.name != spec.name and not t.in_entries
                        )
                        # A misspelt key: its did-you-mean is the one message, not also "missing".
                        close = difflib.get_close_matches(key, [f.key for f in spec.fields], n=1, cutoff=0.6)
                        if close and close[0] not in content:
                            self.misplaced.add((spec.name, close[0]))
        entries = {spec.name: self._entries(spec) for spec in schema.TABLES if not spec.in_entries}
        practice = Practice(path)
        for spec in schema.TABLES:
            if spec.substitutable:
                for key, value in entries[spec.name][0].items():
                    practice.values[f"{spec.name}.{key}"] = value
        practice.sections = entries["sections"][0]
        practice.clinicians = [
            Clinician(
                e["name"].text,
                e["credentials"].text,
                str(e["profession"].raw),
                _raw_text(e.get("email")),
                e["name"].line,
                {name: value for name, value in e.items() if name.startswith("board.")},
            )
            for e in entries["clinicians"]
            if {"name", "credentials", "profession"} <= e.keys()
        ]
        practice.revisions = [
            Revision(e["date"].raw, e["version"].text, e["summary"].text, e["date"].line)  # type: ignore[arg-type]
            for e in entries["policy.revisions"]
            if {"date", "version", "summary"} <= e.keys()
        ]
        self._apply_revisions(practice)
        therapist = practice.values.get("therapist.profession")
        if therapist is not None:
            citation = _raw_text(entries["therapist"][0].get("ethics_citation"))
            practice.own_citation = citation
            for name, text in wording_values(str(therapist.raw), citation).items():
                practice.values[name] = Value(name, text, Kind.TEXT, text, None)
        return practice

    def _content(self, spec: schema.Table) -> tuple[object, bool]:
        """The TOML content for a table (following dots), and whether it was written at all."""
        content: object = self.data
        for part in spec.name.split("."):
            if not isinstance(content, dict) or part not in content:
                return None, False
            content = content[part]
        return content, True

    def _entries(self, spec: schema.Table) -> list[dict[str, Value]]:
        content, present = self._content(spec)
        if spec.repeated:
            if not present:
                return []
            if not isinstance(content, list) or not all(isinstance(e, dict) for e in content):
                self.problem(
                    spec.name, None, f"{spec.name} must be written as {spec.header} entries, each with its keys.", Subtype.INVALID
                )
                return []
            return [self._entry(spec, entry, f"{spec.name}#{i}") for i, entry in enumerate(content)]
        if present and not isinstance(content, dict):
            self.problem(
                spec.name,
                None,
                f"{spec.name} must be a table: write {spec.header} on its own line, then its keys.",
                Subtype.INVALID,
            )
            content = {}
        required = [f.key for f in spec.fields if f.required and not self._derived_from_revisions(spec, f)]
        if not present and required and spec.name in self.misspelt:
            return [{}]
        if not present and required:
            # One message for the whole table, pointing at the end of the file where it can be added.
            self.problems.append(
                Problem(
                    self.display,
                    self.last_line,
                    f"There is no {spec.header} table ({spec.help}) Add one at the end of the file with these settings: "
                    + ", ".join(required)
                    + ".",
                    Subtype.MISSING,
                )
            )
            return [{}]
        return [self._table(spec, content if isinstance(content, dict) else {}, spec.name, present)]

    def _entry(self, spec: schema.Table, entry: dict[str, object], where: str) -> dict[str, Value]:
        """One [[table]] entry's values, with those of the tables inside it named ``board.name`` and so on."""
        values = self._table(spec, entry, where, present=True)
        for inner in schema.TABLES:
            parent, _, key = inner.name.rpartition(".")
            if not inner.in_entries or parent != spec.name or key not in entry:
                continue
            content = entry[key]
            if not isinstance(content, dict):
                message = (
                    f"{key} in {spec.header} must be a table: write {inner.header} on its own line "
                    f"under that {spec.header} entry, then its keys ({', '.join(f.key for f in inner.fields)})."
                )
                self.problem(where, key, message, Subtype.INVALID)
                continue
            for value in self._table(inner, content, f"{where}.{key}", present=True).values():
                name = f"{key}.{value.name.rsplit('.', 1)[1]}"
                values[name] = Value(name, value.text, value.kind, value.raw, value.line)
        return values

    def _unknown_top_level(self, name: str, content: object) -> None:
        tables = schema.top_level_names()
        if isinstance(content, dict | list):
            hint = did_you_mean(name, tables, "[{}]")
            close = difflib.get_close_matches(name, tables, n=1, cutoff=0.6)
            if close and close[0] not in self.data:
                self.misspelt.add(close[0])
            message = f"practice.toml has no table [{name}].{hint} The tables are " + ", ".join(f"[{t}]" for t in tables) + "."
            self.problem(name, None, message, Subtype.UNKNOWN_KEY)
            return
        owners = [t.name for t in schema.TABLES if t.field(name)]
        if owners:
            message = f"{name} must go under a table header, such as [{owners[0]}]."
        else:
            message = f"{name} is not a setting practice.toml knows, and it is outside any [table]."
        self.problem("", name, message, Subtype.UNKNOWN_KEY)

    def _table(self, spec: schema.Table, content: dict[str, object], where: str, present: bool) -> dict[str, Value]:
        keys = [f.key for f in spec.fields]
        nested = {t.name.split(".", 1)[1] for t in schema.TABLES if t.name.startswith(f"{spec.name}.")}
        for key in content:
            if spec.field(key) is None and key not in nested:
                elsewhere = [
                    t.name for t in schema.TABLES if t.field(key) and t.name != spec.name and not (t.repeated or t.in_entries)
                ]
                if elsewhere:
                    # The key exists, under another table: say where it goes, once.
                    message = (
                        f"{key} is written under {spec.header}, but it belongs under [{elsewhere[0]}]: move this line "
                        f"to the lines below [{elsewhere[0]}]."
                    )
                else:
                    hint = did_you_mean(key, keys, '"{}"')
                    message = f'{spec.header} has no setting "{key}".{hint} Its settings are: {", ".join(keys)}.'
                self.problem(where, key, message, Subtype.UNKNOWN_KEY)
        values: dict[str, Value] = {}
        for spec_field in spec.fields:
            value = self._value(spec, spec_field, content.get(spec_field.key), where, present)
            if value is not None:
                values[spec_field.key] = value
        return values

    def _value(self, table: schema.Table, spec: Field, raw: object, where: str, present: bool) -> Value | None:
        name = f"{table.name}.{spec.key}"
        label = f"{spec.key} in {table.header}"
        line = self.where.get((where, spec.key))
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if not spec.required or self._derived_from_revisions(table, spec):
                if spec.default is None:
                    return None
                return Value(name, _display(spec.default), spec.kind, spec.default, line)
            if raw is None and (table.name, spec.key) in self.misplaced:
                return None  # written under another table: reported there
            state = (
                "is empty" if raw is not None else ("is missing" if present else f"is missing (there is no {table.header} table)")
            )
            self.problem(
                where, spec.key, f"{label} {state}: {spec.help} For example: {spec.key} = {_example(spec)}", Subtype.MISSING
            )
            return None
        converted = self._convert(spec, raw, label, where)
        if converted is None:
            return None
        return Value(name, _display(converted), spec.kind, converted, line)

    def _derived_from_revisions(self, table: schema.Table, spec: Field) -> bool:
        revisions, _ = self._content(schema.table("policy.revisions"))  # type: ignore[arg-type]
        return table.name == "policy" and spec.key in ("effective", "version") and bool(revisions)

    def _convert(self, spec: Field, raw: object, label: str, where: str) -> object | None:
        def wrong(message: str) -> object | None:
            self.problem(where, spec.key, message, Subtype.INVALID)
            return None

        if spec.kind is Kind.DATE:
            if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
                return raw
            shown = f'"{raw}"' if isinstance(raw, str) else str(raw)
            return wrong(f"{label} must be a date written like {spec.key} = {spec.example} (no quotes, no time); it is {shown}.")
        if spec.kind is Kind.SWITCH:
            if isinstance(raw, bool):
                return raw
            return wrong(f"{label} must be true or false, without quotes.")
        if spec.kind is Kind.LANGUAGES:
            return self._languages(spec, raw, label, wrong)
        if spec.kind is Kind.COUNT:
            if isinstance(raw, bool) or not isinstance(raw, int):
                return wrong(f"{label} must be a whole number without quotes, like {spec.key} = {spec.example}.")
            assert spec.minimum is not None and spec.maximum is not None
            if not spec.minimum <= raw <= spec.maximum:
                return wrong(f"{label} must be between {spec.minimum} and {spec.maximum}; it is {raw}.")
            return raw
        if not isinstance(raw, str):
            return wrong(f'{label} must be text in double quotes, like {spec.key} = "{spec.example}".')
        # The same text, composed: "e" plus a combining accent becomes "é", which the PDF draws properly.
        raw = unicodedata.normalize("NFC", raw)
        if spec.kind is Kind.CHOICE and raw.strip() not in spec.choices:
            hint = did_you_mean(raw.strip(), spec.choices, '"{}"')
            return wrong(f'{label} cannot be "{raw}".{hint} Write one of: ' + ", ".join(f'"{c}"' for c in spec.choices) + ".")
        if spec.kind is Kind.COLOUR:
            colour = look.parse_colour(raw)
            if colour is None:
                return wrong(f'{label} must be a colour written like {spec.key} = "{spec.example}" (it is "{raw}").')
            scheme = "dark" if spec.key.endswith("_dark") else "light"
            if reason := look.colour_problem(label, colour, scheme):
                return wrong(reason)
            return colour
        if spec.kind is Kind.LOGO:
            written = raw.strip()
            try:
                return look.load_logo(self.folder / written)
            except look.LogoProblem as problem:
                return wrong(f'{label} is "{written}", but {problem}.')
        if "\t" in raw and not set(_control_characters(raw)) - {"U+0009"}:
            self.problem(
                where,
                spec.key,
                f"{label} has a tab in it (often pasted from a word processor); use an ordinary space.",
                Subtype.INVALID,
                suggestion=(self.line_text(where, spec.key) or "").replace("\t", " ") or None,
            )
            return None
        if reason := _check_text(raw, spec, label):
            return wrong(reason)
        return raw.strip()

    def _languages(self, spec: Field, raw: object, label: str, wrong: Callable[[str], object | None]) -> object | None:
        example = f"{spec.key} = {spec.example}"
        if not isinstance(raw, list) or not raw or not all(isinstance(code, str) for code in raw):
            return wrong(f"{label} must be a list of language codes in double quotes, like {example}.")
        codes = [code.strip() for code in raw]
        for code in codes:
            if not i18n.LANGUAGE_CODE.match(code) or not i18n.is_known_language(code):
                return wrong(
                    f'{label}: "{code}" is not a language code. Write two-letter codes such as "en" (English) or '
                    f'"es" (Spanish), like {example}.'
                )
        if len(set(codes)) != len(codes):
            return wrong(f"{label} names a language twice; write each once, like {example}.")
        if i18n.SOURCE_LANGUAGE not in codes:
            return wrong(
                f'{label} must include "en": the policy in docs/ is the English original that the other editions '
                f"translate. For example: {example}."
            )
        # English first: it is the page at the top of the site, the others are beside it.
        return (i18n.SOURCE_LANGUAGE, *(code for code in codes if code != i18n.SOURCE_LANGUAGE))

    def _apply_revisions(self, practice: Practice) -> None:
        """The newest revision gives the effective date and version, unless they are written and disagree."""
        if not practice.revisions:
            return
        newest = max(practice.revisions, key=lambda r: r.date)
        for key, derived in (("effective", newest.date), ("version", newest.version)):
            name = f"policy.{key}"
            written = practice.values.get(name)
            if written is not None and written.raw != derived:
                self.problem(
                    "policy",
                    key,
                    f"{key} in [policy] is {written.text}, but the newest [[policy.revisions]] entry says "
                    f"{_display(derived)}. Remove {key} from [policy]: the newest revision sets it.",
                    Subtype.INVALID,
                )
            kind = Kind.DATE if key == "effective" else Kind.TEXT
            practice.values[name] = Value(name, _display(derived), kind, derived, newest.line)


def _display(value: object) -> str:
    if isinstance(value, look.Logo):
        return value.path.name
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _raw_text(value: Value | None) -> str | None:
    return value.text if value is not None else None


def _example(spec: Field) -> str:
    return spec.example if spec.kind in (Kind.DATE, Kind.COUNT, Kind.SWITCH, Kind.LANGUAGES) else f'"{spec.example}"'


def load(path: Path, display: str | None = None) -> Practice:
    """Read and check the practice file; raise :class:`PracticeFileInvalid` listing every problem."""
    display = display or path.name
    source = _read(path, display)
    if is_effectively_empty(source):
        raise PracticeFileInvalid(
            [Problem(display, 1, f"{display} is empty: it has none of your practice's details. {RESTORE}", Subtype.MISSING)]
        )
    lines = source.splitlines()
    date_keys = frozenset(f.key for t in schema.TABLES for f in t.fields if f.kind is Kind.DATE)
    habits = find(lines, date_keys)
    problems = [
        Problem(display, h.line, h.message, Subtype.INVALID if h.date else Subtype.TOML, suggestion=h.corrected) for h in habits
    ]
    # Read the file as it would be with those lines corrected, so every other mistake is found in the same run.
    for habit in habits:
        lines[habit.line - 1] = habit.corrected
    reported = {h.line for h in habits}
    try:
        data = tomllib.loads("\n".join(lines))
    except tomllib.TOMLDecodeError as error:
        problem = _toml_problem(display, error)
        if problem.line not in reported or not problems:
            problems.append(problem)
        raise PracticeFileInvalid(sorted(problems, key=lambda p: p.line or 0)) from None
    validator = _Validator(data, display, lines)
    practice = validator.run(path)
    problems += [p for p in validator.problems if p.line not in reported]
    if problems:
        raise PracticeFileInvalid(sorted(problems, key=lambda p: p.line or 0))
    return practice


def _read(path: Path, display: str) -> str:
    """The file's text, without the byte-order mark some Windows editors put first."""
    try:
        source = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise PracticeFileInvalid(
            [
                Problem(
                    display,
                    None,
                    "The practice file is missing. Copy practice.toml from the template and fill it in.",
                    Subtype.TOML,
                )
            ]
        ) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise PracticeFileInvalid(
            [
                Problem(
                    display,
                    line,
                    "practice.toml must be saved as UTF-8 text; this line has characters in another encoding.",
                    Subtype.TOML,
                )
            ]
        ) from None
    return source.removeprefix("\ufeff")
