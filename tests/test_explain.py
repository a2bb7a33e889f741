"""The one plain sentence on how an answer was made."""
from __future__ import annotations

from agents.events import Citation, FinalAnswer, Route
from agents.answers.explain import answer_summary


def cite(path: str, page: int | None) -> Citation:
    return Citation(f"{path} p.{page}", f"/docs/{path}", page, "…")


def test_sentences_a_person_reads():
    answer = FinalAnswer("Two months.", (cite("lease.pdf", 3), cite("lease.pdf", 2), cite("notes.md", None)),
                         Route.DOCUMENTS)
    assert answer_summary(answer) == "Answered from lease.pdf p.3 and p.2, notes.md."
    assert answer_summary(FinalAnswer("Hi!", (), Route.DIRECT)) == \
        "Answered by the model alone — no documents were used."
    missing = FinalAnswer("Not in your documents.", (cite("lease.pdf", 1),), Route.DOCUMENTS, supported=False)
    assert answer_summary(missing) == "Your documents did not contain this. The closest passage is from lease.pdf p.1."
    assert "redacted sketch" in answer_summary(FinalAnswer("…", (), Route.CLOUD))
    many = FinalAnswer("x", tuple(cite("a.pdf", p) for p in (1, 4, 9)), Route.DOCUMENTS)
    assert answer_summary(many) == "Answered from a.pdf p.1, p.4 and p.9."
