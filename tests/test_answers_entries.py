"""A question that describes what it wants ("Which hook function runs every time the directory changes?") is
answered by the term of the definition-list entry whose description it restates ("chpwd"), and a question
opened by a phrase and a comma ("On a mail server, which port ...") or counting its head ("Which two options")
is read from its question word on. Before, the first got a word of the sentence before the entry, the others
the quote alone."""
from __future__ import annotations

import pytest

from agents.answers.entries import defined_term, entries
from agents.answers.focus import focus
from agents.answers.heads import which_head
from agents.answers.quotes import Window
from agents.answers.spans import SHAPED_HEADS
from rag.types import Passage
from tests.rag_docs import answer_line, text_library

HOOKS = ("Hook functions are run at fixed moments. Note that an error in a `precmd` hook\n"
         "causes an immediately following `periodic` function not to run.\n"
         "`chpwd`\n"
         "Executed whenever the current working directory is changed.\n"
         "`periodic` ¶\n"
         "If the parameter `PERIOD` is set, this function is executed every `$PERIOD`\n"
         "seconds, just before a prompt.\n"
         "`precmd`\n"
         "Executed before each prompt.\n"
         "TRAPZERR\n"
         "Executed whenever a command has a non-zero exit status.\n")


def _window(text: str) -> Window:
    """A window of one passage whose best sentence is its first line."""
    passage = Passage("p1", "d", "/d/functions.html", 1, 1, 0, 0, text, 1.0)
    return Window(passage, 0, text.split("\n")[0], text.split("\n")[0], 1.0, 1.0, 1.0)


def test_the_entries_of_a_definition_list_are_read_and_wrapped_prose_is_not_one():
    found = entries(HOOKS)
    assert [e.term for e in found] == ["chpwd", "periodic", "precmd", "TRAPZERR"]
    assert found[1].description.startswith("If the parameter `PERIOD` is set") and "seconds" in found[1].description
    # a prose line wrapped after two words is no term: the line before it does not end a sentence
    assert entries("Any function that does not exist is silently ignored and\nthe outside function.\nThen more.\n") == []
    # nor is a version or section number above a paragraph, nor the last name of a bare list before one
    assert entries("Changes.\n3.1.1\nPackages split out for offensive material use -offensive.\n") == []
    assert entries("Related directives:\nErrorLog\nLogLevel\nThe server error log is the most important.\n") == []


@pytest.mark.parametrize("question, term", [
    ("Which hook function runs every time the working directory changes?", "chpwd"),
    ("Which trap function is run whenever a command exits with a non-zero status?", "TRAPZERR"),
])
def test_the_entry_whose_description_the_question_restates_gives_its_term(question, term):
    found = defined_term(question, [_window(HOOKS)])
    assert found is not None and found[0] == term
    assert term in found[1].quote and "Executed whenever" in found[1].quote


HISTORY = ("The shell keeps a history.\nHISTFILE\nThe name of the file in which command history is saved. The default "
           "value is ~/.bash_history.\nHISTSIZE\nThe number of commands to remember in the command history.\n")


def test_an_entry_that_says_less_than_the_best_sentence_is_not_read():
    """The best sentence names the answer and says more of the question than any entry: it answers."""
    text = ("The `PATH_SCRIPT` option makes the shell look up a script name without a slash in the current "
            "directory and then in the path.\n" + HOOKS)
    window = _window(text)
    window = Window(window.passage, 0, text.split("\n")[0], text.split("\n")[0], 1.0, 1.0, 1.0)
    assert defined_term("Which option makes the shell look up a script without a slash in the current directory?",
                        [window]) is None


def test_the_term_must_have_the_shape_the_head_asks_for():
    """"Which file": the entry names the variable that holds the file's name; its value is a path, the term is not."""
    assert defined_term("Which file is the command history saved to by default?", [_window(HISTORY)]) is None
    found = defined_term("Which variable names the file the command history is saved to?", [_window(HISTORY)])
    assert found is not None and found[0] == "HISTFILE"


@pytest.mark.parametrize("question", [
    "Which hook function is executed before each prompt?",   # two entries hold as many of its words
    "What does the chpwd hook function do?",                                  # the question names the entry
    "Which hook function runs when the shell exits?",                        # no entry holds two of its words
    "When is the periodic function run?",                                     # no "which/what X" question
])
def test_no_term_where_the_entries_do_not_single_one_out(question):
    assert defined_term(question, [_window(HOOKS)]) is None


def test_a_counted_head_is_the_head():
    assert which_head("Which two options get set only when zsh is invoked as sh?", SHAPED_HEADS) == "options"
    assert focus("Which two options get set only when zsh is invoked as sh?").asked == "option"


MANUAL = ("<html><body><h1>Functions</h1><h2>Hook Functions</h2>"
          "<p>For some functions the shell runs a hook at fixed moments. An error in a <code>precmd</code> hook causes "
          "an immediately following <code>periodic</code> function not to run.</p><dl>"
          "<dt><code>chpwd</code></dt><dd>Executed whenever the current working directory is changed.</dd>"
          "<dt><code>periodic</code></dt><dd>If the parameter <code>PERIOD</code> is set, this function is executed "
          "every <code>$PERIOD</code> seconds, just before a prompt.</dd>"
          "<dt><code>precmd</code></dt><dd>Executed before each prompt.</dd>"
          "<dt><code>zshexit</code></dt><dd>Executed at the point where the main shell is about to exit normally.</dd>"
          "</dl></body></html>")


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "hooks", {"functions.html": MANUAL})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, gold", [
    ("Which hook function runs every time the working directory changes?", "chpwd"),
    ("Which hook function is executed when the main shell is about to exit?", "zshexit"),
])
def test_the_real_model_answers_with_the_entry_of_an_html_manual(real_model, manual, question, gold):
    line = answer_line(real_model, manual, question)
    assert line.split(" [", 1)[0].strip("`* ") == gold, line
