"""The repository's own policy, built as `make html` and `make pdf` build it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from sphinx_policy_ext.commands.main import main

from . import helpers
from .conftest import PROJECT, copy_policy
from .helpers import pdf_text, squash

SEED_TEXT = (Path(__file__).parent / "data" / "social-media-policy-template.txt").read_text(encoding="utf-8")

# What the sample practice.toml puts where the template has placeholders.
FILLED = {
    "[Insert your phone number here]": "(555) 010-0123",
    "[Insert your email address here]": "office@example.com",
    "[Insert your website address here]": "https://www.example.com/social-media-policy",
}
INSTRUCTIONS = ("[Your State Board of Psychology]", "Insert the name and the contact", "Update this with your contact")


def seed_paragraphs() -> list[str]:
    """The policy's paragraphs and headings as the template words them, placeholders filled."""
    body = SEED_TEXT[SEED_TEXT.index("My Private Practice Social Media Policy") : SEED_TEXT.index("More Popular Resources")]
    paragraphs = []
    for raw in body.split("\n\n"):
        text = raw.replace("\u00a0", " ").strip()
        if not text or text.startswith(INSTRUCTIONS) or text.startswith("Name:\t"):
            continue
        if text == "My Private Practice Social Media Policy":
            text = "Harbor Light Counseling Social Media Policy"
        for placeholder, value in FILLED.items():
            text = text.replace(f"**{placeholder}**", value).replace(placeholder, value)
        paragraphs.append(squash(text))
    return paragraphs


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_policy(tmp_path_factory.mktemp("project"))
    assert main(["html", "--root", str(root), "--quiet"]) == 0
    return root


def page_text(root: Path) -> str:
    return helpers.page_text(root / "_build" / "html" / "index.html")


HISTORIC = PROJECT / "docs" / "historic-wording.md"


def documented_differences() -> dict[str, str]:
    """Original paragraph -> the sample's, from the quotations in docs/historic-wording.md."""
    quotes = [squash(q) for q in re.findall(r"^> (.+)$", HISTORIC.read_text(encoding="utf-8"), re.MULTILINE)]
    assert len(quotes) % 2 == 0 and quotes, "historic-wording.md quotes each difference as a pair"
    return dict(zip(quotes[::2], quotes[1::2], strict=True))


@pytest.fixture(scope="module")
def seed_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The sample switches the Google Reader section off (the service closed); on, it is the original's.
    root = copy_policy(tmp_path_factory.mktemp("seed"), {"google-reader = false": "google-reader = true"})
    assert main(["html", "--root", str(root), "--quiet"]) == 0
    return root


def test_every_seed_paragraph_is_in_the_page_and_the_pdf_or_documented(seed_built: Path) -> None:
    page = page_text(seed_built)
    pdf = squash(pdf_text(seed_built / "_build" / "pdf" / "social-media-policy.pdf"))
    paragraphs = seed_paragraphs()
    differences = documented_differences()
    assert len(paragraphs) >= 30
    for paragraph in paragraphs:
        now = differences.get(paragraph, paragraph)
        assert now in page, paragraph[:80]
        assert now in pdf, paragraph[:80]
    # Each documented difference is a paragraph of the original, and really differs.
    for original, sample in differences.items():
        assert original in paragraphs, original[:80]
        assert original not in page and original != sample


def test_the_historic_wording_is_not_published(built: Path) -> None:
    assert not (built / "_build" / "html" / "historic-wording.html").exists()
    assert "historic-wording.md" in (PROJECT / "conf.py").read_text(encoding="utf-8")


def test_board_and_practice_contact_details_replace_the_instructions(built: Path) -> None:
    for text in (page_text(built), squash(pdf_text(built / "_build" / "pdf" / "social-media-policy.pdf"))):
        assert "State Board of Psychology 500 Capitol Avenue, Springfield, IL 62701 Phone: (555) 010-0199" in text
        assert "Dr. Jordan Rivera, PhD, Licensed Psychologist Harbor Light Counseling 100 Example Way" in text
        assert "[Insert" not in text and "[Your" not in text and "Update this with" not in text
        assert "{{" not in text


def test_acknowledgement_has_four_client_lines_and_a_therapist_line(built: Path) -> None:
    pdf = pdf_text(built / "_build" / "pdf" / "social-media-policy.pdf")
    form = pdf[pdf.index("Acknowledgement of Review") :]
    assert form.count("Name:") == 4
    assert form.count("Therapist:") == 1
    assert form.count("Date:") == 5


def test_attribution_and_license_are_in_both_outputs(built: Path) -> None:
    pdf = squash(pdf_text(built / "_build" / "pdf" / "social-media-policy.pdf"))
    for text in (page_text(built), pdf):
        assert "Dr. Keely Kolmes" in text
        assert "CC BY-NC-SA 3.0 US" in text


