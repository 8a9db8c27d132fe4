"""The PDF is tagged (PDF/UA-1) and archival (PDF/A-2b): checked with pdfua, outloud, poppler and by reading the file.

Builds three practices as a user would: the sample, a group practice (one
PDF per clinician) and a practice with a revision history.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from defusedxml import ElementTree
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from sphinx_policy_ext.commands.main import main
from sphinx_policy_ext.pdf import archival, structure, tagging

from .conftest import PROJECT, copy_policy
from .test_pdf import CLINICIANS, PDF_NAME, build_project

BIN = Path(sys.executable).parent
REVISIONS = """
[[policy.revisions]]
date = 2026-01-15
version = "1.0"
summary = "First version."

[[policy.revisions]]
date = 2026-06-01
version = "1.1"
summary = "Added a section on telehealth, with a summary long enough that it wraps onto a second line of the list in the PDF."
"""
FOOTER = re.compile(r"Page \d+ of")
# Operators that put marks on a page; each must be inside a marked-content sequence.
PAINTING = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "INLINE IMAGE"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    path = build_project(tmp_path_factory.mktemp("group"), append=CLINICIANS)
    pdfs = sorted(path.parent.glob("*.pdf"))
    assert len(pdfs) == 3
    return pdfs


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    edits = {"effective = 2026-01-15\n": "", 'version = "1.0"\n': ""}
    return build_project(tmp_path_factory.mktemp("revised"), edits, append=REVISIONS)


@pytest.fixture(scope="module")
def every_pdf(sample: Path, group: list[Path], revised: Path) -> list[Path]:
    return [sample, *group, revised]


def tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{name} is installed with the test extras (pip install -e '.[test]')"
    return str(path)


# --- The checkers -------------------------------------------------------------


def test_pdfua_finds_nothing_in_any_pdf(every_pdf: list[Path]) -> None:
    for pdf in every_pdf:
        result = subprocess.run(
            [tool("pdfua"), "check", "--format", "json", str(pdf)], capture_output=True, text=True, check=False
        )
        report = json.loads(result.stdout)
        assert report["findings"] == [], (pdf.name, report["findings"])
        assert report["summary"]["errors"] == report["summary"]["warnings"] == 0, pdf.name
        # Every rule ran: a rule that crashed on the file would be "skipped", not passed.
        assert report["skipped"] == [], (pdf.name, report["skipped"])
        assert report["summary"]["rules_run"] >= 12
        assert result.returncode == 0, result.stdout + result.stderr


# outloud rules that do not run here, and why: the SEM-* rules compare with an
# original the PDF was converted from (there is none); HDG-004 and ORD-002
# are listed by outloud itself as skipped in this version (no reason given)
# on every file, tagged or not.
OUTLOUD_NOT_RUN = {"SEM-001", "SEM-002", "SEM-003", "HDG-004", "ORD-002"}


def test_outloud_finds_nothing_in_any_pdf(every_pdf: list[Path]) -> None:
    result = subprocess.run([tool("outloud"), "--json", "-", *map(str, every_pdf)], capture_output=True, text=True, check=False)
    report = json.loads(result.stdout)
    assert len(report["results"]) == len(every_pdf)
    for checked in report["results"]:
        name = Path(checked["path"]).name
        assert checked["error"] is None, (name, checked["error"])
        assert checked["findings"] == [], (name, checked["findings"])
        assert checked["counts"] == {"error": 0, "warning": 0, "info": 0}, name
        assert checked["verdict"] == "pass", name
        assert checked["stats"]["tagged"] is True
        statuses = {rule["rule"]: rule["status"] for rule in checked["rules"]}
        assert {r for r, s in statuses.items() if s not in ("ran", "not-applicable")} <= OUTLOUD_NOT_RUN, name
        for rule in ("DOC-001", "DOC-002", "DOC-010", "DOC-011", "DOC-012", "DOC-013", "LNK-002", "LNK-003", "LNK-005"):
            assert statuses.get(rule) == "ran", (name, rule, statuses.get(rule))
    assert result.returncode == 0, result.stderr


# --- What a screen reader gets ------------------------------------------------


def struct_text(pdf: Path) -> str:
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo is needed for this test (Debian package poppler-utils, installed by .ci/run)"
    result = subprocess.run([pdfinfo, "-struct-text", str(pdf)], capture_output=True, text=True, check=True)
    return result.stdout


def headings(text: str) -> list[tuple[int, str]]:
    """(level, text) of each heading in ``pdfinfo -struct-text`` output, in order."""
    found = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = re.match(r"^\s*H([1-6]) \(block\)$", line)
        if match:
            found.append((int(match.group(1)), lines[index + 1].strip().strip('"')))
    return found


def shown_headings() -> list[str]:
    """The sample's section headings and rubrics, in the order docs/index.md has them."""
    source = (PROJECT / "docs" / "index.md").read_text(encoding="utf-8")
    return [m.group(2).strip() for m in re.finditer(r"^(##+ |:::\{rubric\} )(.+)$", source, re.M)]


