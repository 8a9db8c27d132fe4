"""Word-processor habits in practice.toml, recognised before TOML reads the file.

A therapist editing in a browser, or pasting from a letter, writes things a
TOML parser only calls "Invalid value": typographic quotes around a value, a
non-breaking space where a space was meant, a date typed the US way or with
its month's name. Each is recognised here, line by line, and reported once,
with the line as it should be written. The loader then reads the file with
those lines corrected, so the rest of the file is still checked in the same
run (see :func:`..loading.load`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_KEY_VALUE = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z0-9_.-]+|\"[^\"]*\")(?P<eq>\s*=\s*)(?P<value>.*?)\s*$")
_OPENING = "\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb"
_ODD_SPACES = {"\u00a0": "a non-breaking space", "\u2007": "a figure space", "\u202f": "a narrow non-breaking space"}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_US_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTH_FIRST = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Habit:
    line: int
    message: str
    corrected: str  # the whole line, as it should be written
    date: bool = False  # a date written another way (a wrong value), not a TOML syntax habit


def as_date(text: str) -> dt.date | None:
    """A date written the US way (01/15/2026) or with its month's name (January 15, 2026; 15 Jan 2026)."""
    text = text.strip()
    try:
        if match := _US_DATE.match(text):
            first, second = int(match.group(1)), int(match.group(2))
            # Month first, as in the US; a first number above 12 can only be the day.
            month, day = (second, first) if first > 12 else (first, second)
            return dt.date(int(match.group(3)), month, day)
        if match := _YEAR_FIRST.match(text):
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if (match := _MONTH_FIRST.match(text)) and match.group(1).lower() in _MONTHS:
            return dt.date(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
        if (match := _DAY_FIRST.match(text)) and match.group(2).lower() in _MONTHS:
            return dt.date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError:
        return None
    return None


def _outside_strings(value: str) -> str:
    """The parts of a TOML value that are not inside "..." (enough for one-line values)."""
    return re.sub(r'"(?:[^"\\]|\\.)*"?', "", value)


def find(lines: list[str], date_keys: frozenset[str]) -> list[Habit]:
    """One :class:`Habit` for each line that shows a word-processor habit."""
    found: list[Habit] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        spaced = next((name for char, name in _ODD_SPACES.items() if char in _outside_strings(line)), None)
        if spaced:
            fixed = line
            for char in _ODD_SPACES:
                outside = _outside_strings(fixed)
                if char in outside:
                    # Only the spaces outside the quotes: inside, the value is the therapist's own.
                    parts = re.split(r'("(?:[^"\\]|\\.)*")', fixed)
                    fixed = "".join(p if p.startswith('"') else p.replace(char, " ") for p in parts)
            found.append(
                Habit(
                    number,
                    f"This line has {spaced} (often pasted from a word processor) where an ordinary space belongs. "
                    "Retype the spaces outside the quotes.",
                    fixed.strip(),
                )
            )
            continue
        match = _KEY_VALUE.match(line)
        if not match:
            continue
        key, value = match.group("key").strip('"'), match.group("value")
        if value[:1] in _OPENING:
            inner = value[1:].rstrip(_OPENING + '"')
            found.append(
                Habit(
                    number,
                    f"The value of {key} is between typographic quotes (\u201c \u201d), which TOML does not read as quotes. "
                    'Use straight double quotes (").',
                    f'{key} = "{inner}"',
                )
            )
            continue
        if value.startswith('"') and value[1:].rstrip()[-1:] in _OPENING and '"' not in value[1:]:
            # Opened with a straight quote, closed with a typographic one.
            found.append(
                Habit(
                    number,
                    f"The value of {key} ends with a typographic quote (\u201d), which TOML does not read as a quote. "
                    'Use a straight double quote (").',
                    f'{key} = "{value[1:].rstrip().rstrip(_OPENING)}"',
                )
            )
            continue
        if key in date_keys:
            bare = value.strip().strip("\"'")
            day = as_date(bare)
            if day is not None:
                found.append(
                    Habit(
                        number,
                        f'{key} must be written year-month-day, without quotes, like {key} = 2026-01-15; "{bare}" '
                        f"is {day:%B} {day.day}, {day.year}.",
                        f"{key} = {day.isoformat()}",
                        date=True,
                    )
                )
            elif value.startswith(("'", '"')) and _ISO.match(bare):
                found.append(
                    Habit(
                        number,
                        f"{key} is a date, which is written without quotes.",
                        f"{key} = {bare}",
                        date=True,
                    )
                )
    return found


def is_effectively_empty(source: str) -> bool:
    """Whether the file holds nothing but blank lines and comments."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in source.splitlines())


RESTORE = (
    "To get the sample back: on GitHub or GitLab, open practice.toml's History, open the last good version and copy "
    "its text into the file; on your computer, run git checkout practice.toml (or git restore practice.toml)."
)
