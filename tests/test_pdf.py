"""The PDF a practice hands to clients: letterhead, pages, the form, fonts, a sound and reproducible file."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFontFile

from sphinx_policy_ext.commands.main import main
from sphinx_policy_ext.pdf.builder import FONTS

from .conftest import PROJECT, copy_policy
from .helpers import MakeApp, body_text, build, build_fails, squash

PDF_NAME = "social-media-policy.pdf"
SCRIPT_NAMES = {
    "therapist": "Nguyễn Thị Hồng",
    "practice": "Łukasz Żółć · Αθηνά Παπαδοπούλου · Анна Иванова",
    "credentials": "Psychoterapeutka, Ærøskøbing Dvořák Çağrı Şükrü Ŵŷ",  # noqa: RUF001 (Turkish dotless i)
}
HOSTILE = "*Star* <b>bold</b> & Co. [x](http://evil) `code` ###Total###"


def build_pdf(make_app: MakeApp, srcdir: Path) -> Path:
    app, _ = build(make_app, srcdir, "pdf")
    path = Path(app.outdir, PDF_NAME)
    app.cleanup()
    return path


def build_project(root: Path, practice_edits: dict[str, str] | None = None, append: str = "") -> Path:
    """The repository's own policy and sample practice in ``root``, built as `make pdf` builds it."""
    copy_policy(root, practice_edits, append)
    # The file's date is the policy's own unless SOURCE_DATE_EPOCH says otherwise.
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    with mock.patch.dict(os.environ, environ, clear=True):
        assert main(["pdf", "--root", str(root), "--quiet"]) == 0
    return root / "_build" / "pdf" / PDF_NAME


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("project"))


def page_texts(path: Path, furniture: bool = True) -> list[str]:
    """Each page's text, squashed; without header and footer unless ``furniture``."""
    return [squash(page.extract_text() if furniture else body_text(page)) for page in PdfReader(path).pages]


def form_page(path: Path) -> int:
    texts = page_texts(path)
    pages = [i for i, text in enumerate(texts) if "Acknowledgement" in text and "Therapist:" in text]
    assert len(pages) == 1, "the acknowledgement should be on exactly one page"
    return pages[0]


def set_values(project_copy: Callable[..., Path], **values: str) -> Path:
    """A copy of the basic root with ``table.key`` values replaced (literal TOML strings)."""
    srcdir = project_copy()
    toml = srcdir / "practice.toml"
    text = toml.read_text(encoding="utf-8")
    for dotted, value in values.items():
        table, key = dotted.split("__")
        section = re.search(rf"^\[{table}\]$.*?(?=^\[|\Z)", text, re.M | re.S)
        assert section, table
        line = f"{key} = {value}"
        body = re.sub(rf"^{key} = .*$", line.replace("\\", "\\\\"), section.group(0), count=1, flags=re.M)
        text = text[: section.start()] + body + text[section.end() :]
    toml.write_text(text, encoding="utf-8")
    return srcdir


# --- Layout -----------------------------------------------------------------


def test_us_letter_and_body_text_size(sample_pdf: Path) -> None:
    pdf = pikepdf.open(sample_pdf)
    serif_sizes = []
    for page in pdf.pages:
        assert [round(float(v)) for v in page.MediaBox] == [0, 0, 612, 792]
        serif = {name.lstrip("/") for name, font in page.Resources.Font.items() if str(font.BaseFont).endswith("+DejaVuSerif")}
        # The body text is set in the serif font: every size it is set in.
        for name, size in re.findall(rb"/(F\d+\+0) ([\d.]+) Tf", page.Contents.read_bytes()):
            if name.decode() in serif:
                serif_sizes.append(float(size))
    # Most runs of text are body text; only the license note is set smaller.
    body = max(set(serif_sizes), key=serif_sizes.count)
    assert 10.5 <= body <= 12, sorted(set(serif_sizes))


