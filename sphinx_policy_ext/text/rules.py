"""The rules of the policy text: one list, enforced alike by ``check``, ``pdf``, ``html`` and ``preview``.

A rule that only one command enforced would let a mistake through the
others (the license credit was once checked by the page build only). So
every rule is listed here, and each runs on an event that every builder
goes through:

- *source* rules read the MyST text before it is parsed (``source-read``,
  in :func:`.substitution.scan`): unknown value names, template placeholders,
  unclosed blocks, raw HTML;
- *document* rules read the parsed document after switched-off sections are
  gone (``doctree-read``, :func:`check_document`): the blocks a published
  policy must keep, and the cards' titles.

What a rule finds is kept per document with the substitution problems
(:data:`.substitution.TEXT_PROBLEMS`) and stops the build on ``env-updated``,
before any builder writes a file. ``tests/test_rules.py`` runs every rule
against every command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes

from ..problems import Problem, Subtype
from ..state import is_policy, policy_documents, project_path
from .download import PDF_DOWNLOAD
from .substitution import TEXT_PROBLEMS

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ATTRIBUTION = "policy-attribution"


@dataclass(frozen=True)
class Rule:
    name: str
    subtype: Subtype
    stage: str  # "source" or "document"
    what: str


RULES: tuple[Rule, ...] = (
    Rule("unknown_name", Subtype.UNKNOWN_NAME, "source", "{{ name }} must be a value of practice.toml"),
    Rule("placeholder", Subtype.PLACEHOLDER, "source", "no placeholder left from the template"),
    Rule("unclosed", Subtype.UNCLOSED, "source", "every ::: and ``` block is closed"),
    Rule("raw_html", Subtype.RAW_HTML, "source", "no HTML tags, raw or eval-rst blocks"),
    Rule("attribution", Subtype.REQUIRED, "document", "the license credit block is kept"),
    Rule("pdf_download", Subtype.REQUIRED, "document", "the page's PDF download block is kept"),
    Rule("card_title", Subtype.STRUCTURE, "document", "every card has a title"),
)


def _publishes_policy(app: Sphinx) -> bool:
    """Whether this project is a published policy (the ``policy`` theme), which must keep its required blocks.

    A configuration value, so it is the same for every builder: ``make pdf``
    enforces exactly what ``make html`` does.
    """
    return bool(app.config.html_theme == "policy")


def _required_blocks(app: Sphinx, doctree: nodes.document, path: str) -> list[Problem]:
    if not _publishes_policy(app) or app.env.docname != policy_documents(app.config)[0]:
        return []
    classes: set[str] = set()
    for node in doctree.findall(nodes.Element):
        classes.update(node["classes"])
    found = []
    if ATTRIBUTION not in classes:
        found.append(
            Problem(
                path,
                _line_of(doctree, "acknowledgement"),
                "The license credit to the policy's original author is missing. The text is shared under CC BY-NC-SA, "
                "which requires it: put the ':::{container} policy-attribution' block (see the README) back, "
                "before the acknowledgement.",
                Subtype.REQUIRED,
            )
        )
    if PDF_DOWNLOAD not in classes:
        found.append(
            Problem(
                path,
                _line_of(doctree, "policy-full-title"),
                "The block that offers the PDF to sign is missing, so clients could not get the form: put a "
                "':::{policy-pdf-download}' block (see the README) back, after the \"At a glance\" cards.",
                Subtype.REQUIRED,
            )
        )
    return found


def _line_of(doctree: nodes.document, name: str) -> int | None:
    """The line of the section or block called ``name`` (where a missing block belongs), or of the title."""
    for node in doctree.findall(nodes.Element):
        if name in node.get("ids", ()) or name in node.get("classes", ()):
            line = node.line or (node[0].line if isinstance(node, nodes.section) and node.children else None)
            if line:
                return int(line)
    title = next(doctree.findall(nodes.title), None)
    return int(title.line) if title is not None and title.line else 1


def _card_titles(app: Sphinx, doctree: nodes.document, path: str) -> list[Problem]:
    found = []
    for card in doctree.findall(nodes.container):
        if card.get("design_component") != "card":
            continue
        if any(child.get("design_component") == "card-title" for child in card.findall(nodes.Element)):
            continue
        found.append(
            Problem(
                path,
                card.line,
                "This card has no title. Write the title after the block's name, on the same line, "
                "like ':::{grid-item-card} No friend requests'.",
                Subtype.STRUCTURE,
            )
        )
    return found


DOCUMENT_RULES: tuple[Callable[[Sphinx, nodes.document, str], list[Problem]], ...] = (_required_blocks, _card_titles)


def check_document(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if not is_policy(env):
        return  # the rules are the policy's; a project's other documents are its own
    if any(p.subtype is Subtype.UNCLOSED for p in TEXT_PROBLEMS.of(env).get(env.docname, [])):
        return  # the text was not parsed (see substitution.scan): nothing to judge
    path = project_path(env, env.doc2path(env.docname))
    found = [problem for rule in DOCUMENT_RULES for problem in rule(app, doctree, path)]
    if found:
        TEXT_PROBLEMS.of(env).setdefault(env.docname, []).extend(found)


def register(app: Sphinx) -> None:
    app.connect("doctree-read", check_document)
