"""Practice values in the policy text, inserted literally.

The text writes ``{{ practice.phone }}``, MyST's own substitution syntax. But
myst-parser parses a substitution's value as Markdown (and passes raw HTML
through), so the values themselves are never handed to it: each name is
given the value ``{policy-value}`practice.phone``` instead, and the
``policy-value`` role looks the value up and inserts it as a plain text node
(or a ``tel:``/``mailto:``/web link). Nothing inside a value is interpreted,
whichever builder writes it.

Before a document is parsed, its source is scanned for names the practice
file does not have, for expressions between the braces (which Jinja would
otherwise evaluate), and for placeholders left from the template.

All of this applies to the policy's documents alone (``policy_documents``).
In a project where the policy is one page among many, every other document
is parsed with the project's own MyST settings, so its own substitutions,
its ``{{ user.name }}`` in code and its "[Your name]" stay as they were: the
policy's documents get a copy of those settings with the MyST extensions the
policy is written with and the practice values added (see
:func:`use_myst_settings_for`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from ..practice import schema
from ..practice.schema import Kind
from ..problems import Problem, Subtype, did_you_mean
from ..state import PerDocument, is_policy, practice_of, project_path
from .raw_markup import raw_markup

if TYPE_CHECKING:
    from docutils.nodes import Node, system_message
    from sphinx.application import Sphinx

ROLE = "policy-value"
NAMES_AND_ROLES = re.compile(r"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}|\{policy-value\}`([^`]*)`")


def names_in(text: str) -> list[str]:
    """The value names a text uses, ``{{ name }}`` or the role, in order (with repeats)."""
    return [(m.group(1) or m.group(2)).strip() for m in NAMES_AND_ROLES.finditer(text)]


_SUBSTITUTION = re.compile(r"\{\{(.*?)\}\}")
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
_PLACEHOLDERS = re.compile(
    r"\[\s*(?:Insert|Your)\b[^\]\n]*\]"
    r"|Update this with your contact information[^\n]*"
    r"|Insert the name and the contact information[^\n]*",
    re.IGNORECASE,
)


def myst_substitutions() -> dict[str, Any]:
    """What myst-parser substitutes for each ``{{ table.key }}``: a role, never the value.

    Each name is there twice: as ``table`` -> ``key`` (what Jinja resolves
    ``table.key`` to) and as the whole name ``"table.key"``, which
    myst-parser looks up directly when the text between the braces is
    exactly a key. The direct look-up gives the same text without compiling
    a Jinja template for each of the policy's substitutions.
    """
    tables: dict[str, Any] = {}
    for name in schema.all_names():
        table, key = name.split(".")
        tables.setdefault(table, {})[key] = tables[name] = f"{{{ROLE}}}`{name}`"
    return tables


def phone_uri(text: str) -> str | None:
    """``tel:`` URI for a phone number as people write it, or None if it has no digits."""
    digits = re.sub(r"\D", "", text)
    if not digits:
        return None
    return "tel:" + ("+" if text.lstrip().startswith("+") else "") + digits


NAME_ATTRIBUTE = "policy_name"


def value_node(value: Any) -> nodes.Element:
    """The node a value becomes: its text as-is, linked where it is an address.

    The node remembers the value's name, so a PDF for another clinician can
    put that clinician's name and wording in its place (see :func:`refill`).
    """
    text = nodes.Text(value.text)
    uri: str | None = None
    if value.kind is Kind.PHONE:
        uri = phone_uri(value.text)
    elif value.kind is Kind.EMAIL:
        uri = "mailto:" + quote(value.text, safe="@+")
    elif value.kind is Kind.WEBSITE:
        uri = value.text
    # support_smartquotes=False: Sphinx's smart quotes would turn "--" into a
    # dash and drop backslashes, and a value must stay exactly as typed.
    attributes: dict[str, Any] = {NAME_ATTRIBUTE: value.name, "support_smartquotes": False}
    if uri is None:
        return nodes.inline("", "", text, **attributes)
    return nodes.reference(value.text, "", text, refuri=uri, classes=[f"policy-{value.kind.value}"], **attributes)


def refill(doctree: nodes.Node, practice: Any) -> None:
    """Put ``practice``'s values into every value node of ``doctree`` (a copy made for one clinician)."""
    for node in list(doctree.findall(nodes.Element)):
        name = node.get(NAME_ATTRIBUTE)
        if name is not None and name in practice.values:
            node.replace_self(value_node(practice[name]))


