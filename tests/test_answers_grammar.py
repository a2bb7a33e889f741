"""The answer line states the span the question's grammar points at, whole and as the text writes it
(agents/answers/heads.py, span_edges.py, continuation.py).

The unit tests check the rules on sentences written here; the end-to-end tests ask the real SmolLM2 through
the orchestrator over a real PDF manual generated in the test, in a real index.
"""
from __future__ import annotations

import pytest

from agents.answers.answer_types import NUMBER, PERSON_T, TERM, answer_type, by_proximity, candidates
from agents.answers.continuation import continuation
from agents.answers.heads import which_head
from agents.answers.span_edges import as_line, broken_address, coordinated, said_in, whole_token, with_qualifier
from agents.answers.spans import SHAPED_HEADS
from tests.rag_docs import answer_line, pdf_library_fixture


def _first(question: str, sentence: str) -> str:
    """The span ranked first for the question in the sentence (distance ties are the model's to break)."""
    ranked = by_proximity(candidates(answer_type(question), sentence, question), sentence, set(), question)
    assert ranked and (len(ranked) == 1 or ranked[0][1] < ranked[1][1]), ranked
    return ranked[0][0]


def test_a_which_question_is_answered_by_the_modifier_of_its_head():
    assert which_head("Which function solves the plural problem?", SHAPED_HEADS) == "function"
    assert which_head("Which option inhibits reading the startup files?", SHAPED_HEADS) == "option"
    assert which_head("In which column should the brace go?", SHAPED_HEADS) == "column"
    assert _first("Which function solves the plural problem?",
                  "The GNU ngettext function solves this problem for Polish.") == "ngettext"
    assert _first("Which feature of Standard C must never be used?",
                  "Do not ever use the “trigraph” feature of Standard C.") == "trigraph"
    assert _first("Which option inhibits reading the startup files?",
                  "It looks for ~/.bash_profile and ~/.profile. The --noprofile option may be used to inhibit "
                  "this behavior.") == "--noprofile"


def test_a_who_question_is_answered_by_the_agent_of_its_verb():
    sentence = "The Bourne shell is the traditional Unix shell originally written by Stephen Bourne."
    assert answer_type("Who wrote the original Bourne shell?") == PERSON_T
    assert _first("Who wrote the original Bourne shell?", sentence) == "Stephen Bourne"
    assert _first("Who designed the packer?", "Back then, Ada Lindqvist designed the packer at Nordic Labs.") == \
        "Ada Lindqvist"


def test_a_how_many_question_is_answered_by_the_count_of_its_unit():
    sentence = "Exit statuses fall between 0 and 255, though values above 125 are special. A status has eight bits."
    assert answer_type("How many bits does a status have?") == NUMBER
    assert _first("How many bits does a status have?", sentence) == "eight bits"


def test_a_number_keeps_the_bound_the_text_puts_on_it():
    assert candidates(NUMBER, "A name on MS-DOS consists of up to 8 characters.", "How many characters can a name have?") \
        == ["up to 8 characters"]
    assert with_qualifier("the library prefix, more than two characters long", "two characters") == \
        "more than two characters"
    assert with_qualifier("a prefix of two characters", "two characters") == "two characters"


def test_a_date_range_is_one_answer():
    from agents.answers.answer_types import DATE

    assert candidates(DATE, "The anniversary event runs from April 15 to 17! Come by.", "When is the event?") == \
        ["April 15 to 17"]
    assert candidates(DATE, "Meet on April 15 to discuss the plan.", "When is the meeting?") == ["April 15"]


def test_a_span_is_whole_and_a_broken_address_is_none():
    assert whole_token("conform to IEEE Standard 1003.1 fully", "Standard 1003") == "Standard 1003.1"
    assert whole_token("name it foo-69.96.tar.gz today", "96.tar") == "foo-69.96.tar.gz"
    assert "Standard 1003.1" in candidates(TERM, "Bash conforms to (IEEE Standard 1003.1).",
                                           "Which IEEE standard does Bash conform to?")
    assert broken_address("http://git") and not broken_address("ftp://ftp.gnu.org/pub/gnu/bash/")
    assert candidates(answer_type("Where can I download Bash?"),
                      "It is available from http://git. savannah.gnu.org/cgit/bash.git.",
                      "Where can I download Bash?") == []


def test_a_heading_that_repeats_the_question_is_no_answer():
    spans = candidates(TERM, "Formatting Error Messages Error messages should look like this.",
                       "What format should error messages use?")
    assert "Formatting Error Messages Error" not in spans


def test_a_span_said_in_the_question_is_one_of_its_words_not_its_letters():
    assert said_in("Bourne shell", "Who wrote the original Bourne shell?")
    assert said_in("Li Hua", "Where does LiHua live?")
    assert not said_in("bashbug", "Which command should I use to submit a Bash bug report?")


