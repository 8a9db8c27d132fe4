"""Read ``practice.toml`` and check it against the schema.

The result is a :class:`Practice`: every value as the text a client reads,
with the line it came from. Whatever is wrong is collected into one list of
:class:`~sphinx_policy_ext.problems.Problem` so a therapist sees every mistake
at once instead of fixing them one build at a time.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import schema
from .problems import Problem, Subtype, did_you_mean
from .schema import Field, Kind


@dataclass(frozen=True)
class Value:
    name: str  # "practice.phone"
    text: str  # what the client reads
    kind: Kind
    raw: object  # the TOML value (str, date, int)
    line: int | None


@dataclass
class Practice:
    path: Path
    values: dict[str, Value] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Value:
        return self.values[name]

    def text(self, name: str) -> str:
        return self.values[name].text

    @property
    def signature_lines(self) -> int:
        raw = self.values["policy.signature_lines"].raw
        assert isinstance(raw, int)
        return raw


class PracticeFileInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the practice file")
        self.problems = problems


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
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
    plain keys), so a line scan that tracks the current header suffices.
    """
    where: dict[tuple[str, str | None], int] = {}
    current = ""
    for number, line in enumerate(lines, start=1):
        if header := _HEADER.match(line):
            current = header.group(1).strip().strip("\"'")
            where.setdefault((current, None), number)
        elif key := _KEY.match(line):
            where.setdefault((current, key.group(1).strip("\"'")), number)
    return where


def _toml_problem(display: str, error: tomllib.TOMLDecodeError) -> Problem:
    text = str(error)
    position = _TOML_POSITION.search(text)
    line = int(position.group(1)) if position else None
    column = int(position.group(2)) if position else None
    reason = _TOML_POSITION.sub("", text).strip()
    hint = next((h for start, h in _TOML_HINTS.items() if reason.startswith(start)), "")
    message = f"practice.toml cannot be read here ({reason}). {hint}".strip()
    return Problem(display, line, message, Subtype.TOML, column)


def _control_characters(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in ("Cc", "Cf") and c != "\u200d"]


def _check_text(value: str, spec: Field, label: str) -> str | None:
    """Why ``value`` is not acceptable for ``spec``, or None."""
    if not value.strip():
        return None  # reported as missing
    if bad := _control_characters(value):
        return (
            f"{label} contains invisible control characters ({', '.join(sorted(set(bad)))}); "
            "write it on one line with ordinary characters."
        )
    if spec.kind is Kind.WEBSITE:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value.strip()):
            return f'{label} must be a web address starting with https:// (it is "{value}").'
    if spec.kind is Kind.EMAIL and any(c.isspace() for c in value.strip()):
        return f'{label} must be one email address with no spaces (it is "{value}").'
    return None


