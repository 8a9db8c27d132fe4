"""Raw HTML and raw blocks in the policy text are refused, with what to write instead.

MyST passes ``<b>...</b>``, ``<div>`` and ``{raw}``/``{eval-rst}`` blocks
through to the page untouched, while the PDF prints the tags as text (or
drops them): the page and the PDF would disagree, and a ``<script>`` would
reach a page that promises to run none. So the policy text may not contain
them at all.

The text is read with markdown-it-py configured as MyST configures it
(:func:`myst_parser.parsers.mdit.create_md_parser`), so only what MyST itself
would treat as HTML is refused: a ``<`` in a sentence, an autolink such as
``<https://example.com>`` or a tag inside a code block is not.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ..problems import Problem, Subtype

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Directives whose content is not Markdown: nothing inside is looked at.
_LITERAL_DIRECTIVES = frozenset({"code", "code-block", "sourcecode", "literalinclude", "math", "csv-table", "mermaid"})
_RAW_DIRECTIVES = frozenset({"raw", "eval-rst", "include"})
_DIRECTIVE = re.compile(r"^\{([^}\s]+)\}")
_TAG_NAME = re.compile(r"^</?\s*([A-Za-z][A-Za-z0-9-]*)")

# What to write instead of a tag, in Markdown.
_INSTEAD = {
    "b": "**bold**",
    "strong": "**bold**",
    "i": "*italic*",
    "em": "*italic*",
    "br": "a backslash (\\) at the end of the line",
    "a": "[the words](https://the.address)",
    "p": "a blank line between paragraphs",
    "div": "a blank line, or a ':::{container}' block",
    "span": "the words alone",
    "u": "**bold** (underlining reads as a link)",
}
# Tags whose Markdown equivalent can be written into the corrected line.
_REWRITE = {"b": "**", "strong": "**", "i": "*", "em": "*"}


@cache
def _parser() -> MarkdownIt:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "attrs_inline", "substitution"}), RendererHTML)


def _tag(html: str) -> str:
    if html.lstrip().startswith("<!--"):
        return "!--"
    match = _TAG_NAME.match(html.strip())
    return match.group(1).lower() if match else ""


def _advice(tag: str) -> str:
    if tag == "!--":
        return "For a note that is not published, start the line with % instead."
    if tag in ("script", "style", "iframe", "object", "embed", "form", "input"):
        return f"Remove the <{tag}>: the page runs no scripts and embeds nothing."
    instead = _INSTEAD.get(tag)
    if instead:
        return f"Write {instead} instead."
    return "Write the words in Markdown instead (for example **bold**), or leave the tag out."


def _rewritten(line: str) -> str | None:
    """The line with <b>/<strong>/<i>/<em> written as Markdown, if those are its only tags."""
    tags = re.findall(r"</?\s*([A-Za-z][A-Za-z0-9-]*)[^>]*>", line)
    if not tags or any(t.lower() not in _REWRITE for t in tags):
        return None
    return re.sub(r"</?\s*([A-Za-z]+)[^>]*>", lambda m: _REWRITE[m.group(1).lower()], line).strip()


def _html_problem(path: str, line: int, html: str, source_line: str) -> Problem:
    tag = _tag(html)
    shown = html.strip().splitlines()[0] if html.strip() else html
    if len(shown) > 40:
        shown = shown[:37] + "..."
    what = "An HTML comment" if tag == "!--" else f'HTML ("{shown}")'
    message = f"{what} cannot be used in the policy text: the page would show it one way and the PDF another. {_advice(tag)}"
    return Problem(path, line, message, Subtype.RAW_HTML, suggestion=_rewritten(source_line) if tag in _REWRITE else None)


def _raw_block_problem(path: str, line: int, name: str) -> Problem:
    message = (
        f"A {{{name}}} block cannot be used in the policy text: what it holds would reach the page "
        "unchecked and be left out of the PDF. Write the text in Markdown instead (for example **bold**)."
    )
    return Problem(path, line, message, Subtype.RAW_HTML)


def raw_markup(source: str, path: str) -> list[Problem]:
    """Every tag, HTML block, and raw or eval-rst block in ``source``, one problem per line."""
    lines = source.splitlines()
    found: dict[int, Problem] = {}

    def add(problem: Problem) -> None:
        if problem.line is not None:
            found.setdefault(problem.line, problem)

    def walk(text: str, offset: int, depth: int) -> None:
        for token in _parser().parse(text):
            _visit(token, offset, depth)

    def _visit(token: Token, offset: int, depth: int) -> None:
        first = offset + (token.map[0] if token.map else 0) + 1
        if token.type == "html_block":
            add(_html_problem(path, first, token.content, _line(lines, first)))
        elif token.type == "inline" and token.children:
            line = first
            for child in token.children:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline":
                    add(_html_problem(path, line, child.content, _line(lines, line)))
                elif child.type == "myst_role" and str(child.meta.get("name", "")).startswith("raw"):
                    add(_raw_block_problem(path, line, str(child.meta.get("name"))))
        elif token.type in ("fence", "colon_fence"):
            directive = _DIRECTIVE.match(token.info.strip())
            if directive is None:
                return  # a code block: shown as typed, never as HTML
            name = directive.group(1)
            if name in _RAW_DIRECTIVES:
                add(_raw_block_problem(path, first, name))
            elif name not in _LITERAL_DIRECTIVES and depth < 20:
                # A directive's content is MyST too, parsed later by MyST itself.
                walk(token.content, first, depth + 1)

    walk(source, 0, 0)
    return [found[line] for line in sorted(found)]


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""
