"""Images on a line of their own are block images in the PDF, as they are on the page.

Markdown's ``![what it shows](logo.svg)`` on a line of its own makes a
paragraph holding one inline image. rst2pdf draws an inline image through
ReportLab's paragraph markup, which reads only bitmaps: an SVG logo stopped
the build ("Could not load image"), and a bitmap was set on the text's
baseline rather than centred as a figure. :func:`standalone_images_as_blocks`
turns such paragraphs into the image itself, which rst2pdf draws as a
flowable (SVG through svglib), with the ``image`` style's alignment and space.
"""

from __future__ import annotations

from docutils import nodes


def standalone_images_as_blocks(doctree: nodes.document) -> None:
    for paragraph in list(doctree.findall(nodes.paragraph)):
        content = [c for c in paragraph.children if not (isinstance(c, nodes.Text) and not c.astext().strip())]
        if len(content) == 1 and isinstance(content[0], nodes.image):
            image = content[0]
            image["ids"] = [*paragraph["ids"], *image["ids"]]
            paragraph.replace_self(image)
