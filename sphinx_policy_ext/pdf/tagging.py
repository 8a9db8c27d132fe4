"""Marked content while ReportLab draws: what every mark on a page *is*, for a tagged PDF.

Neither rst2pdf nor open-source ReportLab writes a structure tree. During one
render (:func:`recording`) this module

- notes, when rst2pdf turns a docutils node into flowables, which node each
  flowable came from (an integer on the flowable, so copies and split pieces
  keep it). Roles come from the *document* (a ``list_item`` is a list item,
  whichever flowables draw it), never from the flowable's class;
- wraps every flowable's ``drawOn`` in a marked-content sequence: ``/P
  <</MCID n>> BDC … EMC`` for text and images, ``/Artifact BMC … EMC`` for
  what a container draws itself (table rules, backgrounds) and for the page
  decoration rst2pdf draws before and after each page (running header,
  footer, page numbers). Sequences never nest: a container's sequence is
  closed while its children draw and opened again after them. What a page
  holds outside any flowable is an artifact too, so nothing is left unmarked;
- records each annotation (link or form field) as a ``Link`` or ``Form``
  element at the place in the reading order where it was made.

The result is a :class:`Recording`: a tree of :class:`Element` whose leaves
are (page, MCID) pairs and annotations; :mod:`.structure` writes it into the
PDF with pikepdf.

A flowable may say what it is itself with an attribute ``pdf_tag = (role,
alt)``, e.g. ``("Figure", "Harbor Light Counseling logo")`` or
``("Artifact", None)``. A flowable that draws several things (the signature
form) can mark its parts with :func:`content`, :func:`group` and
:func:`artifact`; outside a recording these do nothing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes

from .outline import LEVEL as OUTLINE_LEVEL

ARTIFACT = "Artifact"
NODE_KEY = "_policy_node"  # attribute on a flowable: index of its docutils node in the recording

# Roles whose own marks are content (text or image) rather than a grouping of other elements.
CONTENT_ROLES = frozenset({"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "Lbl", "Caption", "Figure", "Formula", "Code", "Span"})

# Operators that put something on the page: text, images and forms, filled or stroked paths.
_PAINTS = re.compile(r"(?:^|[\s)\]>])(?:Tj|TJ|'|\"|Do|f\*?|F|B\*?|b\*?|S|s|sh|BI)(?=\s|$)", re.M)

CARD_TITLE = "policy-card-title"  # sphinx-design card titles, as .design makes them for print
PANEL_TITLE = "policy-panel-title"


@dataclass(eq=False)
class Element:
    """One structure element: its role, its parent, and its kids in reading order."""

    role: str
    parent: Element | None
    alt: str | None = None
    kids: list[Element | MarkedContent | Annotation] = field(default_factory=list)

    def add(self, role: str, alt: str | None = None) -> Element:
        child = Element(role, self, alt)
        self.kids.append(child)
        return child


@dataclass(frozen=True)
class MarkedContent:
    page: int  # 0-based
    mcid: int


@dataclass(frozen=True)
class Annotation:
    page: int  # 0-based
    index: int  # position among the annotations ReportLab put on that page
    kind: str  # "Link" or "Widget"
    uri: str  # a link's URI or destination name; a field's name


@dataclass
class Recording:
    """What one render drew: the element tree, and per page the element behind each MCID."""

    root: Element = field(default_factory=lambda: Element("Document", None))
    pages: list[list[Element]] = field(default_factory=list)  # pages[p][mcid]
    annotations: list[list[tuple[Annotation, Element]]] = field(default_factory=list)
    targets: dict[str, str] = field(default_factory=dict)  # anchor id -> section title
    notes: dict[str, str] = field(default_factory=dict)  # anchor id -> footnote label
    citations: dict[str, str] = field(default_factory=dict)  # anchor id of a footnote reference -> its label

    def page(self, number: int) -> None:
        while len(self.pages) <= number:
            self.pages.append([])
            self.annotations.append([])


# --- Which element a docutils node is ------------------------------------------


def _section_depth(node: nodes.Node) -> int:
    depth, parent = 0, node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            depth += 1
        parent = parent.parent
    return depth


def role_of(node: nodes.Node) -> str | None:
    """The standard structure type for ``node``; None when it only passes its children on."""
    if isinstance(node, nodes.section):
        return "Sect"
    if isinstance(node, nodes.title):
        if isinstance(node.parent, nodes.section):
            return f"H{min(_section_depth(node), 6)}"
        return "Caption" if isinstance(node.parent, nodes.table) else "P"
    if isinstance(node, nodes.rubric):
        # Shown as a heading ("At a glance", a card's title): at the level the outline gives it
        # (outline.py, 0 for the title), else one under its section's title.
        level = node.get(OUTLINE_LEVEL)
        if isinstance(level, int):
            return f"H{min(level + 1, 6)}"
        return f"H{min(_section_depth(node) + 1, 6)}"
    if isinstance(node, nodes.paragraph):
        if _only_image(node) is not None:
            # Markdown's ![alt](file) on a line of its own: a paragraph holding just the image.
            return role_of(_only_image(node))  # type: ignore[arg-type]
        classes: list[str] = node.get("classes", [])
        if CARD_TITLE in classes or PANEL_TITLE in classes:
            return f"H{min(_section_depth(node) + 2, 6)}"
        return "P"
    if isinstance(node, nodes.bullet_list | nodes.enumerated_list | nodes.definition_list):
        return "L"
    if isinstance(node, nodes.list_item | nodes.definition_list_item):
        return "LI"
    if isinstance(node, nodes.definition):
        return "LBody"
    if isinstance(node, nodes.table):
        return "Table"
    if isinstance(node, nodes.row):
        return "TR"
    if isinstance(node, nodes.entry):
        return "TH" if any(isinstance(a, nodes.thead) for a in _ancestors(node)) else "TD"
    if isinstance(node, nodes.block_quote):
        return "BlockQuote"
    if isinstance(node, nodes.footnote | nodes.citation):
        return "Note"
    if isinstance(node, nodes.label):
        return "Lbl"
    if isinstance(node, nodes.Admonition | nodes.topic | nodes.sidebar):
        return "Div"
    if isinstance(node, nodes.image):
        # An image without alt text is decoration, as in HTML.
        return "Figure" if str(node.get("alt", "")).strip() else ARTIFACT
    if isinstance(node, nodes.caption):
        return "Caption"
    if isinstance(node, nodes.math_block):
        return "Formula"
    if isinstance(node, nodes.transition):
        return ARTIFACT
    if isinstance(node, nodes.literal_block | nodes.doctest_block | nodes.line | nodes.attribution):
        return "P"
    return None


def _only_image(node: nodes.Node) -> nodes.image | None:
    children = [c for c in node.children if not (isinstance(c, nodes.Text) and not c.strip())]
    if len(children) == 1 and isinstance(children[0], nodes.image):
        return children[0]
    return None


def _alt_of(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.paragraph) and _only_image(node) is not None:
        node = _only_image(node)  # type: ignore[assignment]
    if isinstance(node, nodes.image):
        return str(node.get("alt", "")).strip() or None
    if isinstance(node, nodes.math_block):
        return node.astext()
    return None


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


# --- The recorder --------------------------------------------------------------


@dataclass(eq=False)
class _Frame:
    """One open drawing context: whose marks go where while it draws."""

    flowable: Any
    element: Element | None  # None: an artifact
    content: bool  # own marks are content of ``element`` (else artifacts)
    pagination: bool = False


class Recorder:
    """Collects a :class:`Recording` while one PDF is drawn."""

    def __init__(self, doctree: nodes.document) -> None:
        self.recording = Recording()
        self.nodes: list[nodes.Node] = []
        self.keys: dict[int, int] = {}
        self.elements: dict[int, Element] = {}  # node key -> element
        self.bodies: dict[int, Element] = {}  # list item key -> its LBody
        self.stack: list[_Frame] = []
        self.canvas: Any = None
        self.page_started = False
        self.open: tuple[list[str], int, Element | None, int] | None = None  # code, position, element, mcid
        self.document_key = self.key(doctree)
        for section in doctree.findall(nodes.section):
            if section.children and isinstance(section[0], nodes.title):
                for anchor in section["ids"]:
                    self.recording.targets.setdefault(anchor, section[0].astext())
        for note in doctree.findall(nodes.footnote):
            label = next(iter(note.findall(nodes.label)), None)
            for anchor in note["ids"]:
                self.recording.notes.setdefault(anchor, label.astext() if label is not None else "")
        for reference in doctree.findall(nodes.footnote_reference):
            for anchor in reference["ids"]:
                self.recording.citations.setdefault(anchor, reference.astext())

    # Nodes and flowables

    def key(self, node: nodes.Node) -> int:
        known = self.keys.get(id(node))
        if known is None:
            known = self.keys[id(node)] = len(self.nodes)
            self.nodes.append(node)
        return known

    def annotate(self, node: nodes.Node, made: list[Any]) -> None:
        """Mark every flowable in ``made`` (and inside it) that no inner node has claimed as ``node``'s."""
        key = self.key(node)
        for flowable in _flowables_within(made):
            if getattr(flowable, NODE_KEY, None) is None:
                setattr(flowable, NODE_KEY, key)

    def element_for(self, key: int) -> Element | None:
        """The element of node ``key`` (made on first use, with its ancestors); None for an artifact."""
        if key == self.document_key:
            return self.recording.root
        if key in self.elements:
            return self.elements[key]
        node = self.nodes[key]
        role = role_of(node)
        if role == ARTIFACT:
            return None
        parent = self._container_for_children_of(node.parent)
        if parent is None:
            return None
        if role is None:
            return parent
        element = parent.add(role, _alt_of(node))
        self.elements[key] = element
        return element

    def _container_for_children_of(self, node: nodes.Node | None) -> Element | None:
        if node is None:
            return self.recording.root
        key = self.key(node)
        element = self.element_for(key)
        if element is not None and element.role == "LI" and isinstance(node, nodes.list_item):
            # A list item's text goes in its body; its own marks (the bullet) are its label.
            if key not in self.bodies:
                self.bodies[key] = element.add("LBody")
            return self.bodies[key]
        return element

    # Drawing

    def start_canvas(self, canvas: Any) -> None:
        """rst2pdf draws each PDF on one canvas: the newest one is the one being recorded."""
        self.canvas = canvas
        self.page_started = False
        self.recording = Recording(targets=self.recording.targets, notes=self.recording.notes, citations=self.recording.citations)
        self.elements.clear()
        self.bodies.clear()
        self.stack.clear()
        self.open = None

    def _context(self) -> Element | None:
        """The element new marks belong under; None inside an artifact."""
        for frame in reversed(self.stack):
            if frame.element is None:
                return None
            return frame.element
        return self.recording.root

    def frame_for(self, flowable: Any) -> _Frame:
        if any(f.element is None for f in self.stack):
            return _Frame(flowable, None, False)
        container = _has_flowables(flowable)
        tag = getattr(flowable, "pdf_tag", None)
        key = getattr(flowable, NODE_KEY, None)
        if key is not None:
            owner = self.element_for(key)
            if owner is None:
                return _Frame(flowable, None, False)
        else:
            owner = self._context()
            if owner is None:
                return _Frame(flowable, None, False)
        if tag:
            role, alt = tag
            if role == ARTIFACT:
                return _Frame(flowable, None, False)
            parent = owner if owner.role not in CONTENT_ROLES else (owner.parent or owner)
            # A figure drawn through a flowable it holds (the letterhead's logo) is still the figure.
            return _Frame(flowable, parent.add(role, alt), role in CONTENT_ROLES or not container)
        top = self.stack[-1] if self.stack else None
        if top is not None and top.content and top.element is not None and top.element.role in CONTENT_ROLES:
            # Drawn from inside a heading, paragraph or figure: part of it, whatever node made it.
            return _Frame(flowable, top.element, True)
        if owner.role in CONTENT_ROLES:
            # A heading, paragraph or figure: what it draws is its content, also when it draws
            # through a flowable it holds (rst2pdf's image wraps an SVG drawing rendered directly).
            return _Frame(flowable, owner, True)
        if container:
            # A table, a list item's row: its own marks are rules and backgrounds.
            return _Frame(flowable, owner, False)
        # Marks a grouping node draws itself: a list item's bullet, a note's
        # number, an admonition's title; other untagged text is a paragraph.
        if key is not None and owner.role == "LI":
            return _Frame(flowable, owner.add("Lbl"), True)
        if key is not None and owner.role == "Note":
            return _Frame(flowable, owner.add("Lbl"), True)
        return _Frame(flowable, owner.add("P"), True)

    def start_page(self) -> None:
        """Everything on a page before the first flowable is an artifact."""
        if self.page_started:
            return
        self.page_started = True
        self.recording.page(self.canvas.getPageNumber() - 1)
        code = self.canvas._code
        code.insert(0, "/Artifact BMC")
        self.open = (code, 1, None, -1)

    def _begin(self) -> None:
        """Open the sequence for the innermost frame (or the page's own artifact)."""
        code = self.canvas._code
        frame = self.stack[-1] if self.stack else None
        if frame is None or not frame.content or frame.element is None:
            kind = "/Artifact <</Type /Pagination>> BDC" if frame is not None and frame.pagination else "/Artifact BMC"
            code.append(kind)
            self.open = (code, len(code), None, -1)
            return
        page = self.canvas.getPageNumber() - 1
        self.recording.page(page)
        mcids = self.recording.pages[page]
        mcid = len(mcids)
        mcids.append(frame.element)
        frame.element.kids.append(MarkedContent(page, mcid))
        code.append(f"/{frame.element.role} <</MCID {mcid}>> BDC")
        self.open = (code, len(code), frame.element, mcid)

    def _end(self) -> None:
        if self.open is None:
            return
        code, position, element, mcid = self.open
        self.open = None
        if code is self.canvas._code and len(code) == position:
            # Nothing drawn: take the empty sequence back out.
            code.pop()
            self._forget(element, mcid)
            return
        if element is not None and not any(_PAINTS.search(line) for line in itertools.islice(code, position, None)):
            # Only state changes (a spacer's "q … cm Q"): nothing to read, so an artifact.
            code[position - 1] = "/Artifact BMC"
            self._forget(element, mcid)
        code.append("EMC")

    def _forget(self, element: Element | None, mcid: int) -> None:
        if element is not None:
            page = self.canvas.getPageNumber() - 1
            self.recording.pages[page].pop()
            element.kids.remove(MarkedContent(page, mcid))

    def enter(self, frame: _Frame) -> None:
        self.start_page()
        self._end()
        self.stack.append(frame)
        self._begin()

    def leave(self) -> None:
        self.start_page()
        self._end()
        self.stack.pop()
        self._begin()

    def end_page(self) -> None:
        self.start_page()
        self._end()
        self.page_started = False

    def annotation(self, annotation: Any) -> None:
        """A link or field put on the current page: an element where the reading has got to."""
        self.start_page()
        page = self.canvas.getPageNumber() - 1
        self.recording.page(page)
        subtype = str(_get(annotation, "Subtype"))
        widget = "Widget" in subtype or _get(annotation, "FT") is not None
        kind = "Widget" if widget else "Link"
        context = self._context() or self.recording.root
        if widget and context.role in CONTENT_ROLES:
            context = context.parent or context
        element = context.add("Form" if widget else "Link")
        uri = _pdf_string(_get(annotation, "T") or "") if widget else _link_target(annotation)
        item = Annotation(page, len(self.recording.annotations[page]), kind, uri)
        element.kids.append(item)
        self.recording.annotations[page].append((item, element))


