"""Where this package adjusts rst2pdf and ReportLab, and why: each adjustment is scoped to a PDF build.

Each entry names the upstream behaviour it works around; tests/test_rst2pdf_internals.py
fails when the internals it touches change shape (and says when a patch is no longer needed).

- Logging. Upstream: rst2pdf logs to its own ``rst2pdf`` logger with a
  stderr handler of its own, past Sphinx's logging, so ``-W`` never sees its
  warnings and they carry no location. Here its records are sent through
  Sphinx's logging, located (from its "[near line N in file F]" suffix) and
  worded for the therapist. rst2pdf has no option to log elsewhere.
- Backslashes. Upstream: rst2pdf's ``NodeHandler.apply_replacements`` runs
  docutils' smartyPants over paragraph and title text, and smartyPants
  unescapes backslashes even with every replacement off (``smartquotes="0"``,
  which the builder passes), so a practice value with ``\\`` loses one.
  No option skips the call; the method is replaced for the build.
- Stylesheets. Upstream: ``RstToPdf.loadStyles`` reads the YAML stylesheets
  (with PyYAML's pure-Python loader, ``yaml.safe_load``) and registers their
  fonts for every PDF it writes: 0.6 s each time, which a group practice
  would pay once per clinician. They are read once per build, with PyYAML's
  C parser where it is installed, and their parsed YAML is kept in the
  build cache (build_cache.py) for the next build.
- Fonts. Upstream: ReportLab's ``ttfonts.TTFontFace`` parses each TrueType
  font in pure Python (about 0.03 s per font, eight fonts, every build) and
  keeps nothing between processes. The parsed faces are kept in the build
  cache next to Sphinx's own environment pickle (build_cache.py), one file
  per font keyed by its size and time, and reused while the files are
  unchanged. Registering a font needs only its name, so a face is read from
  its file only when text is measured or drawn in it: half of them never are.
- Cover. Upstream: ``RstToPdf.createPdf`` compiles and renders a Jinja2
  cover template for every PDF, and in Sphinx mode (this builder's) never
  uses the text. The template is not made (2 ms a PDF).
- SVG fonts. Upstream: rst2pdf reads SVG images with svglib's own font map,
  which draws their text in Helvetica or Times (never embedded) or guesses at
  the machine's fonts, and stops on a family it cannot find. They are read
  with the bundled DejaVu instead (images.py), so every font stays embedded.
- SVG import. Upstream: ``rst2pdf.image`` imports ``rst2pdf.svgimage`` (and
  with it svglib, lxml, tinycss2: about 20 ms) when it is itself imported, for
  every PDF, with or without an SVG. :func:`import_rst2pdf_without_svglib`
  has it import a stand-in instead, which imports the real module when an SVG
  is drawn. If rst2pdf no longer takes the stand-in, svglib is imported as
  before: slower, never wrong (tests/test_pdf_imports.py says so).

Two smaller reaches live beside their use: pdf/builder.py clears rst2pdf's
once-per-process ``unkn_node`` memory so each build warns again, and
pdf/story.py adds a handler to rst2pdf's ``sphinxhandlers.dispatchdict``.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import logging as stdlib_logging
import operator
import pickle
import re
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sphinx.util import logging

from ..problems import WARNING_TYPE, Subtype
from . import build_cache

logger = logging.getLogger(__name__)


# rst2pdf ends a message about a node with "[near line 8 in file /abs/path]".
_NEAR = re.compile(r"\s*\[near line (\d+) in file [^\]]*\]\s*$")
_UNKNOWN_NODE = re.compile(r"^Unkn\. node \(self\.\w+\): (\S+)")


class _ToSphinx(stdlib_logging.Handler):
    """rst2pdf's log records as located Sphinx warnings, worded for the person who wrote the text."""

    def __init__(self, location: str) -> None:
        super().__init__(stdlib_logging.WARNING)
        self.location = location

    def emit(self, record: stdlib_logging.LogRecord) -> None:
        log = logger.error if record.levelno >= stdlib_logging.ERROR else logger.warning
        message = record.getMessage()
        location: str | tuple[str, int] = self.location
        if near := _NEAR.search(message):
            location = (self.location, int(near.group(1)))
            message = message[: near.start()]
        if unknown := _UNKNOWN_NODE.match(message):
            message = (
                f"the PDF cannot print this part of the text (a {unknown.group(1).rsplit('.', 1)[-1]} element), "
                "so it would be missing from the PDF. Write it with plain Markdown instead, "
                f"or report it as a fault in the tool. (rst2pdf: {message})"
            )
        else:
            message = f"rst2pdf: {message}"
        log(message, location=location, type=WARNING_TYPE, subtype=Subtype.PDF.value)


