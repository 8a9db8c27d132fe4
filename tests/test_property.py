"""Property: any printable practice name is refused with a located message, or appears literally in page and PDF."""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_policy_ext.practice.loading import PracticeFileInvalid, load

from .conftest import ROOTS
from .helpers import MakeApp, build, page_text, pdf_text, squash
from .test_hostile import NAME_LINE, toml_string

printable = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"], exclude_characters="\x85"),
    min_size=1,
    max_size=40,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=printable)
def test_any_printable_name_round_trips_or_is_refused(make_app: MakeApp, value: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        srcdir = Path(scratch) / "basic"
        shutil.copytree(ROOTS / "test-basic", srcdir)
        toml = srcdir / "practice.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace(NAME_LINE, f"name = {toml_string(value)}"), encoding="utf-8")
        try:
            load(toml)
        except PracticeFileInvalid as refused:
            assert refused.problems
            assert all(p.line and p.message for p in refused.problems)
            return

        expected = f"Practice {squash(unicodedata.normalize('NFC', value))} at 100 Example Way"
        app, _ = build(make_app, srcdir)
        assert expected in page_text(app.outdir / "index.html")
        app.cleanup()
        pdf_app, _ = build(make_app, srcdir, "pdf")
        assert expected in squash(pdf_text(pdf_app.outdir / "social-media-policy.pdf"))
        pdf_app.cleanup()
