"""Letters the PDF's fonts cannot show, found before the PDF is written.

A font without a letter prints an empty box, silently. DejaVu covers Latin
with every accent, Vietnamese, Greek and Cyrillic, but not, for example,
Chinese or emoji. Such letters in practice.toml or in the policy text stop
the build with the place to fix, instead of reaching a client as boxes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from docutils import nodes
from reportlab.pdfbase.ttfonts import TTFontFile

from ..practice import Practice
from ..problems import Problem, Subtype, display_path
from ..schema import Kind

FONTS = Path(__file__).parent / "fonts"
FACES = (
    "DejaVuSerif.ttf",
    "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic.ttf",
    "DejaVuSerif-BoldItalic.ttf",
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
)


@cache
def printable() -> frozenset[int]:
    """Code points every face of the PDF has a letter for (a text may be set in any of them)."""
    faces = [set(TTFontFile(str(FONTS / face)).charToGlyph) for face in FACES]
    return frozenset(set.intersection(*faces))


def missing(text: str) -> list[str]:
    """The distinct characters of ``text`` that would print as boxes, in order of appearance."""
    known = printable()
    found: list[str] = []
    for char in text:
        if ord(char) in known or char in found:
            continue
        if unicodedata.category(char)[0] in "ZC":
            continue  # spaces and invisible marks are laid out, not drawn
        found.append(char)
    return found


def _shown(chars: Iterable[str]) -> str:
    return ", ".join(f'"{c}" (U+{ord(c):04X})' for c in chars)


def in_practice(practice: Practice, display: str) -> list[Problem]:
    problems = []
    for value in practice.values.values():
        if value.kind in (Kind.DATE, Kind.COUNT):
            continue
        if chars := missing(value.text):
            table, key = value.name.split(".")
            problems.append(
                Problem(
                    display,
                    value.line,
                    f"{key} in [{table}] has characters the PDF's font cannot show: {_shown(chars)}. "
                    "They would print as empty boxes. Write them with Latin (any accents), Greek or Cyrillic letters.",
                    Subtype.GLYPH,
                )
            )
    return problems


def in_text(doctree: nodes.document, confdir: str, skip: str) -> Iterator[Problem]:
    """Problems in the policy text itself; characters in ``skip`` (practice values) are reported elsewhere."""
    reported: set[tuple[str, int | None]] = set()
    for text in doctree.findall(nodes.Text):
        chars = [c for c in missing(str(text)) if c not in skip]
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
