"""The extension in an existing Sphinx project: the policy is one page, and everything else is left alone.

tests/roots/test-existing is a team handbook as sphinx-quickstart and
myst-parser make it: several documents, its own ``myst_substitutions``, a
``{{ user.name }}`` in inline code, a "[Your name]" in its text, and an
"## Emergencies" section of its own. The policy (this repository's
docs/index.md) is added as ``social-media-policy.md`` and named in
``policy_documents``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from sphinx import locale
from sphinx.errors import SphinxError
from sphinx.testing.util import SphinxTestApp

from .conftest import PROJECT, ROOTS
from .helpers import MakeApp, build, fails, page_text

POLICY = "social-media-policy"
OTHERS = ("index", "onboarding", "procedures")


def handbook(target: Path, policy: str | None = None) -> Path:
    """The handbook in ``target``, with this repository's policy (or ``policy``) as one page."""
    shutil.copytree(ROOTS / "test-existing", target)
    shutil.copy(PROJECT / "practice.toml", target / "practice.toml")
    text = (PROJECT / "docs" / "index.md").read_text(encoding="utf-8") if policy is None else policy
    (target / f"{POLICY}.md").write_text(text, encoding="utf-8")
    return target


def without_the_extension(target: Path, title: str) -> Path:
    """The same handbook as its owners had it: no extension, and a page of the same title where the policy goes."""
    handbook(target, policy=f"# {title}\n\nThe policy.\n")
    conf = target / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('"sphinx_policy_ext"', ""), encoding="utf-8")
    return target


def test_every_other_document_is_unchanged(make_app: MakeApp, tmp_path: Path) -> None:
    def outputs(app: SphinxTestApp) -> dict[str, tuple[str, str]]:
        """Each other document's doctree, and its page from <body> on (the <head> lists stylesheets)."""
        made = {}
        for docname in OTHERS:
            page = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
            doctree = app.env.get_doctree(docname).pformat().replace(str(app.srcdir), "<srcdir>")
            # Links to the policy carry its title, whose practice name is a value (a <span>) on our side.
            page = re.sub(
                r'(href="social-media-policy\.html[^"]*"[^>]*>).*?</a>', r"\1…</a>", page[page.index("<body") :], flags=re.S
            )
            made[docname] = (doctree, page)
        return made

    # Sphinx keeps its own catalogs per process: a Spanish build run earlier
    # by another test (through the command, not sphinx.testing) would leave
    # this English handbook's navigation in Spanish.
    locale.translators.clear()
    with_policy, _ = build(make_app, handbook(tmp_path / "with"))
    title = with_policy.env.titles[POLICY].astext()
    assert title.endswith("Social Media Policy")
    ours = outputs(with_policy)
    with_policy.cleanup()  # one Sphinx application at a time in this process
    without, _ = build(make_app, without_the_extension(tmp_path / "without", title))
    theirs = outputs(without)
    for docname in OTHERS:
        assert ours[docname][0] == theirs[docname][0], docname
        assert ours[docname][1] == theirs[docname][1], docname


def test_the_handbook_keeps_its_own_substitutions_code_and_brackets(make_app: MakeApp, tmp_path: Path) -> None:
    app, _ = build(make_app, handbook(tmp_path / "handbook"))
    assert "This is the Spring 2026 edition of the handbook for the Riverside office." in page_text(app.outdir / "index.html")
    onboarding = page_text(app.outdir / "onboarding.html")
    assert "Sign in to the client portal as {{ user.name }}" in onboarding
    assert 'where it says "[Your name]"' in onboarding
    # A hard line break in the handbook stays what myst-parser made of it (the policy turns its own into line blocks).
    assert "answers<br />" in (app.outdir / "onboarding.html").read_text(encoding="utf-8")


def test_section_switches_touch_only_labelled_sections_of_the_policy(make_app: MakeApp, tmp_path: Path) -> None:
    # practice.toml switches the policy's Emergencies section off.
    app, _ = build(make_app, handbook(tmp_path / "handbook"))
    assert "Call 911 first, then the clinical director." in page_text(app.outdir / "procedures.html")
    policy = page_text(app.outdir / f"{POLICY}.html")
    assert "Friending" in policy and "Emergencies" not in policy


