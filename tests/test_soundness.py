"""Every PDF is read back before it is published: empty, doubled and truncated files are refused."""

from __future__ import annotations

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
    ],
    ids=["empty", "two-in-one", "truncated", "not-a-pdf"],
)
def test_a_damaged_pdf_is_refused(good_pdf: bytes, damage: object, reason: str) -> None:
    with pytest.raises(PolicyError, match=reason):
        check_pdf(damage(good_pdf), "social-media-policy.pdf")  # type: ignore[operator]
