"""Citation checking, evidence compression, and the retrieval expert's grounding rules."""
from __future__ import annotations

from agents.platform.cancel import CancelToken
from agents.answers.citations import check_citations
from agents.events import CitationMade, RetrievalHits, Token
from agents.answers.evidence import compress, split_sentences
from agents.answers.quotes import windows
from agents.experts.retrieval import foreign_words, MIN_COVERAGE, NO_DOCUMENTS, NOT_FOUND, \
    answer_from_documents
from rag.types import Passage
from tests.fakes import MemoryLibrary, ScriptedModel
from tests.test_agents_tools import drain


def passage(path, page, text, end=None):
    return Passage(f"{path}-{page}", path, path, page, end or page, 0, len(text), text, 1.0)


GIVEN = [passage("/d/report.pdf", 3, "The warranty lasts two years from delivery."),
         passage("/d/notes.md", None, "Call Anna about the warranty claim."),
         passage("/d/big.pdf", 10, "Chapter two covers pricing.", end=12)]


def test_real_citations_are_kept_and_normalised_invented_ones_removed():
    answer = ("The warranty lasts two years [report.pdf p.3]. It was signed in 1999 [contract.pdf p.2]. "
              "Pricing is in chapter two [big.pdf, page 11]. Anna handles claims [notes.md; report.pdf p.9].")
    checked = check_citations(answer, GIVEN, attribute=False)
    assert checked.text == ("The warranty lasts two years [report.pdf p.3]. It was signed in 1999. "
                            "Pricing is in chapter two [big.pdf p.10-12]. Anna handles claims [notes.md].")
    assert [c.label for c in checked.citations] == ["report.pdf p.3", "big.pdf p.10-12", "notes.md"]
    assert checked.removed == ("contract.pdf p.2", "report.pdf p.9")
    assert checked.citations[0].path == "/d/report.pdf" and checked.citations[0].page == 3


def test_uncited_sentences_copied_from_a_passage_are_attributed():
    checked = check_citations("The warranty lasts two years from delivery. I like cake.", GIVEN)
    assert checked.text == "The warranty lasts two years from delivery [report.pdf p.3]. I like cake."
    assert checked.supported


def test_an_answer_with_only_invented_citations_is_unsupported():
    checked = check_citations("Bananas are blue [fruit.pdf p.1].", GIVEN)
    assert not checked.supported and checked.text == "Bananas are blue."