def test_letterhead_names_the_practice_and_links_its_addresses(sample_pdf: Path) -> None:
    first = page_texts(sample_pdf)[0]
    letterhead = first[: first.index("Social Media Policy")]
    for text in (
        "Harbor Light Counseling",
        "Dr. Jordan Rivera, PhD, Licensed Psychologist",
        "100 Example Way, Suite 2, Springfield, IL 62701",
        "(555) 010-0123",
        "office@example.com",
        "https://www.example.com/social-media-policy",
    ):
        assert text in letterhead, text
    page = PdfReader(sample_pdf).pages[0]
    uris = {annot.get_object()["/A"]["/URI"] for annot in page["/Annots"] if "/A" in annot.get_object()}
    assert {"tel:5550100123", "mailto:office@example.com", "https://www.example.com/social-media-policy"} <= uris


def test_every_page_has_header_and_page_x_of_y_footer(sample_pdf: Path) -> None:
    texts = page_texts(sample_pdf)
    total = len(texts)
    assert total >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert "Version 1.0 · Effective January 15, 2026" in text
        if number > 1:
            # The running header: the practice name above the text.
            assert text.count("Harbor Light Counseling") >= 1


def test_header_and_footer_stay_out_of_the_text(sample_pdf: Path) -> None:
    body = " ".join(page_texts(sample_pdf, furniture=False))
    assert "Page 1 of" not in body
    # Printed once in the text: on the form, not from every page's footer.
    assert body.count("Version 1.0 · Effective") == 1


# --- The acknowledgement form -----------------------------------------------


def test_form_starts_a_page_and_holds_statement_lines_version(sample_pdf: Path) -> None:
    index = form_page(sample_pdf)
    body = page_texts(sample_pdf, furniture=False)
    assert index == len(body) - 1
    assert body[index].startswith("Acknowledgement")
    assert "Acknowledgement" not in body[index - 1]
    form = body[index]
    assert "This document is also available at https://www.example.com/social-media-policy" in form
    assert "Version 1.0" in form and "Effective January 15, 2026" in form
    assert form.count("Name:") == 4 and form.count("Therapist:") == 1 and form.count("Date:") == 5
    # Who signs on the therapist line, printed under it.
    assert "Dr. Jordan Rivera, PhD, Licensed Psychologist" in form[form.rindex("Name:") :]


def fields_by_page(path: Path) -> dict[str, tuple[int, list[float]]]:
    pdf = pikepdf.open(path)
    found: dict[str, tuple[int, list[float]]] = {}
    for index, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") == "/Widget" and annot.get("/FT") == "/Tx":
                name = str(annot.T)
                assert name not in found, f"field {name} is there twice"
                found[name] = (index, [float(v) for v in annot.Rect])
    return found


def expected_fields(clients: int) -> list[str]:
    names = [f"client_{n}_{part}" for n in range(1, clients + 1) for part in ("name", "date")]
    return [*names, "therapist_name", "therapist_date"]


def test_form_fields_sit_on_the_form_page_in_rows(sample_pdf: Path) -> None:
    fields = fields_by_page(sample_pdf)
    assert sorted(fields) == sorted(expected_fields(4))
    page = form_page(sample_pdf)
    assert {index for index, _ in fields.values()} == {page}
    assert set(PdfReader(sample_pdf).get_fields() or {}) == set(fields)
    rows = ["client_1", "client_2", "client_3", "client_4", "therapist"]
    tops = [fields[f"{row}_name"][1][1] for row in rows]
    assert tops == sorted(tops, reverse=True), "rows run down the page in order"
    for row in rows:
        name, date = fields[f"{row}_name"][1], fields[f"{row}_date"][1]
        assert name[1] == date[1], "name and date of one signer share a line"
        assert name[2] < date[0], "the name field ends before the date field"
        assert name[0] >= 72 - 1 and date[2] <= 612 - 72 + 1, "inside the margins"
        assert name[2] - name[0] > 150 and date[2] - date[0] > 80, "wide enough to write in"


def test_form_lines_are_drawn_under_the_fields(sample_pdf: Path) -> None:
    pdf = pikepdf.open(sample_pdf)
    page = pdf.pages[form_page(sample_pdf)]
    content = page.Contents.read_bytes() if not isinstance(page.Contents, pikepdf.Array) else b""
    # One stroked line per field ("x y m x y l S"), not underscores.
    lines = re.findall(rb"[\d.]+ [\d.]+ m [\d.]+ [\d.]+ l S", content)
    assert len(lines) >= 10
    assert b"_____" not in content


