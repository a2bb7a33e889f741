"""'What must I do to X?' / 'How do I X?' are answered by the action the text prescribes
(agents/answers/actions.py).

The unit tests check the grammar on sentences written here; the end-to-end test asks the real SmolLM2
through the orchestrator over a PDF manual generated in the test, in a real index.
"""
from __future__ import annotations

import pytest

from agents.answers.actions import action, asks_action, prescribed_action
from tests.rag_docs import answer_line, pdf_library_fixture


def test_questions_that_ask_what_to_do():
    assert asks_action("What must I do to keep old archives?")
    assert asks_action("What should a maintainer do when a build fails?")
    assert asks_action("What do I have to do before an upload?")
    assert asks_action("How do I restore an archive?")
    assert asks_action("How can I stop the schedule?")
    # what a thing does is a description, not a prescribed action
    assert not asks_action("What does pushd do with no arguments?")
    assert not asks_action("What is the default editor?")
    assert not asks_action("How many copies are kept?")


def test_the_verb_after_a_modal_of_obligation():
    assert action("To keep old archives, you must set the variable KEEP_OLD to yes.") == \
        "set the variable KEEP_OLD to yes"
    assert action("Before an upload you should first check the WNPP list.") == "check the WNPP list"
    # a passive predicate is no action: "must always be matched" prescribes nothing to the reader
    assert action("The names . and .. must always be matched explicitly.") == ""
    # a negated obligation prescribes nothing either
    assert action("You don't have to actually use these functions.") == ""


def test_an_imperative_and_the_means_of_by_verbing():
    assert action("To remove the generated files, type ‘make distclean’.") == "type ‘make distclean’"
    assert action("If you want a dry run, specify the variable DESTDIR as an argument to make.") == \
        "specify the variable DESTDIR as an argument to make"
    assert action("This may be inhibited by using the --norc option.") == "using the --norc option"
    assert action("To report a problem, simply send a mail to admin@example.org.") == \
        "send a mail to admin@example.org"
    # cut at MAX_WORDS, the action does not end on a dangling modal and conjunction
    assert action("To reach the team, use `team@example.org` for anything that holds private or privileged data and "
                  "should stay private.") == "use `team@example.org` for anything that holds private or privileged data"
    assert action("Usually it is best to wait.") == ""          # an adverb opens it, no imperative


def test_the_condition_of_a_sentence_is_no_action_its_main_clause_is():
    assert action("If you need to sign your upload locally, you should run debsign on your changes file.") == \
        "run debsign on your changes file"
    assert action("If you intend to give it away, but you have to keep it for now, then you should file an RFA bug.") \
        == "file an RFA bug"


def test_the_sentence_that_restates_the_question_gives_the_action():
    quote = ("If the bug is caused by another package, just reassign the bug. If you don't know which package it "
             "should be reassigned to, you should ask for help on the mailing list.")
    first = "If the bug is caused by another package, just reassign the bug."
    assert prescribed_action("What should I do if I don't know which package a bug should be reassigned to?",
                             first, quote) == "ask for help on the mailing list"


def test_after_a_goal_what_you_can_do_is_the_action():
    # a leading condition states the goal, "you can VERB" in its main clause the means
    question = "How can I sign my upload locally when porting?"
    assert action("If you need to sign your upload locally, you can run `debsign` on your changes file.",
                  question) == "run `debsign` on your changes file"
    # ... the question's goal: after another condition, "you can VERB" is no answer to it
    assert action("If a repository is hosted on GitHub, you can use the organization to create forks.",
                  "How do I request membership of the organization?") == ""
    # a passage may begin inside the condition: the action that restates the question's own verb and words is the
    # goal, not the answer, and the means follows it
    assert action("need to sign your upload locally for the archive, you can run `debsign` on your changes file.",
                  question) == "run `debsign` on your changes file"
    # with no goal before it, "you can VERB" is a possibility, not the answer
    assert action("You can use the project's organization to create forks.", question) == ""
    # an action with another verb is no restatement ("Orphan all your packages" for "what ... with my packages")
    assert action("Orphan all your packages now.", "What must I do with my packages if I leave?") == \
        "Orphan all your packages now"


def test_a_passive_obligation_is_no_span_for_what_to_do():
    from agents.answers.spans import term_spans

    text = "For example: make DESTDIR=/tmp/stage install DESTDIR should be supported only in the install targets."
    question = "What must I do to install into a staging directory with make?"
    spans = term_spans(text, question)
    assert "DESTDIR" in spans and not any(s.startswith("be supported") for s in spans)
    assert any(s.startswith("be supported") for s in term_spans(text, "What is the rule for DESTDIR?", "rule"))
    assert "set the variable" in " ".join(term_spans("You must set the variable first.", "What must I do to start?"))
    # the active obligation after a passive one in the same stretch is kept
    assert term_spans("If you don't know where it should be moved to, you should ask for help on the list.",
                      "What should I do if I don't know where to move it?") == ["ask for help on the list"]


def test_punctuation_around_a_function_word_is_no_span():
    from agents.answers.spans import term_spans

    text = ("The filenames ``.'' and ``..'' must always be matched explicitly. expand_aliases If set, aliases are "
            "expanded.")
    assert term_spans(text, "What must I do to use aliases in a script?") == ["expand_aliases"]


def test_code_marks_end_no_clause():
    assert action("Then you should submit a bug against `wnpp` and title it `RFA:` and its name.") == \
        "submit a bug against `wnpp` and title it `RFA:` and its name"


