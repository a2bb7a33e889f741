"""Short answers for phrase questions, yes/no from the sentence's negations, and a printed manual's page
furniture never given as an answer (agents/answers/clauses.py, polarity.py).

The unit tests check the rules on sentences written here; the end-to-end tests ask the real SmolLM2 through
the orchestrator over a real PDF manual generated in the test (running heads and cross-references on every
page, as Texinfo prints them) in a real index.
"""
from __future__ import annotations

import pytest

from agents.answers.answer_types import NUMBER, YES_NO, answer_type, candidates
from agents.answers.clauses import answer_clause, question_verb, without_furniture
from agents.answers.polarity import yes_or_no
from tests.rag_docs import answer_line, pdf_library_fixture


def test_a_what_question_is_answered_by_the_part_of_the_sentence_it_does_not_say():
    assert answer_clause("What does rsync do with the --delete option?",
                         "With the --delete option, rsync removes files that are gone from the source.") == \
        "removes files that are gone from the source"
    assert answer_clause("What is preferred over tabs for indentation?",
                         "For indentation, four spaces are preferred over tabs.") == "four spaces"
    assert answer_clause("What should a server do when the disk is full?",
                         "If the disk is full on a server, stop accepting uploads.") == "stop accepting uploads"
    # the negation stays: "not allowed" is not "allowed"
    assert answer_clause("What does the lease say about pets?",
                         "Pets are not allowed without the written consent of the Landlord.") == \
        "not allowed without the written consent of the Landlord"


def test_the_answering_sentence_holds_the_questions_own_verb():
    quote = "Priya hosted the kickoff dinner in Lisbon. Tom booked the restaurant."
    assert question_verb("What did Tom book for the kickoff dinner?") == "book"
    assert answer_clause("What did Tom book for the kickoff dinner?", quote.split(". ")[0], quote) == "restaurant"


def test_requests_and_other_question_kinds_get_no_phrase():
    assert answer_clause("Explain the notice period", "Either party may give two months' notice.") == ""
    assert answer_clause("Who booked it?", "Tom booked the restaurant.") == ""


def test_running_heads_and_cross_references_are_no_answers():
    page = ("Chapter 4: Program Behavior for All Programs 9 The rotation keeps seven copies of every archive "
            "(see Section 2.1 [Schedules], page 12).")
    assert "9" not in without_furniture(page) and "12" not in without_furniture(page)
    found = candidates(NUMBER, page, "How many copies does the rotation keep?")
    assert found == ["seven copies"], found


def test_numbers_in_words_are_numbers():
    assert candidates(NUMBER, "Choose a prefix more than two characters long.", "How many characters?") == \
        ["more than two characters"]  # the bound stays with its number


def test_a_lowercase_word_that_is_no_english_word_names_a_program_or_function():
    from agents.answers.answer_types import TERM

    text = "To compare two trees, the ACME project uses the treediff tool."
    assert "treediff" in candidates(TERM, text, "Which tool compares two trees?")
    assert "compare" not in candidates(TERM, text, "Which tool compares two trees?")       # English words are not


def test_how_long_of_a_thing_is_its_length_and_how_often_a_duration():
    from agents.answers.answer_types import DURATION

    assert answer_type("How often does the daemon poll the queue?") == DURATION
    assert candidates(DURATION, "The daemon polls every 90 seconds.", "How often does the daemon poll?") == ["every 90 seconds"]
    assert candidates(DURATION, "Backups run twice a week.", "How often do backups run?") == ["twice a week"]
    assert candidates(DURATION, "Keep comment lines under 72 characters.", "How long may comment lines be?") == \
        ["under 72 characters"]


def test_yes_or_no_from_the_sentences_main_clauses():
    assert yes_or_no("Can backups be encrypted?", "Backups may be encrypted.") == "yes"
    assert yes_or_no("Should programs support 16-bit machines?", "We don't support 16-bit machines.") == "no"
    assert yes_or_no("Is there a limit on the archive size?", "There is no limit on the size of an archive.") == "no"
    # the question's own negation is matched by the sentence's: "not expanded when ... not interactive" is a no
    assert yes_or_no("Are aliases expanded when the shell is not interactive?",
                     "Aliases are not expanded when the shell is not interactive.") == "no"
    # a negation inside a condition, an aside, or a clause about something else does not answer
    assert yes_or_no("Can I hang pictures on the wall?",
                     "You can hang pictures as long as you don't damage the walls.") == "yes"
    assert yes_or_no("Is it OK to use accents in names?", "It is OK (but not required) to use accents in names.") \
        == "yes"
    assert yes_or_no("Did Tom book the restaurant?", "Not really, but Tom booked the restaurant!") == "yes"


def test_disabled_forbidden_and_unable_say_no():
    assert yes_or_no("Can a restricted user change directory with cd?",
                     "The following are disabled in restricted mode: changing directories with cd.") == "no"
    assert yes_or_no("May guests smoke in the flat?", "Smoking is forbidden in the flat.") == "no"
    assert yes_or_no("Can the tool read encrypted files?", "The tool is unable to read encrypted files.") == "no"
    # the question's own "disabled" is matched by the sentence's
    assert yes_or_no("Is the cd builtin disabled in restricted mode?",
                     "The following are disabled in restricted mode: changing directories with cd.") == "yes"


def test_a_question_after_a_fronted_phrase_is_still_yes_no():
    assert answer_type("By default, is there a limit on the number of recursive calls?") == YES_NO
    assert answer_type("In Bash, can functions be recursive?") == YES_NO
    assert answer_type("In June, where did Li Hua go?") != YES_NO


MANUAL = [
    "Archiver Manual. Chapter 1: Getting Started 1 The archiver keeps your files safe. With no arguments, the "
    "archiver copies the home folder to the first USB disk. Archives may be encrypted with a passphrase.",
    "Chapter 2: Keeping Old Copies 7 The rotation keeps seven copies of every archive (see Section 3.1 "
    "[Schedules], page 12). The archiver does not follow symbolic links unless the --follow option is given.",
    "Chapter 3: Schedules 12 A schedule runs the archiver every night. For large folders, incremental archives "
    "are preferred over full archives. To check an archive, run the arcverify tool.",
]



manual = pdf_library_fixture("archiver", MANUAL)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, line", [
    ("What does the archiver do with no arguments?", "Copies the home folder to the first USB disk [archiver.pdf p.1]"),
    # the head noun the question shares ("archives") is not repeated: the quote shows it
    ("What is preferred over full archives for large folders?", "Incremental [archiver.pdf p.3]"),
    ("How many copies does the rotation keep?", "Seven copies [archiver.pdf p.2]"),
    ("Can archives be encrypted?", "Yes. [archiver.pdf p.1]"),
    ("Does the archiver follow symbolic links?", "No. [archiver.pdf p.2]"),
    ("Which tool checks an archive?", "arcverify [archiver.pdf p.3]"),
    ("How often does the schedule run the archiver?", "Every night [archiver.pdf p.3]"),
])
def test_the_answer_line_states_the_manuals_answer(real_model, manual, question, line):
    assert answer_line(real_model, manual, question) == line
