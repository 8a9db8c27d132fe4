"""What ``practice.toml`` may contain: its tables, keys, their kinds and help text.

This is the single description of the practice file. The loader validates
against it, the substitution names offered to MyST come from it, and the
README's list of variables is written from the same help text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """How a value is checked and how it is shown."""

    TEXT = "text"
    PHONE = "phone"  # shown as text, linked with tel:
    EMAIL = "email"  # linked with mailto:
    WEBSITE = "website"  # must be http(s); linked
    DATE = "date"  # a TOML date, e.g. 2026-01-15
    COUNT = "count"  # a whole number within a range


@dataclass(frozen=True)
class Field:
    key: str
    kind: Kind
    help: str
    required: bool = True
    default: object = None
    minimum: int | None = None  # for COUNT
    maximum: int | None = None  # for COUNT
    example: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    help: str
    fields: tuple[Field, ...]

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)


TABLES: tuple[Table, ...] = (
    Table(
        "practice",
        "Your practice, as clients should see it.",
        (
            Field("name", Kind.TEXT, "The practice's name.", example="Harbor Light Counseling"),
            Field(
                "address", Kind.TEXT, "Office address, on one line.", example="100 Example Way, Suite 2, Springfield, IL 62701"
            ),
            Field("phone", Kind.PHONE, "The number clients call between sessions.", example="(555) 010-0123"),
            Field("email", Kind.EMAIL, "Email for scheduling and other administrative questions.", example="office@example.com"),
            Field(
                "website",
                Kind.WEBSITE,
                "Where this policy is published (starts with https://).",
                example="https://www.example.com/social-media-policy",
            ),
        ),
    ),
    Table(
        "therapist",
        "The clinician who signs the policy.",
        (
            Field("name", Kind.TEXT, "Full name as it appears on your license.", example="Dr. Jordan Rivera"),
            Field("credentials", Kind.TEXT, "Degrees and licenses after the name.", example="PhD, Licensed Psychologist"),
        ),
    ),
    Table(
        "board",
        "The licensing board a client may contact about your services.",
        (
            Field("name", Kind.TEXT, "The board's full name.", example="State Board of Psychology"),
            Field("phone", Kind.PHONE, "The board's phone number.", example="(555) 010-0199"),
            Field("website", Kind.WEBSITE, "The board's website (starts with https://).", example="https://board.example.org"),
            Field(
                "address", Kind.TEXT, "The board's postal address, on one line.", example="500 Capitol Ave, Springfield, IL 62701"
            ),
        ),
    ),
    Table(
        "policy",
        "This version of the policy.",
        (
            Field(
                "effective",
                Kind.DATE,
                "The date this version takes effect, written 2026-01-15 (no quotes).",
                example="2026-01-15",
            ),
            Field("version", Kind.TEXT, "A name for this version, printed on every page and on the form.", example="1.0"),
            Field(
                "signature_lines",
                Kind.COUNT,
                "How many client Name/Date lines the acknowledgement form has.",
                required=False,
                default=4,
                minimum=1,
                maximum=12,
                example="4",
            ),
        ),
    ),
)


def table(name: str) -> Table | None:
    return next((t for t in TABLES if t.name == name), None)


def all_names() -> list[str]:
    """Every ``table.key`` a policy text may write as ``{{ table.key }}``."""
    return [f"{t.name}.{f.key}" for t in TABLES for f in t.fields]
