"""The PDF sets what a practice writes in Markdown as a typesetter would: lists, tables, quotes, notes, outline.

The ``layout`` root has a "Fees and Records" section written as a new user
would write it: bullet, numbered and nested lists with long items, a table
with a block quote after it, admonitions, a footnote, a definition list, a
dropdown, cards, a PNG logo and an SVG image.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

from sphinx_policy_ext.commands.main import main

from .conftest import ROOTS, copy_policy
from .helpers import MakeApp, build, squash
from .pdf_lines import Line, crossings, describe, lines
from .test_pdf import build_project, form_page, page_texts

PDF_NAME = "social-media-policy.pdf"

FIRST_SUMMARY = (
    "First version of this policy, written for clients of the practice so they know how we handle "
    "friend requests, followers, messages and online reviews of our services."
)
SECOND_SUMMARY = (
    "Added a section on telehealth, explaining which video platform we use, how it protects your privacy, "
    "and what to do if the connection drops during a session."
)
REVISIONS_AND_CLINICIANS = f"""
[[policy.revisions]]
date = 2026-01-15
version = "1.0"
summary = "{FIRST_SUMMARY}"

[[policy.revisions]]
date = 2026-06-01
version = "1.1"
summary = "{SECOND_SUMMARY}"

[[clinicians]]
name = "Sam Lee"
credentials = "MA, LPC, Licensed Professional Counselor and Certified Clinical Trauma Professional"
profession = "counselor"
email = "sam@example.com"

[[clinicians]]
name = "Nguyễn Thị Hồng"
credentials = "LCSW"
profession = "social-worker"

[[clinicians]]
name = "Ana Ruiz"
credentials = "LMFT"
profession = "marriage-family-therapist"
"""


@pytest.fixture(scope="module")
def layout_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = tmp_path_factory.mktemp("layout") / "root"
    shutil.copytree(ROOTS / "test-layout", srcdir)
    warning = StringIO()
    app = SphinxTestApp("pdf", srcdir=srcdir, warning=warning)
    try:
        app.build()
    finally:
        app.cleanup()
    # No warning at all: not an image rst2pdf cannot read (an SVG without
    # svglib), a node it does not know, or a style the stylesheet lacks.
    assert warning.getvalue() == "", warning.getvalue()
    return Path(app.outdir, PDF_NAME)


@pytest.fixture(scope="module")
def group_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The repository's policy for a group practice with a revised policy: long summaries, a long clinician entry."""
    path = build_project(
        tmp_path_factory.mktemp("group"),
        {"effective = 2026-01-15\n": "", 'version = "1.0"\n': ""},
        append=REVISIONS_AND_CLINICIANS,
    )
    return sorted(path.parent.glob("*.pdf"))


def find(found: list[Line], start: str) -> Line:
    matches = [line for line in found if line.text.startswith(start)]
    assert matches, f"no line starts with {start!r}"
    return matches[0]


def cell(found: list[Line], text: str) -> Line:
    matches = [line for line in found if line.text == text]
    assert len(matches) == 1, f"{text!r} is on {len(matches)} lines"
    return matches[0]


# --- No text over text --------------------------------------------------------


def test_no_two_lines_of_text_cross_in_the_layout_sample(layout_pdf: Path) -> None:
    pairs = crossings(layout_pdf)
    assert not pairs, describe(pairs)


def test_no_two_lines_cross_with_revisions_and_a_long_clinicians_list(group_pdfs: list[Path]) -> None:
    assert len(group_pdfs) == 4  # the practice's PDF and one per clinician
    for path in group_pdfs:
        pairs = crossings(path)
        assert not pairs, f"{path.name}:\n{describe(pairs)}"
    text = " ".join(page_texts(group_pdfs[-1], furniture=False))
    # The lists are there, whole: every entry and every summary.
    for expected in ("Clinicians at this practice", "Sam Lee, MA, LPC", "Ana Ruiz, LMFT", "Changes to this policy"):
        assert expected in text, expected
    assert "what to do if the connection drops during a session." in text


