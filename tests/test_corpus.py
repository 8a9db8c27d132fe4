"""A corpus of mistakes a therapist makes, each with the message it must get.

Every case edits a copy of this repository's own policy (``practice.toml``
and ``docs/index.md``), runs a command as ``make`` does, and asserts the exit
status, the exact ``file:line`` and the key words of the message, that the
mistake gets one message (not a second, contradicting one) and that no
Python traceback is ever printed.

Cases are rows of the tables below, grouped by the file they break. A new
mistake is a new row. Translations (``.po`` files) get their own table,
:data:`TRANSLATION_CASES`, once the Spanish edition lands: a row there edits
a file under ``locales/`` the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sphinx_policy_ext.commands.main import main

from .conftest import copy_policy

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
TOML = "practice.toml"
TEXT = "docs/index.md"
PHONE = 'phone = "(555) 010-0123"'
NAME = 'name = "Harbor Light Counseling"'
EFFECTIVE = "effective = 2026-01-15"
ACK = "(acknowledgement)=\n## Acknowledgement"


@dataclass(frozen=True)
class Case:
    id: str
    file: str  # the file edited, and named in the message
    old: str  # text in the file ...
    new: str  # ... replaced by this ("" deletes it)
    marker: str | None  # text on the line the message must name (None: the message names the file only)
    words: tuple[str, ...]  # key words of the message
    status: int = 1
    command: str = "check"
    messages: int = 1  # how many located messages the mistake gets
    extra: dict[str, str] = field(default_factory=dict)  # other files to write, by path


def bad_toml(id: str, old: str, new: str, marker: str | None, *words: str, messages: int = 1) -> Case:
    return Case(id, TOML, old, new, marker, words, messages=messages)


def bad_text(id: str, old: str, new: str, marker: str | None, *words: str, status: int = 1) -> Case:
    return Case(id, TEXT, old, new, marker, words, status=status)


def before_ack(id: str, inserted: str, marker: str, *words: str, status: int = 1) -> Case:
    """A block written just before the acknowledgement section."""
    return bad_text(id, ACK, f"{inserted}\n\n{ACK}", marker, *words, status=status)


PRACTICE_CASES = [
    # Word-processor habits
    bad_toml(
        "curly-quotes",
        NAME,
        "name = \u201cHarbor Light Counseling\u201d",
        "name = \u201c",
        "typographic quotes",
        'Write the line as: name = "Harbor Light Counseling"',
    ),
    bad_toml(
        "curly-single-quotes",
        NAME,
        "name = \u2018Harbor Light Counseling\u2019",
        "name = \u2018",
        "typographic quotes",
        'Write the line as: name = "Harbor Light Counseling"',
    ),
    bad_toml(
        "curly-opening-straight-closing",
        PHONE,
        'phone = \u201c(555) 010-0123"',
        "phone = \u201c",
        'Write the line as: phone = "(555) 010-0123"',
    ),
    bad_toml(
        "curly-quotes-email",
        'email = "office@example.com"',
        "email = \u201coffice@example.com\u201d",
        "email = \u201c",
        "straight double quotes",
        'email = "office@example.com"',
    ),
    bad_toml(
        "nbsp-before-equals",
        PHONE,
        'phone\u00a0= "(555) 010-0123"',
        "phone\u00a0=",
        "non-breaking space",
        f"Write the line as: {PHONE}",
    ),
    bad_toml("nbsp-indent", "[board]", "\u00a0[board]", "\u00a0[board]", "non-breaking space", "Write the line as: [board]"),
    bad_toml("narrow-nbsp", PHONE, 'phone =\u202f"(555) 010-0123"', "phone =\u202f", "narrow non-breaking space"),
    bad_toml(
        "tab-in-value",
        NAME,
        'name = "Harbor\tLight Counseling"',
        "Harbor\tLight",
        "has a tab in it",
        'Write the line as: name = "Harbor Light Counseling"',
    ),
    bad_toml(
        "us-date",
        EFFECTIVE,
        "effective = 01/15/2026",
        "effective = 01/15",
        "year-month-day",
        "Write the line as: effective = 2026-01-15",
    ),
    bad_toml(
        "us-date-short",
        EFFECTIVE,
        "effective = 1/5/2026",
        "effective = 1/5",
        "January 5, 2026",
        "Write the line as: effective = 2026-01-05",
    ),
    bad_toml("us-date-dashes", EFFECTIVE, "effective = 01-15-2026", "effective = 01-15", "effective = 2026-01-15"),
    bad_toml(
        "month-name-quoted",
        EFFECTIVE,
        'effective = "January 15, 2026"',
        'effective = "January',
        "year-month-day",
        "Write the line as: effective = 2026-01-15",
    ),
    bad_toml(
        "month-name-bare",
        EFFECTIVE,
        "effective = January 15, 2026",
        "effective = January",
        "Write the line as: effective = 2026-01-15",
    ),
    bad_toml("month-abbreviated", EFFECTIVE, 'effective = "Jan 15 2026"', 'effective = "Jan', "effective = 2026-01-15"),
    bad_toml("day-first", EFFECTIVE, 'effective = "15 January 2026"', 'effective = "15 J', "effective = 2026-01-15"),
    bad_toml(
        "quoted-iso-date",
        EFFECTIVE,
        'effective = "2026-01-15"',
        'effective = "2026',
        "written without quotes",
        "Write the line as: effective = 2026-01-15",
    ),
    bad_toml(
        "date-with-time", EFFECTIVE, "effective = 2026-01-15T09:00:00", "effective = 2026-01-15T", "must be a date", "no time"
    ),
    bad_toml("impossible-date", EFFECTIVE, "effective = 2026-02-30", "effective = 2026-02-30", "cannot be read here"),
    bad_toml(
        "revision-us-date",
        "[sections]",
        '[[policy.revisions]]\ndate = 01/15/2026\nversion = "1.0"\nsummary = "First version."\n\n[sections]',
        "date = 01/15",
        "Write the line as: date = 2026-01-15",
    ),
    bad_toml(
        "curly-closing-quote",
        NAME,
        'name = "Harbor Light Counseling\u201d',
        "Harbor Light Counseling\u201d",
        "ends with a typographic quote",
        'Write the line as: name = "Harbor Light Counseling"',
    ),
    bad_toml(
        "year-first-slashes",
        EFFECTIVE,
        "effective = 2026/01/15",
        "effective = 2026/01/15",
        "Write the line as: effective = 2026-01-15",
    ),
    bad_toml(
        "day-first-dots",
        EFFECTIVE,
        "effective = 15.01.2026",
        "effective = 15.01.2026",
        "Write the line as: effective = 2026-01-15",
    ),
    # Structure
    bad_toml("misspelt-table-practice", "[practice]", "[practis]", "[practis]", "Did you mean [practice]?"),
    bad_toml("misspelt-table-therapist", "[therapist]", "[therapsit]", "[therapsit]", "Did you mean [therapist]?"),
    bad_toml("misspelt-table-board", "[board]", "[bord]", "[bord]", "Did you mean [board]?"),
    bad_toml("misspelt-table-sections", "[sections]", "[section]", "[section]", "Did you mean [sections]?"),
    bad_toml("misspelt-key-phone", PHONE, 'phnoe = "(555) 010-0123"', "phnoe =", 'Did you mean "phone"?'),
    bad_toml(
        "misspelt-key-email", 'email = "office@example.com"', 'emial = "office@example.com"', "emial =", 'Did you mean "email"?'
    ),
    bad_toml("misspelt-section-switch", "telehealth = false", "telehealh = false", "telehealh", 'Did you mean "telehealth"?'),
    bad_toml("key-under-wrong-table", 'version = "1.0"', "", None, "", messages=-1),  # replaced below
    bad_toml("optional-key-under-wrong-table", "signature_lines = 4\n", "", None, "", messages=-1),  # replaced below
    bad_toml("key-outside-any-table", "[practice]", 'fax = "1"\n[practice]', 'fax = "1"', "outside any [table]"),
    bad_toml("setting-outside-any-table", "[practice]", 'phone2 = "1"\n[practice]', 'phone2 = "1"', "outside any [table]"),
    bad_toml("unknown-key", PHONE, f'{PHONE}\nfax = "1"', 'fax = "1"', '[practice] has no setting "fax"'),
    bad_toml("duplicate-key", NAME, f'{NAME}\nname = "Other"', 'name = "Other"', "written twice"),
    bad_toml("duplicate-table", "[policy]", "[board]\n[policy]", "[board]\n[policy]", "table is written twice"),
    bad_toml("missing-table", "[board]", "[old-board]", "[old-board]", "has no table [old-board]", "Did you mean [board]?"),
    # Values
    bad_toml("empty-phone", PHONE, 'phone = ""', 'phone = ""', "phone in [practice] is empty", 'phone = "(555) 010-0123"'),
    bad_toml("blank-name", NAME, 'name = "   "', 'name = "   "', "name in [practice] is empty"),
    bad_toml("missing-phone", f"{PHONE}\n", "", "[practice]", "phone in [practice] is missing"),
    bad_toml(
        "unclosed-string",
        PHONE,
        'phone = "(555) 010-0123',
        'phone = "(555) 010-0123',
        "cannot be read here",
        "closing double quote",
    ),
    bad_toml("no-quotes", PHONE, "phone = (555) 010-0123", "phone = (555)", "cannot be read here", "double quotes"),
    bad_toml("no-equals", PHONE, 'phone "(555) 010-0123"', 'phone "(555)', "cannot be read here"),
    bad_toml("too-many-lines", "signature_lines = 4", "signature_lines = 40", "signature_lines = 40", "between 1 and 12"),
    bad_toml("zero-lines", "signature_lines = 4", "signature_lines = 0", "signature_lines = 0", "between 1 and 12"),
    bad_toml(
        "quoted-number", "signature_lines = 4", 'signature_lines = "4"', 'signature_lines = "4"', "whole number without quotes"
    ),
    bad_toml(
        "website-without-https",
        'website = "https://board.example.org"',
        'website = "board.example.org"',
        'website = "board.example.org"',
        "starting with https://",
    ),
    bad_toml(
        "website-script",
        'website = "https://www.example.com/social-media-policy"',
        'website = "javascript:alert(1)"',
        "javascript:",
        "starting with https://",
    ),
    bad_toml("email-with-space", 'email = "office@example.com"', 'email = "office @example.com"', "office @", "no spaces"),
    bad_toml(
        "profession-typo", 'profession = "psychologist"', 'profession = "counsellor"', "counsellor", 'Did you mean "counselor"?'
    ),
    bad_toml(
        "profession-capital",
        'profession = "psychologist"',
        'profession = "Psychologist"',
        'profession = "Psychologist"',
        'Did you mean "psychologist"?',
    ),
    bad_toml("switch-yes", "email = true", 'email = "yes"', 'email = "yes"', "must be true or false"),
    bad_toml("control-character", NAME, 'name = "Harbor\\u0007Light"', "Harbor\\u0007", "invisible control characters"),
    bad_toml("emoji-in-name", NAME, 'name = "Harbor Light \U0001f60a"', "Harbor Light \U0001f60a", "cannot show"),
    bad_toml(
        "revision-without-summary",
        "[sections]",
        '[[policy.revisions]]\ndate = 2026-06-01\nversion = "1.1"\n\n[sections]',
        "[[policy.revisions]]\ndate",
        "summary in [[policy.revisions]] is missing",
    ),
    bad_toml(
        "clinician-bad-profession",
        "[sections]",
        '[[clinicians]]\nname = "Sam Lee"\ncredentials = "MA"\nprofession = "social worker"\n\n[sections]',
        'profession = "social worker"',
        'Did you mean "social-worker"?',
    ),
]

# Moved keys: the line they were moved to is the one to name, and "missing" is not said as well.
PRACTICE_CASES = [c for c in PRACTICE_CASES if c.messages != -1] + [
    Case(
        "key-under-wrong-table",
        TOML,
        "[practice]\n",
        '[practice]\nversion = "1.1"\n',
        'version = "1.1"',
        ("belongs under [policy]", "move this line"),
        extra={"drop": 'version = "1.0"\n'},
    ),
    Case(
        "optional-key-under-wrong-table",
        TOML,
        "[practice]\n",
        "[practice]\nsignature_lines = 4\n",
        "signature_lines = 4",
        ("belongs under [policy]",),
        extra={"drop": "signature_lines = 4\n# (moved)"},
    ),
    Case(
        "emptied-file",
        TOML,
        "",
        "",
        None,
        ("practice.toml is empty", "git checkout practice.toml", "History"),
        extra={"replace_all": "\n"},
    ),
    Case("only-comments", TOML, "", "", None, ("practice.toml is empty",), extra={"replace_all": "# nothing here\n"}),
]

TEXT_CASES = [
    # Raw HTML: the page and the PDF would disagree
    bad_text(
        "inline-bold-tag",
        "Thank you for taking",
        "Thank <b>you</b> for taking",
        "Thank <b>",
        "cannot be used in the policy text",
        "Write **bold** instead",
        "Write the line as: Thank **you** for taking",
    ),
    bad_text(
        "inline-italic-tag",
        "Thank you for taking",
        "Thank <i>you</i> for taking",
        "Thank <i>",
        "*italic*",
        "Thank *you* for taking",
    ),
    bad_text("strong-tag", "Thank you for taking", "Thank <strong>you</strong> for taking", "<strong>", "Thank **you** for"),
    bad_text("line-break-tag", "Thank you for taking", "Thank you<br> for taking", "you<br>", "a backslash"),
    bad_text(
        "link-tag",
        "Thank you for taking",
        'Thank <a href="https://x.example">you</a> for taking',
        "<a href",
        "[the words](https://the.address)",
    ),
    before_ack("script-block", "<script>alert(1)</script>", "<script>", "Remove the <script>", "runs no scripts"),
    before_ack("div-block", "<div>\nA note.\n</div>", "<div>", "a blank line"),
    before_ack("html-comment", "<!-- a note to myself -->", "<!--", "An HTML comment", "start the line with %"),
    before_ack("iframe", '<iframe src="https://x.example"></iframe>', "<iframe", "Remove the <iframe>"),
    before_ack("raw-block", "```{raw} html\n<b>x</b>\n```", "```{raw}", "A {raw} block cannot be used", "**bold**"),
    before_ack("eval-rst-block", "```{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n```", "```{eval-rst}", "A {eval-rst} block"),
    before_ack("raw-colon-block", ":::{raw} html\n<b>x</b>\n:::", ":::{raw}", "A {raw} block cannot be used"),
    bad_text(
        "tag-inside-a-card",
        "I don't accept friend or contact requests",
        "I don't accept <u>friend</u> or contact requests",
        "<u>friend",
        "cannot be used in the policy text",
    ),
    # Blocks that are never closed
    before_ack(
        "unclosed-container",
        ":::{container} policy-contact\nA note.",
        ":::{container} policy-contact\nA note.",
        "is never closed",
        "Add a line with just :::",
    ),
    before_ack("unclosed-code", "```\nsome code", "```\nsome", "is never closed", "```"),
    bad_text(
        "unclosed-card-in-grid",
        "Texts and social media messages are not secure, and I may not see them in time.\n:::",
        "Texts and social media messages are not secure, and I may not see them in time.",
        ":::{grid-item-card} Please don't message me",
        "is never closed",
    ),
    # Structure, in our words
    bad_text(
        "skipped-heading-level",
        "## Email",
        "#### Email",
        "#### Email",
        "jumps from level 2 to level 4",
        "Write the line as: ### Email",
        status=1,
    ),
    bad_text(
        "misspelt-directive",
        ":::{grid-item-card} How to reach me",
        ":::{grid-item-crd} How to reach me",
        "grid-item-crd",
        'There is no block called "{grid-item-crd}"',
        "Did you mean {grid-item-card}?",
    ),
    bad_text(
        "misspelt-policy-directive",
        ":::{policy-signature-lines}",
        ":::{policy-signature-line}",
        "policy-signature-line}",
        "Did you mean {policy-signature-lines}?",
    ),
    bad_text(
        "card-without-title",
        ":::{grid-item-card} How to reach me",
        ":::{grid-item-card}",
        ":::{grid-item-card}\n",
        "This card has no title",
    ),
    bad_text(
        "text-directly-in-grid",
        ":class-container: policy-glance\n",
        ":class-container: policy-glance\n\nA stray line.\n",
        "A stray line.",
        "everything must be a card",
    ),
    before_ack(
        "card-outside-grid", ":::{grid-item-card} Lost\nText.\n:::", ":::{grid-item-card} Lost", "not inside a {grid} block"
    ),
    bad_text(
        "misspelt-card-option",
        ":class-card: policy-glance-card\n:class-item: policy-requires-friending",
        ":clas-card: policy-glance-card\n:class-item: policy-requires-friending",
        ":clas-card:",
        'has no setting ":clas-card:"',
        "Did you mean :class-card:?",
    ),
    before_ack("unknown-role", "Write {bold}`this`.", "{bold}`this`", '"{bold}" is not something the text can use'),
    bad_text("duplicate-label", "(conclusion)=", "(email)=", "(email)=\n## Conclusion", "The label (email)= is used twice"),
    before_ack("link-to-nowhere", "See [the rules](#nowhere).", "[the rules](#nowhere)", 'The link to "#nowhere" leads nowhere'),
    bad_text(
        "first-heading-level-two",
        "# {{ practice.name }} Social Media Policy",
        "## {{ practice.name }} Social Media Policy",
        "## {{ practice.name }} Social",
        "first heading must be its title",
    ),
    before_ack(
        "missing-picture", "![Our office](office.png)", "![Our office]", 'The picture "office.png" is not in the docs folder'
    ),
    bad_text(
        "grid-bad-argument",
        "::::{grid} 1 1 2 2",
        "::::{grid} two",
        "::::{grid} two",
        "not what that block takes",
        "Check it against the README",
        status=1,
    ),
    before_ack(
        "ref-to-nowhere", "See {ref}`no-such-label`.", "{ref}`no-such-label`", "No section has the label (no-such-label)="
    ),
    before_ack("link-to-another-page", "See {doc}`other`.", "{doc}`other`", 'There is no page "other"'),
    # Values and placeholders
    bad_text(
        "unknown-value",
        "call me at {{ practice.phone }}",
        "call me at {{ practice.phnoe }}",
        "practice.phnoe",
        "is not a value in practice.toml",
        "Did you mean {{ practice.phone }}?",
    ),
    bad_text(
        "unknown-table-value",
        "call me at {{ practice.phone }}",
        "call me at {{ office.phone }}",
        "office.phone",
        "is not a value in practice.toml",
    ),
    bad_text(
        "expression-in-braces",
        "call me at {{ practice.phone }}",
        "call me at {{ practice.phone | upper }}",
        "| upper",
        "Only a value name can go between",
    ),
    bad_text("empty-braces", "call me at {{ practice.phone }}", "call me at {{ }}", "call me at {{ }}", "Only a value name"),
    bad_text(
        "placeholder-insert",
        "call me at {{ practice.phone }}",
        "call me at [Insert your phone number here]",
        "[Insert",
        "A placeholder from the template is still in the text",
    ),
    bad_text("placeholder-your", "{{ board.name }}\\", "[Your State Board of Psychology]\\", "[Your State", "placeholder"),
    bad_text(
        "placeholder-instructions",
        "Thank you for taking",
        "Update this with your contact information. Thank you for taking",
        "Update this with",
        "placeholder",
    ),
    # Blocks every policy keeps
    bad_text(
        "attribution-removed",
        ":::{container} policy-attribution",
        ":::{container} policy-credit",
        "## Acknowledgement",
        "license credit",
        "policy-attribution",
    ),
    bad_text(
        "download-removed",
        ":::{policy-pdf-download}\nDownload the PDF to sign\n:::\n",
        "",
        ":::{rubric} The full policy",
        "The block that offers the PDF to sign is missing",
    ),
    # Advice: printed, never fatal
    before_ack(
        "closed-service-named",
        "I am not on Gowalla.",
        "I am not on Gowalla.",
        "The text still names Gowalla",
        "Reword or remove",
        status=0,
    ),
]

COMMAND_CASES = [
    Case(
        "html-refuses-raw-html",
        TEXT,
        "Thank you for taking",
        "Thank <b>you</b> for taking",
        "Thank <b>",
        ("Write **bold** instead", "Nothing was published"),
        command="html",
    ),
    Case(
        "pdf-refuses-raw-html",
        TEXT,
        "Thank you for taking",
        "Thank <b>you</b> for taking",
        "Thank <b>",
        ("Write **bold** instead", "Nothing was published"),
        command="pdf",
    ),
    Case(
        "pdf-refuses-missing-attribution",
        TEXT,
        ":::{container} policy-attribution",
        ":::{container} x",
        "## Acknowledgement",
        ("license credit", "Nothing was published"),
        command="pdf",
    ),
    Case(
        "html-us-date",
        TOML,
        EFFECTIVE,
        "effective = 01/15/2026",
        "effective = 01/15",
        ("effective = 2026-01-15",),
        command="html",
    ),
    Case("pdf-curly-quotes", TOML, NAME, "name = \u201cHarbor\u201d", "name = \u201c", ('name = "Harbor"',), command="pdf"),
    Case("check-says-it-found-problems", TOML, PHONE, 'phone = ""', 'phone = ""', ("The check found problems",), command="check"),
    Case(
        "html-skipped-heading",
        TEXT,
        "## Email",
        "#### Email",
        "#### Email",
        ("jumps from level 2 to level 4",),
        command="html",
    ),
    Case("pdf-misspelt-table", TOML, "[board]", "[bord]", "[bord]", ("Did you mean [board]?",), command="pdf"),
    Case(
        "missing-practice-file", TOML, "", "", None, ("The practice file is missing",), command="check", extra={"delete": "yes"}
    ),
    Case(
        "changes-without-from",
        TOML,
        "",
        "",
        None,
        ("Say which version clients last saw", "make changes FROM="),
        command="changes",
        extra={"no-edit": "yes"},
    ),
    Case(
        "changes-outside-git",
        TOML,
        "",
        "",
        None,
        ("not a git repository",),
        command="changes",
        extra={"no-edit": "yes", "from": "v1.0"},
    ),
    Case(
        "preview-with-another-target",
        TOML,
        "",
        "",
        None,
        ("preview runs on its own",),
        command="preview html",
        extra={"no-edit": "yes"},
    ),
]

# Mistakes in the translations (docs/locales/<language>/LC_MESSAGES/*.po), made
# with the Spanish edition switched on (see SPANISH below).
PO = "docs/locales/es/LC_MESSAGES/index.po"
SPANISH = {'# languages = ["en", "es"]': 'languages = ["en", "es"]'}
GLANCE = 'msgstr "En resumen"'


def bad_po(id: str, old: str, new: str, marker: str | None, *words: str) -> Case:
    return Case(id, PO, old, new, marker, words)


TRANSLATION_CASES: list[Case] = [
    bad_po("po-template-expression", GLANCE, 'msgstr "En resumen {{ 7*7 }}"', "{{ 7*7 }}", '"{{ 7*7 }}" is not one'),
    bad_po(
        "po-misspelt-name",
        "llámeme al {{ practice.phone }}.",
        "llámeme al {{ practice.phnoe }}.",
        "phnoe",
        "Did you mean {{ practice.phone }}?",
    ),
    bad_po(
        "po-dropped-name",
        "Escriba a {{ practice.email }} para",
        "Escriba para",
        "Escriba para",
        'leaves out "{{ practice.email }}"',
    ),
    bad_po("po-added-html", GLANCE, 'msgstr "En <b>resumen</b>"', "<b>resumen", "HTML", "Write the line as: En **resumen**"),
    bad_po("po-added-link", GLANCE, 'msgstr "En [resumen](javascript:alert(1))"', "](javascript", "cannot add HTML, links"),
    bad_po("po-lost-closing-quote", GLANCE, 'msgstr "En resumen', 'msgstr "En resumen', "cannot be read", "double quotes"),
    bad_po("po-emptied-translation", GLANCE, 'msgstr "" ', 'msgstr "" ', "has no Spanish translation yet", "keep-english"),
    bad_po(
        "po-marked-fuzzy",
        'msgid "At a glance"',
        '#, fuzzy\nmsgid "At a glance"',
        'msgid "At a glance"',
        "out of date",
        '"#, fuzzy"',
    ),
    Case(
        "languages-without-a-catalog",
        TOML,
        '# languages = ["en", "es"]',
        'languages = ["en", "fr"]',
        "languages = ",
        ("French", "docs/locales/fr/LC_MESSAGES/index.po is missing", "make translations"),
    ),
    Case(
        "languages-without-english",
        TOML,
        '# languages = ["en", "es"]',
        'languages = ["es"]',
        "languages = ",
        ('must include "en"',),
    ),
]

ALL_CASES = PRACTICE_CASES + TEXT_CASES + COMMAND_CASES + TRANSLATION_CASES


def prepare(root: Path, case: Case) -> Path:
    target = root / case.file
    if case.extra.get("delete"):
        target.unlink()
        return target
    if case.extra.get("no-edit"):
        return target
    if "replace_all" in case.extra:
        target.write_text(case.extra["replace_all"], encoding="utf-8")
        return target
    text = target.read_text(encoding="utf-8")
    if "drop" in case.extra:
        dropped = case.extra["drop"].split("\n# ")[0]
        assert dropped in text, dropped
        text = text.replace(dropped, "", 1)
    assert case.old in text, f"{case.old!r} is not in {case.file}"
    target.write_text(text.replace(case.old, case.new, 1), encoding="utf-8")
    return target


def run(root: Path, case: Case, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    targets = case.command.split()
    arguments = [*targets, "--root", str(root), "--quiet"]
    if case.command == "changes" and "from" in case.extra:
        arguments += ["--from", case.extra["from"]]
    status = main(arguments)
    out, err = capsys.readouterr()
    return status, _ANSI.sub("", out + err)


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_each_mistake_gets_one_located_message(tmp_path: Path, case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_policy(tmp_path / "policy", SPANISH if case.file == PO else None)
    target = prepare(root, case)
    status, output = run(root, case, capsys)
    assert status == case.status, output
    assert "Traceback" not in output and "Exception" not in output
    for words in case.words:
        assert words in output, f"{words!r} not in:\n{output}"
    located = re.findall(r"^(\S+?):(\d+)(?::\d+)?: (?:ERROR|WARNING): ", output, re.MULTILINE)
    if case.marker is not None:
        text = target.read_text(encoding="utf-8")
        line = text[: text.index(case.marker)].count("\n") + 1
        assert (case.file, str(line)) in located, f"{case.file}:{line} not named in:\n{output}"
        # One mistake, one message (a few mistakes are really two, and say so).
        assert len(located) == case.messages, output
    # Paths are the project's, never the build machine's.
    assert str(root) not in output.replace(f"{root}/_build", "")


def test_the_corpus_is_large_and_covers_every_file() -> None:
    assert len(ALL_CASES) >= 80
    assert len({c.id for c in ALL_CASES}) == len(ALL_CASES)
    assert {c.file for c in ALL_CASES} >= {TOML, TEXT}
    assert {c.command.split()[0] for c in ALL_CASES} >= {"check", "html", "pdf", "changes", "preview"}
