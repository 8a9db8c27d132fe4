"""The practice's own look: an accent colour and a logo, checked before use.

The accent colour colours headings and links on the page and in the PDF, so
it must be readable: WCAG AA asks for a contrast of 4.5:1 for text. No single
colour reaches that against both a light and a dark page, so the colour the
practice writes is the light-scheme colour (and the PDF's, on white paper),
and the dark scheme uses ``accent_color_dark`` or, if that is not given, the
nearest tint of the same hue that is readable on the dark page. A colour that
fails is refused with the nearest colour that passes, computed here.

The logo (SVG or PNG) is untrusted input: it is shown on the page, used as
the page's icon and drawn in the PDF letterhead. It must be a small, readable
file, and an SVG may hold no script, no event handler and no reference to
anything outside itself (the page makes no request to another origin).
"""

from __future__ import annotations

import colorsys
import contextlib
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

# The backgrounds accent-coloured text sits on. Light: the page, cards and
# contact blocks, the header band's own text (the band is the accent), paper.
LIGHT_BACKGROUNDS = ("#fbfaf7", "#ffffff", "#e3f0ef", "#d5ebe8")
# Dark: the page, cards, contact blocks and the button's text.
DARK_BACKGROUNDS = ("#121718", "#1b2224", "#1d3334", "#0b1f20")
AA_TEXT = 4.5

DEFAULT_ACCENT = "#155e63"
DEFAULT_ACCENT_DARK = "#7fd0cc"

MAX_LOGO_BYTES = 200_000
MAX_LOGO_PIXELS = 4096
LOGO_SUFFIXES = (".svg", ".png")

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def parse_colour(text: str) -> str | None:
    """``#rrggbb`` (lower case) for a written colour such as ``#1F3B5A`` or ``#abc``; None if it is not one."""
    match = _HEX.match(text.strip())
    if not match:
        return None
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