def _get(dictionary: Any, name: str) -> Any:
    inner = getattr(dictionary, "dict", None)
    if isinstance(inner, dict):
        value = inner.get(name)
    elif isinstance(dictionary, dict):
        value = dictionary.get(name)
    else:
        value = getattr(dictionary, name, None)
    return value


def _link_target(annotation: Any) -> str:
    action = _get(annotation, "A")
    uri = _get(action, "URI") if action is not None else None
    if uri is not None:
        return _pdf_string(uri)
    # An internal link (linkRect): a ReportLab Destination, named after the anchor it goes to.
    destination = getattr(annotation, "Destination", None)
    name = getattr(destination, "name", None)
    return f"#{name}" if isinstance(name, str) else ""


def _pdf_string(value: Any) -> str:
    text = getattr(value, "s", value)
    if isinstance(text, bytes):
        return text.decode("latin-1")
    return str(text)


def _flowables_within(items: list[Any]) -> Iterator[Any]:
    """``items`` and every flowable held inside them (table cells, kept-together content, ...)."""
    from reportlab.platypus import Flowable

    seen: set[int] = set()
    pending = list(items)
    while pending:
        item = pending.pop()
        if isinstance(item, list | tuple):
            pending.extend(item)
            continue
        if not isinstance(item, Flowable) or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        pending.extend(_children(item))