def test_the_overlap_check_sees_text_printed_over_text(tmp_path: Path) -> None:
    """The check itself: two lines drawn 8 points apart in 10.5-point type are caught."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "overlap.pdf"
    page = canvas.Canvas(str(path), invariant=1)
    page.setFont("Helvetica", 10.5)
    page.drawString(72, 700, "therapy and whether I am the right therapist for you")
    page.drawString(72, 692, "Each later session of fifty minutes costs $140.")
    page.drawString(72, 600, "A line well clear of the others.")
    page.save()
    pairs = crossings(path)
    assert len(pairs) == 1 and pairs[0][0].text.startswith("therapy"), describe(pairs)


# --- Lists --------------------------------------------------------------------


def test_bullets_and_numbers_hang_left_of_their_text(layout_pdf: Path) -> None:
    found = lines(layout_pdf)
    first = find(found, "• A first consultation")
    second_line = find(found, "therapy and whether I am the right therapist")
    bullet, text = first.words[0][1], first.words[1][1]
    # The text of a long item wraps under its first word, not under the bullet.
    assert abs(second_line.box.x0 - text.x0) < 0.5
    assert bullet.x1 < text.x0
    numbers = [find(found, f"{n}. ") for n in (1, 2, 3, 4)]
    starts = {round(line.words[1][1].x0, 1) for line in numbers}
    assert len(starts) == 1, "numbered items' text starts at one place"
    tops = [line.box.y0 for line in numbers]
    assert tops == sorted(tops), "numbered items in order down the page"


def test_nested_items_are_indented_and_close_to_their_item(layout_pdf: Path) -> None:
    found = lines(layout_pdf)
    parent = find(found, "3. Tell me at least 24 hours")
    nested = [find(found, "• cancellations with"), find(found, "• late cancellations"), find(found, "• after two missed")]
    fourth = find(found, "4. Ask for a statement")
    assert all(line.words[0][1].x0 > parent.words[1][1].x0 - 0.5 for line in nested), "nested bullets sit under the text"
    # No large gap before the nested items: about what there is between two of them.
    before_nested = nested[0].box.y0 - parent.box.y1
    between_nested = nested[1].box.y0 - nested[0].box.y1
    assert abs(before_nested - between_nested) < 1, (before_nested, between_nested)
    assert 0 < between_nested < 12
    assert fourth.box.y0 > nested[2].box.y1


def test_list_items_are_spaced_evenly_and_apart(layout_pdf: Path) -> None:
    found = lines(layout_pdf)
    items = [find(found, start) for start in ("• A first consultation", "• Each later session", "• Letters, reports")]
    ends = [find(found, "therapy and whether I am"), items[1]]
    gaps = [items[i + 1].box.y0 - ends[i].box.y1 for i in range(2)]
    assert all(gap > 2 for gap in gaps), gaps
    assert abs(gaps[0] - gaps[1]) < 0.5, gaps


# --- Tables, quotes, admonitions, definitions ---------------------------------


def test_table_rows_and_columns_line_up(layout_pdf: Path) -> None:
    found = lines(layout_pdf)
    rows = [
        [cell(found, text) for text in ("Service", "Length", "Fee")],
        [cell(found, text) for text in ("First consultation", "$150")],
        [cell(found, text) for text in ("Couples session", "80 minutes", "$190")],
    ]
    rows[1].insert(1, next(line for line in found if line.text == "50 minutes"))
    for row in rows:
        assert len({round(line.box.y1, 1) for line in row}) == 1, "a row's cells share a baseline"
        lefts = [line.box.x0 for line in row]
        assert lefts == sorted(lefts)
    for column in range(3):
        assert len({round(row[column].box.x0, 1) for row in rows}) == 1, "a column's cells start at one place"
    tops = [row[0].box.y0 for row in rows]
    assert tops == sorted(tops)
    assert len({line.page for row in rows for line in row}) == 1, "a short table is not split across pages"


def test_table_columns_fit_their_text(layout_pdf: Path) -> None:
    """Short labels stay on one line; the column of sentences takes the rest of the width."""
    found = lines(layout_pdf)
    for label in ("Missed session", "Records request"):
        cell(found, label)  # whole, on one line of its own
    sentence = find(found, "A missed session without notice is billed")
    label = cell(found, "Missed session")
    assert abs(sentence.box.y0 - label.box.y0) < 0.5, "label and text share the row's first line"
    assert sentence.box.x0 < cell(found, "Records request").box.x1 + 20, "the sentences start right after the labels"
    assert sentence.box.x1 > 430, "and take the width the labels leave"


def test_block_quote_after_a_table_is_set_off_and_indented(layout_pdf: Path) -> None:
    found = lines(layout_pdf)
    quote = find(found, "My fees are reviewed once a year.")
    last_row = find(found, "Couples session")
    paragraph = find(found, "Please read this section")
    assert quote.page == last_row.page
    assert quote.box.y0 - last_row.box.y1 >= 8, "the quote keeps clear of the table above it"
    assert quote.box.x0 >= paragraph.box.x0 + 15, "the quote is indented"
    # A rule at its left: a stroked vertical line between the margin and the text.
    pdf = pikepdf.open(layout_pdf)
    content = pdf.pages[quote.page - 1].Contents.read_bytes()
    assert b" l S" in content or b" re" in content


def test_admonitions_show_title_and_text_in_a_box(layout_pdf: Path) -> None:
    found = lines(layout_pdf)
    paragraph = find(found, "Please read this section")
    for title, text in (("Note", "Keep your receipts"), ("Warning", "I cannot hold a session"), ("Tip", "Ask about a sliding")):
        heading, body = find(found, title), find(found, text)
        assert heading.page == body.page and 0 < body.box.y0 - heading.box.y1 < 10
        assert body.box.x0 > paragraph.box.x0 + 5, "inside the box's padding"


def test_definition_terms_above_their_indented_definitions(layout_pdf: Path) -> None:
    found = lines(layout_pdf)
    for term, definition in (("Records", "I keep brief notes"), ("Retention", "Records are kept"), ("Your copy", "You may ask")):
        above, below = find(found, term), find(found, definition)
        assert above.text == term
        assert 0 < below.box.y0 - above.box.y1 < 8
        assert below.box.x0 > above.box.x0 + 10


def test_dropdown_and_cards_print_title_then_text(layout_pdf: Path) -> None:
    found = lines(layout_pdf)
    for title, text in (
        ("How are my records protected?", "Records are stored in an encrypted"),
        ("Paying by card", "Cards are charged"),
        ("Insurance", "I give you a statement"),
    ):
        above, below = find(found, title), find(found, text)
        assert above.page == below.page and 0 < below.box.y0 - above.box.y1 < 10


def test_png_and_svg_images_are_drawn(layout_pdf: Path) -> None:
    pdf = pikepdf.open(layout_pdf)
    images = []
    forms = []
    for page in pdf.pages:
        for _name, xobject in page.Resources.get("/XObject", {}).items():
            (images if xobject.Subtype == "/Image" else forms).append(xobject)
    # The PNG logo is an image; svglib draws the SVG as vector paths.
    assert any(int(image.Width) == 240 for image in images)
    content = b"".join(page.Contents.read_bytes() for page in pdf.pages)
    assert content.count(b" c") > 4 or forms, "the SVG's circle is drawn as curves"


# --- Footnotes ----------------------------------------------------------------


def test_footnote_at_the_end_of_the_policy_never_on_the_form_page(layout_pdf: Path) -> None:
    texts = page_texts(layout_pdf, furniture=False)
    form = form_page(layout_pdf)
    note = "State law sets how long a therapist must keep records"
    on = [i for i, text in enumerate(texts) if note in text]
    assert on and all(i < form for i in on), (on, form)
    assert note not in texts[form]
    # After the policy's text and before the form: the last text before the form page.
    before = " ".join(texts[:form])
    assert before.rindex("I give you a statement") < before.index(note)


def test_footnotes_of_the_policy_stay_off_the_form_page(tmp_path: Path) -> None:
    """The same with the repository's policy, a footnote added to its text."""
    project = copy_policy(tmp_path / "footnote")
    index = project / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    sentence = "This document outlines my office policies related to use of Social Media."
    assert sentence in text
    text = text.replace(sentence, sentence + "[^n]", 1) + "\n[^n]: A note printed before the form.\n"
    index.write_text(text, encoding="utf-8")
    assert main(["pdf", "--root", str(project), "--quiet"]) == 0
    path = project / "_build" / "pdf" / PDF_NAME
    texts = page_texts(path, furniture=False)
    form = form_page(path)
    assert "A note printed before the form." not in texts[form]
    assert any("A note printed before the form." in t for t in texts[:form])


