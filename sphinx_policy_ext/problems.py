"""Problems found in the practice file or the policy text, reported for a therapist.

Every problem carries the file and line it is about and says, in plain words,
what to do. Problems are logged through Sphinx (``file:line: ERROR: ...``,
type ``policy``) and then stop the build with :class:`PolicyError`, so nothing
is written from input that is known to be wrong.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sphinx.errors import SphinxError
from sphinx.util import logging

logger = logging.getLogger("sphinx_policy_ext")

WARNING_TYPE = "policy"


class Subtype(StrEnum):
    """Subtypes of the ``policy`` warning type (``suppress_warnings = ["policy.<subtype>"]``)."""

    TOML = "toml"  # practice.toml cannot be read
    UNKNOWN_KEY = "unknown_key"  # a table or key the practice file does not know
    MISSING = "missing"  # a required value is absent or empty
    INVALID = "invalid"  # a value of the wrong kind or out of range
    UNKNOWN_NAME = "unknown_name"  # {{ name }} in the text that is not a value
    PLACEHOLDER = "placeholder"  # template placeholder left in the text
    UNCLOSED = "unclosed"  # a ::: or ``` block never closed
    RAW_HTML = "raw_html"  # HTML tags, or a raw / eval-rst block, in the policy text
    STRUCTURE = "structure"  # a heading, block or card the text gets wrong (MyST, docutils, sphinx-design)
    REQUIRED = "required"  # a block every policy must keep (license credit, PDF download)
    PDF = "pdf"  # the PDF could not be written or is broken
    GLYPH = "glyph"  # a character the PDF's fonts cannot show
    TRANSLATION = "translation"  # a translation (.po) that cannot be used as written
    STALE = "stale"  # an English paragraph whose translation is missing or out of date
    # Advice printed by ``make check``; never stops a build (see advice.py).
    LOOKS_WRONG = "looks_wrong"  # a value that is valid but does not look like what it should be
    DEFUNCT = "defunct"  # the text names a service that no longer exists
    PAGE = "page"  # the web page would lack something it must show


@dataclass(frozen=True)
class Problem:
    """One mistake, as a record: formatted for people only where it is printed (:func:`text`)."""

    path: str  # as the therapist knows it, relative to the project when possible
    line: int | None
    message: str
    subtype: Subtype
    column: int | None = None
    suggestion: str | None = None  # the corrected line, when it can be derived

    @property
    def text(self) -> str:
        """The message as printed: what is wrong, what to do, and the corrected line."""
        if self.suggestion:
            return f"{self.message} Write the line as: {self.suggestion}"
        return self.message

    @property
    def location(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return where


class PolicyError(SphinxError):
    """The build stops because of problems already reported above."""

    category = "Policy problem"


def display_path(path: str | Path, base: str | Path) -> str:
    """``path`` relative to ``base`` where it lies inside it, else as given."""
    try:
        return str(Path(path).resolve().relative_to(Path(base).resolve()))
    except ValueError:
        return str(path)


# Log records of problems carry the record itself under this attribute, so that
# the CI outputs (GitHub annotations, GitLab's Code Quality report) read its
# fields instead of parsing the printed text back.
RECORD_ATTRIBUTE = "policy_problem"


def log(problem: Problem, level: str = "error") -> None:
    """Print one problem through Sphinx: ``file:line: ERROR: message [policy.subtype]``."""
    if problem.line:
        message, location = problem.text, problem.location
    else:
        # Sphinx reads a location without a line number as a document
        # name, so a whole-file problem names its file in the message.
        message, location = f"{problem.path}: {problem.text}", None
    method = logger.error if level == "error" else logger.warning
    method(message, location=location, type=WARNING_TYPE, subtype=problem.subtype.value, extra={RECORD_ATTRIBUTE: problem})


def report(problems: Iterable[Problem]) -> int:
    """Log each problem as a located Sphinx error; return how many there were."""
    count = 0
    for problem in problems:
        log(problem)
        count += 1
    return count


def stop(count: int, what: str) -> PolicyError:
    noun = "problem" if count == 1 else "problems"
    pronoun = "it" if count == 1 else "them"
    return PolicyError(f"{count} {noun} in {what}, listed above. Fix {pronoun} and try again.")


def did_you_mean(word: str, choices: Iterable[str], template: str = "{}") -> str:
    """`` Did you mean "x"?`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean {template.format(close[0])}?" if close else ""
