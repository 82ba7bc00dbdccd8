"""References to SDGs and Action Lines in prose: slips reported at their exact place, clean prose left alone."""
from __future__ import annotations

from wsis_report.check.references import find_references
from wsis_report.load import PartSource


def scan(body: str):
    refs, diagnostics = find_references(PartSource(file="content/01.md", body=body, body_line=4))
    return [(r.kind, r.key, r.line, r.col) for r in refs], [d.format() for d in diagnostics]


def test_recognised_forms():
    refs, problems = scan("SDG 4, SDGs 8 and 9, SDGs 4, 9, and 17, Goal 17.\n"
                          "Action Line C5, Action Lines C3 and C4, C7 e-health and C2, C5 and C6.")
    assert problems == []
    assert [(k, key) for k, key, _, _ in refs] == [
        ("sdg", "4"), ("sdg", "8"), ("sdg", "9"), ("sdg", "4"), ("sdg", "9"), ("sdg", "17"), ("sdg", "17"),
        ("action-line", "C5"), ("action-line", "C3"), ("action-line", "C4"), ("action-line", "C7"),
        ("action-line", "C2"), ("action-line", "C5"), ("action-line", "C6"), ("action-line", "C7-ehealth")]
    assert refs[0][2:] == (4, 5) and refs[7][2:] == (5, 13)


def test_slips_are_reported_with_the_fix_at_their_column():
    _, problems = scan("Partnerships (SGD 17) matter.\n"
                       "We worked on CA4 and on Action Line 4.\n"
                       "See SDG 18, Action Line C12 and C2, C12 and C5.\n"
                       "C7 e-banking is not a sub-line.")
    assert problems == [
        "content/01.md:4:15: warning: 'SGD 17' looks like a typo; write 'SDG 17' [sdg-typo]",
        "content/01.md:5:14: warning: 'CA4' looks like a typo; write 'C4' [action-line-typo]",
        "content/01.md:5:37: warning: 'Action Line 4' looks like a typo; write 'Action Line C4' "
        "[action-line-typo]",
        "content/01.md:6:9: error: unknown SDG 18; SDGs are numbered 1 to 17 [sdg-ref]",
        "content/01.md:6:25: error: unknown Action Line C12; Action Lines are C1 to C11 [action-line-ref]",
        "content/01.md:6:37: error: unknown Action Line C12; Action Lines are C1 to C11 [action-line-ref]",
        "content/01.md:7:4: warning: 'C7 e-banking' is not a C7 sub-line; C7 has e-agriculture, e-business, "
        "e-employment, e-environment, e-government, e-health, e-learning, e-science [action-line-ref]",
    ]


def test_no_false_positives_in_ordinary_prose_code_urls_and_money():
    body = ("In 2030 we reach goal 25 of our plan; Goal 25 too. The 17 SDGs and the SDG-aligned budget.\n"
            "Costs: SGD 17 million, SGD 5,000 and SGD 250. The C40 Cities network, vitamin C12 and C-3PO.\n"
            "See https://example.org/SDG-18/C12 and [SDG 4](https://x.org/SGD17) and <https://x.org/CA4>.\n"
            "Inline `SDG 18` and `CA4` code. {{ vars.sdg_18 }} stays.\n\n"
            "```\nSDG 99 and CA4 in a fence\n```\n\n    SDG 18 in indented code\n")
    refs, problems = scan(body)
    assert problems == []
    assert [(k, key) for k, key, _, _ in refs] == [("sdg", "4")]     # the link's label is prose