def test_the_action_runs_past_the_cut_of_the_quote_and_the_chunk():
    from agents.answers.quotes import MAX_QUOTE_CHARS, Window, sentence_rest, showing, uncut
    from rag.types import Passage

    document = ("Some words come first. If you intend to give the package away but keep it for now, then you "
                "should instead submit a bug\nagainst `wnpp` and title it `RFA:` with the name. More follows.")
    chunk = document[:document.index("\nagainst")]          # a chunk boundary falls inside the sentence
    rest = sentence_rest(document, chunk)
    assert rest == " against `wnpp` and title it `RFA:` with the name."
    long = "If you intend to give the package away but keep it for now, then you should instead submit a bug"
    sentence = long + " " + "and wait " * 30 + "for an answer from the team before you do anything else."
    passage = Passage("c", "d", "/x.txt", None, None, 0, len(sentence), sentence, 1.0)
    window = Window(passage, 0, sentence, sentence[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + " …", 1.0, 1.0, 1.0)
    question = "What should I do if I want to give a package away?"
    assert prescribed_action(question, sentence, uncut(window)).endswith("and wait")   # cut at MAX_WORDS, whole
    assert "for an answer" in showing(window, "before you do anything else").quote
    cut = Passage("c", "d", "/x.txt", None, None, 0, len(chunk), chunk, 1.0)
    last = "If you intend to give the package away but keep it for now, then you should instead submit a bug"
    at_end = Window(cut, 0, last, last, 1.0, 1.0, 1.0)
    assert prescribed_action(question, last, uncut(at_end, rest)) == \
        "submit a bug against `wnpp` and title it `RFA:` with the name"


def test_a_sentence_further_on_in_the_passage_that_restates_more_of_the_question_gives_the_action():
    from agents.answers.quotes import Window, showing
    from rag.types import Passage

    question = "What must I do if I need to add a completely new key to the keyring?"
    best = "If you add signatures to your key, you can update the key ring by sending your key to the server."
    quote = best + " Updates are processed once a month."
    text = quote + (" If you need to add a completely new key or remove an old key, you need to get the new key "
                    "signed by another developer. Details are online.")
    assert prescribed_action(question, best, quote) == "sending your key to the server"
    assert prescribed_action(question, best, quote, text) == "get the new key signed by another developer"
    # a sentence further on that restates no more of the question than the quote does never answers
    assert prescribed_action("What must I do to update the key ring?", best, quote,
                             text.replace("add a completely new key", "add a key")) == \
        "sending your key to the server"
    passage = Passage("c", "d", "/x.txt", None, None, 0, len(text), text, 1.0)
    shown = showing(Window(passage, 0, best, quote, 1.0, 1.0, 1.0), "get the new key signed by another developer")
    assert shown.quote.startswith("If you need to add a completely new key") and "Details" in shown.quote


def test_a_sentence_further_on_that_opens_with_the_questions_goal_gives_the_action():
    question = "How do I request membership of the project organization on the forge?"
    best = ("If a repository is hosted on the forge, you can use the project organization to create forks and "
            "submit branches.")
    quote = best + " The organization is open to all members."
    text = quote + " To request membership, open an issue in the meta repository. Other things follow."
    assert prescribed_action(question, best, quote) == ""
    assert prescribed_action(question, best, quote, text) == "open an issue in the meta repository"
    # a verb alone names no goal: "To install the tool, ..." answers no "what must I do to install into a staging
    # directory"
    assert prescribed_action("What must I do to install into a staging directory?", "It installs.", "It installs.",
                             "It installs. To install the tool, type make install.") == ""


def test_an_action_that_announces_a_list_gives_its_first_item():
    assert action("If you leave, you should make sure you do the following steps: Orphan all your packages, "
                  "as described below.") == "Orphan all your packages"


def test_the_action_may_stand_in_the_sentence_after_the_restated_one():
    quote = "An interactive shell reads ~/.bashrc at start. This may be inhibited by using the --norc option."
    assert prescribed_action("What must I do to stop the shell from reading ~/.bashrc?",
                             "An interactive shell reads ~/.bashrc at start.", quote) == "using the --norc option"
    assert prescribed_action("What does the shell read at start?", quote, quote) == ""


MANUAL = [
    "Archiver Manual. Chapter 1: Getting Started 1 The archiver keeps your files safe in a folder of your choice. "
    "The archiver reads its settings from ~/.archiverc at start. This may be prevented by using the --no-rc "
    "option.",
    "Chapter 2: Restoring 7 A lost file can be brought back from any archive of the last month. To restore a "
    "single file from an archive, type ‘arc restore FILE’. The archive itself is never changed by a restore.",
    "Chapter 3: Checking 9 Archives are kept on disks that age. If you need to check an archive for damage, you can "
    "run ‘arc verify ARCHIVE’ on it. A damaged archive is reported with its first bad block.",
]


manual = pdf_library_fixture("archiver", MANUAL)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, line", [
    ("What must I do to stop the archiver from reading ~/.archiverc?", "Using the --no-rc option [archiver.pdf p.1]"),
    ("How do I restore a single file from an archive?", "Type ‘arc restore FILE’ [archiver.pdf p.2]"),
    ("How can I check an archive for damage?", "Run ‘arc verify ARCHIVE’ on it [archiver.pdf p.3]"),
])
def test_the_answer_line_is_the_prescribed_action(real_model, manual, question, line):
    assert answer_line(real_model, manual, question) == line