def test_compression_keeps_relevant_sentences_within_budget():
    filler = " ".join(f"Sentence {i} talks about the weather and nothing else." for i in range(40))
    long = passage("/d/long.pdf", 5, filler + " The invoice total is 512 euros. " + filler)
    count = lambda text: max(1, len(text) // 4)  # noqa: E731
    evidence = compress([long, GIVEN[0]], "What is the invoice total?", budget=120, count=count, per_passage=60)
    assert evidence[0].text == "The invoice total is 512 euros."
    assert sum(count(e.text) for e in evidence) <= 120
    assert len(split_sentences("One. Two? Three! four")) == 3


def test_sentences_keep_paragraphs_and_titles():
    """A blank line ends a unit (a mail's header block, a paragraph); a single line break is a PDF's wrap;
    "Dr." before a name ends nothing."""
    mail = "Date: Tue, 14 Oct 2025\n\nSubject: Site visit\n\nHi Jonas,\n\nthe visit is on Thursday 23 October."
    assert split_sentences(mail) == ["Date: Tue, 14 Oct 2025", "Subject: Site visit", "Hi Jonas,",
                                     "the visit is on Thursday 23 October."]
    assert split_sentences("The shell reads\nthe file.\n \nWe meet Dr. Elena Novak at 10:00. Then Mr. Lee.") == [
        "The shell reads the file.", "We meet Dr. Elena Novak at 10:00.", "Then Mr. Lee."]


def test_retrieval_expert_answers_a_typed_question_with_a_span_from_the_passage():
    library = MemoryLibrary({"/d/report.pdf": ["Intro page.", "The warranty lasts two years from delivery."]})
    model = ScriptedModel(["The warranty lasts five years [report.pdf p.2]."])   # never asked: one candidate
    events, result = drain(answer_from_documents(model, library, "How long does the warranty last?",
                                                 cancel=CancelToken()))
    assert result.text == ('Two years [report.pdf p.2]\n'
                           'From report.pdf p.2: "The warranty lasts **two years** from delivery."')
    assert [c.label for c in result.citations] == ["report.pdf p.2"] and result.supported
    assert any(isinstance(e, RetrievalHits) for e in events)
    assert [e.citation.label for e in events if isinstance(e, CitationMade)] == ["report.pdf p.2"]
    assert "".join(e.text for e in events if isinstance(e, Token)) == result.text
    assert model.calls == []


def test_the_model_chooses_among_candidates_under_a_grammar():
    # the sentence with the amounts holds no word of the question, so nearness cannot decide: the model does
    library = MemoryLibrary({"/d/lease.pdf": ["Deposit table. 900 euros for a studio, 1,800 euros for a flat."]})
    model = ScriptedModel([{"answer": "1,800 euros"}])
    _, result = drain(answer_from_documents(model, library, "How much is the deposit?", cancel=CancelToken()))
    assert result.text.startswith("1,800 euros [lease.pdf p.1]")
    assert model.schemas[0]["properties"]["answer"]["enum"] == ["900 euros", "1,800 euros"]


def test_a_question_the_documents_do_not_cover_says_so_and_labels_the_closest_passage():
    library = MemoryLibrary({"/d/lease.pdf": ["The monthly rent is 1,050 pounds, paid on the first day."]})
    model = ScriptedModel()
    _, result = drain(answer_from_documents(model, library, "What is the monthly parking fee?",
                                            cancel=CancelToken()))
    assert result.text.startswith("Your documents do not contain this. The closest passage, lease.pdf p.1, says:")
    assert result.text.endswith("(not an answer).") and not result.supported
    assert model.calls == []


def test_a_question_whose_own_details_the_passage_lacks_is_refused_though_its_names_match():
    """The names and the event are there (coverage is high), the detail asked about is not."""
    library = MemoryLibrary({"/d/notes.md": ["Priya Natarajan hosted the Falcon kickoff dinner in Lisbon on Friday. "
                                             "Tom Becker booked the restaurant."]})
    model = ScriptedModel()
    question = "What flavour of ice cream did Priya Natarajan order for dessert at the Falcon kickoff dinner in Lisbon?"
    best = windows(question, library.search(question))[0]
    assert best.coverage >= MIN_COVERAGE and best.unexplained > 12      # "flavour", "ice cream", "dessert" unexplained
    _, result = drain(answer_from_documents(model, library, question, cancel=CancelToken()))
    assert result.text.startswith(NOT_FOUND) and not result.supported and model.calls == []
    _, result = drain(answer_from_documents(model, library, "What did Tom Becker book for the Falcon kickoff dinner?",
                                            cancel=CancelToken()))
    # a phrase question is answered by the part of the sentence that holds its verb and not its words
    assert result.text.startswith("Restaurant [notes.md p.1]\n") and result.supported


def test_a_written_answer_with_an_invented_figure_falls_back_to_the_quote():
    library = MemoryLibrary({"/d/lease.pdf": ["Either party may end the tenancy by giving two (2) months' notice."]})
    model = ScriptedModel(["Notice takes 12 months [lease.pdf p.1]."])
    _, result = drain(answer_from_documents(model, library, "Explain ending the tenancy by notice",
                                            cancel=CancelToken(), write=True))
    assert "12" not in result.text
    assert result.text == ('The documents say: "Either party may end the tenancy by giving two (2) months\' notice." '
                           '[lease.pdf p.1]')


def test_a_written_answer_that_changes_the_meaning_with_words_of_its_own_falls_back_to_the_quote():
    """No number, date or name is wrong in "pets cannot be sold", but "sold" is in neither quote nor question."""
    library = MemoryLibrary({"/d/lease.pdf": ["Pets are not allowed without the written consent of the Landlord."]})
    question = "What does the lease say about pets?"
    model = ScriptedModel(["The lease says pets cannot be sold without the written consent of the Landlord."])
    _, result = drain(answer_from_documents(model, library, question, cancel=CancelToken(), write=True))
    # the rejected sentence is not shown; the document's own words that answer "what" are, negation kept
    assert result.text.startswith("Not allowed without the written consent of the Landlord [lease.pdf p.1]\n")
    assert "sold" not in result.text
    model = ScriptedModel(["Pets are only allowed with the written consent of the Landlord [lease.pdf p.1]."])
    _, result = drain(answer_from_documents(model, library, question, cancel=CancelToken(), write=True))
    assert result.text.startswith("Pets are only allowed with the written consent of the Landlord. [lease.pdf p.1]")
    assert foreign_words("Pets cannot be sold.", question, "Pets are not allowed.") == {"cannot", "sold"}
    assert foreign_words("You must give notice.", "notice?", "by giving notice") == set()   # common words, stems


def test_no_documents_and_no_matching_passage_need_no_model():
    model = ScriptedModel()
    _, result = drain(answer_from_documents(model, MemoryLibrary(), "anything?", cancel=CancelToken()))
    assert result.text == NO_DOCUMENTS
    library = MemoryLibrary({"/d/a.txt": ["Completely unrelated text."]})
    _, result = drain(answer_from_documents(model, library, "warranty period?", cancel=CancelToken()))
    assert result.text == NOT_FOUND
    assert model.calls == []


def test_compression_drops_near_misses_and_filler_sentences():
    count = lambda text: max(1, len(text) // 4)  # noqa: E731
    hits = [passage("/d/a.pdf", 2, "Warranty. The warranty for the Orion\nboiler lasts 2 years. The team met on Monday."),
            passage("/d/b.pdf", 2, "The warranty for the Lyra thermostat lasts 4 years. Nothing else."),
            passage("/d/a.pdf", 1, "The Orion boiler is made in Bergen. Customers are happy.")]
    evidence = compress(hits, "How long is the warranty for the Orion boiler?", 300, count, relative=0.5)
    assert [(e.label, e.text) for e in evidence] == [
        ("a.pdf p.2", "Warranty. The warranty for the Orion boiler lasts 2 years."),
        ("a.pdf p.1", "The Orion boiler is made in Bergen.")]


def test_a_citation_on_an_empty_or_echoing_sentence_is_not_support():
    question = "Who must send the budget plan?"
    given = [passage("/d/minutes.pdf", 3, "Action item: Omar Haddad must send the budget plan before 15 July.")]
    assert not check_citations("The source is [minutes.pdf p.3].", given, question=question).supported
    echo = "The answer is: who must send the budget plan [minutes.pdf p.3]?"
    assert not check_citations(echo, given, question=question, attribute=False).supported
    real = "Omar Haddad must send it before 15 July [minutes.pdf p.3]."
    assert check_citations(real, given, question=question).supported
