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
``tests/test_professions.py`` pins each citation.
"""

from __future__ import annotations

from dataclasses import dataclass


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
        code="the American Psychological Association's Ethics Code",
        field="psychology",
        board="the Board of Psychology",
        testimonials=(
            "The American Psychological Association's Ethics Code states under Principle 5.05 that it is unethical "
            'for psychologists to solicit testimonials: "Psychologists do not solicit testimonials from current therapy '
            'clients/patients or other persons who because of their particular circumstances are vulnerable to undue influence."'
        ),
        no_solicit="the American Psychological Association's Ethics Code prohibits my soliciting testimonials from clients",
        no_request="my Ethics Code prohibits me from requesting testimonials",
    ),
    "counselor": Wording(
        code="the American Counseling Association's Code of Ethics",
        field="counseling",
        board="the licensing board",
        testimonials=(
            "The American Counseling Association's Code of Ethics (2014) states under Standard C.3.b: "
            '"Counselors who use testimonials do not solicit them from current clients, former clients, or any other '
            'persons who may be vulnerable to undue influence."'
        ),
        no_solicit="the American Counseling Association's Code of Ethics prohibits my soliciting testimonials from clients",
        no_request="my Code of Ethics prohibits me from requesting testimonials",
    ),
    "social-worker": Wording(
        code="the National Association of Social Workers' Code of Ethics",
        field="social work",
        board="the licensing board",
        testimonials=(
            "The National Association of Social Workers' Code of Ethics states under Standard 4.07(b): "
            '"Social workers should not engage in solicitation of testimonial endorsements (including solicitation of '
            "consent to use a client's prior statement as a testimonial endorsement) from current clients or from other "
            'people who, because of their particular circumstances, are vulnerable to undue influence."'
        ),
        no_solicit=(
            "the National Association of Social Workers' Code of Ethics asks me not to solicit testimonials from current clients"
        ),
        no_request="my Code of Ethics asks me not to request testimonials from current clients",
    ),
    "marriage-family-therapist": Wording(
        # The AAMFT Code of Ethics (2015) has no standard on testimonials: no code is named or quoted.
        code="my professional code of ethics",
        field="marriage and family therapy",
        board="the licensing board",
        testimonials="I do not ask clients for testimonials.",
        no_solicit="I do not solicit testimonials from clients",
        no_request="I do not ask clients for testimonials",
    ),
}


def wording_values(profession: str, own_citation: str | None) -> dict[str, str]:
    """The ``profession.*`` values for a profession, with the practice's own citation if it wrote one."""
    wording = WORDING[profession]
    return {
        "profession.code": wording.code,
        "profession.field": wording.field,
        "profession.board": wording.board,
        "profession.testimonials": own_citation or wording.testimonials,
        "profession.no_solicit": wording.no_solicit,
        "profession.no_request": wording.no_request,
    }
