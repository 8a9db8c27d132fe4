"""Sections switched on and off in ``[sections]`` of practice.toml.

Each section of the policy text carries a label with its key, such as
``(friending)=`` before ``## Friending``. A section switched off is removed
from the document before anything else sees it, so the page, the PDF and
the summary all lose it, and a cross-reference to it fails the build instead
of dangling. Anything else that only makes sense with a section (a sentence
pointing to it, a summary card) is marked with the class
``policy-requires-<key>`` and goes with it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..practice import schema
from ..problems import WARNING_TYPE, Problem, Subtype, did_you_mean
from ..state import practice_of, project_path
from .substitution import TEXT_PROBLEMS

logger = logging.getLogger(__name__)

REQUIRES = "policy-requires-"


class ApplySectionSwitches(SphinxTransform):
    # After docutils moves "(label)=" targets onto the section that follows
    # (PropagateTargets, 260), before Sphinx records labels and titles.
    default_priority = 300

    def apply(self, **kwargs: Any) -> None:
        practice = practice_of(self.env)
        keys = set(schema.section_keys())
        found: set[str] = set()
        for section in list(self.document.findall(nodes.section)):
            mine = keys.intersection(section["ids"])
            found |= mine
            if mine and not all(practice.section_on(key) for key in mine):
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
            if node.parent is not None and any(key in keys and not practice.section_on(key) for key in needs):
                node.parent.remove(node)
            elif needs:
                # The mark has done its work; writers would look for a style named after it.
                node["classes"] = [c for c in node["classes"] if not c.startswith(REQUIRES)]
        if self.env.docname == self.config.root_doc and found:
            # Only a text that labels its sections can be checked against the switches.
            self._check_switched_on_sections_exist(practice, found)

    def _problem(self, node: nodes.Element, message: str) -> None:
        source, line = get_source_line(node)
        path = project_path(self.env, source) if source else self.env.docname
        TEXT_PROBLEMS.of(self.env).setdefault(self.env.docname, []).append(Problem(path, line, message, Subtype.UNKNOWN_KEY))

    def _check_switched_on_sections_exist(self, practice: Any, found: set[str]) -> None:
        for key in schema.section_keys():
            if practice.section_on(key) and key not in found:
                line = practice.sections[key].line
                path = project_path(self.env, practice.path)
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