def test_a_policy_heading_without_a_label_is_not_switched(make_app: MakeApp, tmp_path: Path) -> None:
    """Switches match ``(emergencies)=`` labels, not the id a heading "Emergencies" gets by itself."""
    text = (PROJECT / "docs" / "index.md").read_text(encoding="utf-8")
    assert "(emergencies)=\n" in text
    app, _ = build(make_app, handbook(tmp_path / "handbook", policy=text.replace("(emergencies)=\n", "")))
    assert "Emergencies" in page_text(app.outdir / f"{POLICY}.html")


def test_problems_in_the_policy_are_located_and_the_rest_is_not_checked(make_app: MakeApp, tmp_path: Path) -> None:
    text = (PROJECT / "docs" / "index.md").read_text(encoding="utf-8").replace("{{ practice.phone }}", "{{ practice.phnoe }}", 1)
    srcdir = handbook(tmp_path / "handbook", policy=text)
    messages = fails(make_app, srcdir)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "phnoe" in row)
    assert f'{POLICY}.md:{line}: ERROR: "{{{{ practice.phnoe }}}}" is not a value in practice.toml.' in messages
    # Only the policy's problem: the handbook's own {{ user.name }} and "[Your name]" are not the policy's business.
    assert messages.count("ERROR:") == 1, messages


def test_sphinx_build_reports_policy_errors_without_a_crash_report(tmp_path: Path) -> None:
    """``sphinx-build -W``: located errors and a failed build, no traceback and no "please open an issue"."""
    text = (PROJECT / "docs" / "index.md").read_text(encoding="utf-8").replace("{{ practice.phone }}", "{{ practice.phnoe }}", 1)
    srcdir = handbook(tmp_path / "handbook", policy=text)
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(srcdir), str(tmp_path / "out")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert f"{POLICY}.md:" in done.stderr and '"{{ practice.phnoe }}" is not a value in practice.toml' in done.stderr
    assert "Traceback" not in done.stderr and "open an issue" not in done.stderr, done.stderr


def test_the_handbook_builds_clean_in_parallel_with_nitpicks(tmp_path: Path) -> None:
    """``-W -n -j auto``: the page builds in parallel without a warning, and rst2pdf is never imported for it."""
    srcdir = handbook(tmp_path / "handbook")
    script = (
        "import sys\n"
        "from sphinx.cmd.build import build_main\n"
        f"status = build_main(['-W', '-n', '-j', 'auto', '-q', '-b', 'html', {str(srcdir)!r}, {str(tmp_path / 'out')!r}])\n"
        "print('rst2pdf' in sys.modules)\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.strip() == "False"


def test_the_pdf_is_the_policy_page(make_app: MakeApp, tmp_path: Path) -> None:
    app, _ = build(make_app, handbook(tmp_path / "handbook"), "pdf")
    [pdf] = app.outdir.glob("*.pdf")
    from .helpers import pdf_text

    text = pdf_text(pdf)
    assert "Friending" in text and "Riverside Counselling handbook" not in text


def unrelated_project(target: Path, extensions: list[str]) -> Path:
    target.mkdir()
    (target / "conf.py").write_text(f"extensions = {extensions!r}\n", encoding="utf-8")
    (target / "index.md").write_text("# A project of its own\n\nNo practice.toml here.\n", encoding="utf-8")
    return target


def test_pdf_builder_in_an_unrelated_project_is_not_ours(make_app: MakeApp, tmp_path: Path) -> None:
    """With the package installed, ``-b pdf`` in a project that does not list the extension is none of ours."""
    with pytest.raises(SphinxError, match="Builder name pdf not registered"):
        make_app("pdf", srcdir=unrelated_project(tmp_path / "plain", ["myst_parser"]), warning=StringIO())
    # A project that uses rst2pdf's own builder gets rst2pdf's, which asks for no practice.toml.
    app = make_app(
        "pdf", srcdir=unrelated_project(tmp_path / "rst2pdf", ["myst_parser", "rst2pdf.pdfbuilder"]), warning=StringIO()
    )
    assert type(app.builder).__module__ == "rst2pdf.pdfbuilder"
    assert not any(name.startswith("sphinx_policy_ext") for name in app.extensions)


def test_policy_documents_must_name_documents(make_app: MakeApp, tmp_path: Path) -> None:
    srcdir = handbook(tmp_path / "handbook")
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace('["social-media-policy"]', '["social-media-policy.md"]'), encoding="utf-8"
    )
    messages = fails(make_app, srcdir)
    assert re.search(r"ERROR: conf\.py: policy_documents in conf\.py names 'social-media-policy\.md', but the project", messages)
