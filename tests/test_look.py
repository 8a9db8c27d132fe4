"""The practice's look in practice.toml: accent colours checked for contrast, logos checked before use."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_policy_ext.commands.main import main
from sphinx_policy_ext.practice import look

LINE = 'website = "https://www.example.com/social-media-policy"'


def _build(
    policy_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str], extra: str, files: dict[str, bytes]
) -> tuple[int, str]:
    root = policy_copy({LINE: f"{LINE}\n{extra}"})
    for name, data in files.items():
        (root / name).write_bytes(data)
    code = main(["html", "--root", str(root), "--quiet"])
    return code, capsys.readouterr().err


def _png(width: int, height: int) -> bytes:
    raw = b"".join(b"\x00" + b"\x10\x20\x30" * width for _ in range(height))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))  # noqa: E731
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_contrast_matches_wcag() -> None:
    assert round(look.contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(look.contrast("#767676", "#ffffff"), 2) == 4.54


@pytest.mark.parametrize("colour", ["#ff9900", "#e91e63", "#3399ff", "#7fd0cc"])
def test_nearest_passing_colour_passes_and_keeps_the_hue(colour: str) -> None:
    suggestion = look.nearest_passing(colour, look.LIGHT_BACKGROUNDS)
    assert suggestion != colour and look.passes(suggestion, look.LIGHT_BACKGROUNDS)
    dark = look.nearest_passing(colour, look.DARK_BACKGROUNDS)
    assert look.passes(dark, look.DARK_BACKGROUNDS)


def test_a_colour_too_light_to_read_is_refused_with_the_nearest_that_passes(
    policy_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _build(policy_copy, capsys, 'accent_color = "#ff9900"', {})
    assert code != 0
    suggestion = look.nearest_passing("#ff9900", look.LIGHT_BACKGROUNDS)
    assert 'practice.toml:18: ERROR: accent_color in [practice] "#ff9900" is too hard to read on the white page' in err
    assert f'write accent_color = "{suggestion}"' in err
    assert look.colour_problem("accent_color in [practice]", suggestion, "light") is None


def test_a_dark_mode_colour_too_dark_is_refused(policy_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _build(policy_copy, capsys, 'accent_color_dark = "#1f3b5a"', {})
    assert code != 0
    assert "practice.toml:18: ERROR: accent_color_dark in [practice]" in err and "on the dark page" in err
    assert "The nearest colour that passes is" in err


@pytest.mark.parametrize(
    ("files", "says"),
    [
        ({}, "there is no such file"),
        ({"logo.png": b"GIF89a" + b"\x00" * 40}, "it is not a PNG image"),
        ({"logo.png": _png(5000, 10)}, "it is 5000 by 10 pixels"),
        ({"logo.png": _png(20, 20)[:-30]}, "the PNG is damaged"),
        ({"logo.png": b"\x89PNG" + b"\x00" * 300_000}, "it is 300 KB"),
    ],
)
def test_a_logo_that_cannot_be_used_gets_a_located_error(
    policy_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str], files: dict[str, bytes], says: str
) -> None:
    code, err = _build(policy_copy, capsys, 'logo = "logo.png"', files)
    assert code != 0
    assert 'practice.toml:18: ERROR: logo in [practice] is "logo.png", but ' + says in err
    assert "Traceback" not in err


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'


@pytest.mark.parametrize(
    ("inside", "says"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<rect width="5" height="5" onclick="alert(1)"/>', "onclick"),
        ('<image href="https://tracker.example.net/x.png" width="5" height="5"/>', "https://tracker.example.net/x.png"),
        ('<use xlink:href="https://cdn.example.net/s.svg#a"/>', "https://cdn.example.net/s.svg#a"),
        ("<style>@import url(https://cdn.example.net/x.css);</style>", "imports another file"),
        ('<rect style="fill:url(https://x.example.net/p.svg)"/>', "https://x.example.net/p.svg"),
        ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>', "<foreignObject>"),
    ],
)
def test_an_svg_logo_with_scripts_or_outside_references_is_refused(
    policy_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str], inside: str, says: str
) -> None:
    code, err = _build(policy_copy, capsys, 'logo = "logo.svg"', {"logo.svg": SVG.format(inside).encode()})
    assert code != 0
    assert 'practice.toml:18: ERROR: logo in [practice] is "logo.svg", but ' in err and says in err


def test_an_svg_logo_with_entities_is_refused(policy_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    code, err = _build(policy_copy, capsys, 'logo = "logo.svg"', {"logo.svg": bomb.encode()})
    assert code != 0 and "declares a DOCTYPE or entities" in err


def test_a_png_logo_is_used_on_the_page_and_in_the_icon(
    policy_copy: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _build(policy_copy, capsys, 'logo = "logo.png"', {"logo.png": _png(300, 100)})
    assert code == 0, err
