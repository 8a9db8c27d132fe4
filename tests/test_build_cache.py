"""What the PDF build keeps between builds is made again when what it was made from changes.

The build cache (sphinx_policy_ext/pdf/build_cache.py) keeps parsed fonts,
the prepared form font and parsed stylesheets beside Sphinx's environment.
A therapist never sees it, unless it goes stale: a replaced font or an edited
stylesheet must show in the next PDF. (That a PDF has the same bytes with a
warm, cold or damaged cache is tested on the whole project, in
tests/test_project.py.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sphinx_policy_ext.pdf import build_cache, field_font
from sphinx_policy_ext.pdf.rst2pdf_patches import font_faces_cached, stylesheets_read_once

FONTS = Path(field_font.__file__).parent / "fonts"


def test_a_result_is_read_back_only_for_the_key_it_was_made_for(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "thing.pickle"
    assert build_cache.read(path, "key") is None
    build_cache.write(path, ("key", 1), [{"result": [1, 2]}, "second part"], head="small")
    assert build_cache.read(path, ("key", 1)) == {"result": [1, 2]}
    assert build_cache.read(path, ("key", 1), 1) == "second part"
    assert build_cache.read(path, ("key", 1), 2) is None
    assert build_cache.read_head(path, ("key", 1)) == "small"
    assert build_cache.read(path, ("key", 2)) is None
    assert build_cache.read_head(path, ("key", 2)) is None
    whole = path.read_bytes()
    path.write_bytes(whole[:-5])  # cut short, as by a crash: the last part is lost, the first still reads
    assert build_cache.read(path, ("key", 1), 1) is None
    assert build_cache.read(path, ("key", 1)) == {"result": [1, 2]}
    path.write_bytes(whole[: len(whole) // 2])
    assert build_cache.read(path, ("key", 1)) is None
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_a_replaced_font_file_is_parsed_again(tmp_path: Path) -> None:
    from reportlab.pdfbase import ttfonts

    font = tmp_path / "fonts" / "Body.ttf"
    font.parent.mkdir()
    cache = tmp_path / "cache" / "pdf-fonts.pickle"
    shutil.copy(FONTS / "DejaVuSans.ttf", font)
    parsed = ttfonts.TTFontFace(str(font))

    with font_faces_cached(cache):
        made = ttfonts.TTFont("Body", str(font)).face
    assert made.name == b"DejaVuSans"
    assert made.charWidths == parsed.charWidths  # made by ReportLab, kept before use

    with font_faces_cached(cache):
        kept = ttfonts.TTFont("Body", str(font)).face
        assert "_read_face" in vars(kept)  # not read yet: registering a font needs only its name
        assert kept.name == b"DejaVuSans"
        assert kept.charWidths == parsed.charWidths and kept.getCharWidth(ord("W")) == parsed.getCharWidth(ord("W"))
        assert kept.makeSubset([0, 32, ord("W")]) == parsed.makeSubset([0, 32, ord("W")])
        assert "_read_rarely" in vars(kept)  # what only text shaping reads is read when asked for
        assert kept.glyphToChar == parsed.glyphToChar
        assert {*vars(kept)} == {*vars(parsed)}

    shutil.copy(FONTS / "DejaVuSerif.ttf", font)
    with font_faces_cached(cache):
        replaced = ttfonts.TTFont("Body", str(font)).face
    assert replaced.name == b"DejaVuSerif"
    assert replaced.charWidths == ttfonts.TTFontFace(str(font)).charWidths
    assert ttfonts.TTFontFace is not None and not getattr(ttfonts.TTFontFace, "cached", False)


def test_a_replaced_form_font_is_prepared_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    font = tmp_path / "fields.ttf"
    cache = tmp_path / "cache" / "pdf-field-font.pickle"
    shutil.copy(field_font.FIELD_FONT, font)
    monkeypatch.setattr(field_font, "FIELD_FONT", font)
    monkeypatch.setattr(field_font, "_prepared", {})
    fresh = field_font.prepared()  # no cache: made in memory

    monkeypatch.setattr(field_font, "_prepared", {})
    assert field_font.prepared(cache) == fresh
    assert cache.exists()
    monkeypatch.setattr(field_font, "_prepared", {})  # a new process: from the cache
    assert field_font.prepared(cache) == fresh

    shutil.copy(FONTS / "DejaVuSerif.ttf", font)
    monkeypatch.setattr(field_font, "_prepared", {})
    replaced = field_font.prepared(cache)
    assert replaced.metrics.name == "DejaVuSerif" != fresh.metrics.name
    assert replaced.length == font.stat().st_size


def test_an_edited_stylesheet_is_parsed_again_and_each_reader_gets_its_own_copy(tmp_path: Path) -> None:
    from rst2pdf import styles

    cache = tmp_path / "pdf-stylesheets.pickle"
    navy, green = "linkColor: '#1f3b5a'\nstyles: {base: {fontSize: 10}}\n", "linkColor: '#1f5a3b'\n"
    with stylesheets_read_once(cache):
        first = styles.yaml.safe_load(navy)
        first["styles"]["base"]["fontSize"] = 99  # rst2pdf rewrites what it reads
        assert styles.yaml.safe_load(navy) == yaml.safe_load(navy)
    assert cache.exists()
    with stylesheets_read_once(cache):
        assert styles.yaml.safe_load(navy) == yaml.safe_load(navy)
        assert styles.yaml.safe_load(green) == {"linkColor": "#1f5a3b"}
    assert styles.yaml is yaml
