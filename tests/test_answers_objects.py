"""The object of the question's own verb and the subject of "X is the Y" answer "what / which" questions
(agents/answers/continuation.py: verb_object, copula_subject), "how is X done" by its means (means); a clock time's minutes are no quantity answer
(agents/answers/spans.py).

The unit tests check the rules on sentences written here; the end-to-end test asks the real SmolLM2 through
the orchestrator over a real PDF manual generated in the test, in a real index.
"""
from __future__ import annotations

import pytest

from agents.answers.continuation import copula_subject, means, verb_object
from tests.rag_docs import answer_line, pdf_library_fixture


def test_the_object_follows_the_questions_own_verb():
    assert verb_object("Which editor does fc use by default in posix mode?",
                       "The fc builtin checks EDITOR if FCEDIT is unset, rather than defaulting directly to ed. "
                       "fc uses ed if EDITOR is unset.") == "ed"
    # the restated object and the question's stranded preposition stand between the verb and the answer
    assert verb_object("What should a new hardcoded username chosen by a package start with?",
                       "When maintainers choose a new hardcoded or dynamically generated username for packages to "
                       "use, they should start this username with an underscore.") == "underscore"
    assert verb_object("Which year does the copyright notice need to mention?",
                       "This copyright notice only needs to mention the most recent year in which changes were "
                       "made.") == "most recent year"
    # a term written as code or quoted right after the question's head: that term alone
    assert verb_object("What word do I send in the subject to subscribe?",
                       "Send the word `subscribe` in the `Subject` of an email.") == "subscribe"
    # restated words that lead into the object's new words are its modifiers
    assert verb_object("What file must every source package include?",
                       "A source package includes a Debian source control file, the original tarball.") \
        == "Debian source control file"


def test_no_object_where_the_question_asks_for_a_subject_or_the_word_is_no_verb():
    # a passive asks for the subject ("must be appended"), a subject question has no subject after its auxiliary
    assert verb_object("What must be appended to the filename of manual pages?",
                       "All manual pages must have an x appended to the filename.") == ""
    assert verb_object("Which program can test whether file names conflict on a file system?",
                       "The doschk program can be loaded onto the file system to test names.") == ""
    # "bugs are closed", "the use of", "a tool like": nouns and adjuncts, no verb with its object
    assert verb_object("What should I include when I close a security bug?",
                       "A bug report is closed when bugs are closed by new uploads.") == ""
    assert verb_object("Which tool can I use to submit bugs?",
                       "You can use a tool like reportbug to submit bugs.") == ""
    assert verb_object("What priority do most Debian packages have?",
                       "Most Debian packages have the value optional.") == ""
    # a capitalized word is a name, no verb: "United" of "Manchester United" takes no object
    assert verb_object("What match does Jake cherish from the final against Manchester United?",
                       "Yeah, the final against Manchester United in 2009 was epic!") == ""
    # the verb is the first such word: "final" of "from the final against" is in the verb's adjunct
    assert verb_object("What match does Jake cherish from the final against the Reds?",
                       "Yeah, the final against the Reds in 2009 was epic!") == ""
    # a bare "what" may stand for a clause: what Ana thinks is no noun phrase after "think"
    assert verb_object("What does Ana think about the new defender?",
                       "I also think the new defender deserves a mention for his skill.") == ""


def test_the_subject_of_x_is_the_y_answers_what_is_the_y():
    assert copula_subject("What is the canonical location of the Bug Tracking System?",
                          "`bugs.debian.org` is the canonical location for the Bug Tracking System (BTS). If you "
                          "plan on doing some statistical analysis, this would be the place.") == "bugs.debian.org"
    assert copula_subject("What is the default keymap of the editor?",
                          "The editor starts in insert mode. Emacs is the default keymap of the editor.") == "Emacs"
    # the copula's run must restate the question; a subject clause of many words is no answer
    assert copula_subject("What is the default keymap of the editor?",
                          "Insert mode is the mode the editor starts in.") == ""
    assert copula_subject("Who is the default keymap of the editor?",
                          "Emacs is the default keymap of the editor.") == ""


def test_how_a_passive_is_done_is_answered_by_its_means():
    assert means("How is the vote conducted in the club?",
                 "The vote is conducted via signed email messages. The list of proposals is online.") == \
        "via signed email messages"
    # no restatement of the question right before the phrase, or no "how is / should ...": no answer
    assert means("How is the vote conducted in the club?", "Members talk by phone every week.") == ""
    assert means("What is the vote conducted via?", "The vote is conducted via signed email messages.") == ""


MANUAL = [
    "Stacker Manual. Chapter 1: Tools 1 The stacker keeps a stack of saved folders. The stk tool reads STKEDIT "
    "first. When EDITOR is unset, stk uses nano to edit the stack file.",
    "Chapter 2: Names 2 When administrators choose a new hardcoded stack name for shared use, they should start "
    "this name with a plus sign. This avoids clashes with personal stacks.",
    "Chapter 3: Servers 3 `stacks.example.org` is the canonical location for the shared stack registry. "
    "Mirrors copy it every night.",
    "Chapter 4: Updates 4 The stack index is updated via signed uploads from members. Old entries expire.",
]

manual = pdf_library_fixture("stacker", MANUAL)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, line", [
    ("Which editor does stk use when EDITOR is unset?", "Nano [stacker.pdf p.1]"),
    ("What should a new hardcoded stack name start with?", "Plus sign [stacker.pdf p.2]"),
    ("What is the canonical location of the shared stack registry?", "stacks.example.org [stacker.pdf p.3]"),
    ("How is the stack index updated?", "Via signed uploads from members [stacker.pdf p.4]"),
])
def test_the_answer_line_states_the_object_or_subject_the_question_asks_for(real_model, manual, question, line):
    assert answer_line(real_model, manual, question) == line


def test_the_minutes_of_a_clock_time_are_no_quantity():
    """"18:00 EmilyBurnett" in a chat's time line: "00 EmilyBurnett" was a number with its unit, and an answer."""
    from agents.answers.answer_types import TERM, candidates

    found = candidates(TERM, "Time: 2026-08-26 18:00 EmilyBurnett: You should watch The Crown next.",
                       "What TV show does EmilyBurnett recommend?")
    assert not any(span.startswith("00") for span in found), found
    assert "about 12 feet" in candidates(TERM, "The basement is about 12 feet wide.", "What is the size of the basement?")
