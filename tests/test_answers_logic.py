"""The logic behind trustworthy answers, without a model: the claim check, answer types,
candidate spans, quote windows, and the benchmark's scoring."""
from __future__ import annotations

import pytest

from agents.answers.answer_types import AMOUNT, DATE, DURATION, FREE, NUMBER, PERSON_T, PLACE_T, TITLE, YES_NO, answer_type, \
    candidates
from agents.answers.claims import keep_supported, normalized_tokens, unsupported
from agents.answers.quotes import windows
from bench.answer_scoring import correct, is_refusal, recall
from rag.types import Passage

CONTRACT = ("This tenancy agreement is made between Margaret Okafor (the Landlord) and Daniel Reyes (the Tenant). "
            "The tenancy begins on 1 April 2024. The rent is £1,725 per month. Either party may end the tenancy "
            "by giving two (2) months' written notice.")


@pytest.mark.parametrize("sentence", [
    "The notice period is 2 months.", "The notice period is two months.", "The rent is 1725 GBP.",
    "The rent is £1,725.00 per month.", "The tenancy starts on April 1st, 2024.", "The tenancy starts on 2024-04-01.",
    "The tenancy starts on 01/04/2024.", "The landlord is Margaret Okafor.", "Daniel Reyes's tenancy begins in April.",
])
def test_a_claim_written_differently_from_its_source_still_holds(sentence):
    assert unsupported(sentence, [CONTRACT]) == []


@pytest.mark.parametrize("sentence, missing", [
    ("The notice period is 12 months [rental_contract.pdf p.3].", "12"),
    ("The rent is $1,725.", "1,725"),
    ("The parking fee is £1,050 per month.", "1,050"),
    ("The tenancy begins on 1 January 2024.", "1 January 2024"),
    ("The landlord is John Smith.", "John Smith"),
    ("Security deposit: £69.80 per month.", "69.80"),
])
def test_an_invented_number_amount_date_or_name_is_caught(sentence, missing):
    assert missing in [claim.text for claim in unsupported(sentence, [CONTRACT])]


def test_keep_supported_drops_only_the_failing_sentences_and_keeps_lines():
    text = "- The rent is £1,725 per month.\n- Security deposit: £69.80 per month.\n- Notice is two months."
    kept, dropped = keep_supported(text, [CONTRACT])
    assert kept == "- The rent is £1,725 per month.\n- Notice is two months."
    assert dropped == ["- Security deposit: £69.80 per month."]


def test_dates_and_times_normalize_to_one_token():
    assert {"date:03-01", "year:2026", "time:10:00"} <= normalized_tokens("20260301_10:00")
    assert {"date:03-01", "year:2026", "time:10:00"} <= normalized_tokens("on 1 March 2026 at 10 am")
    assert "time:14:00" in normalized_tokens("2 PM") and "2" in normalized_tokens("two (2)")


@pytest.mark.parametrize("question, kind", [
    ("When does the tenancy begin?", DATE), ("What is the notice period for ending the tenancy?", DURATION),
    ("What is the monthly parking fee in my rental contract?", AMOUNT), ("How many people came?", NUMBER),
    ("Who invites Li Hua to the bake sale?", PERSON_T), ("Where do they meet?", PLACE_T),
    ("What song does Li Hua suggest?", TITLE), ("Did Wolfgang agree to come?", YES_NO),
    ("What does Li Hua think about the focaccia?", FREE), ("What time is the power outage?", DATE),
    ("What was the marketing budget for Project Falcon?", AMOUNT), ("What price did they agree on?", AMOUNT),
    ("What happens to the deposit at the end of the tenancy?", FREE),      # an amount word that is not the head
])
def test_the_question_says_what_kind_of_answer_it_wants(question, kind):
    assert answer_type(question) == kind


def test_candidates_are_spans_of_the_wanted_kind_not_already_in_the_question():
    assert candidates(DURATION, CONTRACT) == ["two (2) months"]
    assert candidates(AMOUNT, CONTRACT) == ["£1,725"]
    assert "1 April 2024" in candidates(DATE, CONTRACT)
    people = candidates(PERSON_T, CONTRACT, "Who is the landlord, Margaret Okafor?")
    assert "Daniel Reyes" in people and "Margaret Okafor" not in people
    assert candidates(DATE, "Meet on Sunday at 3 PM.") == ["3 PM", "Sunday at 3 PM"]


def test_the_best_window_holds_the_question_words_and_the_line_after_it():
    chat = Passage("c1", "d1", "/chat/a.txt", None, None, 0, 0,
                   "Wolfgang: Are you coming to the potluck dinner on Friday? LiHua: Sure, I will bring pasta salad. "
                   "Wolfgang: Great.", 1.0)
    other = Passage("c2", "d2", "/chat/b.txt", None, None, 0, 0, "Adam: The dinner was nice.", 0.5)
    best = windows("What dish does Li Hua bring to the potluck dinner?", [other, chat])[0]
    assert best.passage is chat and "pasta salad" in best.quote
    assert best.coverage > 0.5


def test_a_word_every_passage_holds_does_not_choose_the_window():
    """"LOGMODE" and "value" are in every passage found (a manual's list of variables): the sentence that holds
    the rarer "terse" answers, not the definition line that repeats the common words."""
    def page(number: int, text: str) -> Passage:
        return Passage(f"c{number}", "d", "/docs/quillon.pdf", number, number, 0, len(text), text, 1.0)

    found = [page(1, "LOGMODE A comma-separated list of values controlling how Quillon writes entries to its log. "
                     "If the list includes 'dated', every entry begins with its time. "
                     "A value of 'terse' is shorthand for 'nodate' and 'nolevel'. Any other value is ignored."),
             page(2, "LOGFILE The file Quillon writes its log to; see LOGMODE for the values that change how entries "
                     "look."),
             page(3, "Quillon reads the values of LOGMODE and LOGFILE when it starts and writes its log until it exits.")]
    best = windows("What does the LOGMODE value terse mean?", found)[0]
    assert best.sentence == "A value of 'terse' is shorthand for 'nodate' and 'nolevel'."


def test_scoring_counts_gold_words_dates_polarity_and_refusals():
    assert correct("It was on 1 March 2026 [a.txt]", "20260301_10:00", "Single")
    assert not correct("It was on 2 March 2026", "20260301_10:00", "Single")
    assert recall("Central Perk café", "Central Perk") == 1.0
    assert correct("Wolfgang Schulz [a.txt]", "WolfgangSchulz", "Single")      # a handle is the name it glues
    assert correct("Li Hua [a.txt]", "LiHua", "Single") and not correct("Li Wei", "LiHua", "Single")
    assert not correct("Li Hua [a.txt]", "LiHua & Chae & Yuriko", "Multi")    # one name of three
    assert correct("Yes. [a.txt]", "Yes", "Multi") and not correct("No, he did not.", "Yes", "Multi")
    assert correct("Your documents do not contain this.", "", "Null")
    refusal = 'Your documents do not contain this. The closest passage, a.txt, says: "Central Perk" (not an answer).'
    assert not correct(refusal, "Central Perk", "Single") and correct(refusal, "", "Null")
    assert not correct("The fee is 10 pounds.", "", "Null")
    assert is_refusal("I could not find this in your documents.")
