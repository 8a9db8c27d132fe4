"""Clients type their names into the PDF's form in any script the bundled font covers.

The form is filled by real readers' code (pdf.js as Firefox saves it, pypdf,
mupdf; see form_readers.py) with Vietnamese, Polish, Greek and Cyrillic
names; each name must come back from the saved file as typed, both as text
(poppler's pdftotext of the field's area) and as drawn glyphs (poppler's
rendering of the field, against the same name drawn in the bundled font).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from sphinx_policy_ext.pdf import field_font
from sphinx_policy_ext.pdf.font_coverage import _ranges

from .form_readers import READERS, field_areas, ink_in_field, text_in_field
from .test_pdf import PDF_NAME, build_project

NAMES = {
    "client_1_name": "Nguyễn Thị Hạnh",
    "client_2_name": "Łukasz Żółć",
    "client_3_name": "Γιώργος Παπαδόπουλος",
    "client_4_name": "Пётр Иванов",
    "therapist_name": "Dr. Jordan Rivera",
    "client_1_date": "25.11.2026",
}
CLINICIAN = "Nguyễn Thị Hồng"
CLINICIAN_PDF = "social-media-policy-nguyen-thi-hong.pdf"
GROUP = f"""
[[clinicians]]
name = "{CLINICIAN}"
credentials = "LCSW"
profession = "social-worker"
"""


@pytest.fixture(scope="module")
def group_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's policy for a group practice with a Vietnamese clinician: the folder of its PDFs."""
    return build_project(tmp_path_factory.mktemp("group"), append=GROUP).parent


def drawn_in_bundled_font(source: Path, target: Path, values: dict[str, str]) -> None:
    """The reference: ``values`` put into the fields with this package's own appearance streams."""
    with pikepdf.open(source) as pdf:
        for field in pdf.Root.AcroForm.Fields:
            value = values.get(str(field.T))
            if value is not None:
                field.V = pikepdf.String(value)
                left, bottom, right, top = (float(v) for v in field.Rect)
                field.AP.N.write(field_font.appearance_content(value, right - left, top - bottom, 10))
        pdf.save(target)


def appearance_fonts(path: Path, field: str) -> dict[str, bool]:
    """The fonts a field's appearance draws with: their names, and whether the file holds each one."""
    with pikepdf.open(path) as pdf:
        for annot in pdf.Root.AcroForm.Fields:
            if str(annot.T) == field:
                fonts = annot.AP.N.get("/Resources", {}).get("/Font", {})
                return {str(font.BaseFont): is_embedded(font) for font in fonts.values()}
    raise AssertionError(f"no field {field}")


def is_embedded(font: pikepdf.Dictionary) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor", {})
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize("reader", list(READERS))
def test_names_in_four_scripts_come_back_as_typed(reader: str, group_pdfs: Path, tmp_path: Path) -> None:
    source = group_pdfs / PDF_NAME
    filled = tmp_path / f"filled-by-{reader}.pdf"
    READERS[reader](source, filled, NAMES)
    reference = tmp_path / "reference.pdf"
    drawn_in_bundled_font(source, reference, NAMES)

    for field, name in NAMES.items():
        assert text_in_field(filled, field) == name, f"{reader} lost letters of {name!r}"
        # Drawn, not only stored: about as much ink as the name drawn in the
        # bundled font. A lost or boxed letter changes it (mupdf 1.21, which
        # writes Helvetica, draws "Nguy·n Th· H·nh" with 28 % less).
        drawn, expected = ink_in_field(filled, field), ink_in_field(reference, field)
        assert abs(drawn - expected) <= 0.2 * expected, f"{reader} drew {name!r} with {drawn} dark pixels, expected ~{expected}"
    for field in set(field_areas(filled)) - set(NAMES):
        assert text_in_field(filled, field) == "" and ink_in_field(filled, field) == 0, field