def _rgb(colour: str) -> tuple[float, float, float]:
    value = int(colour[1:], 16)
    return ((value >> 16) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def worst_contrast(colour: str, backgrounds: tuple[str, ...]) -> float:
    return min(contrast(colour, background) for background in backgrounds)


def passes(colour: str, backgrounds: tuple[str, ...]) -> bool:
    return worst_contrast(colour, backgrounds) >= AA_TEXT


def nearest_passing(colour: str, backgrounds: tuple[str, ...]) -> str:
    """The colour of the same hue and saturation, lightness changed as little as possible, that passes.

    Lightness is searched in both directions in small steps; the first step
    that passes is the nearest. Black or white always passes against the
    backgrounds used here, so there is always an answer.
    """
    if passes(colour, backgrounds):
        return colour
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    for step in range(1, 1001):
        delta = step / 1000
        for candidate_lightness in (lightness - delta, lightness + delta):
            if 0.0 <= candidate_lightness <= 1.0:
                candidate = _hex(colorsys.hls_to_rgb(hue, candidate_lightness, saturation))
                if passes(candidate, backgrounds):
                    return candidate
    return "#000000"  # unreachable for the backgrounds above


def colour_problem(label: str, colour: str, scheme: str) -> str | None:
    """Why ``colour`` cannot be the accent in ``scheme`` ("light" or "dark"), with a colour that can; or None."""
    backgrounds = LIGHT_BACKGROUNDS if scheme == "light" else DARK_BACKGROUNDS
    if passes(colour, backgrounds):
        return None
    ratio = worst_contrast(colour, backgrounds)
    suggestion = nearest_passing(colour, backgrounds)
    where = "on the white page and in the PDF" if scheme == "light" else "on the dark page (phones set to dark mode)"
    return (
        f'{label} "{colour}" is too hard to read {where}: its contrast is {ratio:.1f}:1 and clients need at least '
        f'4.5:1. The nearest colour that passes is "{suggestion}": write {label.split(maxsplit=1)[0]} = "{suggestion}".'
    )


@dataclass(frozen=True)
class Accent:
    light: str
    dark: str


def dark_from_light(light: str) -> str:
    """The dark-scheme accent that follows from the light one: the nearest readable tint of the same hue."""
    return nearest_passing(light, DARK_BACKGROUNDS)


# --- the logo ---------------------------------------------------------------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Elements that run code, embed another document or fetch one.
_SVG_REFUSED = {"script", "foreignObject", "iframe", "embed", "object", "audio", "video", "handler", "listener"}
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


@dataclass(frozen=True)
class Logo:
    path: Path
    kind: str  # "svg" or "png"
    width: float  # pixels (PNG) or user units (SVG)
    height: float

    @property
    def media_type(self) -> str:
        return "image/svg+xml" if self.kind == "svg" else "image/png"


class LogoProblem(ValueError):
    """A logo that cannot be used; the message says why and what to do."""


def _local_reference(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or value.lower().startswith(("data:image/png", "data:image/jpeg", "data:image/gif"))


def check_svg(data: bytes) -> tuple[float, float]:
    """The SVG's size; raise :class:`LogoProblem` if it is unreadable or not self-contained and script-free."""
    text = data.decode("utf-8", errors="replace")
    # Entity declarations can expand to gigabytes ("billion laughs") or read
    # local files: a logo never needs them.
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise LogoProblem("it declares a DOCTYPE or entities, which a logo never needs; export it again as plain SVG")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise LogoProblem(f"it cannot be read as SVG ({error}); export it again from your drawing program") from None
    if root.tag not in (f"{SVG_NS}svg", "svg"):
        raise LogoProblem("it is not an SVG image (its first element is not <svg>)")
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if name in _SVG_REFUSED:
            raise LogoProblem(f"it contains <{name}>, which could run code or load another page; a logo is only shapes")
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1]
            if local.lower().startswith("on"):
                raise LogoProblem(f'it has a script in the attribute {local}="…"; export the logo again without it')
            if local == "href" and not _local_reference(value):
                raise LogoProblem(f'it refers to "{value}" outside the file; a logo must hold everything it shows')
            if local == "style" or name == "style":
                _check_style(value)
        if name == "style" and element.text:
            _check_style(element.text)
    return _svg_size(root)


def _check_style(css: str) -> None:
    if "@import" in css.lower():
        raise LogoProblem("its CSS imports another file; a logo must hold everything it shows")
    for url in _URL.findall(css):
        if not _local_reference(url):
            raise LogoProblem(f'its CSS refers to "{url}" outside the file; a logo must hold everything it shows')


def _number(text: str | None) -> float | None:
    match = re.match(r"\s*([0-9.]+)\s*(px)?\s*$", text or "")
    return float(match.group(1)) if match else None


def _svg_size(root: ET.Element) -> tuple[float, float]:
    width, height = _number(root.get("width")), _number(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        with contextlib.suppress(ValueError):
            width, height = float(box[2]), float(box[3])
    if not width or not height:
        raise LogoProblem('it has no size: give its <svg> element a viewBox (e.g. viewBox="0 0 200 60")')
    return width, height


def check_png(data: bytes) -> tuple[int, int]:
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        raise LogoProblem("it is not a PNG image (it may be another format renamed to .png); save it as PNG or SVG")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        raise LogoProblem(
            f"it is {width} by {height} pixels; a logo needs at most {MAX_LOGO_PIXELS} pixels each way (about 600 wide is plenty)"
        )
    try:
        import io

        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.load()  # decodes every pixel: a truncated or damaged file fails here
    except Exception as error:
        raise LogoProblem(f"the PNG is damaged and cannot be read ({error}); save it again") from None
    return width, height


def load_logo(path: Path) -> Logo:
    """Check the logo at ``path``; raise :class:`LogoProblem` saying what is wrong with it."""
    suffix = path.suffix.lower()
    if suffix not in LOGO_SUFFIXES:
        raise LogoProblem("a logo must be an .svg or a .png file")
    if not path.is_file():
        raise LogoProblem("there is no such file; put the logo next to practice.toml (or write its path from there)")
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise LogoProblem(
            f"it is {size // 1000} KB; a logo must be under {MAX_LOGO_BYTES // 1000} KB so the page stays quick on a phone "
            "(save it smaller, about 600 pixels wide, or as SVG)"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LogoProblem(f"it cannot be read ({error.strerror})") from None
    if suffix == ".svg":
        width, height = check_svg(data)
        return Logo(path, "svg", width, height)
    png_width, png_height = check_png(data)
    return Logo(path, "png", png_width, png_height)