# Attributes that hold a flowable's own text or state, never other flowables (Paragraph's
# lines and fragments are long lists: skipping them is most of this module's speed).
_NOT_CHILDREN = frozenset({"canv", "_frame", "style", "frags", "blPara", "lines", "text", "_cache", "caseSensitive"})


def _children(flowable: Any) -> Iterator[Any]:
    from reportlab.platypus import Flowable, Paragraph, Spacer

    if isinstance(flowable, Paragraph | Spacer):
        return
    for name, value in vars(flowable).items():
        if name in _NOT_CHILDREN or name.startswith("__"):
            continue
        if isinstance(value, Flowable):
            yield value
        elif isinstance(value, list | tuple):
            for item in _flatten(value, 3):
                if isinstance(item, Flowable):
                    yield item


def _flatten(items: list[Any] | tuple[Any, ...], depth: int) -> Iterator[Any]:
    for item in items:
        if isinstance(item, list | tuple):
            if depth > 0:
                yield from _flatten(item, depth - 1)
        else:
            yield item


def _has_flowables(flowable: Any) -> bool:
    return next(iter(_children(flowable)), None) is not None


# --- Hooks, only while recording -----------------------------------------------

# The recorder of the PDF being drawn, if any (one at a time: rst2pdf is not reentrant).
_active: list[Recorder] = []


