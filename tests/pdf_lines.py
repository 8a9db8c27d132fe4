"""Where text lands on a PDF's pages, read with poppler's ``pdftotext -bbox-layout``.

For tests that look at layout: every line of text with its box (in points,
from the top left of its page), and :func:`crossings`, the lines whose glyph
boxes run into each other (text printed over text).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from defusedxml import ElementTree

_NS = "{http://www.w3.org/1999/xhtml}"
# Boxes may touch (a line's descent meeting the next line's ascent in tight
# leading); they cross when they share more than this, in points, both ways.
TOLERANCE = 0.5


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def crosses(self, other: Box, tolerance: float = TOLERANCE) -> bool:
        across = min(self.x1, other.x1) - max(self.x0, other.x0)
        down = min(self.y1, other.y1) - max(self.y0, other.y0)
        return across > tolerance and down > tolerance


@dataclass(frozen=True)
class Line:
    page: int  # 1-based, as a reader counts
    text: str
    box: Box
    words: tuple[tuple[str, Box], ...]


def _box(element: object) -> Box:
    get = element.get  # type: ignore[attr-defined]
    return Box(float(get("xMin")), float(get("yMin")), float(get("xMax")), float(get("yMax")))


def lines(path: Path) -> list[Line]:
    """Every line of text on every page, in pdftotext's reading order."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is needed for this test (Debian package poppler-utils, installed by .ci/run)"
    xml = subprocess.run([pdftotext, "-bbox-layout", str(path), "-"], check=True, capture_output=True).stdout
    root = ElementTree.fromstring(xml)
    found: list[Line] = []
    for number, page in enumerate(root.iter(f"{_NS}page"), start=1):
        for line in page.iter(f"{_NS}line"):
            words = tuple((w.text or "", _box(w)) for w in line.iter(f"{_NS}word"))
            found.append(Line(number, " ".join(text for text, _ in words), _box(line), words))
    return found


def crossings(path: Path) -> list[tuple[Line, Line]]:
    """Pairs of lines on one page whose glyph boxes cross; also words of one line that cross.

    pdftotext may join text printed over other text into one line, so the
    words of each line are compared as well.
    """
    found: list[tuple[Line, Line]] = []
    every = lines(path)
    for page in sorted({line.page for line in every}):
        on_page = [line for line in every if line.page == page]
        for a, b in combinations(on_page, 2):
            if a.box.crosses(b.box):
                found.append((a, b))
        for line in on_page:
            for (text_a, box_a), (text_b, box_b) in combinations(line.words, 2):
                if box_a.crosses(box_b):
                    found.append((Line(page, text_a, box_a, ()), Line(page, text_b, box_b, ())))
    return found


def describe(pairs: list[tuple[Line, Line]]) -> str:
    """The crossings, one a line, for an assertion message."""
    return "\n".join(f"page {a.page}: {a.text!r} {a.box} crosses {b.text!r} {b.box}" for a, b in pairs)
