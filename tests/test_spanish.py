"""The Spanish edition: a page and PDFs a Spanish-speaking client can read, never out of step with the English."""

from __future__ import annotations

import datetime as dt
import locale
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from pypdf import PdfReader

from sphinx_policy_ext import i18n
from sphinx_policy_ext.commands.main import main
from sphinx_policy_ext.practice.loading import format_date
from sphinx_policy_ext.text.translations import needs_translation, read_catalog

from .conftest import PROJECT, copy_policy
from .helpers import page_text, pdf_text, squash

SPANISH = 'languages = ["en", "es"]'
ENABLE = {'# languages = ["en", "es"]': SPANISH}
PO = Path("docs/locales/es/LC_MESSAGES/index.po")
GROUP = """
[[clinicians]]
name = "Sam Lee"
credentials = "MA, LPC"
profession = "counselor"
email = "sam@example.com"
"""


def english_fragments() -> list[str]:
    """Every run of five or more English words of the policy text, between its {{ names }}."""
    fragments = []
    for entry in read_catalog((PROJECT / PO).read_text(encoding="utf-8")):
        if not needs_translation(entry.msgid):
            continue
        text = re.sub(r"\*\*|\[|\]\{[^}]*\}|<[^>]*>", "", entry.msgid)
        for part in re.split(r"\{\{.*?\}\}|\\\n", text):
            words = part.split()
            if len(words) >= 5:
                fragments.append(squash(part))
    return fragments


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_policy(tmp_path_factory.mktemp("spanish"), ENABLE, GROUP)
    assert main(["html", "--root", str(root), "--quiet"]) == 0
    return root


def test_spanish_page_is_all_spanish_and_tagged(built: Path) -> None:
    page = built / "_build" / "html" / "es" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert '<html lang="es">' in html
    text = page_text(page)
    fragments = english_fragments()
    assert len(fragments) > 40
    left = [fragment for fragment in fragments if fragment in text]
    assert left == []
    assert "Política de redes sociales de Harbor Light Counseling" in text
    assert "Llamar al (555) 010-0123" in text
    assert "Vigente desde el 15 de enero de 2026 · Versión 1.0" in text
    # The values stay exactly as written in practice.toml.
    assert "Entre sesiones, llámeme al (555) 010-0123." in text
    assert "el Código de Ética de la Asociación Americana de Psicología (APA) me prohíbe" in text
    assert 'href="social-media-policy-es.pdf"' in html
    # The English page is as before.
    english = page_text(built / "_build" / "html" / "index.html")
    assert "Effective January 15, 2026 · Version 1.0" in english
    assert all(fragment in english for fragment in fragments[:5])


def test_spanish_pdf_is_all_spanish_with_spanish_pages_dates_and_form(built: Path) -> None:
    pdf = built / "_build" / "pdf" / "social-media-policy-es.pdf"
    assert (built / "_build" / "html" / "es" / "social-media-policy-es.pdf").read_bytes() == pdf.read_bytes()
    body = squash(pdf_text(pdf))
    left = [fragment for fragment in english_fragments() if fragment in body]
    assert left == []
    reader = PdfReader(pdf)
    pages = len(reader.pages)
    whole = squash(pdf_text(pdf, furniture=True))
    assert f"Página 1 de {pages}" in whole
    assert f"Página {pages} de {pages}" in whole
    assert "Page 1 of" not in whole
    assert "Versión 1.0 · Vigente desde el 15 de enero de 2026" in whole
    form = squash(reader.pages[-1].extract_text())
    assert "Constancia de lectura de la política de redes sociales" in form
    for label in ("Nombre:", "Fecha:", "Terapeuta:"):
        assert label in form
    assert "Name:" not in form and "Date:" not in form
    fields = reader.get_fields() or {}
    assert fields["client_1_name"].get("/TU") == "Cliente 1: nombre"
    assert reader.metadata is not None
    assert reader.metadata.title == "Política de redes sociales de Harbor Light Counseling"