def test_struct_text_has_the_headings_in_order_and_no_page_furniture(sample: Path) -> None:
    text = struct_text(sample)
    found = headings(text)
    assert found[0] == (1, "Harbor Light Counseling Social Media Policy")
    assert sum(1 for level, _ in found if level == 1) == 1
    titles = [title for _, title in found]
    # Every heading of the text that the sample prints (some sections are off) is tagged, in order.
    printed = subprocess.run(["pdftotext", "-layout", str(sample), "-"], capture_output=True, text=True, check=True).stdout
    lines = {line.strip() for line in printed.splitlines()}
    expected = [h for h in shown_headings() if h in lines]
    assert len(expected) >= 12
    assert [t for t in titles if t in expected] == expected
    levels = {title: level for level, title in found}
    assert levels["Friending"] == levels["At a glance"] == levels["Acknowledgement of Review of Social Media Policy"] == 2
    assert levels["No friend requests"] == 3  # a card title under "At a glance"
    # No level is skipped on the way down.
    previous = 0
    for level, title in found:
        assert level <= previous + 1, title
        previous = level
    # Never the footer ("Page 2 of 6", the version line on its own) nor the running header.
    assert not FOOTER.search(text)
    assert '"Version 1.0 · Effective January 15, 2026"' not in text
    # The practice's name stands alone twice: the letterhead and the contact block of the Conclusion;
    # the running header on pages 2 to 6 would add five more.
    assert text.count('"Harbor Light Counseling"\n') == 2


def outline_entries(items: list[Any], depth: int = 1) -> list[tuple[int, str]]:
    """(level, title) of every outline entry, in order; top entries are level 1."""
    found = []
    for item in items:
        found.append((depth, str(item.title)))
        found.extend(outline_entries(item.children, depth + 1))
    return found


def test_heading_levels_are_the_outline_levels(sample: Path, group: list[Path], revised: Path) -> None:
    """What a screen reader lists as headings is what the outline (bookmarks) shows, level for level."""
    for path in (sample, group[-1], revised):
        pdf = pikepdf.open(path)
        with pdf.open_outline() as tree:
            outline = outline_entries(tree.root)
        assert len(outline) > 15
        assert headings(struct_text(path)) == outline, path.name


def test_lists_are_tagged_as_lists(revised: Path, group: list[Path]) -> None:
    for pdf in (revised, group[-1]):
        text = struct_text(pdf)
        lists = re.findall(r"^(\s*)L \(block\)\n((?:\1\s.*\n)+)", text, re.M)
        assert lists, pdf.name
        for _indent, body in lists:
            assert "LI (block)" in body and "Lbl (block)" in body and "LBody (block)" in body
    assert "Added a section on telehealth" in struct_text(revised)
    assert "Sam Lee, MA, LPC" in struct_text(group[-1])


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    pending = [pdf.Root.StructTreeRoot.K]
    while pending:
        item = pending.pop(0)
        if isinstance(item, pikepdf.Array):
            pending[0:0] = list(item)
        elif isinstance(item, pikepdf.Dictionary) and item.get("/Type") == pikepdf.Name.StructElem:
            yield item
            pending[0:0] = [item.K] if "/K" in item else []


