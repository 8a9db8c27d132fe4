"""Characters in the policy text that the PDF's fonts cannot draw, found before writing.

A font without a character prints an empty box and says nothing. The
practice file's values are refused when it is read (see ``.font_coverage``);
this covers the policy text itself, for example an emoji in a card, and
stops the build at the line to fix.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from docutils import nodes

from ..problems import Problem, Subtype, display_path
from .font_coverage import missing_characters


def missing(text: str, skip: str = "") -> list[str]:
    """Characters of ``text`` that would print as boxes (spaces and invisible marks are not drawn)."""
    return [c for c in missing_characters(text) if unicodedata.category(c)[0] not in "ZC" and c not in skip]


def _shown(chars: list[str]) -> str:
    return ", ".join(f"{c} (U+{ord(c):04X})" for c in chars)  # as the practice file's check words it


def in_text(doctree: nodes.document, confdir: str, skip: str) -> Iterator[Problem]:
    """Problems in the text; characters in ``skip`` (the practice's values, checked on reading) are left out."""
    reported: set[tuple[str, int | None]] = set()
    for text in doctree.findall(nodes.Text):
        chars = missing(str(text), skip)
        if not chars:
            continue
        element = text.parent
        while element is not None and element.line is None:
            element = element.parent
        source = element.source if element is not None and element.source else ""
        line = element.line if element is not None else None
        if (source, line) in reported:
            continue
        reported.add((source, line))
        yield Problem(
            display_path(source, confdir) if source else "the policy text",
            line,
            f"This text has characters the PDF's font cannot show: {_shown(chars)}. "
            "They would print as empty boxes: leave them out or use plain letters and punctuation.",
            Subtype.GLYPH,
        )
