"""Problems shown on the line that caused them, when the build runs in GitHub Actions.

A therapist who edits ``practice.toml`` in GitHub's web editor never sees a
terminal. When ``GITHUB_ACTIONS=true``, every error and warning of this
extension, and every other Sphinx warning that has a location, is printed a
second time as a GitHub workflow command::

    ::error file=practice.toml,line=13::phone in [practice] is empty: ...

GitHub turns that into an annotation: on the run's summary page and on that
line of the commit or pull request. The ordinary ``file:line: ERROR:`` output
is unchanged.

The handler sits on Sphinx's logger namespace next to Sphinx's own warning
handler, so it sees exactly the records Sphinx prints (including those
collected from parallel readers and replayed later).
"""

from __future__ import annotations

import abc
import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from docutils import nodes
from sphinx.util import logging as sphinx_logging

from ..problems import RECORD_ATTRIBUTE, WARNING_TYPE, Problem
from ..text.advice import ADVICE_SUBTYPES

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_LOCATION = re.compile(r"^(?P<path>.*?)(?::(?P<line>\d+))?(?::(?P<col>\d+))?:?$")


def enabled() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def workspace() -> Path:
    """The repository root as GitHub sees it: annotation paths are relative to it."""
    return Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, file: str | None = None, line: int | None = None, col: int | None = None) -> str:
    """One workflow command, escaped as GitHub requires (``::error file=x,line=3::message``)."""
    properties = []
    if file:
        properties.append(f"file={_escape_property(file)}")
        if line:
            properties.append(f"line={line}")
            if col:
                properties.append(f"col={col}")
    joined = " " + ",".join(properties) if properties else ""
    return f"::{level}{joined}::{_escape_data(message)}"


def print_command(level: str, message: str, file: str | None = None, line: int | None = None, col: int | None = None) -> None:
    # Workflow commands are read from standard output.
    print(command(level, message, file, line, col), file=sys.stdout, flush=True)


def warning_type(record: logging.LogRecord) -> tuple[str, str]:
    """The ``type`` and ``subtype`` a Sphinx warning was logged with ("" when none)."""
    return getattr(record, "type", None) or "", getattr(record, "subtype", None) or ""


def suppressed(app: Sphinx, record: logging.LogRecord) -> bool:
    """Whether ``suppress_warnings`` in conf.py silences this warning."""
    return bool(sphinx_logging.is_suppressed_warning(*warning_type(record), app.config.suppress_warnings))


# File (relative to the repository), line, column, message, whether the problem is ours, and its subtype.
Located = tuple[str | None, int | None, int | None, str, bool, str]


class LocatedProblemHandler(sphinx_logging.WarningStreamHandler, metaclass=abc.ABCMeta):
    """Base of the handlers that pass each located warning or error on to a git host.

    A subclass of Sphinx's warning handler on purpose: Sphinx holds back and
    replays records for handlers of that class (``pending_warnings``), so each
    record reaches the handler exactly once, after Sphinx has read it.
    Suppressed warnings and warnings that name no file are passed over;
    :meth:`report` gets the rest, located.
    """

    def __init__(self, app: Sphinx, stream: TextIO) -> None:
        super().__init__(sphinx_logging.SafeEncodingWriter(stream))
        self.app = app
        self.setLevel(logging.WARNING)
        self.addFilter(sphinx_logging.OnceFilter())

    def emit(self, record: logging.LogRecord) -> None:
        if suppressed(self.app, record):
            return
        found = located(self.app, record)
        if found is not None:
            self.report(record, found)

    @abc.abstractmethod
    def report(self, record: logging.LogRecord, where: Located) -> None:
        """Pass on one located record."""


class GitHubAnnotations(LocatedProblemHandler):
    """Prints each located warning or error again as a GitHub workflow command."""

    def __init__(self, app: Sphinx, fatal_warnings: bool) -> None:
        super().__init__(app, sys.stdout)
        self.fatal_warnings = fatal_warnings

    def report(self, record: logging.LogRecord, where: Located) -> None:
        file, line, col, message, ours, subtype = where
        # A warning that stops the build is shown as an error; advice never stops one.
        if record.levelno >= logging.ERROR or (self.fatal_warnings and not (ours and subtype in ADVICE_SUBTYPES)):
            level = "error"
        else:
            level = "warning"
        print_command(level, message, file, line, col)


def located(app: Sphinx, record: logging.LogRecord) -> Located | None:
    """File (relative to the repository), line, column and message of a warning, or None when it names no file.

    A problem of this extension carries its record (:data:`..problems.RECORD_ATTRIBUTE`),
    whose fields are used as they are; other warnings are located from what
    Sphinx recorded.
    """
    kind, subtype = warning_type(record)
    ours = kind == WARNING_TYPE
    problem = getattr(record, RECORD_ATTRIBUTE, None)
    if isinstance(problem, Problem):
        file, line, col = where(app, problem.path)
        return file, problem.line, problem.column, problem.text, True, subtype
    file, line, col = where(app, getattr(record, "location", None))
    if file is None and not ours:
        return None  # a Sphinx warning that names no file has no line to show
    # Not getMessage(): Sphinx's records put "file:line: WARNING:" in front there.
    try:
        message = str(record.msg) % record.args if record.args else str(record.msg)
    except (TypeError, ValueError):
        message = str(record.msg)
    # Sphinx appends " [type.subtype]" for its terminal output; on the line it is noise.
    message = re.sub(r"( \[[\w.-]+\])+$", "", message)
    return file, line, col, message, ours, subtype


def where(app: Sphinx, location: object) -> tuple[str | None, int | None, int | None]:
    """File (relative to the repository), line and column of a record's location."""
    if isinstance(location, tuple) and len(location) == 2:
        docname, lineno = location
        if not docname:
            return None, None, None
        location = f"{app.env.doc2path(docname)}:{lineno}" if lineno else str(app.env.doc2path(docname))
    elif isinstance(location, nodes.Node):
        location = sphinx_logging.get_node_location(location)
    if not isinstance(location, str) or not location:
        return None, None, None
    match = _LOCATION.match(location)
    if not match or not match.group("path") or match.group("path").startswith("<"):
        return None, None, None
    path = Path(match.group("path"))
    if ":" not in location and not path.is_absolute() and not path.suffix:
        path = Path(app.env.doc2path(location))  # a bare document name
    if not path.is_absolute():
        # The extension's own problems name files relative to conf.py's folder.
        path = Path(app.confdir) / path
    try:
        shown = path.resolve().relative_to(workspace().resolve()).as_posix()
    except ValueError:
        shown = str(path)
    line = int(match.group("line")) if match.group("line") else None
    col = int(match.group("col")) if match.group("col") else None
    return shown, line, col


def install(app: Sphinx) -> None:
    """Add the handler for this Sphinx application, when running in GitHub Actions.

    Sphinx sets up its logging afresh for each application, removing every
    handler, so this runs from the extension's ``setup()``, for each build.
    """
    if not enabled():
        return
    # Sphinx 8.1+ keeps "-W" here; older releases had a public attribute.
    fatal = bool(getattr(app, "_fail_on_warnings", getattr(app, "warningiserror", False)))
    logging.getLogger(sphinx_logging.NAMESPACE).addHandler(GitHubAnnotations(app, fatal))


def warnings_stop_the_build() -> None:
    """Show warnings as errors from now on, for a run that fails on them without Sphinx's ``-W``.

    ``make check`` runs without ``-W`` so that advice stays advice, but fails
    on every other warning (see cli.py); its annotations must say so.
    """
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if isinstance(handler, GitHubAnnotations):
            handler.fatal_warnings = True