@pytest.mark.parametrize("clients", [1, 12])
def test_form_has_the_configured_lines_on_one_page(clients: int, tmp_path: Path) -> None:
    # The real policy: its statement and the lines must share the form page.
    path = build_project(tmp_path, {"signature_lines = 4": f"signature_lines = {clients}"})
    fields = fields_by_page(path)
    assert sorted(fields) == sorted(expected_fields(clients))
    page = form_page(path)
    assert {index for index, _ in fields.values()} == {page}
    body = page_texts(path, furniture=False)
    assert body[page].startswith("Acknowledgement of Review")
    assert body[page].count("Name:") == clients
    assert page == len(body) - 1, "nothing, not even an empty page, after the form"


def test_readme_says_what_a_typed_field_can_hold(sample_pdf: Path) -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The PDF") :]
    for name in ("client_1_name", "client_1_date", "therapist_name", "therapist_date"):
        assert f"`{name}`" in section
    assert set(fields_by_page(sample_pdf)) >= {"client_1_name", "therapist_date"}
    assert "Latin-1" not in section and "SOURCE_DATE_EPOCH" in section
    # What a typed field can hold, and what each reader tried does with it.
    for words in ("Greek and Cyrillic", "Nguyễn Thị Hạnh", "pdf.js", "pypdf", "mupdf 1.21", "sign on paper"):
        assert words in section, words


def test_signature_lines_out_of_range_is_a_clear_error(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    srcdir = set_values(project_copy, policy__signature_lines="13")
    messages = build_fails(make_app, srcdir, "pdf")
    assert "practice.toml:" in messages
    assert "signature_lines in [policy] must be between 1 and 12; it is 13." in messages


# --- Names in any script; fonts ---------------------------------------------


@pytest.fixture
def script_pdf(make_app: MakeApp, project_copy: Callable[..., Path]) -> Path:
    srcdir = set_values(
        project_copy,
        practice__name=f'"{SCRIPT_NAMES["practice"]}"',
        therapist__name=f'"{SCRIPT_NAMES["therapist"]}"',
        therapist__credentials=f'"{SCRIPT_NAMES["credentials"]}"',
    )
    return build_pdf(make_app, srcdir)


def test_names_in_any_script_are_in_letterhead_header_text_and_metadata(script_pdf: Path) -> None:
    texts = page_texts(script_pdf)
    for name in SCRIPT_NAMES.values():
        assert name in texts[0], name
    assert SCRIPT_NAMES["practice"] in texts[1]  # running header
    meta = PdfReader(script_pdf).metadata
    assert meta is not None
    assert meta.title == f"{SCRIPT_NAMES['practice']} Social Media Policy"
    assert meta.author == f"{SCRIPT_NAMES['therapist']}, {SCRIPT_NAMES['credentials']}"


def test_the_shipped_fonts_have_every_letter_of_those_names() -> None:
    letters = {c for name in SCRIPT_NAMES.values() for c in name if not c.isspace()}
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"):
        cmap = TTFontFile(str(FONTS / font)).charToGlyph
        missing = sorted(c for c in letters if ord(c) not in cmap)
        assert not missing, f"{font} lacks {missing}"
    assert (FONTS / "LICENSE").read_text(encoding="utf-8").count("Bitstream") >= 1


def test_characters_the_fonts_lack_in_the_text_stop_the_build_at_their_line(
    make_app: MakeApp, project_copy: Callable[..., Path]
) -> None:
    # practice.toml values are refused when the file is read (tests/test_glyphs.py);
    # the policy text is checked before the PDF is written.
    srcdir = project_copy()
    text = srcdir / "index.md"
    text.write_text(text.read_text(encoding="utf-8") + "\nPlease no phones \U0001f4f5 in session.\n", encoding="utf-8")
    messages = build_fails(make_app, srcdir, "pdf")
    md_line = next(n for n, t in enumerate(text.read_text().splitlines(), 1) if "phones" in t)
    assert f"index.md:{md_line}: ERROR: This text has characters the PDF's font cannot show: \U0001f4f5 (U+1F4F5)" in messages
    assert "empty boxes" in messages and "[policy.glyph]" in messages
    assert not (srcdir / "_build" / "pdf" / PDF_NAME).exists()


def page_fonts(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Dictionary]]:
    """Every font the pages' own content (and the forms it draws) uses."""

    def walk(resources: pikepdf.Dictionary) -> Iterator[tuple[str, pikepdf.Dictionary]]:
        yield from resources.get("/Font", {}).items()
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                yield from walk(xobject.Resources)

    for page in pdf.pages:
        yield from walk(page.Resources)