@pytest.mark.parametrize("reader", ["pdf.js", "pypdf"])
def test_readers_that_use_the_forms_font_draw_with_the_embedded_dejavu(reader: str, group_pdfs: Path, tmp_path: Path) -> None:
    """pdf.js and pypdf take the glyphs from the form's font, so the filled file holds every font it draws with.

    (mupdf ignores the form's font and draws with its own: see the README.)
    """
    filled = tmp_path / "filled.pdf"
    READERS[reader](group_pdfs / PDF_NAME, filled, NAMES)
    for field in NAMES:
        fonts = appearance_fonts(filled, field)
        assert fonts and all(name.endswith("+DejaVuSans") for name in fonts), (field, fonts)
        assert all(fonts.values()), f"{field}: a font the file lacks: {fonts}"


@pytest.mark.parametrize("reader", list(READERS))
def test_a_group_practices_vietnamese_clinician_types_their_name_on_the_therapist_line(
    reader: str, group_pdfs: Path, tmp_path: Path
) -> None:
    filled = tmp_path / "clinician.pdf"
    READERS[reader](group_pdfs / CLINICIAN_PDF, filled, {"therapist_name": CLINICIAN})
    assert text_in_field(filled, "therapist_name") == CLINICIAN
    assert ink_in_field(filled, "therapist_name") > 300


# --- The file as built ------------------------------------------------------


def test_fields_name_the_embedded_font_and_need_no_reader_to_make_appearances(group_pdfs: Path) -> None:
    for path in sorted(group_pdfs.glob("*.pdf")):
        with pikepdf.open(path) as pdf:
            acroform = pdf.Root.AcroForm
            assert "/NeedAppearances" not in acroform
            fonts = acroform.DR.Font
            assert list(fonts.keys()) == ["/DejaVuSans"]
            font = fonts.DejaVuSans
            assert font.Subtype == "/Type0" and font.Encoding == "/Identity-H" and "/ToUnicode" in font
            assert is_embedded(font)
            program = font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()
            assert program == field_font.FIELD_FONT.read_bytes()
            for field in acroform.Fields:
                assert str(field.DA) == "/DejaVuSans 10 Tf 0 g", field.T
                appearance = field.AP.N
                assert appearance.read_bytes() == b"/Tx BMC\nEMC\n"
                assert appearance.Resources.Font.DejaVuSans.objgen == font.objgen
            assert b"Helvetica" not in path.read_bytes()


def test_every_pdf_stays_under_500_kb(group_pdfs: Path) -> None:
    sizes = {path.name: path.stat().st_size for path in group_pdfs.glob("*.pdf")}
    assert len(sizes) == 2
    assert all(size < 500_000 for size in sizes.values()), sizes


def test_the_form_font_has_every_character_the_pdf_can_show_with_dejavus_own_shapes() -> None:
    shipped = TTFontFile(str(field_font.FIELD_FONT))
    source = TTFontFile(str(field_font.SOURCE_FONT))
    starts, ends = _ranges()
    covered = {code for start, end in zip(starts, ends, strict=True) for code in range(start, end + 1)}
    assert covered <= set(shipped.charToGlyph), "every character the PDF can show can be typed"
    assert len(set(shipped.charToGlyph) - covered) < 5, "and not much more: the file stays small"

    def advance(font: TTFontFile, code: int) -> int:
        glyph = font.charToGlyph[code]
        return int(font.hmetrics[min(glyph, len(font.hmetrics) - 1)][0])

    assert all(advance(shipped, code) == advance(source, code) for code in covered), "DejaVu's own widths"
    assert "Bitstream" in (field_font.FIELD_FONT.parent / "LICENSE").read_text(encoding="utf-8")


def test_the_form_font_is_remade_the_same_from_dejavu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remade = tmp_path / "remade.ttf"
    monkeypatch.setattr(field_font, "FIELD_FONT", remade)
    field_font.make_field_font()
    shipped, again = TTFontFile(str(field_font.HERE / "form-font" / "DejaVuSans-fields.ttf")), TTFontFile(str(remade))
    assert shipped.charToGlyph == again.charToGlyph and shipped.hmetrics == again.hmetrics


def test_a_value_in_the_bundled_font_is_text_and_glyphs(group_pdfs: Path, tmp_path: Path) -> None:
    """This package's own appearance streams (written for any field that has a value) read back as typed."""
    target = tmp_path / "prefilled.pdf"
    drawn_in_bundled_font(group_pdfs / PDF_NAME, target, NAMES)
    for field, name in NAMES.items():
        assert text_in_field(target, field) == name
        assert ink_in_field(target, field) > 100
