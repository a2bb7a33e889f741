"""What a question asks for decides whether the documents answer it, and which short span answers it
(no model: the focus rules, the span shapes, field names, the marked quote)."""
from __future__ import annotations

import pytest

from agents.answers.answer_types import PERSON_T, TERM, answer_type, candidates, speaker
from agents.answers.focus import focus
from agents.answers.quotes import windows
from agents.answers.spans import highlight, term_spans
from agents.answers.support import decide
from agents.experts.retrieval import NOT_FOUND, answer_from_documents
from agents.platform.cancel import CancelToken
from rag.types import Passage
from tests.answer_docs import BUDGET_REVIEW, CONTRACT, MEETING
from tests.fakes import MemoryLibrary, ScriptedModel
from tests.test_agents_tools import drain

DOCS = {"/d/rental_contract.pdf": CONTRACT, "/d/falcon_kickoff.md": MEETING,
        "/d/falcon_budget_review.docx": [" ".join(BUDGET_REVIEW)]}
MAIL = ("From: Lena Fischer <lena@nordlicht.example>\nTo: Omar Haddad <omar@nordlicht.example>\n"
        "Date: Tue, 04 Jun 2024 09:15:00 +0200\nSubject: Site visit\n\n"
        "Marta Kowalski will meet the inspectors at Gdansk Central Station on Monday.")


@pytest.mark.parametrize("question, phrase", [
    ("Who is the landlord's lawyer?", "lawyer"), ("What was the marketing budget for Project Falcon?", "marketing budget"),
    ("How many days does the tenant have?", "days"), ("Which package provides the ls command?", "package"),
    ("What file does bash read at login?", "file"), ("What is the maximum line length?", "maximum line length"),
    ("What is the notice period for ending the tenancy?", "notice"),     # "period" only names the measure
    ("How much did Project Falcon spend in Q2?", "spend"), ("When does the tenancy begin?", ""),
    ("What happens to the deposit at the end of the tenancy?", ""),       # "happens" is the verb
    # a later -s word followed by another content word is the verb; a plural head before an auxiliary is not
    ("Which service helps synchronise bug states?", "service"), ("What data structures are used?", "data structures"),
    # an identifier ends the noun phrase: it names the thing asked about, not the kind of answer
    ("What is the DNS name irc.debian.org an alias for?", "dns"),
])
def test_the_focus_is_the_head_of_what_the_question_asks_for(question, phrase):
    assert focus(question).phrase == phrase


def ranked(question: str):
    passages = [Passage(f"p{i}", "d", path, n, n, 0, 0, text, 1.0) for i, (path, pages) in enumerate(DOCS.items())
                for n, text in enumerate(pages, 1)]
    return windows(question, passages)


@pytest.mark.parametrize("question", ["Who is the landlord's lawyer?", "What was the marketing budget for Project Falcon?"])
def test_a_passage_that_names_everything_but_what_is_asked_does_not_answer(question):
    support = decide(question, answer_type(question), ranked(question))
    assert support.window is None, support


def test_a_fact_stated_with_another_form_of_the_question_verb_answers():
    question = "How much did Project Falcon spend in Q2?"
    support = decide(question, answer_type(question), ranked(question))
    assert support.window is not None and "EUR 412,000" in support.window.quote


def test_the_expert_refuses_the_lawyer_and_answers_the_spend():
    library = MemoryLibrary(DOCS)
    _, result = drain(answer_from_documents(ScriptedModel(), library, "Who is the landlord's lawyer?",
                                            cancel=CancelToken()))
    assert result.text.startswith(NOT_FOUND) and "Margaret Okafor [" not in result.text
    model = ScriptedModel([{"answer": "EUR 412,000"}])       # asked only if the nearest amount were not plain
    _, result = drain(answer_from_documents(model, library, "How much did Project Falcon spend in Q2?",
                                            cancel=CancelToken()))
    assert result.text.startswith("EUR 412,000 [falcon_budget_review.docx p.1]"), result.text
    assert "**EUR 412,000**" in result.text
    snippet = result.citations[0].snippet              # what the preview finds on the page and highlights
    assert "**" not in snippet and snippet in " ".join(BUDGET_REVIEW) and "EUR 412,000" in snippet


def test_which_and_what_questions_get_spans_of_the_shape_their_head_asks_for():
    text = ("Edit /etc/apt/sources.list with `nano`, then run apt-get update --fix-missing. Lines should be no longer "
            "than 79 characters. Mail debian-user@lists.debian.org for help.")
    assert answer_type("Which file lists the package sources?") == TERM
    assert term_spans(text, "Which file lists the package sources?", "file") == ["/etc/apt/sources.list"]
    assert term_spans(text, "Which option repairs a broken update?", "option") == ["--fix-missing"]
    assert "debian-user@lists.debian.org" in term_spans(text, "What is the mailing list address?", "address")
    assert term_spans(text, "What is the maximum line length?", "length") == ["79 characters"]
    # "what must I do": options and commands; "Lines should be no longer than ..." is a duty of the lines, not of
    # the asker (a passive or copular obligation is no span for it, agents/answers/spans.py)
    to_do = set(term_spans(text, "What must I do to get help?"))
    assert {"--fix-missing", "apt-get"} <= to_do and "be no longer than 79 characters" not in to_do
    assert term_spans("Bash 5.2 sets PPID. Mail bug-bash@gnu.org.", "Which variable holds it?", "variable") == ["PPID"]
    assert candidates(TERM, CONTRACT[0], "What is the flat's address?") == ["14 Larch Road, Bristol"]


def test_a_header_word_is_never_a_candidate_or_a_speaker():
    body = MAIL.split("\n\n")[1]
    assert speaker(MAIL, body) == ""                    # "Subject:" is a field, not who speaks
    people = candidates(PERSON_T, " ".join(MAIL.split()), "Who will meet the inspectors?", MAIL)
    assert "Subject" not in people and "Marta Kowalski" in people
    sheet = "Staff rows 2–4\nName | Team | Salary\nLena Fischer | Research | 95000"
    assert "Team" not in candidates(TERM, sheet, "Which team is Lena Fischer in?", sheet)


def test_a_mail_question_is_answered_with_the_person_not_the_header_word():
    library = MemoryLibrary({"/d/site.eml": [MAIL]})
    model = ScriptedModel([{"answer": "Marta Kowalski"}] * 3)
    _, result = drain(answer_from_documents(model, library, "Who will meet the inspectors at the station?",
                                            cancel=CancelToken()))
    assert result.text.startswith("Marta Kowalski [site.eml p.1]"), result.text


def test_the_span_is_marked_in_its_quote():
    assert highlight("The rent is £1,725 per month.", "£1,725") == "The rent is **£1,725** per month."
    assert highlight("The rent is £1,725 per month.", "1 April") == "The rent is £1,725 per month."
    # the span as a whole word, not a letter inside an earlier word
    assert highlight("A package must not cause `lintian` errors (they start with `E`).", "E") == \
        "A package must not cause `lintian` errors (they start with `**E**`)."


def test_a_number_before_the_head_and_a_passive_get_are_no_focus_words(monkeypatch):
    """ "Which two options get set ...": the options are asked for (two of them), and "get" is the passive's verb."""
    from agents.answers import focus as focus_module

    assert focus("Which two options get set only when zsh is invoked as sh?").phrase == "options"
    assert focus("What gets stripped from a here-document?").phrase == ""
    assert focus("What two-letter code is used?").phrase == "two-letter code"
    monkeypatch.setattr(focus_module, "COUNTED_HEAD", False)
    assert focus("Which two options are set?").phrase == "two options"