def test_pages_link_each_other_both_ways(built: Path) -> None:
    html = built / "_build" / "html"
    english = (html / "index.html").read_text(encoding="utf-8")
    spanish = (html / "es" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="en" href="index.html">' in english
    assert '<link rel="alternate" hreflang="es" href="es/index.html">' in english
    assert '<link rel="alternate" hreflang="en" href="../index.html">' in spanish
    assert '<link rel="alternate" hreflang="es" href="index.html">' in spanish
    # A visible switch, each language named in itself.
    assert '<a href="es/index.html" hreflang="es" lang="es">Español</a>' in english
    assert '<a href="../index.html" hreflang="en" lang="en">English</a>' in spanish
    assert (html / "es" / "embed.html").exists()
    assert '<html lang="en">' in english


def test_group_practice_gets_a_spanish_pdf_per_clinician(built: Path) -> None:
    pdfs = sorted(path.name for path in (built / "_build" / "pdf").glob("*.pdf"))
    assert pdfs == [
        "social-media-policy-es.pdf",
        "social-media-policy-sam-lee-es.pdf",
        "social-media-policy-sam-lee.pdf",
        "social-media-policy.pdf",
    ]
    sam = squash(pdf_text(built / "_build" / "pdf" / "social-media-policy-sam-lee-es.pdf", furniture=True))
    assert "Sam Lee, MA, LPC" in sam
    assert "Asociación Americana de Consejería (ACA)" in sam
    assert "traducción no oficial" in sam  # the ACA text is quoted only as a marked translation
    assert "Psicología" not in sam
    spanish = (built / "_build" / "html" / "es" / "index.html").read_text(encoding="utf-8")
    assert 'href="social-media-policy-sam-lee-es.pdf"' in spanish
    assert "Profesionales de esta consulta" in spanish
    assert (built / "_build" / "html" / "es" / "social-media-policy-sam-lee-es.pdf").exists()


def test_check_reports_each_edition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_policy(tmp_path / "p", ENABLE)
    assert main(["check", "--root", str(root), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "English: the original text." in out
    total = sum(1 for entry in read_catalog((root / PO).read_text(encoding="utf-8")))
    assert re.search(rf"Spanish: {total} of {total} paragraphs and headings translated\.", out), out


def _build_fails(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["html", "--root", str(root), "--quiet"]) == 1
    assert not (root / "_build" / "html").exists()
    return capsys.readouterr().err


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _msgid_line(po: Path, start: str) -> int:
    """The line of the msgid that starts with ``start`` (written on the msgid line or wrapped below it)."""
    lines = po.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if line.startswith(f'msgid "{start}'):
            return number
        if line.startswith(f'"{start}') and lines[number - 2] == 'msgid ""':
            return number - 1
    raise AssertionError(start)


def test_changed_english_paragraph_stops_the_spanish_edition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_policy(tmp_path / "p", ENABLE)
    index = root / "docs" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("I keep a Facebook Page for my", "I keep a Facebook Page for my own"),
        encoding="utf-8",
    )
    err = _build_fails(root, capsys)
    old = _msgid_line(root / PO, "I keep a Facebook Page")
    line = _line_of(index, "I keep a Facebook Page for my own")
    assert f"{PO}:{old}: ERROR: The English paragraph at docs/index.md:{line} changed" in err
    assert "I keep a Facebook Page for my own professional practice" in err
    assert "[policy.stale]" in err

    # make translations marks it fuzzy; the build then points at the fuzzy entry.
    assert main(["translations", "--root", str(root), "--quiet"]) == 0
    out = capsys.readouterr().out
    fuzzy = _msgid_line(root / PO, "I keep a Facebook Page for my own")
    assert f"{PO}:{fuzzy}: changed in English" in out
    err = _build_fails(root, capsys)
    stale = f"{PO}:{fuzzy}: ERROR: The English paragraph at docs/index.md:{line} changed, so its Spanish translation here"
    assert f'{stale} is out of date (marked "fuzzy")' in err


def test_new_english_paragraph_is_not_published_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_policy(tmp_path / "p", ENABLE)
    index = root / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(
        text.replace("(fanning)=", "Parking is free behind the building on weekdays.\n\n(fanning)="), encoding="utf-8"
    )
    err = _build_fails(root, capsys)
    assert "is new and has no Spanish translation" in err
    assert "Parking is free behind the building on weekdays." in err
    assert main(["translations", "--root", str(root), "--quiet"]) == 0
    empty = _line_of(root / PO, "Parking is free behind the building on weekdays.") + 1
    assert f"{PO}:{empty}: not translated yet" in capsys.readouterr().out
    err = _build_fails(root, capsys)
    assert f"{PO}:{empty}: ERROR: The English paragraph at docs/index.md:" in err
    assert "has no Spanish translation yet" in err


def test_keeping_a_paragraph_in_english_must_be_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_policy(tmp_path / "p", ENABLE)
    po = root / PO
    text = po.read_text(encoding="utf-8")
    entry = 'msgid "Google Reader"\nmsgstr "Google Reader"'
    assert entry in text
    # Blanking it is not enough: the build stops ...
    po.write_text(text.replace(entry, 'msgid "Google Reader"\nmsgstr ""'), encoding="utf-8")
    assert "has no Spanish translation yet" in _build_fails(root, capsys)
    # ... saying so is.
    po.write_text(text.replace(entry, '# policy: keep-english\nmsgid "Google Reader"\nmsgstr ""'), encoding="utf-8")
    assert main(["check", "--root", str(root), "--quiet"]) == 0
    assert "(1 kept in English on purpose)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'msgstr "En resumen"',
            'msgstr "En resumen {{ 7*7 }}"',
            '"{{ 7*7 }}" is not one.',
        ),
        (
            "llámeme al {{ practice.phone }}.",
            "llámeme al {{ practice.phnoe }}.",
            '"{{ practice.phnoe }}" is not a value in practice.toml. Did you mean {{ practice.phone }}?',
        ),
        ("Escriba a {{ practice.email }} para", "Escriba para", 'leaves out "{{ practice.email }}"'),
        ("Escriba a {{ practice.email }} para", "Escriba a {{ practice.email }} o {{ practice.phone }} para", "more often"),
        ("Escriba a {{ practice.email }} para", "Escriba a {{ practice.email }} <img src=x onerror=alert(1)> para", "HTML"),
        (
            "Escriba a {{ practice.email }} para",
            "Escriba a [aquí](javascript:alert(1)) {{ practice.email }} para",
            "](javascript",
        ),
        ("Escriba a {{ practice.email }} para", "Escriba a {raw}`<b>` {{ practice.email }} para", "A {raw} block cannot be used"),
        ("Escriba a {{ practice.email }} para", "Escriba a {sub-ref}`today` {{ practice.email }} para", '"{sub-ref}`"'),
    ],
)
def test_translation_is_text_with_the_same_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str
) -> None:
    root = copy_policy(tmp_path / "p", ENABLE)
    po = root / PO
    po.write_text(po.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    err = _build_fails(root, capsys)
    line = _line_of(po, new.split("{{", maxsplit=1)[0] if "7*7" not in new else "{{ 7*7 }}")
    assert f"{PO}:{line}: ERROR: " in err
    assert expected in err
    assert "[policy." in err
    assert "49" not in err


def test_hostile_msgstr_split_over_lines_is_still_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_policy(tmp_path / "p", ENABLE)
    po = root / PO
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "En resumen"', 'msgstr ""\n"En resumen {{ 7"\n"*7 }}"'), encoding="utf-8"
    )
    err = _build_fails(root, capsys)
    assert f"{PO}:{_line_of(po, 'En resumen {{ 7')}: ERROR: Only a value name" in err


