"""A line a manual announces ("should look like this:", "Thus:", "put the following line in ...") answers a question
that asks for a format, a line or a way to do something; a span cut inside code runs on to the code's end; "In order
to X, do Y" prescribes Y as "To X, do Y" does."""
from __future__ import annotations

import pytest

from agents.answers.actions import prescribed_action
from agents.answers.cataphora import announced_line, reads_as_code
from agents.answers.instruments import instrument
from agents.answers.span_edges import with_closed_code
from tests.rag_docs import answer_line, text_library

FORMATS = ("Error messages from compilers should look like this:\nsourcefile:lineno: message\nIf you want to mention "
           "the column number, use one of these formats:\nsourcefile:lineno:column: message\n")
MULTIOS = ("The shell copies its input to all the outputs, similar to tee, provided the MULTIOS option is set.  Thus:\n"
           "date >foo >bar\nwrites the date to two files, named foo and bar.\nNote that a pipe is an implicit "
           "redirection.\n")
SOURCES = ("To manually update the system, put the following line in your sources.list and you will get security "
           "updates automatically. Replace [CODENAME] with the release codename.\ndeb http://security.debian.org/ "
           "[CODENAME]/updates main contrib non-free\nNote: If you are using the testing branch, use its mirror.\n")


@pytest.mark.parametrize("question, sentence, passage, line", [
    ("What format should error messages from compilers use?",
     "Error messages from compilers should look like this: sourcefile:lineno: message", FORMATS,
     "sourcefile:lineno: message"),
    ("How do I write the date into two files with one command?",
     "Thus: date >foo >bar writes the date to two files, named foo and bar.", MULTIOS, "date >foo >bar"),
    ("What line do I add to sources.list to get security updates?",
     "To manually update the system, put the following line in your sources.list and you will get security "
     "updates automatically.", SOURCES, "deb http://security.debian.org/ [CODENAME]/updates main contrib non-free"),
])
def test_the_announced_line_answers(question, sentence, passage, line):
    assert announced_line(question, sentence, passage) == line


NMU = ("Just like any other upload, NMUs must add an entry to debian/changelog. The\nfirst line of this entry must "
       "explicitly mention that this upload is an\nNMU, e.g.:\n* Non-maintainer upload.\nThe way to version NMUs "
       "differs.\n")
DESCRIPTORS = ("Opening file descriptors. The shell opens a new file descriptor for {myfd}>file and stores its number "
               "in myfd. The syntax `{varid}>&-`, for example `{myfd}>&-`, may be used to close a file descriptor "
               "opened in this fashion. Note that the parameter given by varid must previously be set.\n")
AUTOLOAD = "To load the definition of an autoloaded function `myfunc` without\nexecuting `myfunc`, use:\nautoload +X myfunc\n"


@pytest.mark.parametrize("question, sentence, passage, line", [
    ("What must the first line of an NMU's changelog entry say?",
     "The first line of this entry must explicitly mention that this upload is an NMU, e.g.: * Non-maintainer upload.",
     NMU, "* Non-maintainer upload."),
    ("How can I load the definition of an autoloaded function without running it?",
     "To load the definition of an autoloaded function `myfunc` without executing `myfunc`, use: autoload +X myfunc",
     AUTOLOAD, "autoload +X myfunc"),
])
def test_an_example_or_a_use_announces_the_line_too(question, sentence, passage, line):
    assert announced_line(question, sentence, passage) == line


def test_a_question_about_something_else_takes_no_announced_line():
    """"Who wrote ...?" asks for no text the manual sets on a line of its own."""
    assert announced_line("Who set the error message format?",
                          "Error messages from compilers should look like this: sourcefile:lineno: message",
                          FORMATS) == ""


@pytest.mark.parametrize("line, code", [
    ("sourcefile:lineno: message", True),
    ("deb http://security.debian.org/ [CODENAME]/updates main", True),
    ("Note: If you are using the testing branch, use its mirror.", False),     # prose with a colon
    ("writes the date to two files, named foo and bar.", False),
])
def test_a_line_of_code_is_told_from_prose(line, code):
    assert reads_as_code(line) is code


def test_a_span_cut_inside_code_runs_on_to_the_code_end():
    text = "Enabling quota is as easy as modifying the `defaults` setting to `defaults,usrquota` in `/etc/fstab`."
    cut = "modifying the `defaults` setting to `defaults"
    assert with_closed_code(text, cut) == "modifying the `defaults` setting to `defaults,usrquota`"
    assert with_closed_code(text, "`defaults`") == "`defaults`"


def test_in_order_to_leads_the_clause_whose_imperative_is_the_action():
    sentence = "In order to do this permanently, edit `/etc/default/syslogd` and set SYSLOGD to -r."
    action = prescribed_action("How do I make syslogd accept remote messages permanently?", sentence, sentence,
                               sentence)
    assert action.startswith("edit `/etc/default/syslogd`")


@pytest.fixture(scope="module")
def standards(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "announced",
                            {"standards.txt": FORMATS + "\n" + MULTIOS + "\n" + DESCRIPTORS})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, gold", [
    ("What format should error messages from compilers use?", "sourcefile:lineno: message"),
    ("How do I write the date into two files foo and bar with one command?", "date >foo >bar"),
    ("How do I close a file descriptor I opened with {myfd}>?", "{myfd}>&-"),
])
def test_the_real_model_answers_with_the_announced_line(real_model, standards, question, gold):
    assert gold in answer_line(real_model, standards, question)


@pytest.mark.parametrize("question, sentence, means", [
    ("How do I close a file descriptor that I opened with the {myfd}> syntax?",
     "The syntax `{varid}>&-`, for example `{myfd}>&-`, may be used to close a file descriptor opened this way.",
     "{myfd}>&-"),
    ("How can I limit the depth of the function call stack?",
     "The FUNCNEST variable may be used to limit the depth of the function call stack.", "FUNCNEST variable"),
    ("What must I do to destroy an array?", "The unset builtin is used to destroy arrays.", "unset builtin"),
    ("How can I re-execute a portion of the history list?",
     "The builtin command fc (see SHELL BUILTIN COMMANDS below) may be used to re-execute a portion of the history "
     "list.", "builtin command fc"),
])
def test_the_subject_used_to_do_the_question_verb_is_the_means(question, sentence, means):
    assert instrument(question, sentence) == means


@pytest.mark.parametrize("question, sentence", [
    ("How do I close a file descriptor?", "The FUNCNEST variable may be used to limit the depth of the stack."),
    ("Which variable limits the depth of the stack?", "The FUNCNEST variable may be used to limit the depth."),
])
def test_no_means_for_another_verb_or_another_kind_of_question(question, sentence):
    assert instrument(question, sentence) == ""