def test_form_is_read_in_order_label_then_field(sample: Path) -> None:
    pdf = pikepdf.open(sample)
    order = []
    for element in structure_elements(pdf):
        if pikepdf.Name.Form == element.S:
            order.append(str(element.K.Obj.T))
    assert order == [f"client_{n}_{part}" for n in range(1, 5) for part in ("name", "date")] + [
        "therapist_name",
        "therapist_date",
    ]
    text = struct_text(sample)
    form = text[text.index("Div") :]
    assert re.findall(r'"(Name:|Date:|Therapist:)"', form) == ["Name:", "Date:"] * 4 + ["Therapist:", "Date:"]


# --- The file, read directly --------------------------------------------------


def marked_content(page: pikepdf.Page) -> tuple[list[int], int]:
    """The MCIDs on a page in order; fails on unbalanced or nested sequences and on unmarked marks."""
    depth, mcids, painted = 0, [], 0
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            assert depth == 0, "marked content nested in marked content"
            depth += 1
            if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                assert operands[0] != pikepdf.Name.Artifact
                mcids.append(int(operands[1].MCID))
        elif op == "EMC":
            depth -= 1
            assert depth >= 0, "EMC without BDC"
        elif op in PAINTING:
            assert depth == 1, f"{op} drawn outside any tag or artifact"
            painted += 1
    assert depth == 0, "marked content left open at the end of the page"
    return mcids, painted


def kids(element: pikepdf.Dictionary) -> list[Any]:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def test_every_mark_is_tagged_or_an_artifact_and_the_parent_tree_agrees(every_pdf: list[Path]) -> None:
    for path in every_pdf:
        pdf = pikepdf.open(path)
        tree = pdf.Root.StructTreeRoot
        nums = list(tree.ParentTree.Nums)
        parents = dict(zip(map(int, nums[::2]), nums[1::2], strict=True))
        for number, page in enumerate(pdf.pages):
            mcids, painted = marked_content(page)
            assert painted > 0
            assert mcids == list(range(len(mcids))), (path.name, number)
            owners = parents[int(page.obj.StructParents)]
            assert len(owners) == len(mcids)
            for mcid, owner in zip(mcids, owners, strict=True):
                # The element the parent tree names holds this MCID of this page.
                held = [
                    k
                    for k in kids(owner)
                    if (isinstance(k, int) and k == mcid and owner.Pg.objgen == page.obj.objgen)
                    or (isinstance(k, pikepdf.Dictionary) and k.get("/MCID") == mcid and k.Pg.objgen == page.obj.objgen)
                ]
                assert len(held) == 1, (path.name, number, mcid)
            annotations = list(page.obj.get("/Annots", []))
            if annotations:
                assert page.obj.Tabs == pikepdf.Name.S
            for annot in annotations:
                element = parents[int(annot.StructParent)]
                objr = [k for k in kids(element) if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.OBJR]
                assert [o.Obj.objgen for o in objr] == [annot.objgen]
                assert int(annot.F) & 4, "annotation not printable"
                if annot.Subtype == pikepdf.Name.Link:
                    assert pikepdf.Name.Link == element.S
                    assert str(annot.Contents).strip()
                else:
                    assert pikepdf.Name.Form == element.S
                    assert str(annot.TU).strip()
        assert int(tree.ParentTreeNextKey) == max(parents) + 1


def test_links_say_where_they_go(sample: Path) -> None:
    pdf = pikepdf.open(sample)
    contents = {str(a.Contents) for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == pikepdf.Name.Link}
    # The number as the practice writes it and the PDF prints it, not the digits a phone dials.
    assert {"Call (555) 010-0123", "Email office@example.com", "Open https://www.example.com/social-media-policy"} <= contents
    assert not any(c.startswith("Call 555") for c in contents)