def _format_date(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


class _Validator:
    def __init__(self, data: dict[str, object], display: str, lines: list[str]) -> None:
        self.data = data
        self.display = display
        self.where = _locate(lines)
        self.problems: list[Problem] = []
        self.values: dict[str, Value] = {}

    def problem(self, table: str, key: str | None, message: str, subtype: Subtype) -> None:
        line = self.where.get((table, key)) or self.where.get((table, None))
        self.problems.append(Problem(self.display, line, message, subtype))

    def run(self) -> None:
        known_tables = [t.name for t in schema.TABLES]
        for name, content in self.data.items():
            spec = schema.table(name)
            if spec is None:
                self._unknown_top_level(name, content, known_tables)
            elif not isinstance(content, dict):
                self.problem("", name, f"{name} must be a table: write [{name}] on its own line, then its keys.", Subtype.INVALID)
        for spec in schema.TABLES:
            content = self.data.get(spec.name)
            self._table(spec, content if isinstance(content, dict) else {}, present=spec.name in self.data)

    def _unknown_top_level(self, name: str, content: object, known_tables: list[str]) -> None:
        if isinstance(content, dict):
            hint = did_you_mean(name, known_tables, "[{}]")
            message = (
                f"practice.toml has no table [{name}].{hint} The tables are " + ", ".join(f"[{t}]" for t in known_tables) + "."
            )
            self.problem(name, None, message, Subtype.UNKNOWN_KEY)
            return
        owners = [t.name for t in schema.TABLES if t.field(name)]
        if owners:
            message = f"{name} must go under a table header, such as [{owners[0]}]."
        else:
            message = f"{name} is not a setting practice.toml knows, and it is outside any [table]."
        self.problem("", name, message, Subtype.UNKNOWN_KEY)

    def _table(self, spec: schema.Table, content: dict[str, object], present: bool) -> None:
        keys = [f.key for f in spec.fields]
        for key in content:
            if spec.field(key) is None:
                hint = did_you_mean(key, keys, '"{}"')
                elsewhere = [t.name for t in schema.TABLES if t.field(key) and t.name != spec.name]
                if not hint and elsewhere:
                    hint = f" It belongs under [{elsewhere[0]}]."
                self.problem(
                    spec.name,
                    key,
                    f'[{spec.name}] has no setting "{key}".{hint} Its settings are: {", ".join(keys)}.',
                    Subtype.UNKNOWN_KEY,
                )
        for spec_field in spec.fields:
            self._value(spec, spec_field, content.get(spec_field.key), present)

    def _value(self, table: schema.Table, spec: Field, raw: object, table_present: bool) -> None:
        name = f"{table.name}.{spec.key}"
        label = f"{spec.key} in [{table.name}]"
        line = self.where.get((table.name, spec.key))
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if not spec.required:
                self.values[name] = Value(name, str(spec.default), spec.kind, spec.default, line)
                return
            where = (
                "is empty"
                if raw is not None
                else ("is missing" if table_present else f"is missing (there is no [{table.name}] table)")
            )
            self.problem(
                table.name, spec.key, f"{label} {where}: {spec.help} For example: {spec.key} = {_example(spec)}", Subtype.MISSING
            )
            return
        text = self._convert(table, spec, raw, label)
        if text is not None:
            self.values[name] = Value(name, text, spec.kind, raw if not isinstance(raw, str) else text, line)

    def _convert(self, table: schema.Table, spec: Field, raw: object, label: str) -> str | None:
        if spec.kind is Kind.DATE:
            if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
                return _format_date(raw)
            shown = f'"{raw}"' if isinstance(raw, str) else str(raw)
            self.problem(
                table.name,
                spec.key,
                f"{label} must be a date written like {spec.key} = {spec.example} (no quotes, no time); it is {shown}.",
                Subtype.INVALID,
            )
            return None
        if spec.kind is Kind.COUNT:
            if isinstance(raw, bool) or not isinstance(raw, int):
                self.problem(
                    table.name,
                    spec.key,
                    f"{label} must be a whole number without quotes, like {spec.key} = {spec.example}.",
                    Subtype.INVALID,
                )
                return None
            assert spec.minimum is not None and spec.maximum is not None
            if not spec.minimum <= raw <= spec.maximum:
                self.problem(
                    table.name,
                    spec.key,
                    f"{label} must be between {spec.minimum} and {spec.maximum}; it is {raw}.",
                    Subtype.INVALID,
                )
                return None
            return str(raw)
        if not isinstance(raw, str):
            self.problem(
                table.name,
                spec.key,
                f'{label} must be text in double quotes, like {spec.key} = "{spec.example}".',
                Subtype.INVALID,
            )
            return None
        if reason := _check_text(raw, spec, label):
            self.problem(table.name, spec.key, reason, Subtype.INVALID)
            return None
        return raw.strip()


def _example(spec: Field) -> str:
    return spec.example if spec.kind in (Kind.DATE, Kind.COUNT) else f'"{spec.example}"'


def load(path: Path, display: str | None = None) -> Practice:
    """Read and check the practice file; raise :class:`PracticeFileInvalid` listing every problem."""
    display = display or path.name
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
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise PracticeFileInvalid([_toml_problem(display, error)]) from None
    validator = _Validator(data, display, source.splitlines())
    validator.run()
    if validator.problems:
        raise PracticeFileInvalid(validator.problems)
    return Practice(path=path, values=validator.values)
