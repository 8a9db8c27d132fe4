"""A node no writer of the PDF knows, to show rst2pdf's warning reaches Sphinx."""

from docutils import nodes
from docutils.parsers.rst import Directive


class mystery(nodes.General, nodes.Element):
    pass


class Mystery(Directive):
    def run(self):
        node = mystery()
        node += nodes.paragraph("", "Inside the mystery.")
        return [node]


def setup(app):
    app.add_node(mystery, html=(lambda self, node: None, lambda self, node: None))
    app.add_directive("mystery", Mystery)
    return {"parallel_read_safe": True}
