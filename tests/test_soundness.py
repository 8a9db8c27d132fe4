"""Every PDF is read back before it is published: empty, doubled and truncated files are refused."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest

from sphinx_policy_ext.commands.main import main
from sphinx_policy_ext.pdf.soundness import check_pdf
from sphinx_policy_ext.problems import PolicyError

from .conftest import copy_policy


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    root = copy_policy(tmp_path_factory.mktemp("sound"))
    assert main(["pdf", "--root", str(root), "--quiet"]) == 0
    return (root / "_build" / "pdf" / "social-media-policy.pdf").read_bytes()


def test_a_good_pdf_passes(good_pdf: bytes) -> None:
    check_pdf(good_pdf, "social-media-policy.pdf")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda pdf: b"", "rst2pdf produced an empty file"),
        (lambda pdf: pdf + pdf, "not exactly one PDF"),
        (lambda pdf: pdf[: len(pdf) // 2], "cannot be read back"),
        (lambda pdf: b"<html>not a pdf</html>", "not exactly one PDF"),
        # The same length, one object shifted by a byte: its recorded place is wrong.
        (lambda pdf: pdf.replace(b"\n2 0 obj", b"\n 2 0 obj", 1).replace(b"%PDF-1.4\n", b"%PDF-1.4", 1), "object"),
        (lambda pdf: re.sub(rb"/Count \d /Kids", b"/Count 0 /Kids", pdf), "no pages"),
        (lambda pdf: pdf.replace(b"/Root", b"/Rxxt"), "cannot be read back"),
    ],
    ids=["empty", "two-in-one", "truncated", "not-a-pdf", "object-moved", "no-pages", "no-root"],
)
def test_a_damaged_pdf_is_refused(good_pdf: bytes, damage: object, reason: str) -> None:
    with pytest.raises(PolicyError, match=reason):
        check_pdf(damage(good_pdf), "social-media-policy.pdf")  # type: ignore[operator]


def rewritten(pdf: bytes) -> bytes:
    """The same PDF with a cross-reference stream, as a post-processing step may save it."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def test_a_pdf_laid_out_otherwise_is_read_back_in_full(good_pdf: bytes) -> None:
    other = rewritten(good_pdf)
    assert b"\nxref" not in other  # no plain table: the full reader decides
    check_pdf(other, "social-media-policy.pdf")
    with pytest.raises(PolicyError, match="cannot be read back"):
        check_pdf(other[: len(other) // 2], "social-media-policy.pdf")