def _current() -> Recorder | None:
    return _active[-1] if _active else None


def _subclasses(cls: type) -> Iterator[type]:
    yield cls
    sub: type
    for sub in cls.__subclasses__():
        yield from _subclasses(sub)


def _wrap_draw_on(original: Callable[..., Any]) -> Callable[..., Any]:
    def drawOn(self: Any, canvas: Any, *args: Any, **kwargs: Any) -> Any:
        recorder = _current()
        if recorder is None or canvas is not recorder.canvas or (recorder.stack and recorder.stack[-1].flowable is self):
            return original(self, canvas, *args, **kwargs)
        recorder.enter(recorder.frame_for(self))
        try:
            return original(self, canvas, *args, **kwargs)
        finally:
            recorder.leave()

    return drawOn


def _wrap_split(original: Callable[..., Any]) -> Callable[..., Any]:
    def split(self: Any, *args: Any, **kwargs: Any) -> Any:
        pieces = original(self, *args, **kwargs)
        key = getattr(self, NODE_KEY, None)
        if key is not None and isinstance(pieces, list):
            # Split pieces are new flowables: they still come from the same node.
            for piece in pieces:
                if getattr(piece, NODE_KEY, None) is None:
                    with suppress(AttributeError):
                        setattr(piece, NODE_KEY, key)
        return pieces

    return split


