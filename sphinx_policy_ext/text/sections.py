"""Sections switched on and off in ``[sections]`` of practice.toml.

Each section of the policy text carries a label with its key, such as
``(friending)=`` before ``## Friending``. Only such explicit labels count,
and only in the policy's documents (``policy_documents``): a heading that
merely reads "Emergencies" elsewhere in a project is left alone. A section switched off is removed
from the document before anything else sees it, so the page, the PDF and
the summary all lose it, and a cross-reference to it fails the build instead
of dangling. Anything else that only makes sense with a section (a sentence
pointing to it, a summary card) is marked with the class
``policy-requires-<key>`` and goes with it, and so does a footnote whose
every reference was in what went: the page would show it with a back-link
to nothing (the PDF leaves it out too, pdf/notes.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..i18n import writes_catalog_templates
from ..practice import schema
from ..problems import WARNING_TYPE, Problem, Subtype, did_you_mean
from ..state import PerDocument, is_policy, policy_documents, practice_of, project_path
from .substitution import TEXT_PROBLEMS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

REQUIRES = "policy-requires-"


def _cited(document: nodes.document) -> set[str]:
    """The names of the footnotes the document's footnote references point to (resolved later, by name)."""
    return {ref["refname"] for ref in document.findall(nodes.footnote_reference) if ref.get("refname")}


def _drop_notes_cited_only_in(gone: set[str], document: nodes.document) -> None:
    """Remove footnotes all of whose references went with a switched-off part, and what docutils noted of them.

    docutils keeps every footnote and reference in lists of its own, from which
    its Footnotes transform later numbers them and writes the back-links: a
    reference that went with its section would still get one, a dead link.
    """
    left = {id(ref) for ref in document.findall(nodes.footnote_reference)}
    for refs in document.footnote_refs.values():
        refs[:] = [ref for ref in refs if id(ref) in left]
    document.autofootnote_refs[:] = [ref for ref in document.autofootnote_refs if id(ref) in left]
    document.symbol_footnote_refs[:] = [ref for ref in document.symbol_footnote_refs if id(ref) in left]
    dropped = [note for note in document.findall(nodes.footnote) if gone.intersection(note["names"])]
    for note in dropped:
        note.parent.remove(note)
        for name in note["names"]:
            document.nameids.pop(name, None)
            document.nametypes.pop(name, None)
            document.footnote_refs.pop(name, None)
        for anchor in note["ids"]:
            document.ids.pop(anchor, None)
    for registry in (document.footnotes, document.autofootnotes, document.symbol_footnotes):
        registry[:] = [note for note in registry if all(note is not d for d in dropped)]
    if dropped and not any(True for _ in document.findall(nodes.footnote)):
        for transition in list(document.findall(nodes.transition)):
            if "footnotes" in transition["classes"]:
                transition.parent.remove(transition)


class ApplySectionSwitches(SphinxTransform):
    # After docutils moves "(label)=" targets onto the section that follows
    # (PropagateTargets, 260), before Sphinx records labels and titles.
    default_priority = 300

    def apply(self, **kwargs: Any) -> None:
        if not is_policy(self.env):
            return
        practice = practice_of(self.env)
        keys = set(schema.section_keys())
        found: set[str] = set()
        cited_before = _cited(self.document)
        # The translation catalogs (make translations) hold every section, so
        # a practice that switches one on finds it translated already.
        everything = writes_catalog_templates(self.env)
        for section in list(self.document.findall(nodes.section)):
            mine = keys.intersection(explicit_labels(self.document, section))
            found |= mine
            if mine and not everything and not all(practice.section_on(key) for key in mine):
                section.parent.remove(section)
        for node in list(self.document.findall(nodes.Element)):
            classes: list[str] = node.get("classes", [])
            needs = [c[len(REQUIRES) :] for c in classes if c.startswith(REQUIRES)]
            for key in needs:
                if key not in keys:
                    listed = ", ".join(sorted(keys))
                    self._problem(
                        node, f'"{REQUIRES}{key}" names no section.{did_you_mean(key, keys)} The sections are: {listed}.'
                    )
            if node.parent is not None and not everything and any(key in keys and not practice.section_on(key) for key in needs):
                node.parent.remove(node)
            elif needs:
                # The mark has done its work; writers would look for a style named after it.
                node["classes"] = [c for c in node["classes"] if not c.startswith(REQUIRES)]
        _drop_notes_cited_only_in(cited_before - _cited(self.document), self.document)
        LABELLED.of(self.env)[self.env.docname] = sorted(found)

    def _problem(self, node: nodes.Element, message: str) -> None:
        source, line = get_source_line(node)
        path = project_path(self.env, source) if source else self.env.docname
        TEXT_PROBLEMS.of(self.env).setdefault(self.env.docname, []).append(Problem(path, line, message, Subtype.UNKNOWN_KEY))


def explicit_labels(document: nodes.document, section: nodes.section) -> list[str]:
    """The names a ``(label)=`` target gave ``section``, not the one its heading gives it."""
    # A label used twice is moved to "dupnames" on both sections (docutils warns about it); it still names them.
    return [name for name in (*section["names"], *section["dupnames"]) if document.nametypes.get(name)]


# The section keys each policy document labels, for the check across all of them.
LABELLED: PerDocument[str] = PerDocument("policy_labelled_sections")


def check_switched_on_sections_exist(app: Sphinx, env: BuildEnvironment) -> None:
    """A section switched on in practice.toml must be labelled somewhere in the policy.

    Checked once all documents are read (``env-check-consistency``), so a
    policy spread over several documents is checked as a whole. Only a text
    that labels its sections can be checked against the switches.
    """
    found = {key for docname in policy_documents(app.config) for key in LABELLED.of(env).get(docname, [])}
    if not found:
        return
    practice = practice_of(env)
    for key in schema.section_keys():
        if practice.section_on(key) and key not in found:
            line = practice.sections[key].line
            path = project_path(env, practice.path)
            logger.warning(
                "%s[sections] %s is on, but the policy text has no section labelled (%s)= for it. "
                "Add the section to the text, or write %s = false under [sections].",
                "" if line else f"{path}: ",
                key,
                key,
                key,
                location=f"{path}:{line}" if line else None,
                type=WARNING_TYPE,
                subtype=Subtype.MISSING.value,
            )


def register(app: Sphinx) -> None:
    app.add_transform(ApplySectionSwitches)
    LABELLED.connect(app)
    app.connect("env-check-consistency", check_switched_on_sections_exist)
