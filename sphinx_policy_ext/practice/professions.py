"""The wording that depends on the clinician's profession.

The seed policy was written for a psychologist: it names the American
Psychological Association's Ethics Code and a Board of Psychology. Each
profession gets the words that fit it. Only codes whose text has been checked
are quoted: APA Standard 5.05 (as the seed quotes it) and ACA Code of Ethics
(2014) C.3.b. For the others the policy says the same thing without a
citation, and a practice can write its own (``therapist.ethics_citation``).
"""

from __future__ import annotations

from dataclasses import dataclass

_NO_CITATION = "My professional code of ethics does not allow me to ask clients for testimonials."


@dataclass(frozen=True)
class Wording:
    code: str  # "{{ profession.code }} prohibits my soliciting testimonials"
    field: str  # "my {{ profession.field }} practice", "I post {{ profession.field }} news"
    board: str  # "you can always contact {{ profession.board }}, which oversees licensing"
    testimonials: str  # the paragraph on soliciting testimonials


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
    ),
    "social-worker": Wording(
        code="my professional code of ethics",
        field="social work",
        board="the licensing board",
        testimonials=_NO_CITATION,
    ),
    "marriage-family-therapist": Wording(
        code="my professional code of ethics",
        field="marriage and family therapy",
        board="the licensing board",
        testimonials=_NO_CITATION,
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
    }
