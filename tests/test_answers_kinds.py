"""Short answers for "where", "when" and "how often" as technical and administrative prose states them
(agents/answers/kinds.py, answer_types.candidates).

The unit tests check the rules on sentences written here; the end-to-end tests ask the real SmolLM2 through
the orchestrator over a real PDF handbook generated in the test, in a real index.
"""
from __future__ import annotations

import pytest

from agents.answers.answer_types import DATE, DURATION, PLACE_T, TERM, answer_type, beside_head, candidates, \
    grammar_marked
from agents.answers.continuation import continuation
from agents.answers.heads import which_head
from agents.answers.kinds import after_predicate, locative_spans, temporal_spans
from agents.answers.spans import SHAPED_HEADS
from tests.rag_docs import answer_line, pdf_library_fixture


def test_where_is_answered_by_the_object_of_a_locative_preposition():
    text = ("Bug reports go to the bug tracking system. Packaging questions are discussed on the "
            "packagers-help mailing list. Local settings live in /etc/packager/local.conf. "
            "In general, mirrors follow the same way. The project moved to GitHub at github.com/example/tool.")
    assert locative_spans(text) == ["bug tracking system", "packagers-help mailing list", "/etc/packager/local.conf",
                                    "GitHub", "github.com/example/tool"]
    # time and manner are no places: "in general", "in the same way", "at least", "in order to"
    assert locative_spans("In general, do it in the same way, at least in order to finish at the end.") == []
    # a weekday or a month after "on"/"in" is a time: "at Gdansk Central Station on Monday" has one place
    assert locative_spans("Marta will meet them at Gdansk Central Station on Monday, and in March in Oslo.") == \
        ["Gdansk Central Station", "Oslo"]


def test_a_location_in_a_coordination_or_after_its_kind_is_marked_and_names_that_are_no_places_drop():
    question = "Where must the operating system kernel be located?"
    sentence = "Specific Options The operating system kernel must be located in either / or /boot."
    spans = candidates(PLACE_T, sentence, question)
    assert spans == ["/boot"]           # the heading's "Options" is no place once a location is there
    assert grammar_marked(question, sentence, spans) == ["/boot"]
    sentence = "Upload the files with anonymous ftp to the queue host in the directory /pub/UploadQueue/."
    assert "/pub/UploadQueue/" in grammar_marked("Where do I upload?", sentence,
                                                 candidates(PLACE_T, sentence, "Where do I upload?"))
    assert locative_spans("Put it in the directory, or under the /opt/<provider> hierarchy.") == []


def test_a_where_question_prefers_the_location_its_grammar_marks_over_names_nearby():
    sentence = "Questions about GNU and Debian tools are discussed on the packagers-help mailing list."
    question = "Where are questions discussed?"
    spans = candidates(PLACE_T, sentence, question)
    assert grammar_marked(question, sentence, spans) == ["packagers-help mailing list"]


def test_when_is_a_condition_or_event_where_no_date_is_given():
    assert temporal_spans("A package is removed from testing when it has release-critical bugs, and after the "
                          "freeze nothing new enters. Run the checks before uploading.") == \
        ["when it has release-critical bugs", "after the freeze nothing new enters", "before uploading"]
    question = "When is a package removed from testing?"
    assert answer_type(question) == DATE
    assert candidates(DATE, "A package is removed from testing when it has release-critical bugs.", question) == \
        ["when it has release-critical bugs"]
    # a date, where one is given, stays the answer; a bare adverb is no event
    assert candidates(DATE, "It is removed on 3 May 2024 when the freeze starts.", question) == ["3 May 2024"]
    assert temporal_spans("Do it before then, or until now.") == []


def test_the_condition_right_after_the_questions_own_predicate_answers_when():
    text = ("Log files should be removed when the package is purged (but not when it is only removed). This is done "
            "by the cleanup script when it is called with the argument purge.")
    question = "When should a package's log files be removed?"
    assert after_predicate(question, text, temporal_spans(text)) == ["when the package is purged"]


