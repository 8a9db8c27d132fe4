"""The warnings of MyST, docutils and sphinx-design, said in our words, with the project-relative path.

A therapist who skips a heading level or misspells a block's name gets a
warning from the library that noticed it: ``Non-consecutive header level
increase; H2 to H4 [myst.header]``, ``All children of a 'grid-row' should be
'grid-item'``, with the build machine's absolute path in front. Those are
accurate, but written for programmers. Each warning a policy's author can
cause is translated here into what happened and what to write instead; the
original type and subtype still follow in brackets (Sphinx adds them), so
``suppress_warnings`` keeps working and a programmer can still look it up.

The filter sits on Sphinx's own warning handler, after Sphinx has turned the
warning's location into ``path:line``; it rewrites the record in place, so
every handler after it (GitHub annotations, GitLab's report) sees the same
words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging as sphinx_logging

from ..problems import WARNING_TYPE, did_you_mean
from ..state import is_policy

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

Translate = Callable[[re.Match[str], "_Context"], str]


class _Context:
    def __init__(self, app: Sphinx, path: Path | None, line: int | None) -> None:
        self.app = app
        self.path = path
        self.line = line

    def source_line(self) -> str | None:
        if self.path is None or not self.line:
            return None
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return None
        return lines[self.line - 1] if 0 < self.line <= len(lines) else None


def _directive_names() -> list[str]:
    from docutils.parsers.rst import directives

    registered = set(getattr(directives, "_directives", {})) | set(getattr(directives, "_directive_registry", {}))
    return sorted(registered)


def _role_names() -> list[str]:
    from docutils.parsers.rst import roles

    return sorted(set(getattr(roles, "_roles", {})) | set(getattr(roles, "_role_registry", {})))


def _heading(match: re.Match[str], context: _Context) -> str:
    before, after = int(match.group(1)), int(match.group(2))
    wanted = "#" * (before + 1)
    message = (
        f'This heading jumps from level {before} to level {after} ("{"#" * before}" to "{"#" * after}"). '
        f'A heading under a "{"#" * before}" heading starts with "{wanted}".'
    )
    line = context.source_line()
    if line and line.lstrip().startswith("#"):
        message += f" Write the line as: {wanted} {line.lstrip().lstrip('#').strip()}"
    return message


def _first_heading(match: re.Match[str], context: _Context) -> str:
    return "The policy's first heading must be its title, written with a single # (like # Social Media Policy)."


def _directive(match: re.Match[str], context: _Context) -> str:
    name = match.group(1)
    hint = did_you_mean(name, _directive_names(), "{{{}}}")
    return f'There is no block called "{{{name}}}".{hint} Check the name after ":::" on this line.'


def _role(match: re.Match[str], context: _Context) -> str:
    name = match.group(1)
    hint = did_you_mean(name, _role_names(), "{{{}}}")
    return f'"{{{name}}}" is not something the text can use before `...`.{hint} For bold, write **words**.'


def _option(match: re.Match[str], context: _Context) -> str:
    directive, option, allowed = match.group(1), match.group(2), match.group(3)
    choices = re.findall(r"'([^']+)'", allowed)
    hint = did_you_mean(option, choices, ":{}:")
    return f'The {{{directive}}} block has no setting ":{option}:".{hint} Check its spelling, or remove the line.'


def _grid_child(match: re.Match[str], context: _Context) -> str:
    return (
        "Inside a {grid} block, everything must be a card: put this text in a ':::{grid-item-card} Title' "
        "block, or move it after the grid's closing '::::'."
    )


def _grid_parent(match: re.Match[str], context: _Context) -> str:
    return (
        "This card is not inside a {grid} block: put '::::{grid}' on a line before the cards and '::::' after "
        "them (four colons, one more than each card's)."
    )


def _duplicate_label(match: re.Match[str], context: _Context) -> str:
    return f"The label ({match.group(1)})= is used twice. A label names one section: rename or remove one of them."


def _missing_target(match: re.Match[str], context: _Context) -> str:
    target = match.group(1)
    return (
        f'The link to "#{target}" leads nowhere: no section has the label ({target})=. '
        "Link to a section's label, written on the line before its heading, such as [email](#email)."
    )


def _emphasis(match: re.Match[str], context: _Context) -> str:
    return (
        "A * or _ on this line starts bold or italic text but nothing ends it: write **bold** with two on each side, "
        "or \\* for an asterisk."
    )


def _label(match: re.Match[str], context: _Context) -> str:
    return (
        f"No section has the label ({match.group(1)})=, so this link leads nowhere. Link to a section's label, "
        "written on the line before its heading, such as {ref}`email`."
    )


def _document(match: re.Match[str], context: _Context) -> str:
    return f'There is no page "{match.group(1)}": the policy is one page, index.md. Remove the link or point it at a section.'


def _image(match: re.Match[str], context: _Context) -> str:
    return (
        f'The picture "{match.group(1)}" is not in the docs folder: put the file beside index.md, '
        "or correct its name on this line."
    )


def _argument(match: re.Match[str], context: _Context) -> str:
    return (
        "What follows the block's name on this line is not what that block takes "
        f"({match.group(1).strip().rstrip('.')}). Check it against the README, or remove it."
    )


def _directive_error(match: re.Match[str], context: _Context) -> str:
    detail = match.group(2).strip().splitlines()[0].rstrip(".") if match.group(2).strip() else "see the README"
    return f"The {{{match.group(1)}}} block on this line is not written as it should be ({detail})."


# (type, subtype or "" for any, message pattern, translation)
_TRANSLATIONS: tuple[tuple[str, str, re.Pattern[str], Translate], ...] = (
    ("myst", "header", re.compile(r"Non-consecutive header level increase; H(\d) to H(\d)"), _heading),
    ("myst", "header", re.compile(r"Document headings start at H(\d)"), _first_heading),
    ("myst", "directive_unknown", re.compile(r"Unknown directive type:? ['\"]([^'\"]+)['\"]"), _directive),
    ("myst", "role_unknown", re.compile(r"Unknown interpreted text role ['\"]([^'\"]+)['\"]"), _role),
    ("myst", "directive_option", re.compile(r"'([^']+)': Unknown option key: '([^']+)' \(allowed: (.*)\)"), _option),
    ("design", "grid", re.compile(r"All children of a 'grid-row' should be 'grid-item'"), _grid_child),
    ("design", "grid", re.compile(r"The parent of a 'grid-item' should be a 'grid-row'"), _grid_parent),
    ("docutils", "", re.compile(r'Duplicate explicit target name: "([^"]+)"'), _duplicate_label),
    ("myst", "xref_missing", re.compile(r"cross-reference target not found: '([^']+)'"), _missing_target),
    ("docutils", "", re.compile(r"Inline (?:strong|emphasis) start-string without end-string"), _emphasis),
    ("ref", "ref", re.compile(r"undefined label: '([^']+)'"), _label),
    ("ref", "doc", re.compile(r"unknown document: '([^']+)'"), _document),
    ("image", "not_readable", re.compile(r"image file not readable: (.+)$"), _image),
    ("docutils", "", re.compile(r"Invalid directive argument: (.+)", re.DOTALL), _argument),
    ("docutils", "", re.compile(r'Error in "([^"]+)" directive:\s*(.*)', re.DOTALL), _directive_error),
)
_ONCE_PER_FILE = (_first_heading,)
_TYPE_SUFFIX = re.compile(r"(?: \[[\w.-]+\])+$")
_LOCATION = re.compile(r"^(?P<path>.+?):(?P<line>\d+)?:?$")


class PlainWarnings(logging.Filter):
    """Rewrites third-party warnings into plain words, and absolute paths into project-relative ones."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app
        self.said: set[tuple[str, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "policy_plain", False):
            return not getattr(record, "policy_repeat", False)  # already rewritten (a record reaches several handlers)
        path, line = self._relative_location(record)
        if path is not None and not self._in_policy(path):
            return True  # a warning about another document of the project stays in its library's words
        kind = getattr(record, "type", None) or ""
        if path is not None and kind != WARNING_TYPE:
            docname = self.app.env.path2doc(str(path)) if getattr(self.app, "env", None) else None
            if docname:
                _warned(self.app.env).add(docname)
        subtype = getattr(record, "subtype", None) or ""
        try:
            text = str(record.msg) % record.args if record.args else str(record.msg)
        except (TypeError, ValueError):
            text = str(record.msg)
        # Sphinx has appended " [type.subtype]" already (show_warning_types); it is kept at the end.
        shown_type = _TYPE_SUFFIX.search(text)
        suffix = shown_type.group(0) if shown_type else ""
        for want_type, want_subtype, pattern, translate in _TRANSLATIONS:
            if kind == want_type and want_subtype in ("", subtype) and (match := pattern.search(_TYPE_SUFFIX.sub("", text))):
                record.msg, record.args = translate(match, _Context(self.app, path, line)) + suffix, ()
                if translate in _ONCE_PER_FILE:
                    # Said of every heading, about one mistake: once per file is enough.
                    key = (str(path), str(record.msg))
                    record.policy_repeat = key in self.said
                    self.said.add(key)
                break
        else:
            if kind == "design":
                # sphinx-design writes its subtype into the message as well as Sphinx: once is enough.
                record.msg, record.args = _TYPE_SUFFIX.sub("", text) + suffix, ()
        record.policy_plain = True
        return not getattr(record, "policy_repeat", False)

    def _in_policy(self, path: Path) -> bool:
        env = getattr(self.app, "env", None)
        if env is None:
            return True
        docname = env.path2doc(str(path))
        return docname is None or is_policy(env, docname)

    def _relative_location(self, record: logging.LogRecord) -> tuple[Path | None, int | None]:
        location = getattr(record, "location", None)
        if not isinstance(location, str) or not (match := _LOCATION.match(location)):
            return None, None
        path = Path(match.group("path"))
        line = int(match.group("line")) if match.group("line") else None
        if path.is_absolute():
            try:
                shown = path.resolve().relative_to(Path(self.app.confdir).resolve()).as_posix()
            except ValueError:
                shown = None
            if shown:
                record.location = f"{shown}:{line}" if line else shown
        return path if path.is_absolute() else Path(self.app.confdir, path), line


_WARNED = "policy_warned_docs"


def _warned(env: BuildEnvironment) -> set[str]:
    """Documents that gave a warning when last read (kept in the environment)."""
    if not hasattr(env, _WARNED):
        setattr(env, _WARNED, set())
    warned: set[str] = getattr(env, _WARNED)
    return warned


def reread_warned(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Read again every document that gave a warning last time.

    Sphinx prints a document's warnings only while reading it, and keeps an
    unchanged document from the last build: without this, a second
    ``make check`` after a skipped heading level would pass in silence.
    """
    return sorted(_warned(env) - removed)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _warned(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _warned(env).update(_warned(other) & docnames)


def register(app: Sphinx) -> None:
    app.connect("env-get-outdated", reread_warned)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)


def install(app: Sphinx) -> None:
    """Put the filter on the warning handlers Sphinx set up for this application."""
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if isinstance(handler, sphinx_logging.WarningStreamHandler) and not any(
            isinstance(f, PlainWarnings) for f in handler.filters
        ):
            handler.addFilter(PlainWarnings(app))
