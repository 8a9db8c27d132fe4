"""The page's link to the signable PDF.

``policy-pdf-download`` makes a link to ``<policy_pdf_name>.pdf``, which the
build puts beside the page. Inside the PDF such a link is meaningless, so
the PDF builder drops anything marked ``policy-web-only``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

WEB_ONLY = "policy-web-only"
PDF_DOWNLOAD = "policy-pdf-download"


class PdfDownload(SphinxDirective):
    """A link to the PDF of this policy; the content, if any, is its label."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        label = " ".join(self.content).strip() or "Download the policy as a PDF to print and sign"
        uri = f"{self.config.policy_pdf_name}.pdf"
        link = nodes.reference(label, label, refuri=uri, classes=["policy-pdf-link"])
        container = nodes.container(
            classes=[WEB_ONLY, PDF_DOWNLOAD, *self.options.get("class", [])],
        )
        container += nodes.paragraph("", "", link)
        self.set_source_info(container)
        return [container]


def drop_web_only(doctree: nodes.document) -> None:
    """Remove what only makes sense on the page (called by the PDF builder)."""
    for node in list(doctree.findall(nodes.Element)):
        if WEB_ONLY in node.get("classes", ()):
            node.parent.remove(node)