def test_where_is_answered_by_the_place_the_text_follows_with_the_questions_predicate():
    sentence = ("The lists are debian-devel@lists.example.org, used for technical issues, and "
                "debian-policy@lists.example.org, where the policy is discussed and voted on.")
    question = "Where is the policy discussed and voted on?"
    spans = candidates(PLACE_T, sentence, question)
    assert "debian-devel@lists.example.org" in spans
    assert grammar_marked(question, sentence, spans) == ["debian-policy@lists.example.org"]


def test_when_did_it_happen_is_never_answered_by_a_condition():
    """'When was Bash 1.0 released?' asks for a time: a clause like 'after the string is read' is no answer."""
    assert candidates(DATE, "The value is set after the string to be executed is read.",
                      "When was version 1.0 first released?") == []


@pytest.mark.parametrize("sentence, span", [
    ("The testing distribution is updated twice each day.", "twice each day"),
    ("Keys are refreshed every six months.", "every six months"),
    ("Updates sent to the key server are processed once a month.", "once a month"),
    ("The leader is elected every year.", "every year"),
])
def test_how_often_is_answered_by_a_frequency(sentence, span):
    assert candidates(DURATION, sentence, "How often is it done?")[0] == span


def test_the_which_phrase_ends_before_its_verb():
    """A word followed by its object ("hosts most ...", "marks a ...") is the verb, not part of the head."""
    assert which_head("Which IRC network hosts most Debian channels?", SHAPED_HEADS) == "irc network"
    assert which_head("What suffix marks a package split out?", SHAPED_HEADS) == "suffix"
    assert which_head("Which control field must a package have?", SHAPED_HEADS) == "control field"


def test_the_span_beside_the_head_answers_before_the_words_after_the_question():
    question = "Which control field must a team-maintained package have that lists at least one human?"
    sentence = ('If the maintainer of the package is a team, the "Uploaders" control field must be present and must '
                'contain at least one human.')
    assert continuation(question, sentence) == "present"        # what the old rule answered
    assert beside_head(question, sentence) == "Uploaders"
    assert beside_head("Which IRC network hosts most channels?",
                       "They are mainly hosted on the Open and free technology community (OFTC) network.") == "OFTC"


def test_the_span_the_text_follows_with_the_questions_predicate_answers():
    """'X, used to announce ...' answers 'Which list is used to announce ...?' before 'the Debian mailing lists'
    beside the head; a noun the question's words merely modify ('Binary packages that ...') is no apposition."""
    question = "Which mailing list is used to announce important things to developers?"
    sentence = ("The core Debian mailing lists that developers should use are: `devel-announce@lists.example.org`, "
                "used to announce important things to developers.")
    assert beside_head(question, sentence) == "devel-announce@lists.example.org"
    assert beside_head("What suffix should a package with offensive content have?",
                       'Binary packages that have offensive content should have the suffix "-offensive".') == \
        "-offensive"


def test_a_quoted_or_code_shaped_name_beside_the_head_is_a_candidate():
    question = "In which directory do I put material to serve it on the web?"
    assert answer_type(question) == TERM
    assert candidates(TERM, "Put the material in the `public_html` directory under your home.", question) == \
        ["public_html"]
    question = "Against which pseudo-package do I file a bug to ask the committee?"       # fronted "against"
    assert answer_type(question) == TERM
    assert "tech-ctte" in candidates(TERM, "File a new bug against the `tech-ctte` pseudo-package.", question)
    assert "X-Debbugs-CC" in candidates(TERM, "Put the address in the X-Debbugs-CC: header of the message.",
                                        "Which header should I use?")
    # an English compound beside the head is a modifier, not a name
    assert "well-accepted" not in candidates(TERM, "Use a well-accepted standard code set.", "Which standard?")