@contextmanager
def rst2pdf_log_to_sphinx(location: str) -> Iterator[None]:
    """Send rst2pdf's warnings through Sphinx's logging, where ``-W`` sees them."""
    rst2pdf_log = stdlib_logging.getLogger("rst2pdf")
    saved = rst2pdf_log.handlers[:], rst2pdf_log.propagate
    rst2pdf_log.handlers = [_ToSphinx(location)]
    rst2pdf_log.propagate = False
    try:
        yield
    finally:
        rst2pdf_log.handlers, rst2pdf_log.propagate = saved


@contextmanager
def no_second_smartypants() -> Iterator[None]:
    r"""Stop rst2pdf from running smartypants over text Sphinx has already finished.

    rst2pdf passes paragraph and title text through docutils' smartyPants even
    with smart quotes off, and its escape handling turns a typed ``\\`` into
    ``\``: a practice value would not come out as written. Sphinx has applied
    its own smart quotes (skipping values) when the document was read.
    """
    from rst2pdf.basenodehandler import NodeHandler

    original = NodeHandler.apply_replacements
    NodeHandler.apply_replacements = lambda self, text, smarty, node: text
    try:
        yield
    finally:
        NodeHandler.apply_replacements = original


def _svg_image(*args: Any, **kwargs: Any) -> Any:
    """rst2pdf's ``SVGImage`` flowable, its module (and svglib) imported on the first SVG drawn."""
    from rst2pdf.svgimage import SVGImage

    return SVGImage(*args, **kwargs)


def import_rst2pdf_without_svglib() -> None:
    """Import rst2pdf's image module with a stand-in for its ``SVGImage``: svglib waits for an SVG.

    ``rst2pdf.image`` starts with ``from .svgimage import SVGImage`` and uses the
    name only to draw an SVG. While it is imported, ``rst2pdf.svgimage`` is a
    stand-in module whose ``SVGImage`` is :func:`_svg_image`; the stand-in is
    then taken away, so the real module is what any later import finds. Done
    once per process, before anything else imports rst2pdf (pdf/__init__.py);
    if rst2pdf was already imported, nothing changes.
    """
    if "rst2pdf.image" in sys.modules:
        return
    stand_in = types.ModuleType("rst2pdf.svgimage", "Stands in for rst2pdf.svgimage until an SVG is drawn.")
    stand_in.SVGImage = _svg_image  # type: ignore[attr-defined]
    sys.modules["rst2pdf.svgimage"] = stand_in
    try:
        importlib.import_module("rst2pdf.image")
    finally:
        if sys.modules.get("rst2pdf.svgimage") is stand_in:
            del sys.modules["rst2pdf.svgimage"]


@contextmanager
def svg_text_in_bundled_fonts() -> Iterator[None]:
    """rst2pdf's SVG images read with :func:`images.svg_drawing`, so their text is in embedded fonts.

    ``rst2pdf.image.SVGImage`` is replaced for the build, so that svglib is
    imported only when an SVG image is drawn; the real flowable then reads
    the file through ``svgimage.svg2rlg``, swapped for the time it is made.
    """
    from rst2pdf import image

    def svg_image(*args: Any, **kwargs: Any) -> Any:
        from rst2pdf import svgimage

        from .images import svg_drawing

        read = svgimage.svg2rlg
        svgimage.svg2rlg = lambda path, *args, **kwargs: svg_drawing(path)
        try:
            return svgimage.SVGImage(*args, **kwargs)
        finally:
            svgimage.svg2rlg = read

    original = image.SVGImage
    image.SVGImage = svg_image
    try:
        yield
    finally:
        image.SVGImage = original


