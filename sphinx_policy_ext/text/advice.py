"""Advice from ``make check``: values that look wrong, and services that no longer exist.

Errors stop every build. Advice does not: an email address without an @, a
phone number with three digits, an effective date years away, or a paragraph
about Google Reader are most likely mistakes, but they still make a complete
policy, and the template's own text names several closed services until a
therapist tailors it. So advice is only printed when ``policy_advice = True``
(``make check`` sets it), as warnings of type ``policy`` with the subtypes
``looks_wrong`` and ``defunct``, and ``make check`` does not fail on them.

The text is scanned whenever a document is read, after sections switched off
in practice.toml are removed, and the findings are kept in the environment per document, so a check after an unchanged build still
prints them.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.metadata
import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from ..practice.schema import Kind
from ..problems import Problem, Subtype, log
from ..state import PerDocument, is_policy, practice_of, project_path
from .revisions import REVISIONS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..practice.loading import Practice, Value

# The warning subtypes of advice: printed by a check, never fatal to it.
ADVICE_SUBTYPES = frozenset({Subtype.LOOKS_WRONG.value, Subtype.DEFUNCT.value})

# E.164 allows at most 15 digits; no dialable number, local or not, has fewer than 7.
_MIN_DIGITS, _MAX_DIGITS = 7, 15
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*\d+\s*$", re.IGNORECASE)
_MAX_AHEAD = dt.timedelta(days=366)


@dataclass(frozen=True)
class Service:
    pattern: re.Pattern[str]
    name: str
    why: str


DEFUNCT_SERVICES = (
    Service(re.compile(r"\bGoogle\s+Reader\b", re.IGNORECASE), "Google Reader", "which Google shut down in 2013"),
    Service(re.compile(r"\bGowalla\b", re.IGNORECASE), "Gowalla", "which closed in 2012"),
    Service(re.compile(r"\bLoopt\b", re.IGNORECASE), "Loopt", "which closed in 2012"),
    Service(
        re.compile(r"\bFoursquare\b", re.IGNORECASE),
        "Foursquare",
        "whose check-ins moved to a separate app (Swarm) in 2014",
    ),
    # Case matters here: "my space" is ordinary English.
    Service(re.compile(r"\bMy[Ss]pace\b"), "MySpace", "which hardly anyone uses as a social network any more"),
)


def value_advice(
    practice: Practice, path: str, today: dt.date | None = None, email_verdicts: EmailVerdicts | None = None
) -> list[Problem]:
    """Advice about values that are valid but look wrong.

    ``email_verdicts``: what email-validator said in earlier checks (see
    :class:`EmailVerdicts`).
    """
    today = today or dt.date.today()
    email_verdicts = email_verdicts or EmailVerdicts()
    found: list[Problem] = []
    for value in practice.values.values():
        table, key = value.name.split(".")
        label = f"{key} in [{table}]"
        message: str | None = None
        if value.kind is Kind.EMAIL:
            message = _email(value, label, email_verdicts)
        elif value.kind is Kind.PHONE:
            message = _phone(value, label)
        elif value.kind is Kind.DATE and isinstance(value.raw, dt.date) and value.raw - today > _MAX_AHEAD:
            message = (
                f"{label} is {value.text}, more than a year from today. "
                "Check the year: the policy is shown as taking effect then."
            )
        if message:
            found.append(Problem(path, value.line, message, Subtype.LOOKS_WRONG))
    return found


def _email(value: Value, label: str, verdicts: EmailVerdicts) -> str | None:
    why = verdicts.why_not(value.text)
    if why is None:
        return None
    return (
        f'{label} does not look like an email address ("{value.text}"): {why} '
        'Clients will not be able to write to it. Write it like email = "office@example.com".'
    )


class EmailVerdicts:
    """email-validator's verdict on each address: why it is not an email address, or None.

    Verdicts of earlier checks are kept in the environment with the library's
    version and reused while both the address and the version are the same:
    importing the library costs more than all the rest of the advice, and
    most checks follow an edit to some other value.
    """

    def __init__(self, earlier: dict[tuple[str, str], str | None] | None = None) -> None:
        self.earlier = earlier or {}
        # This check's verdicts, by (version, address): what the next check may reuse.
        self.now: dict[tuple[str, str], str | None] = {}

    def why_not(self, address: str) -> str | None:
        version = _email_validator_version()
        if version is None:
            return _email_validator_verdict(address)
        key = (version, address)
        if key not in self.now:
            self.now[key] = self.earlier[key] if key in self.earlier else _email_validator_verdict(address)
        return self.now[key]


def _email_validator_verdict(address: str) -> str | None:
    # Imported here: only a check needs it, and it costs page and PDF builds time.
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as why:
        return str(why)
    return None


@functools.cache
def _email_validator_version() -> str | None:
    """The installed email-validator's version, found without importing it; None if unknown (nothing is reused then).

    Looked up in the folder the library is imported from: a look-up across
    all of ``sys.path`` reads the metadata of every installed package.
    """
    spec = importlib.util.find_spec("email_validator")
    if spec is None or spec.origin is None:
        return None
    site = str(Path(spec.origin).parent.parent)
    versions = {dist.version for dist in importlib.metadata.distributions(name="email-validator", path=[site])}
    return versions.pop() if len(versions) == 1 else None


def _phone(value: Value, label: str) -> str | None:
    number = _EXTENSION.sub("", value.text)
    digits = sum(c.isdigit() for c in number)
    letters = sum(c.isalpha() for c in number)
    if letters and digits >= 3 and _MIN_DIGITS <= digits + letters <= _MAX_DIGITS and "@" not in number:
        # A number written with letters (1-800-THERAPY): the tel: link dials
        # only the digits, so the letters would be lost from the call.
        return f'{label} has letters in it ("{value.text}"). Phones dial only the digits, so write the number with digits only.'
    if not _MIN_DIGITS <= digits <= _MAX_DIGITS:
        return (
            f'{label} does not look like a phone number ("{value.text}" has {digits} digits). '
            'Write the whole number, like phone = "(555) 010-0123".'
        )
    return None


def _defunct(service: Service) -> str:
    return (
        f"The text still names {service.name}, {service.why}. "
        "Reword or remove this part, or switch its section off in practice.toml, "
        "so clients read only about services they can use."
    )


def doctree_advice(doctree: nodes.document, path: str) -> list[Problem]:
    """Each paragraph, title or line that names a defunct service, once per service.

    Read from the doctree, so what is checked is what will be published:
    switched-off sections and MyST comments are already gone.
    """
    found: list[Problem] = []
    for block in doctree.findall(nodes.TextElement):
        if isinstance(block, nodes.comment) or not isinstance(block, nodes.paragraph | nodes.title | nodes.line):
            continue
        if _in_history(block):
            continue  # a revision summary tells what changed, naming what was removed: not advice
        text = block.astext()
        for service in DEFUNCT_SERVICES:
            if service.pattern.search(text):
                found.append(Problem(path, _line(block), _defunct(service), Subtype.DEFUNCT))
    return found


def _in_history(node: nodes.Node) -> bool:
    parent: nodes.Node | None = node
    while parent is not None:
        if isinstance(parent, nodes.Element) and REVISIONS in parent.get("classes", ()):
            return True
        parent = parent.parent
    return False


def _line(node: nodes.Node) -> int | None:
    """The node's line, or the nearest enclosing one's (a title's is often only on its section)."""
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return int(current.line)
        current = current.parent
    return None


# Findings per document, kept like the text's problems.
TEXT_ADVICE: PerDocument[Problem] = PerDocument("policy_text_advice")


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if not is_policy(env):
        return  # the project's other documents are its own business
    TEXT_ADVICE.of(env)[env.docname] = doctree_advice(doctree, project_path(env, env.doc2path(env.docname)))


# The environment's attribute with the last check's EmailVerdicts.now (pickled with it).
_EMAIL_VERDICTS = "policy_email_verdicts"


def all_advice(app: Sphinx, env: BuildEnvironment) -> Iterator[Problem]:
    practice = practice_of(env)
    verdicts = EmailVerdicts(getattr(env, _EMAIL_VERDICTS, None))
    found = value_advice(practice, project_path(env, practice.path), email_verdicts=verdicts)
    setattr(env, _EMAIL_VERDICTS, verdicts.now)
    yield from found
    yield from TEXT_ADVICE.all(env)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Print the advice, when asked for (``policy_advice = True``)."""
    if app.config.policy_advice:
        for item in all_advice(app, env):
            log(item, "warning")
    return []


def register(app: Sphinx) -> None:
    app.add_config_value(
        "policy_advice",
        False,
        "",  # advice is printed, never part of the output: changing it rebuilds nothing
        types=frozenset({bool}),
        description="Print advice about values that look wrong and services that no longer exist (make check).",
    )
    app.connect("doctree-read", on_doctree_read)
    TEXT_ADVICE.connect(app)
    # Before the text's errors stop the build, so a check shows both.
    app.connect("env-updated", on_env_updated, priority=400)