def _wrap_decoration(original: Callable[..., Any]) -> Callable[..., Any]:
    """rst2pdf's page template drawing header, footer and backgrounds: all pagination artifacts."""

    def draw(self: Any, canv: Any, doc: Any) -> Any:
        recorder = _current()
        if recorder is None or canv is not recorder.canvas:
            return original(self, canv, doc)
        recorder.enter(_Frame(self, None, False, pagination=True))
        try:
            return original(self, canv, doc)
        finally:
            recorder.leave()

    return draw


def _canvas_hooks() -> list[tuple[Any, str, Any]]:
    from reportlab.pdfgen.canvas import Canvas

    original_init, original_show, original_annotation = Canvas.__init__, Canvas.showPage, Canvas._addAnnotation

    def canvas_init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        recorder = _current()
        if recorder is not None:
            recorder.start_canvas(self)

    def show_page(self: Any) -> None:
        recorder = _current()
        if recorder is not None and self is recorder.canvas:
            recorder.end_page()
        original_show(self)

    def add_annotation(self: Any, annotation: Any, name: Any = None, addtopage: int = 1) -> None:
        original_annotation(self, annotation, name, addtopage)
        recorder = _current()
        if addtopage and recorder is not None and self is recorder.canvas:
            recorder.annotation(annotation)

    return [(Canvas, "__init__", canvas_init), (Canvas, "showPage", show_page), (Canvas, "_addAnnotation", add_annotation)]