def test_coordinated_spans_answer_together():
    sentence = "These files should not be stored in /usr or /etc. There are two exceptions."
    assert coordinated(sentence, "/usr", ["/usr", "/etc"]) == "/usr or /etc"
    assert coordinated("It reads ksh, csh and zsh files.", "ksh", ["ksh", "csh", "zsh"]) == "ksh, csh and zsh"
    assert coordinated(sentence, "/etc", ["/usr", "/etc"]) == "/etc"


def test_code_keeps_its_case_on_the_answer_line():
    assert as_line("http://git.example.org/x") == "http://git.example.org/x"
    assert as_line("ftp-upload@gnu.org") == "ftp-upload@gnu.org"
    assert as_line("bashbug") == "bashbug"
    assert as_line("~/.bashrc") == "~/.bashrc"
    assert as_line("seven copies") == "Seven copies"


def test_the_answer_follows_the_questions_own_words():
    assert continuation("What should the default for INSTALL_DATA be?",
                        "(The default for INSTALL_PROGRAM should be $(INSTALL); the default for INSTALL_DATA "
                        "should be ${INSTALL} -m 644.) Then it should use those variables.") == "${INSTALL} -m 644"
    assert continuation("What was PACK_STRICT originally going to be named?",
                        "Set the variable ‘PACK_STRICT’ (which was originally going to be named ‘PACK_PEDANTIC’).") \
        == "PACK_PEDANTIC"
    # a question about its subject ("Which chat network hosts ...") is answered after its own verb restated, not
    # after its object restated ("chat rooms are dedicated to ...": what the rooms are)
    assert continuation("Which chat network hosts most packer rooms?",
                        "Several chat rooms are dedicated to the packer. They are hosted on the Zephyr network.") == ""
    assert continuation("Which file holds the list of users?",
                        "The file that holds the list of users is /etc/passwd here.") == "/etc/passwd"
    # a dotted number or name keeps its dots, yet a comma after it ends the complement
    assert continuation("What was the first official packer release?",
                        "That is why the first official packer release was 1.1, and not 1.0.) Thus the names "
                        "stay.") == "1.1"
    assert continuation("What is the default value of the keymap variable?",
                        "The default value is emacs ; the value also affects the keymap.") == "emacs"
    # a long run of new words after the question's words is no complement: the phrase rule answers those
    # the restated words end on the linking word itself: the name after it, not the adjunct after the name
    assert continuation("What is the archive's mirror service called?",
                        "For large files you can use the archive's mirror service called Tessera for that purpose.") \
        == "Tessera"
    # no name follows the question's own linking word here: the adjunct cut does not apply, nor does this rule
    assert continuation("What does the ARCHIVE value bothways mean?",
                        "A value of ‘bothways’ is shorthand for ‘daily’ and ‘weekly’. A value of ‘none’ stops "
                        "all archives from being kept.") == ""
    assert continuation("What does the FUNCNEST variable control?",
                        "The FUNCNEST variable may be used to limit the depth of the function call stack.") == ""


MANUAL = [
    "Packer Manual. Chapter 1: History 1 The packer is the traditional Unix archiver originally written by Ada "
    "Lindqvist. It is intended to conform to the archive format of the IEEE posix specification (IEEE Standard "
    "1003.1).",
    "Chapter 2: Storage 2 Packed archives should not be stored in /tmp or /var/run. The latest packer is always "
    "available for FTP from ftp://ftp.example.org/pub/packer/ and from http://git. example.org/packer.git.",
    "Chapter 3: Formats 3 A packed header is restricted to eight bits, though values above 125 are reserved. The "
    "GNU zlabel function writes the volume label. If you want the strict behavior, set the environment variable "
    "‘PACK_STRICT’ (which was originally going to be named ‘PACK_PEDANTIC’).",
]


manual = pdf_library_fixture("packer", MANUAL)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, line", [
    ("Who originally wrote the packer?", "Ada Lindqvist [packer.pdf p.1]"),
    ("Which IEEE standard is the packer intended to conform to?", "Standard 1003.1 [packer.pdf p.1]"),
    ("Where should packed archives not be stored?", "/tmp or /var/run [packer.pdf p.2]"),
    ("Where can I download the latest packer by FTP?", "ftp://ftp.example.org/pub/packer/ [packer.pdf p.2]"),
    ("How many bits is a packed header restricted to?", "Eight bits [packer.pdf p.3]"),
    ("Which function writes the volume label?", "zlabel [packer.pdf p.3]"),
    ("What was PACK_STRICT originally going to be named?", "PACK_PEDANTIC [packer.pdf p.3]"),
])
def test_the_answer_line_states_the_span_the_question_asks_for(real_model, manual, question, line):
    assert answer_line(real_model, manual, question) == line
