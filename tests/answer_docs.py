"""Documents with unambiguous facts, and questions whose right answer is known (or known to be absent).

Used by the end-to-end answer tests (tests/test_answers_e2e.py) and by bench/answers.py
--generated, which reports accuracy and the share of shown answers with an unsupported
claim on this set. The facts are chosen so that a wrong answer is a near miss a small
model is tempted by: the contract has two durations, three amounts and two people.
"""
from __future__ import annotations

import re
from pathlib import Path

CONTRACT = [
    "Assured shorthold tenancy agreement. This agreement is made between Margaret Okafor (the Landlord) and "
    "Daniel Reyes (the Tenant) for the flat at 14 Larch Road, Bristol. The monthly rent is £1,725, payable on "
    "the first day of each month by bank transfer.",
    "The Tenant pays a security deposit of £2,070, held in a government-approved scheme. Council tax, water and "
    "electricity are paid by the Tenant. Pets are not allowed without the written consent of the Landlord.",
    "The tenancy begins on 1 April 2024 and runs for a fixed term of twelve (12) months. Either party may end the "
    "tenancy by giving two (2) months' written notice. The Landlord will return the deposit within ten days of "
    "the end of the tenancy.",
]
MEETING = [
    "Project Falcon kickoff meeting, 12 March 2024. Present: Priya Natarajan, Tom Becker, Ana Lima. "
    "The total spend approved for Project Falcon is €48,000. Priya Natarajan will lead the design review "
    "on 26 March 2024. Tom Becker will order the test hardware from Kestrel Systems.",
]

BUDGET_REVIEW = [
    "Project Falcon budget review, 2 July 2024.",
    "Project Falcon spent EUR 412,000 in Q2 2024, against a plan of EUR 380,000. The overspend came from the test "
    "hardware bought from Kestrel Systems. The review was chaired by Ana Lima.",
]

# (question, a fact the answer must contain - any of the spellings - or None: the documents do not say)
QUESTIONS: list[tuple[str, tuple[str, ...] | None]] = [
    ("What is the notice period for ending the tenancy?", ("two (2) months", "2 months", "two months")),
    ("When does the tenancy begin?", ("1 April 2024", "April 1, 2024", "2024-04-01")),
    ("How much is the monthly rent?", ("£1,725", "1,725", "1725")),
    ("How much is the security deposit?", ("£2,070", "2,070", "2070")),
    ("Who is the landlord?", ("Margaret Okafor",)),
    ("Who will lead the design review for Project Falcon?", ("Priya Natarajan",)),
    # free questions (no typed answer to choose): the quote answers them, or a model allowed to write
    ("What does the contract say about pets?", ("written consent",)),
    ("What happens to the deposit at the end of the tenancy?", ("ten days",)),
    ("What is the flat's address?", ("14 Larch Road",)),
    ("How much did Project Falcon spend in Q2?", ("EUR 412,000", "412,000")),       # "spent" is "spend"
    ("Which company supplied the test hardware?", ("Kestrel Systems",)),           # a short span for "which X"
    ("What is the monthly parking fee in my rental contract?", None),
    ("What was the marketing budget for Project Falcon?", None),        # a budget review exists; no marketing budget
    ("Who is the landlord's lawyer?", None),                            # the landlord is named; no lawyer is
]


def make_documents(folder: Path) -> Path:
    """The rental contract (3-page PDF), the meeting note (Markdown) and the budget review (DOCX) in `folder`."""
    from tests.rag_docs import make_docx, make_pdf

    folder.mkdir(parents=True, exist_ok=True)
    make_pdf(folder / "rental_contract.pdf", CONTRACT)
    make_docx(folder / "falcon_budget_review.docx", BUDGET_REVIEW)
    (folder / "falcon_kickoff.md").write_text("# Project Falcon kickoff\n\n" + "\n\n".join(MEETING) + "\n",
                                              encoding="utf-8")
    return folder


def contains_fact(answer: str, spellings: tuple[str, ...]) -> bool:
    """Does the answer state the fact in one of its spellings (as whole words: "12 months" is not "2 months")?"""
    return any(re.search(rf"(?<![\w.,]){re.escape(s)}(?![\w]|[.,]\d)", answer, re.IGNORECASE) for s in spellings)