def test_languages_setting_is_checked_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for written, expected in (
        (
            'languages = ["en", "fr"]',
            'has "fr" (French), but the policy has no French translation: docs/locales/fr/LC_MESSAGES/index.po',
        ),
        ('languages = ["es"]', 'must include "en"'),
        ('languages = "es"', "must be a list of language codes"),
        ('languages = ["en", "spanish"]', '"spanish" is not a language code'),
    ):
        root = copy_policy(tmp_path / written.split("[")[-1][:8].strip('" ,]'), {'# languages = ["en", "es"]': written})
        assert main(["check", "--root", str(root), "--quiet"]) == 1
        err = capsys.readouterr().err
        assert f"practice.toml:{_line_of(root / 'practice.toml', written)}: ERROR: " in err, err
        assert expected in err


def test_a_third_language_needs_only_its_catalogs(tmp_path: Path) -> None:
    """French, with no change to the code: the project's own catalogs of the policy and of the extension's words."""
    root = copy_policy(tmp_path / "p", {'# languages = ["en", "es"]': 'languages = ["en", "fr"]'})
    french = root / "docs" / "locales" / "fr" / "LC_MESSAGES"
    french.mkdir(parents=True)
    # Stand-in texts: the Spanish catalogs with French words where this test looks.
    shutil.copy(root / PO, french / "index.po")
    words = (PROJECT / "sphinx_policy_ext" / "locales" / "es" / "LC_MESSAGES" / "sphinx_policy_ext.po").read_text(
        encoding="utf-8"
    )
    words = words.replace('msgstr "Página {page} de "', 'msgstr "Page {page} sur "').replace('"Language: es', '"Language: fr')
    (french / "sphinx_policy_ext.po").write_text(words, encoding="utf-8")
    assert main(["html", "--root", str(root), "--quiet"]) == 0
    assert '<html lang="fr">' in (root / "_build" / "html" / "fr" / "index.html").read_text(encoding="utf-8")
    text = pdf_text(root / "_build" / "pdf" / "social-media-policy-fr.pdf", furniture=True)
    assert "Page 1 sur" in text
    # ... and the Spanish build of the same process is not left in French.
    english = pdf_text(root / "_build" / "pdf" / "social-media-policy.pdf", furniture=True)
    assert "Page 1 of" in english


