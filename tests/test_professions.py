"""What the policy says about testimonials is what each profession's code of ethics says: one test per profession.

A code is quoted, and said to forbid soliciting testimonials, only where its
own standard does (APA 5.05, ACA C.3.b, NASW 4.07(b)); the AAMFT Code of
Ethics (2015) has no standard on testimonials, so that policy names no code.
"""

from __future__ import annotations

from sphinx_policy_ext.practice.professions import WORDING, wording_values
from sphinx_policy_ext.practice.schema import DERIVED_NAMES, PROFESSIONS


def test_every_profession_has_every_derived_value() -> None:
    assert set(WORDING) == set(PROFESSIONS)
    for profession in PROFESSIONS:
        assert set(wording_values(profession, None)) == set(DERIVED_NAMES)


def test_psychologist_cites_apa_standard_5_05() -> None:
    wording = WORDING["psychologist"]
    assert "Ethics Code states under Principle 5.05" in wording.testimonials
    assert (
        '"Psychologists do not solicit testimonials from current therapy clients/patients or other persons who because '
        'of their particular circumstances are vulnerable to undue influence."'
    ) in wording.testimonials


def test_counselor_cites_aca_2014_c_3_b() -> None:
    wording = WORDING["counselor"]
    assert "Code of Ethics (2014) states under Standard C.3.b" in wording.testimonials
    assert (
        '"Counselors who use testimonials do not solicit them from current clients, former clients, or any other persons '
        'who may be vulnerable to undue influence."'
    ) in wording.testimonials


def test_social_worker_cites_nasw_4_07_b() -> None:
    wording = WORDING["social-worker"]
    assert "The National Association of Social Workers' Code of Ethics states under Standard 4.07(b)" in wording.testimonials
    assert (
        '"Social workers should not engage in solicitation of testimonial endorsements (including solicitation of consent '
        "to use a client's prior statement as a testimonial endorsement) from current clients or from other people who, "
        'because of their particular circumstances, are vulnerable to undue influence."'
    ) in wording.testimonials
    # 4.07(b) is about current clients (and others open to undue influence): the policy says no more than that.
    assert "current clients" in wording.no_solicit and "current clients" in wording.no_request


def test_family_therapist_names_no_code_because_aamft_2015_has_no_testimonial_standard() -> None:
    wording = WORDING["marriage-family-therapist"]
    for sentence in (wording.testimonials, wording.no_solicit, wording.no_request):
        assert sentence.startswith("I do not")
        assert "code" not in sentence.lower() and "AAMFT" not in sentence


def test_no_profession_claims_an_unnamed_code_forbids_testimonials() -> None:
    for wording in WORDING.values():
        for sentence in (wording.testimonials, wording.no_solicit, wording.no_request):
            assert "My professional code of ethics does not allow" not in sentence
            assert not ("my professional code of ethics" in sentence.lower() and "testimonial" in sentence)