def _hooks() -> list[tuple[Any, str, Any]]:
    from reportlab.platypus import Flowable
    from rst2pdf.basenodehandler import NodeHandler
    from rst2pdf.createpdf import FancyPage

    dispatch = NodeHandler.elemdispatch

    def elemdispatch(self: Any, client: Any, node: Any, style: Any = None) -> Any:
        made = dispatch(self, client, node, style)
        recorder = _current()
        if recorder is not None and isinstance(node, nodes.Node):
            recorder.annotate(node, made)
        return made

    hooks: list[tuple[Any, str, Any]] = [
        (NodeHandler, "elemdispatch", elemdispatch),
        (FancyPage, "beforeDrawPage", _wrap_decoration(FancyPage.beforeDrawPage)),
        (FancyPage, "afterDrawPage", _wrap_decoration(FancyPage.afterDrawPage)),
        *_canvas_hooks(),
    ]
    # Every flowable class, including ones defined after this module (the
    # subclasses are listed when a recording starts).
    for cls in set(_subclasses(Flowable)):
        if "drawOn" in vars(cls):
            hooks.append((cls, "drawOn", _wrap_draw_on(vars(cls)["drawOn"])))
        if "split" in vars(cls):
            hooks.append((cls, "split", _wrap_split(vars(cls)["split"])))
    return hooks


@contextmanager
def _patched(owner: Any, name: str, value: Any) -> Iterator[None]:
    had = name in vars(owner)
    saved = vars(owner).get(name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        if had:
            setattr(owner, name, saved)
        else:
            delattr(owner, name)


@contextmanager
def recording(doctree: nodes.document) -> Iterator[Recorder]:
    """Record marked content for everything drawn inside this block (one PDF at a time).

    Read ``.recording`` of what this yields once the block has ended.
    """
    recorder = Recorder(doctree)
    with ExitStack() as stack:
        for owner, name, value in _hooks():
            stack.enter_context(_patched(owner, name, value))
        _active.append(recorder)
        try:
            yield recorder
        finally:
            _active.remove(recorder)


# --- For flowables that draw several things ------------------------------------


@contextmanager
def _frame(canv: Any, make: Callable[[Recorder], _Frame]) -> Iterator[None]:
    recorder = _current()
    if recorder is None or canv is not recorder.canvas:
        yield
        return
    recorder.enter(make(recorder))
    try:
        yield
    finally:
        recorder.leave()


def _new(recorder: Recorder, role: str, alt: str | None, content: bool, canv: Any) -> _Frame:
    context = recorder._context()
    if context is None:
        return _Frame(canv, None, False)
    return _Frame(canv, context.add(role, alt), content)


def content(canv: Any, role: str = "P", alt: str | None = None) -> Any:
    """What is drawn inside is a new ``role`` element (text or image) under the current one."""
    return _frame(canv, lambda r: _new(r, role, alt, True, canv))


def group(canv: Any, role: str) -> Any:
    """A new grouping element: content drawn inside goes in elements under it."""
    return _frame(canv, lambda r: _new(r, role, None, False, canv))


def artifact(canv: Any) -> Any:
    """What is drawn inside is decoration (rules, lines), skipped by a screen reader."""
    return _frame(canv, lambda r: _Frame(canv, None, False))
