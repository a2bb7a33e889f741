""""Not in your documents" that holds on real text (agents/answers/support.py, predicate.py, navigation.py).

Absent facts used to be answered by a value of the right kind for another predicate, another owner, or from
a contents page: the author for "who translated", an upload address for "the translation team's address", a
contents line for "who designed the logo", "1" from inside code for "how many lines". The unit tests check
the rules on passages written here; the end-to-end tests ask the real SmolLM2 through the orchestrator over a
real PDF manual generated in the test (a title page, a contents page with dot leaders, code) in a real index.
"""
from __future__ import annotations

import pytest

from agents.answers.navigation import is_navigation, without_code
from agents.answers.predicate import asked_verb, held, main_clause, owner_terms
from tests.rag_docs import final_answer, pdf_library_fixture, support_decision


def _decide(question: str, *pages: str):
    return support_decision(question, *pages)


def test_the_asked_verb_is_read_from_the_questions_shape():
    assert asked_verb("When was the first edition of the Archiver Manual published?") == "publish"
    assert asked_verb("Who translated the Archiver Manual into French?") == "translate"
    assert asked_verb("Who originally designed the logo?") == "design"
    assert asked_verb("How much does it cost to register a package?") == "cost"
    assert asked_verb("When did Li Hua book the restaurant?") == "book"
    # light verbs and verbs of saying name no event a passage must repeat: a chat line is the suggestion
    assert asked_verb("When is the meeting scheduled?") == ""
    assert asked_verb("Who suggests getting pizza?") == ""
    assert asked_verb("When did Li Hua express frustration about the client?") == ""
    assert asked_verb("Who is the landlord's lawyer?") == ""


def test_a_verb_is_held_by_another_form_of_it():
    assert held("translate", {"translation"}) and held("design", {"designer"}) and held("publish", {"publication"})
    assert not held("translate", {"write", "author"}) and not held("publish", {"update"})


def test_the_owner_of_the_focus_leaves_out_names_and_shape_words():
    assert owner_terms("What is the email address of the GNU translation team?") == ("translation", "team")
    assert owner_terms("What is the default value of the Readline keymap variable?") == ("keymap",)
    assert owner_terms("What is the maximum value of an exit status in Bash?") == ("exit", "status")
    assert owner_terms("Which feature of Standard C must never be used?") == ()
    assert owner_terms("When was the first edition published?") == ()


def test_a_yes_no_questions_main_clause_leaves_out_its_time_clause():
    assert main_clause("Did Wolfgang ask about Star Wars after he asked about Overwatch?") == \
        "Did Wolfgang ask about Star Wars"


def test_contents_lines_and_code_are_no_statements():
    assert is_navigation("9.2 Bash History Builtins . . . . . . . . . . . . . . . 152 9.3 History Expansion")
    assert is_navigation("command-line arguments, decoding . . . 8 comments . . . 12")
    assert not is_navigation("The rotation keeps seven copies... of every archive.")
    assert "1" not in without_code("the line number in the source file (${BASH_SOURCE[$i+1]})")


TITLE = "Archiver Manual Jane Doe, et al. last updated March 3, 2021"
BODY = ("The Archiver Manual was translated into German by Lena Fischer in 2019. Send bug reports by email to "
        "bugs@archiver.example; packages are uploaded by email to upload@archiver.example.")


@pytest.mark.parametrize("question, pages", [
    # another predicate: the author is no translator
    ("Who translated the Archiver Manual into French?", (TITLE,)),
    # another owner: an upload address is not the translation team's
    ("What is the email address of the Archiver translation team?", (BODY,)),
    # a value said before the focus's owner is named belongs to the variable described before it
    ("What is the default value of the ARCFORMAT variable?",
     ("ARCKEEP The archiver keeps 7 archives by default. ARCFORMAT If this variable is set, its value "
      "is the format of new archives.",)),
    # a backticked file name is no size: a literal name answers only a head that asks for a name
    ("What is the maximum size of the archiver's changelog?",
     ("Record every change of the archiver in `debian/changelog` and in `NEWS`.",)),
    # a contents line is no evidence
    ("Who designed the Archiver logo?", ("1 Getting Started . . . . . . . . . . 1 2 The Archiver Logo . . . . . . . . 4 "
                                         "3 Archiver History Builtins . . . . . . . . 7",)),
    # a number inside code counts nothing
    ("How many lines does the archiver source file contain?",
     ("ARCHIVE_LINENO holds the line numbers of the archiver source file: ${ARCHIVE_LINENO[$i]} is the line "
      "number in the source file (${ARCHIVE_SOURCE[$i+1]}).",)),
    # the focus word itself is no answer: "Maintainers" (a file's name) is not the maintainer
    ("Who is the current maintainer of the Archiver package?",
     ("How can I get a current list of packages? A complete list is in the file indices/ Maintainers.",)),
    # a yes/no question about something no passage names
    ("Does the Archiver support PowerShell scripts?", ("The Archiver supports shell scripts and cron jobs.",)),
])
def test_an_absent_fact_is_refused(question, pages):
    support = _decide(question, *pages)
    assert support.window is None, support