def test_page_offers_the_pdf_beside_it(built: Path) -> None:
    html_dir = built / "_build" / "html"
    page = (html_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="social-media-policy.pdf"' in page
    copied = html_dir / "social-media-policy.pdf"
    assert copied.read_bytes() == (built / "_build" / "pdf" / "social-media-policy.pdf").read_bytes()


def test_pdf_is_one_valid_pdf(built: Path) -> None:
    data = (built / "_build" / "pdf" / "social-media-policy.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and data.count(b"%PDF-") == 1
    assert len(PdfReader(built / "_build" / "pdf" / "social-media-policy.pdf", strict=True).pages) >= 3


def test_failed_build_publishes_nothing_and_keeps_the_last_good_output(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = built / "_build" / "pdf" / "social-media-policy.pdf"
    page = built / "_build" / "html" / "index.html"
    before = pdf.read_bytes(), page.read_bytes()
    toml = built / "practice.toml"
    good = toml.read_text(encoding="utf-8")
    toml.write_text(good.replace('phone = "(555) 010-0123"', 'phone = ""'), encoding="utf-8")
    try:
        capsys.readouterr()
        assert main(["html", "--root", str(built), "--quiet"]) == 1
        err = capsys.readouterr().err
        assert "practice.toml:" in err and "ERROR: phone in [practice] is empty" in err
        assert "Nothing was published" in err
        assert "Traceback" not in err
        assert (pdf.read_bytes(), page.read_bytes()) == before
        assert not list((built / "_build").glob(".staging-*"))
    finally:
        toml.write_text(good, encoding="utf-8")


def test_a_mistake_both_builds_find_is_reported_once(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The page and the PDF are built side by side; a mistake in practice.toml stops both but prints once."""
    toml = built / "practice.toml"
    good = toml.read_text(encoding="utf-8")
    toml.write_text(good.replace('email = "office@example.com"', 'email = ""'), encoding="utf-8")
    try:
        capsys.readouterr()
        assert main(["html", "--root", str(built), "--quiet"]) == 1
        err = capsys.readouterr().err
        assert err.count("ERROR: email in [practice] is empty") == 1, err
    finally:
        toml.write_text(good, encoding="utf-8")


def test_a_mistake_only_the_pdf_finds_fails_the_build_and_publishes_nothing(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = built / "_build" / "html" / "index.html"
    before = page.read_bytes()
    text = built / "docs" / "index.md"
    good = text.read_text(encoding="utf-8")
    # The page can show an emoji; the PDF's fonts cannot.
    text.write_text(good.replace("## Friending", "## Friending \U0001f600"), encoding="utf-8")
    try:
        capsys.readouterr()
        assert main(["html", "--root", str(built), "--quiet"]) == 1
        err = capsys.readouterr().err
        assert "docs/index.md:" in err and "the PDF's font cannot show" in err
        assert err.count("the PDF's font cannot show") == 1
        assert "Nothing was published" in err
        assert page.read_bytes() == before
    finally:
        text.write_text(good, encoding="utf-8")


def build_cache_files(root: Path) -> list[Path]:
    """What the PDF build keeps between builds: parsed fonts, the prepared form font, parsed stylesheets."""
    return sorted((root / "_build" / ".doctrees-pdf").glob("pdf-*.pickle"))


def build_pdf_process(root: Path) -> bytes:
    """``make pdf`` as a process of its own (as after each edit), not sharing this one's memory; the PDF's bytes."""
    command = [sys.executable, "-m", "sphinx_policy_ext", "pdf", "--root", str(root), "--quiet"]
    subprocess.run(command, check=True, capture_output=True)
    return (root / "_build" / "pdf" / "social-media-policy.pdf").read_bytes()


def test_the_pdf_is_the_same_with_its_build_cache_warm_cold_or_damaged(tmp_path: Path) -> None:
    """The cache only saves time: a clean build, a build from the cache and a build past a damaged cache agree."""
    root = copy_policy(tmp_path / "policy")
    folder = root / "_build" / ".doctrees-pdf"
    folder.mkdir(parents=True)
    (folder / "pdf-fonts.pickle").write_bytes(b"the single file earlier versions kept all fonts in")
    first = build_pdf_process(root)
    kept = build_cache_files(root)
    names = [path.name for path in kept]
    # Eight parsed fonts, the form font, the stylesheets; the earlier versions' file is gone.
    assert len([n for n in names if n.startswith("pdf-fonts-DejaVu")]) == 8, names
    assert "pdf-field-font.pickle" in names and "pdf-stylesheets.pickle" in names
    assert "pdf-fonts.pickle" not in names

    assert build_pdf_process(root) == first
    assert build_cache_files(root) == kept

    original = {path.name: path.read_bytes() for path in kept}
    for path in kept:
        path.write_bytes(original[path.name][: len(original[path.name]) // 2])  # cut short, as by a crash
    (folder / "pdf-stylesheets.pickle").write_bytes(b"not a pickle")
    assert build_pdf_process(root) == first
    # What this PDF needed was made again: the form font, the stylesheets, the body text's font.
    needed = [p for p in kept if re.fullmatch(r"pdf-(field-font|stylesheets|fonts-DejaVuSerif-[0-9a-f]{12})\.pickle", p.name)]
    assert len(needed) == 3
    for path in needed:
        assert path.read_bytes() == original[path.name], path.name


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_library_the_tests_import_is_declared() -> None:
    """A test must not rely on a library that only arrives as another package's dependency.

    ``pip install -e '.[test]'`` installs what pyproject.toml names; a library
    a test imports but nothing declares (jsonschema, once only check-jsonschema
    brought it) would vanish when that other package changes.
    """
    import ast
    import sys
    import tomllib
    from importlib.metadata import packages_distributions

    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    declared = {_canonical(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in requirements}
    imported: dict[str, str] = {}
    for path in sorted((PROJECT / "tests").rglob("*.py")):
        if "node_modules" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                imported.setdefault(name.split(".")[0], path.name)
    ours = {"sphinx_policy_ext", "tests", "__future__"}
    distributions = packages_distributions()
    undeclared = {
        module: where
        for module, where in imported.items()
        if module not in sys.stdlib_module_names
        and module not in ours
        and not declared.intersection(_canonical(d) for d in distributions.get(module, [module]))
    }
    assert undeclared == {}, f"imported by the tests but not in pyproject.toml: {undeclared}"