class _NoCover:
    """Stands in for the ``jinja2`` module in rst2pdf's createpdf: the cover template renders as nothing, uncompiled."""

    class Environment:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pass

        def get_template(self, name: str) -> Any:
            return _NoCover

    class TemplateNotFound(Exception):
        pass

    @staticmethod
    def select_autoescape(*args: Any, **kwargs: Any) -> bool:
        return False

    @staticmethod
    def render(*args: Any, **kwargs: Any) -> str:
        return ""


@contextmanager
def no_unused_cover() -> Iterator[None]:
    """Stop rst2pdf from making the text of a cover page that, writing for Sphinx, it throws away.

    ``RstToPdf.createPdf`` compiles and renders its Jinja2 cover template for
    every PDF and uses the text only outside Sphinx (``if not self.sphinx``);
    this builder writes in Sphinx mode, so that was 2 ms of every PDF for
    nothing. Its ``jinja2`` is replaced by :class:`_NoCover` while a PDF is
    written.
    """
    from rst2pdf import createpdf

    original = createpdf.jinja2
    createpdf.jinja2 = _NoCover
    try:
        yield
    finally:
        createpdf.jinja2 = original


@contextmanager
def stylesheets_read_once(cache: Path | None = None) -> Iterator[None]:
    """Share one parsed stylesheet (and its registered fonts) between the PDFs of a build.

    With ``cache`` (a file in the build cache), the YAML of each stylesheet is
    parsed once, not in every build: its parse is kept there, keyed by the
    stylesheet's text and PyYAML's version (build_cache.py).
    """
    import yaml
    from rst2pdf import createpdf, styles

    if getattr(createpdf.RstToPdf.loadStyles, "read_once", False):
        yield  # already inside: a long-lived preview keeps one for its whole life
        return
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    key = (yaml.__version__, loader.__name__)
    kept: dict[str, bytes] | None = None  # the cache's stylesheet texts -> their YAML data, pickled
    used: dict[str, bytes] = {}  # the stylesheets read here: what the cache keeps for the next build

    def safe_load(text: str) -> Any:
        nonlocal kept
        if kept is None:
            stored = build_cache.read(cache, key) if cache is not None else None
            kept = stored if isinstance(stored, dict) else {}
        if text not in used:
            known = kept.get(text)
            used[text] = known or pickle.dumps(yaml.load(text, Loader=loader), protocol=pickle.HIGHEST_PROTOCOL)
        # A fresh copy each time: rst2pdf rewrites the data it is given (font aliases, colours).
        return pickle.loads(used[text])

    fast_yaml = type("FastYaml", (), {"safe_load": staticmethod(safe_load)})
    original_yaml, original_load = styles.yaml, createpdf.RstToPdf.loadStyles
    read: dict[tuple[Any, ...], Any] = {}

    def load_styles(self: Any, styleSheets: list[str] | None = None) -> None:
        key = (tuple(styleSheets or ()), tuple(self.font_path), tuple(self.style_path), self.def_dpi)
        if key not in read:
            original_load(self, styleSheets)
            read[key] = self.styles
        self.styles = read[key]

    load_styles.read_once = True  # type: ignore[attr-defined]
    styles.yaml = fast_yaml
    createpdf.RstToPdf.loadStyles = load_styles
    try:
        yield
    finally:
        styles.yaml, createpdf.RstToPdf.loadStyles = original_yaml, original_load
        if cache is not None and used and used != kept:
            build_cache.write(cache, key, [used])


def _same(x: float) -> float:
    return x


def _picklable(face: Any) -> Any:
    """ReportLab's parsed face holds one lambda (font units to PDF units); use an equal picklable function."""
    units = face.unitsPerEm
    face._pdfScale = _same if units == 1000 else functools.partial(operator.mul, 1000 / units)
    return face