def embedded(font: pikepdf.Dictionary) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in ("/FontFile2", "/FontFile", "/FontFile3"))


def test_every_font_the_pages_use_is_embedded(script_pdf: Path, sample_pdf: Path) -> None:
    for path in (script_pdf, sample_pdf):
        pdf = pikepdf.open(path)
        fonts = list(page_fonts(pdf))
        assert fonts
        for name, font in fonts:
            assert embedded(font), f"{name} ({font.get('/BaseFont')}) is not embedded"
        assert {str(font.BaseFont).split("+")[-1] for _, font in fonts} >= {"DejaVuSerif", "DejaVuSans-Bold"}


# --- A sound file -----------------------------------------------------------


def test_one_valid_pdf(sample_pdf: Path) -> None:
    data = sample_pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.count(b"%PDF-") == 1
    assert data.rstrip().endswith(b"%%EOF") and data.count(b"%%EOF") == 1
    qpdf = shutil.which("qpdf")
    assert qpdf, "qpdf is needed for this test (Debian package qpdf, installed by .ci/run)"
    result = subprocess.run([qpdf, "--check", str(sample_pdf)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout
    PdfReader(sample_pdf, strict=True)


def test_metadata(sample_pdf: Path) -> None:
    meta = PdfReader(sample_pdf).metadata
    assert meta is not None
    assert meta.title == "Harbor Light Counseling Social Media Policy"
    assert meta.author == "Dr. Jordan Rivera, PhD, Licensed Psychologist"
    assert meta.subject and "Harbor Light Counseling" in meta.subject and "version 1.0" in meta.subject
    assert meta["/CreationDate"] == "D:20260115000000+00'00'"


def test_no_local_path_or_file_link_anywhere(sample_pdf: Path, tmp_path: Path) -> None:
    pdf = pikepdf.open(sample_pdf)
    blobs = [sample_pdf.read_bytes()]
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            try:
                blobs.append(obj.read_bytes())
            except pikepdf.PdfError:
                blobs.append(obj.read_raw_bytes())
        elif isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
            blobs.append(repr(obj).encode())
    everything = b"\n".join(blobs)
    for leak in {
        b"file:",
        str(Path.cwd()).encode(),
        str(Path.home()).encode(),
        str(tmp_path).encode(),
        str(Path(__file__).parent.parent).encode(),
        b"/tmp/",
    }:
        assert leak not in everything, leak


def test_rebuilds_are_byte_identical(make_app: MakeApp, tmp_path: Path, project_copy: Callable[..., Path]) -> None:
    srcdir = project_copy()
    # A second copy in another folder: the path must not change a byte.
    other = shutil.copytree(srcdir, tmp_path / "elsewhere" / "policy")
    first = build_pdf(make_app, srcdir).read_bytes()
    again = build_pdf(make_app, srcdir).read_bytes()
    moved = build_pdf(make_app, other).read_bytes()
    assert first == again == moved


def test_source_date_epoch_sets_the_date_and_stays_reproducible(
    make_app: MakeApp, project_copy: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    epoch = int(dt.datetime(2026, 3, 1, 12, 30, tzinfo=dt.UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    srcdir = project_copy()
    first = build_pdf(make_app, srcdir).read_bytes()
    second = build_pdf(make_app, srcdir).read_bytes()
    assert first == second
    assert b"D:20260301123000+00'00'" in first


# --- Values are literal everywhere -----------------------------------------


def test_hostile_practice_name_is_literal_in_letterhead_header_and_metadata(
    make_app: MakeApp, project_copy: Callable[..., Path]
) -> None:
    srcdir = set_values(project_copy, practice__name=f"'{HOSTILE}'")
    path = build_pdf(make_app, srcdir)
    texts = page_texts(path)
    assert HOSTILE in texts[0]  # letterhead (and title)
    assert HOSTILE in texts[1]  # running header
    meta = PdfReader(path).metadata
    assert meta is not None and meta.title == f"{HOSTILE} Social Media Policy"
    # "###Total###" in a value is text, not rst2pdf's token: still one PDF.
    assert path.read_bytes().count(b"%PDF-") == 1
    uris = [str(a.A.URI) for page in pikepdf.open(path).pages for a in page.get("/Annots", []) if "/A" in a and "/URI" in a.A]
    assert "http://evil" not in uris


# --- Looking at the pages ---------------------------------------------------


def ink(path: Path, page: int, tmp_path: Path) -> float:
    """Share of the page (rendered at 30 dpi, in grey) that is not white."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is needed for this test (Debian package poppler-utils, installed by .ci/run)"
    stem = tmp_path / f"page{page}"
    subprocess.run(
        [pdftoppm, "-gray", "-r", "30", "-f", str(page + 1), "-l", str(page + 1), "-singlefile", str(path), str(stem)],
        check=True,
    )
    data = stem.with_suffix(".pgm").read_bytes()
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert match
    pixels = data[match.end() :]
    assert len(pixels) == int(match.group(1)) * int(match.group(2))
    return sum(1 for p in pixels if p < 200) / len(pixels)


def test_first_page_and_form_page_are_not_blank(sample_pdf: Path, tmp_path: Path) -> None:
    assert ink(sample_pdf, 0, tmp_path) > 0.03
    assert ink(sample_pdf, form_page(sample_pdf), tmp_path) > 0.02


# --- Editions ---------------------------------------------------------------


CLINICIANS = """
[[clinicians]]
name = "Sam Lee"
credentials = "MA, LPC"
profession = "counselor"

[[clinicians]]
name = "Nguyễn Thị Hồng"
credentials = "LCSW"
profession = "social-worker"
"""


def test_each_clinician_gets_a_pdf_with_their_name_on_letterhead_form_and_metadata(tmp_path: Path) -> None:
    path = build_project(tmp_path, append=CLINICIANS)
    folder = path.parent
    assert sorted(p.name for p in folder.glob("*.pdf")) == [
        "social-media-policy-nguyen-thi-hong.pdf",
        "social-media-policy-sam-lee.pdf",
        PDF_NAME,
    ]
    for name, signer in (
        (PDF_NAME, "Dr. Jordan Rivera, PhD, Licensed Psychologist"),
        ("social-media-policy-sam-lee.pdf", "Sam Lee, MA, LPC"),
        ("social-media-policy-nguyen-thi-hong.pdf", "Nguyễn Thị Hồng, LCSW"),
    ):
        pdf = folder / name
        texts = page_texts(pdf)
        assert signer in texts[0], name  # letterhead
        assert signer in page_texts(pdf, furniture=False)[form_page(pdf)], name  # under the therapist line
        assert (PdfReader(pdf).metadata or {}).get("/Author") == signer
        assert sorted(fields_by_page(pdf)) == sorted(expected_fields(4))
    others = page_texts(folder / "social-media-policy-sam-lee.pdf")
    assert not any("Jordan Rivera" in text for text in others)


def test_pdfs_of_a_group_practice_do_not_depend_on_the_shared_stylesheet(
    make_app: MakeApp, project_copy: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading rst2pdf's stylesheets once per build changes no byte of any clinician's PDF."""
    from contextlib import nullcontext

    from sphinx_policy_ext.pdf import builder

    clinicians = '\n[[clinicians]]\nname = "Sam Lee"\ncredentials = "MA, LPC"\nprofession = "counselor"\n' * 2
    srcdir = project_copy()
    with (srcdir / "practice.toml").open("a", encoding="utf-8") as toml:
        toml.write(clinicians.replace("Sam Lee", "Ana Ruiz", 1))
    shared, _ = build(make_app, srcdir, "pdf")
    together = {p.name: p.read_bytes() for p in shared.outdir.glob("*.pdf")}
    shared.cleanup()
    assert len(together) == 3

    monkeypatch.setattr(builder, "stylesheets_read_once", nullcontext)
    apart, _ = build(make_app, srcdir, "pdf", freshenv=True)
    assert {p.name: p.read_bytes() for p in apart.outdir.glob("*.pdf")} == together