def test_a_phone_link_only_in_the_letterhead_is_read_as_printed(tmp_path: Path) -> None:
    """The letterhead links the phone even when the text never mentions it."""
    copy_policy(tmp_path, {'phone = "(555) 010-0123"': 'phone = "+1 555 010 0142"'})
    text = tmp_path / "docs" / "index.md"
    text.write_text(re.sub(r"\{\{ *practice\.phone *\}\}", "my office", text.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["pdf", "--root", str(tmp_path), "--quiet"]) == 0
    pdf = pikepdf.open(tmp_path / "_build" / "pdf" / PDF_NAME)
    described = [str(a.get("/Contents", "")) for page in pdf.pages for a in page.obj.get("/Annots", [])]
    calls = [text for text in described if text.startswith("Call")]
    # The letterhead's phone, and the board's in the text.
    assert calls == ["Call +1 555 010 0142", "Call (555) 010-0199"]


def test_catalog_language_title_and_no_need_appearances(sample: Path) -> None:
    pdf = pikepdf.open(sample)
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en-US"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert "/NeedAppearances" not in root.AcroForm
    trailer_id = pdf.trailer.ID
    assert len(trailer_id) == 2 and len(bytes(trailer_id[0])) == 16


def test_language_comes_from_the_configuration(tmp_path: Path) -> None:
    copy_policy(tmp_path)
    with (tmp_path / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nlanguage = "es"\n')
    assert main(["pdf", "--root", str(tmp_path), "--quiet"]) == 0
    assert str(pikepdf.open(tmp_path / "_build" / "pdf" / PDF_NAME).Root.Lang) == "es"


XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def test_xmp_identifies_pdf_ua_and_pdf_a_and_matches_the_info(sample: Path) -> None:
    pdf = pikepdf.open(sample)
    stream = pdf.Root.Metadata
    assert "/Filter" not in stream  # PDF/A: metadata readable without decompressing
    xml = ElementTree.fromstring(stream.read_bytes())
    description = xml.find(".//rdf:Description", XMP)
    assert description is not None

    def value(path: str) -> str:
        found = description.find(path, XMP)
        assert found is not None, path
        return found.text or ""

    info = pdf.docinfo
    assert value("dc:title/rdf:Alt/rdf:li") == str(info.Title) == "Harbor Light Counseling Social Media Policy"
    assert value("dc:creator/rdf:Seq/rdf:li") == str(info.Author)
    assert value("pdfuaid:part") == "1"
    assert value("pdfaid:part") == "2"
    assert value("pdfaid:conformance") == "B"
    assert value("xmp:CreateDate") == "2026-01-15T00:00:00+00:00"
    assert archival.xmp_date(str(info.CreationDate)) == value("xmp:CreateDate")
    assert archival.xmp_date(str(info.ModDate)) == value("xmp:ModifyDate")


def test_hostile_values_are_escaped_in_the_xmp(tmp_path: Path) -> None:
    path = build_project(tmp_path, {'name = "Harbor Light Counseling"': 'name = "A & B <x> ]]> Co"'})
    pdf = pikepdf.open(path)
    xml = ElementTree.fromstring(pdf.Root.Metadata.read_bytes())
    title = xml.find(".//dc:title/rdf:Alt/rdf:li", XMP)
    assert title is not None and title.text == "A & B <x> ]]> Co Social Media Policy"


def test_srgb_output_intent_is_the_shipped_profile_with_its_license(sample: Path) -> None:
    pdf = pikepdf.open(sample)
    (intent,) = list(pdf.Root.OutputIntents)
    assert intent.S == pikepdf.Name.GTS_PDFA1
    assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
    assert intent.DestOutputProfile.read_bytes() == archival.PROFILE.read_bytes()
    # The pages paint in RGB (and grey), which an sRGB intent covers; no CMYK without a CMYK profile.
    operators = {str(op) for page in pdf.pages for _, op in pikepdf.parse_content_stream(page)}
    assert "rg" in operators and not operators & {"k", "K", "scn", "SCN"}
    assert int(intent.DestOutputProfile.N) == 3
    license_text = (archival.PROFILE.parent / "LICENSE").read_text(encoding="utf-8")
    assert "icc-profiles-free" in license_text and "zlib/libpng License" in license_text


def test_every_font_in_the_file_is_embedded_and_each_subset_has_its_own_tag(every_pdf: list[Path]) -> None:
    for path in every_pdf:
        pdf = pikepdf.open(path)
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == pikepdf.Name.Font]
        # Page text (four DejaVu subsets) and the form fields' font (a Type0 font with its descendant).
        assert len(fonts) >= 6
        names = set()
        for font in fonts:
            if font.Subtype == pikepdf.Name.Type0:
                continue  # its descendant, also in the list, holds the program
            descriptor = font.FontDescriptor
            assert "/FontFile2" in descriptor, f"{path.name}: {font.BaseFont} is not embedded"
            assert str(descriptor.FontName) == str(font.BaseFont)
            names.add(str(font.BaseFont))
        tags = {name.split("+")[0] for name in names}
        assert all(re.fullmatch(r"/[A-Z]{6}", tag) for tag in tags), tags
        assert len(tags) == len(names), f"{path.name}: two subsets share a tag: {sorted(names)}"
        # The form's font is the one its fields' appearances and /DA use.
        acroform = pdf.Root.AcroForm
        assert all(str(font.BaseFont) != "/Helvetica" for font in acroform.DR.Font.values())


# --- Drawing is unchanged -----------------------------------------------------


def render(path: Path, out: Path) -> list[bytes]:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is needed for this test (Debian package poppler-utils, installed by .ci/run)"
    subprocess.run([pdftoppm, "-r", "40", str(path), str(out)], check=True)
    return [p.read_bytes() for p in sorted(out.parent.glob(f"{out.name}*.ppm"))]


def test_tagging_changes_nothing_a_reader_sees(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from contextlib import contextmanager

    from sphinx_policy_ext.pdf import builder, finishing

    @contextmanager
    def not_recording(doctree: Any) -> Iterator[Any]:
        yield type("Nothing", (), {"recording": None})()

    monkeypatch.setattr(builder.tagging, "recording", not_recording)
    monkeypatch.setattr(finishing, "finish", lambda data, *rest: data)
    plain = build_project(tmp_path / "plain")
    assert b"/StructTreeRoot" not in plain.read_bytes()
    tagged_pages = render(sample, tmp_path / "tagged")
    plain_pages = render(plain, tmp_path / "plain-")
    assert len(tagged_pages) == len(plain_pages) == 6
    assert tagged_pages == plain_pages


# --- The pdf_tag convention, on its own ---------------------------------------


def test_a_flowable_says_what_it_is_with_pdf_tag() -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from reportlab.platypus.flowables import HRFlowable

    styles = getSampleStyleSheet()
    logo = HRFlowable(width=40, thickness=6)  # draws a bar, like a logo would
    logo.pdf_tag = ("Figure", "Harbor Light Counseling logo")
    rule = HRFlowable(width=100)
    rule.pdf_tag = ("Artifact", None)
    document = new_document("test", get_default_settings(Parser))
    buffer = io.BytesIO()
    with tagging.recording(document) as recorder:
        SimpleDocTemplate(buffer, invariant=True).build([logo, Paragraph("Hello", styles["Normal"]), rule])
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    structure.add_structure(pdf, recorder.recording, "en")
    roles = [(str(e.S), str(e.get("/Alt", ""))) for e in structure_elements(pdf)]
    assert roles == [("/Document", ""), ("/Figure", "Harbor Light Counseling logo"), ("/P", "")]
    mcids, painted = marked_content(pdf.pages[0])
    assert mcids == [0, 1] and painted >= 3  # the rule is drawn, as an artifact


# --- Markdown a practice may add ----------------------------------------------

FEES = """
## Fees and Records

![Harbor Light Counseling logo](logo.png)

![A lighthouse on a blue square](mark.svg)

1. A first numbered item, long enough to wrap onto a second line of the PDF's text column.
2. A second item
   - with a nested bullet
   - and another

| Service | Fee |
|---|---|
| Intake | $200 |
| Session | $150 |

> A block quote about records.

Records are kept for seven years.[^keep]

```{note}
An admonition.
```

[^keep]: As state law requires.

"""


def small_png(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x1f\x3b\x5a" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_markdown_structures_are_tagged_as_what_they_are(tmp_path: Path) -> None:
    copy_policy(tmp_path)
    (tmp_path / "docs" / "logo.png").write_bytes(small_png(40, 20))
    (tmp_path / "docs" / "mark.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="30" viewBox="0 0 60 30">'
        '<rect width="60" height="30" fill="#1f3b5a"/><circle cx="15" cy="15" r="10" fill="#f5c518"/></svg>',
        encoding="utf-8",
    )
    text = tmp_path / "docs" / "index.md"
    text.write_text(text.read_text(encoding="utf-8").replace("## Conclusion", FEES + "## Conclusion"), encoding="utf-8")
    assert main(["pdf", "--root", str(tmp_path), "--quiet"]) == 0
    path = tmp_path / "_build" / "pdf" / PDF_NAME
    pdf = pikepdf.open(path)
    elements = list(structure_elements(pdf))
    roles = [str(e.S)[1:] for e in elements]
    figures = [str(e.Alt) for e in elements if str(e.S) == "/Figure"]
    # A bitmap and an SVG (drawn by svglib, not as an image): both figures, each with its alt text.
    assert figures == ["Harbor Light Counseling logo", "A lighthouse on a blue square"]
    for role in ("L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "BlockQuote", "Note", "Div"):
        assert role in roles, role
    nested = [e for e in elements if str(e.S) == "/L" and str(e.P.S) == "/LBody"]
    assert len(nested) == 1  # the bullets inside the second numbered item
    assert all(e.A.Scope == pikepdf.Name.Column for e in elements if e.S == pikepdf.Name.TH)
    assert all(str(e.ID) for e in elements if str(e.S) == "/Note")
    for page in pdf.pages:
        marked_content(page)
    links = {str(a.Contents) for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == pikepdf.Name.Link}
    assert {"Go to note 1", "Back to where note 1 is cited"} <= links

    command = [tool("pdfua"), "check", "--format", "json", str(path)]
    report = json.loads(subprocess.run(command, capture_output=True, text=True, check=False).stdout)
    assert report["findings"] == [] and report["skipped"] == []
    result = subprocess.run([tool("outloud"), "--json", "-", str(path)], capture_output=True, text=True, check=False)
    (checked,) = json.loads(result.stdout)["results"]
    assert checked["counts"]["error"] == 0, checked["findings"]
    assert checked["findings"] == []


def test_list_tags_come_from_the_text_not_from_how_a_list_is_drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another way of drawing list items (no bullet table) gives the same L/LI/Lbl/LBody structure."""
    from reportlab.platypus import KeepTogether, Paragraph

    from sphinx_policy_ext.pdf import lists

    calls = []

    def drawn_differently(client: Any, node: Any) -> list[Any]:
        calls.append(node)
        bullet = Paragraph("\u2022", client.styles["bodytext"])
        return [KeepTogether([bullet, *client.gather_elements(node, client.styles["bullet-list-item"])])]

    monkeypatch.setattr(lists, "gather_item", drawn_differently)
    edits = {"effective = 2026-01-15\n": "", 'version = "1.0"\n': ""}
    path = build_project(tmp_path, edits, append=REVISIONS)
    assert len(calls) >= 2
    text = struct_text(path)
    changes = text[text.index('"Changes to this policy"') :]
    items = re.findall(r'LI \(block\)\n\s+Lbl \(block\)\n\s+"•"\n\s+LBody \(block\)\n\s+P \(block\)\n\s+"([^"]+)"', changes)
    assert [item.split(":")[0] for item in items] == ["June 1, 2026, version 1.1", "January 15, 2026, version 1.0"]
    report = json.loads(
        subprocess.run(
            [tool("pdfua"), "check", "--format", "json", str(path)], capture_output=True, text=True, check=False
        ).stdout
    )
    assert report["findings"] == []


LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60">'
    '<rect width="120" height="60" fill="#1f3b5a"/><circle cx="30" cy="30" r="18" fill="#f5c518"/></svg>'
)


def test_the_letterhead_logo_is_a_figure_named_by_its_pdf_tag(tmp_path: Path) -> None:
    copy_policy(tmp_path, {'# logo = "logo.svg"': 'logo = "logo.svg"'})
    (tmp_path / "logo.svg").write_text(LOGO, encoding="utf-8")
    assert main(["pdf", "--root", str(tmp_path), "--quiet"]) == 0
    path = tmp_path / "_build" / "pdf" / PDF_NAME
    pdf = pikepdf.open(path)
    elements = list(structure_elements(pdf))
    figures = [e for e in elements if str(e.S) == "/Figure"]
    assert [str(f.Alt) for f in figures] == ["Harbor Light Counseling logo"]
    # It holds the logo's marks, on the first page, before the letterhead's text.
    assert figures[0].Pg.objgen == pdf.pages[0].obj.objgen
    assert [str(e.S) for e in elements[:3]] == ["/Document", "/Figure", "/P"]
    for page in pdf.pages:
        marked_content(page)
    command = [tool("pdfua"), "check", "--format", "json", str(path)]
    assert json.loads(subprocess.run(command, capture_output=True, text=True, check=False).stdout)["findings"] == []
    result = subprocess.run([tool("outloud"), "--json", "-", str(path)], capture_output=True, text=True, check=False)
    (checked,) = json.loads(result.stdout)["results"]
    assert checked["findings"] == []


# --- A logo or image with words in it -------------------------------------------

WORDED_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60" viewBox="0 0 240 60">'
    '<rect width="60" height="60" fill="#1f3b5a"/>'
    '<text x="70" y="30" font-size="20">Harbor Light</text>'
    '<text x="70" y="52" font-size="12" font-family="Georgia, serif" font-weight="bold" font-style="italic">Counseling</text>'
    "</svg>"
)
WORDED_IMAGE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40">'
    '<text x="100" y="25" font-size="14" font-family="Arial" text-anchor="middle">Office hours chart</text></svg>'
)


def unembedded_fonts(pdf: pikepdf.Pdf) -> list[str]:
    """The name of every font the file uses but does not carry."""
    missing = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font:
            font = obj.DescendantFonts[0] if obj.get("/Subtype") == pikepdf.Name.Type0 else obj
            descriptor = font.get("/FontDescriptor", {})
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(obj.get("/BaseFont")))
    return missing


def checkers_find_nothing(path: Path) -> None:
    command = [tool("pdfua"), "check", "--format", "json", str(path)]
    report = json.loads(subprocess.run(command, capture_output=True, text=True, check=False).stdout)
    assert report["findings"] == [] and report["skipped"] == [], report["findings"]
    assert report["summary"]["errors"] == 0
    result = subprocess.run([tool("outloud"), "--json", "-", str(path)], capture_output=True, text=True, check=False)
    (checked,) = json.loads(result.stdout)["results"]
    assert checked["error"] is None and checked["counts"]["error"] == 0, checked["findings"]
    assert checked["findings"] == [], checked["findings"]


def svg_logo_and_image_policy(root: Path) -> Path:
    """The sample with an SVG logo and an SVG image in its text, both with words in them."""
    copy_policy(root, {'# logo = "logo.svg"': 'logo = "logo.svg"'})
    (root / "logo.svg").write_text(WORDED_LOGO, encoding="utf-8")
    (root / "docs" / "chart.svg").write_text(WORDED_IMAGE, encoding="utf-8")
    text = root / "docs" / "index.md"
    chart = "## Fees and Records\n\n![Office hours, Monday to Friday](chart.svg)\n\n"
    text.write_text(text.read_text(encoding="utf-8").replace("## Conclusion", chart + "## Conclusion"), encoding="utf-8")
    return root


def font_names(pdf: pikepdf.Pdf) -> set[str]:
    """The PDF's fonts by name, without their subset tag (ABCDEF+)."""
    return {
        str(o.BaseFont).split("+")[-1]
        for o in pdf.objects
        if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == pikepdf.Name.Font
    }


def test_words_in_an_svg_logo_or_image_are_drawn_in_the_embedded_fonts(tmp_path: Path) -> None:
    """svglib would draw SVG text in Helvetica and Times, which no PDF carries: PDF/A and PDF/UA need every font embedded."""
    svg_logo_and_image_policy(tmp_path)
    assert main(["pdf", "--root", str(tmp_path), "--quiet"]) == 0
    path = tmp_path / "_build" / "pdf" / PDF_NAME
    pdf = pikepdf.open(path)
    assert unembedded_fonts(pdf) == []
    fonts = font_names(pdf)
    # The serif, bold italic words keep their kind of letter in the bundled family.
    assert "DejaVuSerif-BoldItalic" in fonts
    printed = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Harbor Light" in printed and "Counseling" in printed and "Office hours chart" in printed
    checkers_find_nothing(path)


def test_a_png_logo_and_an_accent_colour_pass_the_checkers(tmp_path: Path) -> None:
    copy_policy(tmp_path, {'# logo = "logo.svg"': 'logo = "logo.png"', '# accent_color = "#1f3b5a"': 'accent_color = "#7a1f5c"'})
    (tmp_path / "logo.png").write_bytes(small_png(120, 40))
    assert main(["pdf", "--root", str(tmp_path), "--quiet"]) == 0
    path = tmp_path / "_build" / "pdf" / PDF_NAME
    assert unembedded_fonts(pikepdf.open(path)) == []
    checkers_find_nothing(path)
