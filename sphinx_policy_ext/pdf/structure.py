"""The structure tree of the PDF, written with pikepdf from what :mod:`.tagging` recorded.

After rst2pdf has drawn the pages (every mark already inside ``BDC … EMC``
with an MCID, or an artifact), this adds what makes the file a tagged PDF
(PDF/UA-1, ISO 14289-1):

- ``/StructTreeRoot`` → Document → Sect/H1…H6/P/L/LI/Lbl/LBody/Table/…, each
  element's kids in reading order: MCIDs (with ``/Pg``), child elements, and
  ``/OBJR`` references to the link and field annotations they own;
- the ``/ParentTree`` (page → elements by MCID, annotation → element), with
  ``/StructParents`` on pages and ``/StructParent`` on annotations;
- the catalog's ``/MarkInfo``, ``/Lang`` and ``/ViewerPreferences``;
- ``/Tabs /S`` on pages with annotations, a ``/Contents`` description and
  the Print flag on every link, and a check that each field has its spoken
  name (``/TU``).

Heading levels follow what the page shows, but never skip a level (a card
title under an H1 becomes H2, not H3): PDF/UA forbids skipped levels.
"""

from __future__ import annotations

import re
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from sphinx.locale import get_translation

from ..problems import PolicyError
from .tagging import Annotation, Element, MarkedContent, Recording

_ = get_translation("sphinx_policy_ext")

PRINT = 4  # annotation flag: print the annotation (PDF/A wants it on every annotation)
_HEADING = re.compile(r"^H([1-6])$")


def language_tag(language: str | None) -> str:
    """Sphinx's ``language`` (``en``, ``es``, ``pt_BR``) as a BCP 47 tag for ``/Lang``."""
    tag = (language or "en").replace("_", "-").strip() or "en"
    # The practices this serves are in the United States (HHS Section 504).
    return "en-US" if tag.lower() == "en" else tag


def prune(element: Element) -> bool:
    """Drop elements that ended up with nothing in them; True if ``element`` keeps something."""
    kept: list[Element | MarkedContent | Annotation] = []
    for kid in element.kids:
        if isinstance(kid, Element):
            if prune(kid):
                kept.append(kid)
        else:
            kept.append(kid)
    element.kids = kept
    return bool(kept)


def even_headings(root: Element) -> None:
    """Heading levels in reading order, each at most one deeper than the one before."""
    previous = 0

    def visit(element: Element) -> None:
        nonlocal previous
        match = _HEADING.match(element.role)
        if match:
            level = min(int(match.group(1)), previous + 1)
            element.role = f"H{level}"
            previous = level
        for kid in element.kids:
            if isinstance(kid, Element):
                visit(kid)

    visit(root)


def link_description(target: str, recording: Recording) -> str:
    """What a screen reader says for a link: where it goes, in words."""
    if target.startswith("mailto:"):
        return str(_("Email %s") % target.removeprefix("mailto:"))
    if target.startswith("tel:"):
        return str(_("Call %s") % target.removeprefix("tel:"))
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
        return str(_("Open %s") % target)
    anchor = target.lstrip("#")
    # rst2pdf names its destinations after the anchor, sometimes with a leading underscore.
    for name in (anchor, anchor.removeprefix("_")):
        if name in recording.targets:
            return str(_("Go to the section \u201c%s\u201d") % recording.targets[name])
        if name in recording.notes:
            return str(_("Go to note %s") % recording.notes[name])
        if name in recording.citations:
            return str(_("Back to where note %s is cited") % recording.citations[name])
    return str(_("Go to another part of this document"))


def _annotation_matches(annot: Any, item: Annotation) -> bool:
    subtype = str(annot.get("/Subtype", ""))
    if item.kind == "Widget":
        return subtype == "/Widget" and str(annot.get("/T", "")) == item.uri
    return subtype == "/Link"


def placed_annotations(pdf: pikepdf.Pdf, recording: Recording) -> dict[tuple[int, int], Any]:
    """Each annotation by (page, index), after checking it is the one recorded at that place."""
    annots: dict[tuple[int, int], Any] = {}
    for number, page in enumerate(pdf.pages):
        placed = list(page.obj.get("/Annots", Array()))
        recorded = recording.annotations[number]
        if len(placed) != len(recorded) or not all(
            _annotation_matches(a, item) for a, (item, _e) in zip(placed, recorded, strict=True)
        ):
            raise PolicyError(f"Page {number + 1} of the PDF has links or fields its tags do not describe; it was not written.")
        for index, annot in enumerate(placed):
            annots[(number, index)] = annot
    return annots


