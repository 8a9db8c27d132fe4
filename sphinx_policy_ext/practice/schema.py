"""What ``practice.toml`` may contain: its tables, keys, their kinds and help text.

This is the single description of the practice file. The loader validates
against it, the substitution names offered to MyST come from it, and the
README's list of variables is checked against the same help text.
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
    SWITCH = "switch"  # true or false
    CHOICE = "choice"  # one of a few words
    LANGUAGES = "languages"  # a list of language codes, e.g. ["en", "es"]
    COLOUR = "colour"  # "#1f3b5a", readable on the page (see look.py)
    LOGO = "logo"  # a path to an SVG or PNG file, from practice.toml's folder


PROFESSIONS = ("psychologist", "counselor", "social-worker", "marriage-family-therapist")


@dataclass(frozen=True)
class Field:
    key: str
    kind: Kind
    help: str
    required: bool = True
    default: object = None
    minimum: int | None = None  # for COUNT
    maximum: int | None = None  # for COUNT
    choices: tuple[str, ...] = ()  # for CHOICE
    example: str = ""
    substitutable: bool = True  # may be written {{ table.key }} in the text


@dataclass(frozen=True)
class Table:
    name: str  # dotted for a table inside a table: "policy.revisions"
    help: str
    fields: tuple[Field, ...]
    repeated: bool = False  # written [[name]], once per entry
    substitutable: bool = True
    # A table inside each entry of a [[table]]: "clinicians.board" is written
    # [clinicians.board] under that [[clinicians]] entry.
    in_entries: bool = False

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    @property
    def header(self) -> str:
        return f"[[{self.name}]]" if self.repeated else f"[{self.name}]"


def _switch(key: str, help: str, default: bool) -> Field:
    return Field(key, Kind.SWITCH, help, required=False, default=default, example="false" if default else "true")


BOARD_FIELDS = (
    Field("name", Kind.TEXT, "The board's full name.", example="State Board of Psychology"),
    Field("phone", Kind.PHONE, "The board's phone number.", example="(555) 010-0199"),
    Field("website", Kind.WEBSITE, "The board's website (starts with https://).", example="https://board.example.org"),
    Field("address", Kind.TEXT, "The board's postal address, on one line.", example="500 Capitol Ave, Springfield, IL 62701"),
)

SEED_SECTIONS = (
    ("friending", "Friend and contact requests."),
    ("fanning", "Fans and likes of a practice Facebook Page."),
    ("following", "Following your blog or Twitter."),
    ("interacting", "Messages on social networks, and how to reach you instead."),
    ("search-engines", "Searching for clients online."),
    ("google-reader", "Google Reader (the service closed in 2013)."),
    ("business-reviews", "Review sites such as Yelp, and your licensing board."),
    ("location-services", "Check-ins and location-based apps."),
    ("email", "Email."),
)
OPTIONAL_SECTIONS = (
    ("text-messaging", "Texting, and the secure client portal instead."),
    ("telehealth", "Video sessions and their privacy."),
    ("emergencies", "What to do in a crisis: 911 and the 988 Suicide & Crisis Lifeline."),
    ("newer-platforms", "Instagram, TikTok, LinkedIn and direct messages."),
)

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
            Field(
                "description",
                Kind.TEXT,
                "One or two sentences shown by search engines and link previews; without it, the policy's first paragraph.",
                required=False,
                example="How Harbor Light Counseling handles friend requests, reviews, messages and email.",
                substitutable=False,
            ),
            Field(
                "logo",
                Kind.LOGO,
                "Your logo, an SVG or PNG file under 200 KB, next to practice.toml (shown on the page, the PDF and the icon).",
                required=False,
                example="logo.svg",
                substitutable=False,
            ),
            Field(
                "accent_color",
                Kind.COLOUR,
                'Your brand colour for headings and links, written like "#1f3b5a"; it must be dark enough to read on white.',
                required=False,
                example="#1f3b5a",
                substitutable=False,
            ),
            Field(
                "accent_color_dark",
                Kind.COLOUR,
                "The colour for phones in dark mode, light enough to read on black; without it, a lighter shade of accent_color.",
                required=False,
                example="#8fb8e0",
                substitutable=False,
            ),
        ),
    ),
    Table(
        "therapist",
        "The clinician who signs the policy.",
        (
            Field("name", Kind.TEXT, "Full name as it appears on your license.", example="Dr. Jordan Rivera"),
            Field("credentials", Kind.TEXT, "Degrees and licenses after the name.", example="PhD, Licensed Psychologist"),
            Field(
                "profession",
                Kind.CHOICE,
                "Chooses how the policy names your licensing board and your code of ethics.",
                required=False,
                default="psychologist",
                choices=PROFESSIONS,
                example="psychologist",
            ),
            Field(
                "ethics_citation",
                Kind.TEXT,
                "Your own wording for the passage about testimonials, replacing the one for your profession.",
                required=False,
                example="I do not ask clients for testimonials.",
                substitutable=False,
            ),
        ),
    ),
    Table("board", "The licensing board a client may contact about your services.", BOARD_FIELDS),
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
            Field(
                "languages",
                Kind.LANGUAGES,
                "The languages of the policy: the page and PDFs are written in each. English is the original.",
                required=False,
                default=("en",),
                example='["en", "es"]',
                substitutable=False,
            ),
        ),
    ),
    Table(
        "policy.revisions",
        "The policy's history, newest last; the newest gives the effective date and version.",
        (
            Field("date", Kind.DATE, "The date this revision takes effect.", example="2026-01-15"),
            Field("version", Kind.TEXT, "The version name of this revision.", example="1.1"),
            Field("summary", Kind.TEXT, "What changed, in a sentence for clients.", example="Added a section on telehealth."),
        ),
        repeated=True,
        substitutable=False,
    ),
    Table(
        "sections",
        "Which sections the policy has: true to include, false to leave out.",
        tuple(_switch(key, help, True) for key, help in SEED_SECTIONS)
        + tuple(_switch(key, help, False) for key, help in OPTIONAL_SECTIONS),
        substitutable=False,
    ),
    Table(
        "clinicians",
        "For a group practice: one entry per clinician, each gets their own PDF.",
        (
            Field("name", Kind.TEXT, "The clinician's full name.", example="Sam Lee"),
            Field("credentials", Kind.TEXT, "Degrees and licenses.", example="MA, LPC"),
            Field(
                "profession",
                Kind.CHOICE,
                "The clinician's profession (see [therapist] profession).",
                required=False,
                default="psychologist",
                choices=PROFESSIONS,
                example="counselor",
            ),
            Field("email", Kind.EMAIL, "The clinician's own email, if any.", required=False, example="sam@example.com"),
        ),
        repeated=True,
        substitutable=False,
    ),
    Table(
        "clinicians.board",
        "A clinician's own licensing board, when it is not the practice's [board]; the same settings as [board].",
        BOARD_FIELDS,
        substitutable=False,
        in_entries=True,
    ),
)

# Values the text may use that are not written in practice.toml but follow
# from it (the profession's wording); see professions.py.
DERIVED_NAMES = (
    "profession.code",
    "profession.field",
    "profession.board",
    "profession.testimonials",
    "profession.no_solicit",
    "profession.no_request",
)


def table(name: str) -> Table | None:
    return next((t for t in TABLES if t.name == name), None)


def top_level_names() -> list[str]:
    return sorted({t.name.split(".")[0] for t in TABLES})


def all_names() -> list[str]:
    """Every ``table.key`` a policy text may write as ``{{ table.key }}``."""
    names = [f"{t.name}.{f.key}" for t in TABLES if t.substitutable for f in t.fields if f.substitutable]
    return names + list(DERIVED_NAMES)


def section_keys() -> list[str]:
    sections = table("sections")
    assert sections is not None
    return [f.key for f in sections.fields]
