"""The wording that depends on the clinician's profession, and only what each code of ethics really says.

The seed policy was written for a psychologist: it names the American
Psychological Association's Ethics Code and a Board of Psychology. Each
profession gets the words that fit it. A code is quoted, and said to forbid
soliciting testimonials, only where its own standard does:

- APA Ethical Principles of Psychologists and Code of Conduct, Standard 5.05
  (Testimonials), as the seed quotes it;
- ACA Code of Ethics (2014), Standard C.3.b (Testimonials);
- NASW Code of Ethics, Standard 4.07(b) (Solicitations).

The AAMFT Code of Ethics (2015) has no standard on testimonials (its
Standard IX, Advertising, covers accurate representation, not solicitation
of testimonials), so a marriage and family therapist's policy states the
practice itself ("I do not ask clients for testimonials") and names no code.
A practice can write its own passage (``therapist.ethics_citation``).

Other languages: no translation of these codes has been checked here, so the
Spanish catalog says what each standard requires in Spanish and marks its
quotation plainly as an unofficial translation of the English original.
``tests/test_professions.py`` pins each citation.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_, gettext


@dataclass(frozen=True)
class Wording:
    code: str  # the profession's code of ethics, by name
    field: str  # "my {{ profession.field }} practice", "I post {{ profession.field }} news"
    board: str  # "you can always contact {{ profession.board }}, which oversees licensing"
    testimonials: str  # the paragraph on soliciting testimonials
    no_solicit: str  # "In addition, {{ profession.no_solicit }}."
    no_request: str  # "Confidentiality means that I cannot tell people that you are my client and {{ profession.no_request }}."


WORDING: dict[str, Wording] = {
    "psychologist": Wording(
        code=N_("the American Psychological Association's Ethics Code"),
        field=N_("psychology"),
        board=N_("the Board of Psychology"),
        testimonials=N_(
            "The American Psychological Association's Ethics Code states under Principle 5.05 that it is unethical "
            'for psychologists to solicit testimonials: "Psychologists do not solicit testimonials from current therapy '
            'clients/patients or other persons who because of their particular circumstances are vulnerable to undue influence."'
        ),
        no_solicit=N_("the American Psychological Association's Ethics Code prohibits my soliciting testimonials from clients"),
        no_request=N_("my Ethics Code prohibits me from requesting testimonials"),
    ),
    "counselor": Wording(
        code=N_("the American Counseling Association's Code of Ethics"),
        field=N_("counseling"),
        board=N_("the licensing board"),
        testimonials=N_(
            "The American Counseling Association's Code of Ethics (2014) states under Standard C.3.b: "
            '"Counselors who use testimonials do not solicit them from current clients, former clients, or any other '
            'persons who may be vulnerable to undue influence."'
        ),
        no_solicit=N_("the American Counseling Association's Code of Ethics prohibits my soliciting testimonials from clients"),
        no_request=N_("my Code of Ethics prohibits me from requesting testimonials"),
    ),
    "social-worker": Wording(
        code=N_("the National Association of Social Workers' Code of Ethics"),
        field=N_("social work"),
        board=N_("the licensing board"),
        testimonials=N_(
            "The National Association of Social Workers' Code of Ethics states under Standard 4.07(b): "
            '"Social workers should not engage in solicitation of testimonial endorsements (including solicitation of '
            "consent to use a client's prior statement as a testimonial endorsement) from current clients or from other "
            'people who, because of their particular circumstances, are vulnerable to undue influence."'
        ),
        no_solicit=N_(
            "the National Association of Social Workers' Code of Ethics asks me not to solicit testimonials from current clients"
        ),
        no_request=N_("my Code of Ethics asks me not to request testimonials from current clients"),
    ),
    "marriage-family-therapist": Wording(
        # The AAMFT Code of Ethics (2015) has no standard on testimonials: no code is named or quoted.
        code=N_("my professional code of ethics"),
        field=N_("marriage and family therapy"),
        board=N_("the licensing board"),
        testimonials=N_("I do not ask clients for testimonials."),
        no_solicit=N_("I do not solicit testimonials from clients"),
        no_request=N_("I do not ask clients for testimonials"),
    ),
}


def wording_values(profession: str, own_citation: str | None) -> dict[str, str]:
    """The ``profession.*`` values for a profession, with the practice's own citation if it wrote one."""
    wording = WORDING[profession]
    return {
        "profession.code": gettext(wording.code),
        "profession.field": gettext(wording.field),
        "profession.board": gettext(wording.board),
        # A practice's own citation is its own text: another edition finds its
        # translation in the project's catalog (see the README, "The policy in Spanish").
        "profession.testimonials": gettext(own_citation) if own_citation else gettext(wording.testimonials),
        "profession.no_solicit": gettext(wording.no_solicit),
        "profession.no_request": gettext(wording.no_request),
    }
