"""Which characters the PDF's bundled fonts can draw.

A value the font cannot draw would print as empty boxes in the PDF, so the
practice file is refused instead, with the characters named. The coverage
of the fonts in ``pdf/fonts/`` (the characters every one of them has) is
kept in ``pdf/fonts/coverage.txt`` so that checking a value needs no font
parsing; ``python -m sphinx_policy_ext.pdf.font_coverage`` rewrites it after the fonts
change, and a test checks that it matches them.
"""

from __future__ import annotations

import bisect
from functools import cache
from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
COVERAGE = FONTS / "coverage.txt"


def compute_coverage(fonts: Path = FONTS) -> list[tuple[int, int]]:
    """Ranges of code points present in every TTF in ``fonts``."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    common: set[int] | None = None
    for path in sorted(fonts.glob("*.ttf")):
        mapped = set(TTFontFile(str(path)).charToGlyph)
        common = mapped if common is None else common & mapped
    points = sorted(common or ())
    ranges: list[tuple[int, int]] = []
    for point in points:
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1] = (ranges[-1][0], point)
        else:
            ranges.append((point, point))
    return ranges


def format_coverage(ranges: list[tuple[int, int]]) -> str:
    header = "# Code points every bundled font can draw (python -m sphinx_policy_ext.pdf.font_coverage rewrites this).\n"
    return header + "".join(f"{start:04X}-{end:04X}\n" for start, end in ranges)


@cache
def _ranges() -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for line in COVERAGE.read_text(encoding="ascii").splitlines():
        if line and not line.startswith("#"):
            start, end = line.split("-")
            starts.append(int(start, 16))
            ends.append(int(end, 16))
    return starts, ends


def drawable(character: str) -> bool:
    starts, ends = _ranges()
    index = bisect.bisect_right(starts, ord(character)) - 1
    return index >= 0 and ord(character) <= ends[index]


def missing_characters(text: str) -> list[str]:
    """The distinct characters of ``text`` the PDF cannot draw, in order of appearance."""
    # Each distinct character looked up once: a paragraph has a few dozen among hundreds.
    return [character for character in dict.fromkeys(text) if not drawable(character)]


if __name__ == "__main__":
    COVERAGE.write_text(format_coverage(compute_coverage()), encoding="ascii")
    print(f"wrote {COVERAGE}")