# --- Outline ------------------------------------------------------------------


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of every outline entry, in order."""
    reader = PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(entries: list[object], depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, str(entry.title), reader.get_destination_page_number(entry) + 1))  # type: ignore[attr-defined]

    walk(reader.outline, 0)
    return found


def assert_on_their_pages(path: Path, entries: list[tuple[int, str, int]]) -> None:
    texts = page_texts(path, furniture=False)
    for _depth, title, page in entries:
        assert squash(title) in texts[page - 1], f"{title!r} is not on page {page}"


def test_outline_has_every_heading_the_layout_sample_shows(layout_pdf: Path) -> None:
    entries = outline(layout_pdf)
    assert [(depth, title) for depth, title, _ in entries] == [
        (0, "Harbor Light Counseling Policy"),
        (1, "Fees and Records"),
        (2, "How are my records protected?"),
        (2, "Paying by card"),
        (2, "Insurance"),
        (1, "Acknowledgement"),
    ]
    assert_on_their_pages(layout_pdf, entries)


def test_outline_of_the_policy_has_glance_cards_rubrics_and_lists(group_pdfs: list[Path]) -> None:
    path = next(p for p in group_pdfs if p.name == PDF_NAME)
    entries = outline(path)
    titles = [(depth, title) for depth, title, _ in entries]
    assert titles[:9] == [
        (0, "Harbor Light Counseling Social Media Policy"),
        (1, "At a glance"),
        (2, "No friend requests"),
        (2, "Please don\u2019t message me on social media"),
        (2, "How to reach me"),
        (2, "Email is for scheduling"),
        (2, "I won\u2019t answer reviews"),
        (2, "I won\u2019t look you up"),
        (1, "The full policy"),
    ]
    rest = titles[9:]
    assert (1, "Friending") in rest and (1, "Conclusion") in rest
    conclusion = rest.index((1, "Conclusion"))
    assert rest[conclusion + 1 : conclusion + 3] == [(2, "Clinicians at this practice"), (2, "Changes to this policy")]
    assert rest[-1] == (1, "Acknowledgement of Review of Social Media Policy")
    pages = [page for _, _, page in entries]
    assert pages == sorted(pages), "the outline follows the pages"
    assert_on_their_pages(path, entries)


def test_the_page_still_builds_the_layout_sample(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    """Definition lists, images, footnotes: the HTML page takes the same text without a warning."""
    app, _ = build(make_app, project_copy("layout"), "html")
    page = Path(app.outdir, "index.html").read_text(encoding="utf-8")
    assert "<dl" in page and "<blockquote" in page and "footnote" in page
    assert 'src="_images/logo.png"' in page and "seal.svg" in page


def test_a_footnote_of_a_switched_off_section_is_left_out(tmp_path: Path) -> None:
    """Its reference went with the section: the PDF is still written, without the orphaned note."""
    project = copy_policy(tmp_path / "orphan")
    index = project / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    sentence = "call 911 or go to the nearest emergency room."  # in "emergencies", off in the sample
    assert sentence in text
    text = text.replace(sentence, sentence + "[^e]", 1) + "\n[^e]: A note about emergencies.\n"
    index.write_text(text, encoding="utf-8")
    assert main(["pdf", "--root", str(project), "--quiet"]) == 0
    path = project / "_build" / "pdf" / PDF_NAME
    assert "A note about emergencies" not in " ".join(page_texts(path))


def test_the_layout_sample_builds_to_the_same_bytes_anywhere(layout_pdf: Path, tmp_path: Path) -> None:
    """Images, footnotes and outline entries keep the PDF byte-reproducible, in another folder too."""
    srcdir = tmp_path / "elsewhere"
    shutil.copytree(ROOTS / "test-layout", srcdir)
    app = SphinxTestApp("pdf", srcdir=srcdir, warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    assert Path(app.outdir, PDF_NAME).read_bytes() == layout_pdf.read_bytes()


def test_items_keep_their_spacing_where_a_list_breaks_across_pages(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    """rst2pdf splits an item that does not fit into plain tables: the gap between items must survive it."""
    numbered = "\n".join(
        f"{n}. Step {n} of a long procedure, written out in enough words to wrap onto a second line of text.\n"
        # Four spaces: enough to nest under "10." as well as under "1.".
        f"    - a first detail of step {n}\n    - a second detail of step {n}, also long enough to need a second line here"
        for n in range(1, 26)
    )
    srcdir = project_copy("layout", edit={"index.md": ("What I charge:", f"A long list:\n\n{numbered}\n\nWhat I charge:")})
    app, _ = build(make_app, srcdir, "pdf")
    found = lines(Path(app.outdir, PDF_NAME))
    start = found.index(find(found, "1. Step 1 of a long"))
    end = found.index(find(found, "• a second detail of step 25"))
    # The list's lines, without the running header and footer between its pages.
    listed = [line for line in found[start : end + 2] if line.box.y0 > 65 and line.box.y1 < 792 - 65]
    assert len({line.page for line in listed}) >= 2, "the list should cross a page for this test"
    gaps = {}
    for above, line in itertools.pairwise(listed):
        if line.page == above.page and (line.text[:1] == "•" or line.text.split(" ")[0].rstrip(".").isdigit()):
            gaps[f"p{line.page} {line.text[:40]}"] = round(line.box.y0 - above.box.y1, 1)
    assert gaps and max(gaps.values()) - min(gaps.values()) < 0.6, gaps
    assert min(gaps.values()) > 2


def test_outline_opens_on_the_title_and_its_sections(group_pdfs: list[Path]) -> None:
    """A reader opening the bookmarks sees the sections, not one closed entry."""
    pdf = pikepdf.open(next(p for p in group_pdfs if p.name == PDF_NAME))
    title = pdf.Root.Outlines.First
    assert str(title.Title) == "Harbor Light Counseling Social Media Policy"
    assert int(title.Count) > 10, "the title's entry is open on its sections"
    glance = title.First
    assert str(glance.Title) == "At a glance" and int(glance.Count) < 0, "the cards under it stay folded"


def test_tables_inside_a_note_and_a_list_item(make_app: MakeApp, project_copy: Callable[..., Path]) -> None:
    """A short table is kept on one page, except inside a box or list, where ReportLab cannot (and need not)."""
    nested = (
        ":::{note}\nA table in a note:\n\n| A | B |\n| --- | --- |\n| one | two |\n:::\n\n"
        "- An item with a table:\n\n  | C | D |\n  | --- | --- |\n  | three | four |\n\n- Next item.\n\n"
    )
    srcdir = project_copy("layout", edit={"index.md": ("What I charge:", nested + "What I charge:")})
    app, _ = build(make_app, srcdir, "pdf")
    path = Path(app.outdir, PDF_NAME)
    found = lines(path)
    find(found, "A table in a note:")
    for text in ("one", "two", "three", "four"):
        cell(found, text)
    assert find(found, "• Next item.").box.y0 > cell(found, "three").box.y1
    pairs = crossings(path)
    assert not pairs, describe(pairs)