def test_a_suffix_keeps_its_dash_and_is_not_the_questions_word():
    """'-offensive' is the suffix's name; the question's word 'offensive' does not say it."""
    assert "-offensive" in candidates(TERM, 'Binary packages with offensive content should have the suffix '
                                            '"-offensive".', "What suffix marks a package with offensive material?")



@pytest.mark.parametrize("question, sentence, span", [
    ("What must I prepend to the subject of my mail when I go on vacation?",
     "First send a mail to `team@lists.example.org` with [VAC] prepended to the subject of your message.", "VAC"),
    ("What should be appended to the name of a backup copy?",
     "Editors such as `emacs` keep the previous version with `~old` appended to its name.", "~old"),
])
def test_what_undergoes_the_questions_own_verb_stands_before_its_participle(question, sentence, span):
    assert grammar_marked(question, sentence, candidates(TERM, sentence, question)) == [span]
    # the same word after the participle, or another verb's participle, is not marked
    other = sentence.replace(span, "zz-other").replace("prepended", "shown").replace("appended", "shown")
    assert span not in grammar_marked(question, other, candidates(TERM, other, question))


def test_the_value_a_text_gives_the_questions_head_answers():
    question = "What severity must an ITP bug report have?"
    sentence = ("Send the report to `submit@bugs.example.org` from `devscripts`. The severity of the bug report "
                "must be set to `wishlist`.")
    assert grammar_marked(question, sentence, candidates(TERM, sentence, question)) == ["wishlist"]
    assert grammar_marked("Which codename does release 11 have?", "The codename of release 11 is `bullseye`.",
                          ["bullseye"]) == ["bullseye"]
    # a value of another noun is not the head's
    assert grammar_marked(question, "The priority must be set to `optional`.", ["optional"]) == []

HANDBOOK = [
    "Packager Handbook. Chapter 1: Getting Help. Packaging questions from new contributors are discussed on the "
    "packagers-help mailing list. Security problems are reported by e-mail to the security team.",
    "Chapter 2: Releases. A package is removed from the stable channel when it has an unfixed security flaw. "
    "The mirror index is rebuilt twice each day by the archive robot.",
    "Chapter 3: Configuration. The packager reads its local settings from /etc/packager/local.conf at start-up. "
    "Signing keys must be renewed every two years.",
    "Chapter 4: Naming. Binary packages split out for offensive material should have the suffix \"-rude\". If the "
    "maintainer of a package is a team, the \"Uploaders\" control field must be present and must list one human.",
    "Chapter 5: Logs. Log files should be removed when the package is purged (but not when it is only removed). "
    "This is done by the cleanup script when it is called with the argument purge.",
    "Chapter 6: Requests. A request for a new package is filed as a bug report whose severity must be set to "
    "`wishlist`. Before a holiday, send a note to `team@lists.example.org` with [AWAY] prepended to its subject.",
]


handbook = pdf_library_fixture("handbook", HANDBOOK)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, line", [
    ("Where are packaging questions from new contributors discussed?",
     "Packagers-help mailing list [handbook.pdf p.1]"),
    ("When is a package removed from the stable channel?",
     "When it has an unfixed security flaw [handbook.pdf p.2]"),
    ("How often is the mirror index rebuilt?", "Twice each day [handbook.pdf p.2]"),
    ("Where does the packager read its local settings from?", "/etc/packager/local.conf [handbook.pdf p.3]"),
    ("What suffix should packages split out for offensive material have?", "-rude [handbook.pdf p.4]"),
    ("Which control field must a team-maintained package have?", "Uploaders [handbook.pdf p.4]"),
    ("When should a package's log files be removed?", "When the package is purged [handbook.pdf p.5]"),
    ("What severity must a request for a new package have?", "Wishlist [handbook.pdf p.6]"),
    ("What must I prepend to the subject of my note before a holiday?", "AWAY"),
])
def test_the_answer_line_states_where_when_and_how_often(real_model, handbook, question, line):
    stated = answer_line(real_model, handbook, question)
    assert (stated if "[" in line else stated.split(" [")[0].strip("`[]")) == line, stated