@pytest.mark.parametrize("question, pages, words", [
    ("Who translated the Archiver Manual into German?", (TITLE, BODY), "Lena Fischer"),
    ("Who designed the Archiver logo?", ("The Archiver logo's designer is Anna Berg, a graphic artist.",), "Anna Berg"),
    ("When was the first edition of the Archiver Manual published?",
     (TITLE, "The first edition of the Archiver Manual was published on 4 May 2009."), "4 May 2009"),
    ("What is the address of the Archiver bug reports?", (BODY,), "bugs@archiver.example"),
    ("Does the Archiver support shell scripts?", ("The Archiver supports shell scripts and cron jobs.",), "shell"),
    # "smallest" ranks the value, the text states it
    ("What is the smallest int size GNU programs must support?",
     ("GNU programs need not support the possibility that an int will be less than 32 bits.",),
     "32 bits"),
    # a verb of saying is the chat line itself
    ("Who suggests getting pizza?", ("Tom Becker: Let's get pizza tonight!\nAna Lima: Sounds good.",), "pizza"),
    # a name the text sets in backticks (Markdown's inline code) answers a head that asks for a name or an address
    ("Which distribution should I upload to if I develop new features during a freeze?",
     ("Uploads during a freeze. If you want to develop new stuff for after the freeze, upload to `experimental` "
      "instead.",), "experimental"),
    ("What is the canonical location of the Archiver bug tracker?",
     ("`bugs.archiver.example` is the canonical location for the Archiver bug tracker.",), "bugs.archiver"),
    # the value said after the owner is named is the owner's
    ("What is the default value of the ARCKEEP variable?",
     ("ARCFORMAT If this variable is set, its value is the format of new archives. ARCKEEP If this "
      "variable is set, its value is the number of archives kept, 7 by default.",), "7"),
    # the speaker of the chat line answers "who suggests": a "Name:" that starts a line is no field name
    ("Who suggests getting pizza for dinner?", ("Time: 20261015_15:00\nWolfgangSchulz: Hey man! Wanna grab some "
                                                "pizza for dinner after work?\nLiHua: That sounds awesome!",), "pizza"),
])
def test_a_stated_fact_is_still_answered(question, pages, words):
    support = _decide(question, *pages)
    assert support.window is not None and words in support.window.quote, support


MANUAL = [
    "Archiver Manual Jane Doe, et al. last updated March 3, 2021",
    "Table of Contents 1 Getting Started . . . . . . . . . . . . . . . . . . 3 2 The Archiver Logo . . . . . . . . . . "
    ". . . . . 3 3 Translations . . . . . . . . . . . . . . . . . . 4 4 Source Files . . . . . . . . . . . . . . . 4",
    "Chapter 1: Getting Started The archiver keeps your files safe. The rotation keeps seven copies of every "
    "archive. The Archiver logo shows a blue box with a key.",
    "Chapter 3: Contributing Patches are welcome. The archiver is maintained by Lena Fischer. Send bug reports by "
    "email to bugs@archiver.example; packages are uploaded by email to upload@archiver.example. ARCHIVE_LINENO holds the "
    "line numbers of the archiver source file: ${ARCHIVE_LINENO[$i]} is the line number in the source file "
    "(${ARCHIVE_SOURCE[$i+1]}).",
]


manual = pdf_library_fixture("archiver", MANUAL)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "Who translated the Archiver Manual into French?",
    "What is the email address of the Archiver translation team?",
    "Who designed the Archiver logo?",
    "How many lines of C code does the archiver source contain?",
    "Does the Archiver support PowerShell scripts?",
])
def test_the_real_model_refuses_what_the_manual_does_not_say(real_model, manual, question):
    from agents.experts.retrieval import NOT_FOUND

    assert final_answer(real_model, manual, question).startswith(NOT_FOUND)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, line", [
    ("Who maintains the archiver?", "Lena Fischer [archiver.pdf p.4]"),
    ("How many copies does the rotation keep?", "Seven copies [archiver.pdf p.3]"),
])
def test_the_real_model_still_answers_what_the_manual_says(real_model, manual, question, line):
    assert final_answer(real_model, manual, question).split("\n", 1)[0] == line