class PolicyValue(SphinxRole):
    """``{policy-value}`practice.phone``` inserts that value from practice.toml."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        practice = practice_of(self.env)
        self.env.note_dependency(str(practice.path))
        name = self.text.strip()
        if name not in practice.values:
            # The source scan reports unknown names before parsing; this is
            # only reached when the role is written by hand.
            msg = self.inliner.reporter.error(
                f'"{name}" is not a value in practice.toml.{did_you_mean(name, practice.values)}', line=self.lineno
            )
            return [], [msg]
        return [value_node(practice[name])], []


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})(.*)$")


def unclosed_fences(source: str) -> list[tuple[int, str]]:
    """Fences (code blocks, ``:::{directive}``) that are opened and never closed, as (line, opening line).

    Markdown lets an unclosed fence run to the end of the file (or of the
    block around it), so one forgotten ``:::`` would silently swallow text.
    As in markdown-it, a closing line closes the *outermost* open fence of its
    kind that it is long enough for: a block opened inside that one and not
    closed before it is the one whose fence is missing, and is the one named.
    """
    open_fences: list[tuple[str, int, int, str]] = []  # (character, length, line, text)
    unclosed: list[tuple[int, str]] = []
    for number, line in enumerate(source.splitlines(), start=1):
        match = _FENCE.match(line)
        if not match:
            continue
        mark, info = match.group(1), match.group(2).strip()
        if open_fences and open_fences[-1][0] in "`~":
            # Inside a code block only its own closing fence counts.
            char, length, _, _ = open_fences[-1]
            if mark[0] == char and len(mark) >= length and not info:
                open_fences.pop()
            continue
        if not info:
            closing = next(
                (i for i, (char, length, _, _) in enumerate(open_fences) if char == mark[0] and len(mark) >= length), None
            )
            if closing is not None:
                unclosed += [(opened, text) for _, _, opened, text in open_fences[closing + 1 :]]
                del open_fences[closing:]
                continue
            if mark[0] == ":":
                continue  # a stray closing line: harmless
        if open_fences and open_fences[-1][0] == mark[0] and len(mark) >= open_fences[-1][1]:
            # A block cannot hold one of its own fence's length: the one still open
            # was meant to end before this one starts, and lacks its closing line.
            unclosed.append(open_fences.pop()[2:])
        open_fences.append((mark[0], len(mark), number, line.strip()))
    unclosed += [(number, text) for _, _, number, text in open_fences]
    return sorted(unclosed)


def scan(source: str, path: str, line_at: Callable[[int], int] | None = None) -> tuple[str, list[Problem]]:
    """Problems in one source text, and the text with unusable ``{{ }}`` removed.

    Anything between the braces that is not a known name is cut out before
    myst-parser sees it: the build fails on the reported problem anyway, and
    Jinja must never evaluate an expression from the text. ``line_at`` maps
    an offset in ``source`` to the line it is reported at (a translation's
    text spans several quoted lines of its ``.po`` file).
    """
    names = schema.all_names()
    problems: list[Problem] = []

    def line_of(offset: int) -> int:
        if line_at is not None:
            return line_at(offset)
        return source.count("\n", 0, offset) + 1

    def check(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        if inner in names:
            return match.group(0)
        if _NAME.match(inner):
            message = (
                f'"{{{{ {inner} }}}}" is not a value in practice.toml.'
                f"{did_you_mean(inner, names, '{{{{ {} }}}}')} The values are listed in the README."
            )
            problems.append(Problem(path, line_of(match.start()), message, Subtype.UNKNOWN_NAME))
        else:
            message = (
                f'Only a value name can go between {{{{ and }}}}, like {{{{ practice.phone }}}}; "{match.group(0)}" is not one.'
            )
            problems.append(Problem(path, line_of(match.start()), message, Subtype.UNKNOWN_NAME))
        return ""

    cleaned = _SUBSTITUTION.sub(check, source)
    for match in _PLACEHOLDERS.finditer(source):
        message = (
            f'A placeholder from the template is still in the text: "{match.group(0).strip()}". '
            "Replace it with a value from practice.toml, such as {{ practice.phone }}."
        )
        problems.append(Problem(path, line_of(match.start()), message, Subtype.PLACEHOLDER))
    starts = [0] + [i + 1 for i, c in enumerate(source) if c == "\n"]
    for number, opening in unclosed_fences(source):
        line = line_of(starts[number - 1])
        closer = re.match(r"\s*(`+|~+|:+)", opening)
        fence = closer.group(1) if closer else ":::"
        message = (
            f'The block that starts here with "{opening}" is never closed, so it would swallow the text after it. '
            f"Add a line with just {fence} where the block ends."
        )
        problems.append(Problem(path, line, message, Subtype.UNCLOSED))
    problems += [
        dataclasses.replace(problem, line=line_of(starts[problem.line - 1])) if problem.line else problem
        for problem in raw_markup(source, path)
    ]
    problems.sort(key=lambda p: p.line or 0)
    if any(p.subtype is Subtype.UNCLOSED for p in problems):
        # The build stops on the unclosed block; MyST is given nothing to read, so
        # the text it would have swallowed does not bury that message under others.
        cleaned = ""
    return cleaned, problems


# Problems in the text, per document: a document that is not re-read still
# fails the build until it is fixed.
TEXT_PROBLEMS: PerDocument[Problem] = PerDocument("policy_text_problems")


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    env = app.env
    use_myst_settings_for(app, docname)
    if not is_policy(env, docname):
        return
    env.note_dependency(str(practice_of(env).path))
    path = project_path(env, env.doc2path(docname))
    source[0], problems = scan(source[0], path)
    TEXT_PROBLEMS.of(env)[docname] = problems


def on_include_read(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    if not is_policy(app.env, parent_docname):
        return
    path = project_path(app.env, Path(app.srcdir, relative_path))
    content[0], problems = scan(content[0], path)
    TEXT_PROBLEMS.of(app.env).setdefault(parent_docname, []).extend(problems)


# The MyST extensions the policy text is written with, whatever the project enables.
POLICY_MYST_EXTENSIONS = frozenset({"attrs_inline", "colon_fence", "substitution"})
_SETTINGS = "_policy_myst_settings"


def prepare_myst_settings(app: Sphinx) -> None:
    """Keep the project's MyST settings, and a copy made for the policy's documents.

    Runs after myst-parser has made its settings object on ``builder-inited``.
    Reader processes of a parallel build inherit both with the application.
    """
    project = getattr(app.env, "myst_config", None)
    if project is None:  # myst-parser did not set up (it always does when it is loaded)
        return
    policy = dataclasses.replace(
        project,
        enable_extensions=set(project.enable_extensions) | POLICY_MYST_EXTENSIONS,
        # Names of practice values win over any same-named substitution of the
        # project: a value must never be replaced by Markdown from elsewhere.
        substitutions={**project.substitutions, **myst_substitutions()},
    )
    setattr(app, _SETTINGS, (project, policy))


def restore_project_myst_settings(app: Sphinx, doctree: nodes.document) -> None:
    """Once a document is parsed, the environment holds the project's own MyST settings again."""
    settings = getattr(app, _SETTINGS, None)
    if settings is not None:
        setattr(app.env, "myst_config", settings[0])  # noqa: B010


def use_myst_settings_for(app: Sphinx, docname: str) -> None:
    """Parse ``docname`` with the policy's MyST settings if it is part of the policy, else with the project's.

    myst-parser reads ``env.myst_config`` when it parses a document, right
    after ``source-read``; documents are read one at a time in each process.
    """
    settings = getattr(app, _SETTINGS, None)
    if settings is not None:
        # An attribute myst-parser adds to the environment, unknown to the type checker.
        setattr(app.env, "myst_config", settings[1] if is_policy(app.env, docname) else settings[0])  # noqa: B010