def _lazy_face_class(face_class: type) -> type:
    """A subclass of ReportLab's ``TTFontFace`` that knows its name and reads the rest when first asked.

    Registering a font (``pdfmetrics.registerFont``, which rst2pdf calls for
    all eight DejaVu files of the stylesheet) reads only the face's PostScript
    ``name``; measuring and drawing text read its tables. A PDF draws with
    four of the eight faces, so the other four are never read.
    """

    class LazyFace(face_class):  # type: ignore[misc]
        def __init__(self, name: bytes, read: Callable[[int], dict[str, Any]]) -> None:
            # ReportLab's own __init__ parses the file: the point is not to.
            self.name = name
            self._read_face = lambda: read(0)
            self._read_rarely = lambda: read(1)  # _RARELY_READ

        def __getattr__(self, attribute: str) -> Any:
            # Only attributes the face lacks come here; dunders are probes (copy, pickle), not font data.
            if not attribute.startswith("__"):
                for reader in ("_read_face", "_read_rarely"):
                    load = self.__dict__.pop(reader, None)
                    if load is not None:
                        self.__dict__.update(load())
                        return getattr(self, attribute)
            raise AttributeError(attribute)

    return LazyFace


@contextmanager
def font_faces_cached(cache: Path) -> Iterator[None]:
    """Reuse parsed TrueType faces while their files are unchanged, each read from disk only when a PDF uses it.

    Each face is kept in its own file beside ``cache`` (``pdf-fonts.pickle``
    gives ``pdf-fonts-DejaVuSans-….pickle``), so that a build reads only the
    faces it draws with: one file of all eight took twice as long to read.
    """
    import reportlab
    from reportlab.pdfbase import ttfonts

    if getattr(ttfonts.TTFontFace, "cached", False):
        yield  # already inside: a long-lived preview keeps the faces in memory
        return
    # The one file earlier versions kept all eight faces in: 5 MB nobody reads any more.
    cache.unlink(missing_ok=True)
    parse = ttfonts.TTFontFace
    lazy_face = _lazy_face_class(parse)
    made: dict[str, tuple[Any, Any]] = {}  # font file -> (key, face): this process's faces

    def face(filename: str, validate: int = 0, subfontIndex: int = 0) -> Any:
        status = Path(filename).stat()
        key = (filename, status.st_size, status.st_mtime_ns, validate, subfontIndex, reportlab.Version)
        known = made.get(filename)
        if known is not None and known[0] == key:
            return known[1]
        stored = _face_file(cache, filename)

        def parsed() -> Any:
            result = _picklable(parse(filename, validate=validate, subfontIndex=subfontIndex))
            # Its attributes, not the object: pickle cannot name the class while it is replaced here.
            build_cache.write(stored, key, _face_parts(result), head=result.name)
            return result

        def read(part: int) -> dict[str, Any]:
            # The file may have been damaged since its head was read: then the font is parsed again.
            attributes = build_cache.read(stored, key, part)
            return attributes if isinstance(attributes, dict) else _face_parts(parsed())[part]

        name = build_cache.read_head(stored, key)
        result = parsed() if name is None else lazy_face(name, read)
        made[filename] = key, result
        return result

    face.cached = True  # type: ignore[attr-defined]
    ttfonts.TTFontFace = face
    try:
        yield
    finally:
        ttfonts.TTFontFace = parse


# Parsed face attributes that only ReportLab's text shaping reads (with uharfbuzz, which this
# package does not use): the largest to read back, so they are kept apart and read if asked for.
_RARELY_READ = frozenset({"glyphToChar"})


def _face_parts(face: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A parsed face's attributes as kept in its file: those measuring and drawing read, then _RARELY_READ."""
    attributes = vars(face)
    common = {name: value for name, value in attributes.items() if name not in _RARELY_READ}
    rarely = {name: value for name, value in attributes.items() if name in _RARELY_READ}
    return common, rarely


def _face_file(cache: Path, filename: str) -> Path:
    """Where the face parsed from ``filename`` is kept: named after the font, unique to its path."""
    digest = hashlib.sha256(filename.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return cache.with_name(f"{cache.stem}-{Path(filename).stem}-{digest}{cache.suffix}")