def _first_page(element: Element) -> int | None:
    for kid in element.kids:
        if isinstance(kid, MarkedContent | Annotation):
            return kid.page
        found = _first_page(kid)
        if found is not None:
            return found
    return None


class _TreeWriter:
    """Writes :class:`Element` trees as PDF structure elements, remembering which object is which."""

    def __init__(self, pdf: pikepdf.Pdf, annots: dict[tuple[int, int], Any]) -> None:
        self.pdf = pdf
        self.pages = [page.obj for page in pdf.pages]
        self.annots = annots
        self.made: dict[int, Dictionary] = {}
        self.notes = 0

    def write(self, element: Element, parent: Any) -> Any:
        obj = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + element.role), P=parent))
        self.made[id(element)] = obj
        home = _first_page(element)
        if home is not None:
            obj.Pg = self.pages[home]
        if element.alt:
            obj.Alt = String(element.alt)
        if element.role == "TH":
            # rst2pdf's header cells are the table's header rows: each heads its column.
            obj.A = Dictionary(O=Name.Table, Scope=Name.Column)
        elif element.role == "Note":
            # PDF/UA: every note has an identifier (unique in the file).
            self.notes += 1
            obj.ID = String(f"note-{self.notes}")
        kids = Array()
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(self.write(kid, obj))
            elif isinstance(kid, MarkedContent):
                if kid.page == home:
                    kids.append(kid.mcid)
                else:
                    kids.append(Dictionary(Type=Name.MCR, Pg=self.pages[kid.page], MCID=kid.mcid))
            else:
                kids.append(Dictionary(Type=Name.OBJR, Obj=self.annots[(kid.page, kid.index)], Pg=self.pages[kid.page]))
        # A single kid is written as itself, as most writers do (and some checkers expect).
        obj.K = kids[0] if len(kids) == 1 else kids
        return obj


def _describe_annotations(
    pdf: pikepdf.Pdf, recording: Recording, annots: dict[tuple[int, int], Any], writer: _TreeWriter, nums: Array
) -> int:
    """Annotations in the parent tree, described and printable; returns the next free key."""
    key = len(pdf.pages)
    for number, page in enumerate(pdf.pages):
        if recording.annotations[number]:
            page.obj.Tabs = Name.S  # tab order = structure order
        for item, element in recording.annotations[number]:
            annot = annots[(item.page, item.index)]
            annot.StructParent = key
            nums.append(key)
            nums.append(writer.made[id(element)])
            key += 1
            annot.F = PRINT
            if item.kind == "Link":
                description = link_description(item.uri, recording)
                annot.Contents = String(description)
                # The Link element holds only the annotation (its words are in the
                # paragraph around it), so it says where it goes as its /Alt.
                writer.made[id(element)].Alt = String(description)
            elif not str(annot.get("/TU", "")).strip():
                raise PolicyError(f"The form field {item.uri} has no spoken name; the PDF was not written.")
    return key


def add_structure(pdf: pikepdf.Pdf, recording: Recording, language: str | None) -> None:
    """Write the structure tree, parent tree and the catalog entries of a tagged PDF into ``pdf``."""
    pages = list(pdf.pages)
    recording.page(len(pages) - 1)
    if len(recording.pages) != len(pages):
        raise PolicyError(f"The PDF has {len(pages)} pages but its tags describe {len(recording.pages)}; it was not written.")
    annots = placed_annotations(pdf, recording)
    root = recording.root
    prune(root)
    even_headings(root)

    tree = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    writer = _TreeWriter(pdf, annots)
    tree.K = writer.write(root, tree)
    nums = Array()
    for number, page in enumerate(pages):
        page.obj.StructParents = number
        nums.append(number)
        nums.append(pdf.make_indirect(Array([writer.made[id(e)] for e in recording.pages[number]])))
    tree.ParentTreeNextKey = _describe_annotations(pdf, recording, annots, writer, nums)
    tree.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))

    catalog = pdf.Root
    catalog.StructTreeRoot = tree
    catalog.MarkInfo = Dictionary(Marked=True)
    catalog.Lang = String(language_tag(language))
    catalog.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    form = catalog.get("/AcroForm")
    if form is not None and "/NeedAppearances" in form:
        del form["/NeedAppearances"]
