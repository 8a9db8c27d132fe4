"""``make html``'s PDF process only draws; the main process finishes, checks and writes each PDF (pdf/finishing.py).

What a therapist would notice if the hand-off went wrong: other bytes than
``make pdf`` writes, a broken PDF published, a build that hangs or fails
without saying why.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sphinx_policy_ext.commands.main import main
from sphinx_policy_ext.pdf import structure
from sphinx_policy_ext.problems import PolicyError

from .conftest import copy_policy

GROUP = """
[[clinicians]]
name = "Sam Lee"
credentials = "MA, LPC"
profession = "counselor"

[[clinicians]]
name = "Ana Ruiz"
credentials = "PsyD"
profession = "psychologist"
"""
ACCENT = {'# accent_color = "#1f3b5a"': 'accent_color = "#6a2c5e"'}
SPANISH = {'# languages = ["en", "es"]': 'languages = ["en", "es"]'}


def pdfs(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "_build" / "pdf").glob("*.pdf"))}


def test_the_handed_off_pdfs_are_the_bytes_make_pdf_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A group practice in its accent colour with a Spanish edition: ``make html`` (hand-off) and ``make pdf`` agree."""
    handed, itself = (copy_policy(tmp_path / name, {**ACCENT, **SPANISH}, GROUP) for name in ("html", "pdf"))
    assert main(["html", "--root", str(handed), "--quiet"]) == 0, capsys.readouterr().err
    assert main(["pdf", "--root", str(itself), "--quiet"]) == 0, capsys.readouterr().err
    written = pdfs(handed)
    # The practice's and two clinicians' PDFs, in English and in Spanish.
    assert len(written) == 6, sorted(written)
    assert written == pdfs(itself)
    # The page offers the same files.
    for name, data in written.items():
        folder = handed / "_build" / "html" / ("es" if name.endswith("-es.pdf") else "")
        assert (folder / name).read_bytes() == data


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_policy(tmp_path_factory.mktemp("handoff"), append=GROUP)
    assert main(["html", "--root", str(root), "--quiet"]) == 0
    return root


def outputs(root: Path) -> dict[str, bytes]:
    build = root / "_build"
    return {str(p.relative_to(build)): p.read_bytes() for p in sorted(build.glob("[hp]*/**/*")) if p.is_file()}


def test_a_pdf_the_main_process_cannot_finish_fails_the_build_and_publishes_nothing(
    built: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = outputs(built)
    calls = []

    def refuse(*args: object) -> None:
        calls.append(args)
        raise PolicyError("Page 2 of the PDF has links or fields its tags do not describe; it was not written.")

    # Only the main process finishes PDFs under make html: the PDF process never calls this.
    monkeypatch.setattr(structure, "add_structure", refuse)
    capsys.readouterr()
    assert main(["html", "--root", str(built), "--quiet"]) == 1
    err = capsys.readouterr().err
    # The tagging step's own sentence, once, as make pdf prints it; no traceback.
    assert err.count("Nothing was published: Page 2 of the PDF has links or fields its tags do not describe") == 1, err
    assert "Traceback" not in err
    assert len(calls) == 1  # finishing stopped at the first PDF that failed
    assert outputs(built) == before
    assert not list((built / "_build").glob(".staging-*"))
    assert not list((built / "_build").rglob(".*.pdf.*"))  # no half-written temporary file


def run_build_with(root: Path, preamble: str) -> subprocess.CompletedProcess[str]:
    """``make html`` as a process of its own (the test process has imported pikepdf), ``preamble`` run first."""
    script = textwrap.dedent(preamble) + textwrap.dedent(
        f"""
        from sphinx_policy_ext.commands.main import run
        run(["html", "--root", {str(root)!r}, "--quiet"])
        """
    )
    # A hang is a failure too: the timeout stops it.
    return subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=300)


def test_the_pdf_process_never_loads_pikepdf(built: Path) -> None:
    done = run_build_with(
        built,
        """
        import os, sys
        from sphinx_policy_ext.commands import build

        drawing = build.Project._pdf_child

        def watched(self, *args):
            status = drawing(self, *args)
            loaded = sorted(m for m in sys.modules if m == "pikepdf" or m.startswith("pikepdf."))
            os.write(1, f"PDF process status {status}, pikepdf modules loaded: {len(loaded)}\\n".encode())
            return status

        build.Project._pdf_child = watched
        """,
    )
    assert done.returncode == 0, done.stderr
    assert "PDF process status 0, pikepdf modules loaded: 0\n" in done.stdout
    # The main process did finish them: tagged, in the form font.
    assert b"/StructTreeRoot" in (built / "_build" / "pdf" / "social-media-policy.pdf").read_bytes()


def test_a_pdf_process_that_dies_mid_hand_off_fails_the_build_instead_of_hanging(built: Path) -> None:
    before = outputs(built)
    done = run_build_with(
        built,
        """
        import os
        from sphinx_policy_ext.pdf import finishing

        def dying(stream):
            def hand_off(drawn):
                stream.write(b"\\0\\0\\0\\0\\0\\1\\0\\0half a PDF")  # announces 64 KB, sends 10 bytes
                stream.flush()
                os._exit(9)
            return hand_off

        finishing.sender = dying
        """,
    )
    assert done.returncode == 2, done.stderr
    assert "Nothing was published: the build stopped unexpectedly" in done.stderr
    assert "Traceback" not in done.stderr
    assert outputs(built) == before