def test_english_dates_do_not_follow_the_process_locale(tmp_path: Path) -> None:
    available = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.split()
    german = next((name for name in available if name.lower().replace("-", "") in ("de_de.utf8",)), None)
    assert german, "the de_DE.UTF-8 locale is needed for this test; .ci/run installs it (locale-gen)"
    saved = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, german)
        assert f"{dt.date(2026, 1, 15):%B}" == "Januar"  # the process locale is in effect ...
        assert format_date(dt.date(2026, 1, 15)) == "January 15, 2026"  # ... and the policy does not follow it
        assert i18n.format_date(dt.date(2026, 1, 15), "es") == "15 de enero de 2026"
    finally:
        locale.setlocale(locale.LC_ALL, saved)
    # The whole build, in a process started under the German locale.
    root = copy_policy(tmp_path / "p")
    environment = {**os.environ, "LC_ALL": german, "LANG": german}
    run = subprocess.run(
        [sys.executable, "-m", "sphinx_policy_ext", "html", "--root", str(root), "--quiet"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    page = page_text(root / "_build" / "html" / "index.html")
    assert "Effective January 15, 2026" in page
    assert not re.search(r"\bJanuar\b", page)
    assert not re.search(r"\bJanuar\b", pdf_text(root / "_build" / "pdf" / "social-media-policy.pdf", furniture=True))


def test_shipped_catalog_is_compiled_from_its_po() -> None:
    """The committed .mo holds what the .po says, so no build rewrites it."""
    folder = PROJECT / "sphinx_policy_ext" / "locales" / "es" / "LC_MESSAGES"
    messages = i18n.messages_of_po(folder / "sphinx_policy_ext.po", i18n.CATALOG)
    assert len(messages) > 30
    assert i18n.messages_of_mo(folder / "sphinx_policy_ext.mo") == messages
    before = (folder / "sphinx_policy_ext.mo").read_bytes()
    i18n.compile_catalogs(folder.parent.parent, i18n.CATALOG)
    assert (folder / "sphinx_policy_ext.mo").read_bytes() == before
    with (folder / "sphinx_policy_ext.mo").open("rb") as mo:
        assert read_mo(mo).get("Page {page} of ").string == "Página {page} de "


def test_a_catalog_found_up_to_date_is_not_read_again_until_it_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds remember which .po and .mo agree (by their dates and sizes); an edit to the .po is still compiled."""
    folder = tmp_path / "locales" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po, mo = folder / "sphinx_policy_ext.po", folder / "sphinx_policy_ext.mo"
    shutil.copy(PROJECT / "sphinx_policy_ext" / "locales" / "es" / "LC_MESSAGES" / po.name, po)
    agreed: dict[str, list[int]] = {}
    i18n.compile_catalogs(tmp_path / "locales", i18n.CATALOG, agreed)  # no .mo yet: written
    assert mo.exists() and agreed == {}
    i18n.compile_catalogs(tmp_path / "locales", i18n.CATALOG, agreed)  # found in agreement: remembered
    assert list(agreed) == [str(po)]

    def unread(*args: object) -> dict[str, str]:
        raise AssertionError("the catalog was read again")

    with monkeypatch.context() as patched:
        patched.setattr(i18n, "messages_of_po", unread)
        i18n.compile_catalogs(tmp_path / "locales", i18n.CATALOG, agreed)
    edited = po.read_text(encoding="utf-8").replace('msgstr "Página {page} de "', 'msgstr "Hoja {page} de "')
    po.write_text(edited, encoding="utf-8")
    i18n.compile_catalogs(tmp_path / "locales", i18n.CATALOG, agreed)
    with mo.open("rb") as compiled:
        assert read_mo(compiled).get("Page {page} of ").string == "Hoja {page} de "


def test_every_word_of_the_extension_has_a_spanish_translation() -> None:
    """Each string the code passes to gettext/translate/N_ is in the shipped Spanish catalog."""
    with (PROJECT / "sphinx_policy_ext" / "locales" / "es" / "LC_MESSAGES" / "sphinx_policy_ext.po").open("rb") as po:
        catalog = {m.id: m.string for m in read_po(po) if m.id}
    from babel.messages.extract import extract_from_dir

    used = {
        message[2]
        for message in extract_from_dir(
            str(PROJECT / "sphinx_policy_ext"), keywords={"gettext": None, "translate": None, "N_": None, "_": None}
        )
    }
    assert len(used) > 30
    assert sorted(used - {k for k, v in catalog.items() if v}) == []


def test_own_ethics_citation_needs_its_own_translation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = "I never ask clients for reviews or testimonials."
    edits = {**ENABLE, '# ethics_citation = "I do not ask clients': f'ethics_citation = "{own}"\n# x = "'}
    root = copy_policy(tmp_path / "p", edits)
    err = _build_fails(root, capsys)
    line = _line_of(root / "practice.toml", "ethics_citation = ")
    assert f"practice.toml:{line}: ERROR: ethics_citation in [therapist] is your own wording" in err
    assert "docs/locales/es/LC_MESSAGES/sphinx_policy_ext.po" in err
    spanish = "Nunca pido a mis clientes reseñas ni testimonios."
    (root / "docs" / "locales" / "es" / "LC_MESSAGES" / "sphinx_policy_ext.po").write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "{own}"\nmsgstr "{spanish}"\n',
        encoding="utf-8",
    )
    assert main(["html", "--root", str(root), "--quiet"]) == 0
    assert spanish in page_text(root / "_build" / "html" / "es" / "index.html")
    assert own in page_text(root / "_build" / "html" / "index.html")
    # The shipped words are still there beside the practice's own.
    assert "Página 1 de" in pdf_text(root / "_build" / "pdf" / "social-media-policy-es.pdf", furniture=True)


def test_each_embed_fragment_links_its_own_uploaded_pdf(tmp_path: Path) -> None:
    root = copy_policy(tmp_path / "p", ENABLE)
    conf = root / "conf.py"
    uploaded = "https://www.example.com/files/social-media-policy.pdf"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace('policy_embed_pdf_url = ""', f'policy_embed_pdf_url = "{uploaded}"'),
        encoding="utf-8",
    )
    assert main(["html", "--root", str(root), "--quiet"]) == 0
    english = (root / "_build" / "html" / "embed.html").read_text(encoding="utf-8")
    spanish = (root / "_build" / "html" / "es" / "embed.html").read_text(encoding="utf-8")
    assert f'href="{uploaded}"' in english
    assert 'href="https://www.example.com/files/social-media-policy-es.pdf"' in spanish
    assert "Descargue el PDF para firmarlo" in spanish
    assert 'lang="es"' not in english


def test_an_english_build_after_a_spanish_one_in_the_same_process_stays_english(tmp_path: Path) -> None:
    spanish = copy_policy(tmp_path / "es", ENABLE)
    assert main(["html", "--root", str(spanish), "--quiet"]) == 0
    english = copy_policy(tmp_path / "en")
    assert main(["html", "--root", str(english), "--quiet"]) == 0
    page = page_text(english / "_build" / "html" / "index.html")
    assert "Download the PDF to sign" in page and "Descargue" not in page
    assert "Call (555) 010-0123" in page and "Llamar" not in page
    assert "Page 1 of" in pdf_text(english / "_build" / "pdf" / "social-media-policy.pdf", furniture=True)
    assert not (english / "_build" / "html" / "es").exists()


def test_unreadable_po_line_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What a slip in the web editor looks like: a msgstr that lost its closing quote (file saved with a BOM)."""
    root = copy_policy(tmp_path / "p", ENABLE)
    po = root / PO
    broken = 'msgstr "En resumen'
    po.write_text("\ufeff" + po.read_text(encoding="utf-8").replace(broken + '"', broken), encoding="utf-8")
    err = _build_fails(root, capsys)
    line = _line_of(po, broken)
    assert f"{PO}:{line}: ERROR: This line cannot be read: the text must be between double quotes" in err
    assert "Traceback" not in err


def test_spanish_pdfs_embed_every_font_and_draw_every_letter(built: Path) -> None:
    """The same file checks as the English: fonts embedded, no letter (ñ, á, ¿, «) missing from them."""
    import pikepdf

    from sphinx_policy_ext.pdf.font_coverage import missing_characters

    from .test_pdf import embedded, page_fonts

    for path in (built / "_build" / "pdf").glob("*-es.pdf"):
        pdf = pikepdf.open(path)
        fonts = list(page_fonts(pdf))
        assert fonts
        for name, font in fonts:
            assert embedded(font), f"{path.name}: {name} is not embedded"
    words = (PROJECT / PO).read_text(encoding="utf-8")
    words += (PROJECT / "sphinx_policy_ext" / "locales" / "es" / "LC_MESSAGES" / "sphinx_policy_ext.po").read_text(
        encoding="utf-8"
    )
    assert missing_characters(words.replace("\n", " ")) == []
    text = pdf_text(built / "_build" / "pdf" / "social-media-policy-es.pdf")
    assert "Atribución-NoComercial-CompartirIgual" in text and "«" in text


def test_spanish_pdfs_are_tagged_es_and_pass_the_same_pdf_ua_checks(built: Path) -> None:
    """pdfua and outloud, as for the English PDFs (tests/test_pdf_accessibility.py), and /Lang es."""
    import json

    import pikepdf

    from .test_pdf_accessibility import OUTLOUD_NOT_RUN, tool

    spanish = sorted((built / "_build" / "pdf").glob("*-es.pdf"))
    assert len(spanish) == 2
    for pdf in spanish:
        assert str(pikepdf.open(pdf).Root.Lang) == "es", pdf.name
        result = subprocess.run(
            [tool("pdfua"), "check", "--format", "json", str(pdf)], capture_output=True, text=True, check=False
        )
        report = json.loads(result.stdout)
        assert report["findings"] == [] and report["skipped"] == [], (pdf.name, report)
        assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run([tool("outloud"), "--json", "-", *map(str, spanish)], capture_output=True, text=True, check=False)
    for checked in json.loads(result.stdout)["results"]:
        assert checked["findings"] == [] and checked["verdict"] == "pass", checked["path"]
        statuses = {rule["rule"]: rule["status"] for rule in checked["rules"]}
        assert {r for r, s in statuses.items() if s not in ("ran", "not-applicable")} <= OUTLOUD_NOT_RUN
    assert result.returncode == 0, result.stderr
    english = pikepdf.open(built / "_build" / "pdf" / "social-media-policy.pdf")
    assert str(english.Root.Lang).startswith("en")
    # A screen reader hears the form's fields in Spanish too.
    with pikepdf.open(spanish[0]) as document:
        fields = {str(f.get("/T")): str(f.get("/TU")) for f in document.Root.AcroForm.Fields}
    assert fields["therapist_date"] == "Terapeuta: fecha"
