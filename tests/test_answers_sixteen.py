"""Round sixteen: questions as new hands write them, and commands as Unix manuals cite them.

A phrase fronted before a comma ("With BIND 9, which file ...?", "On a mail server, which port ...?") says where the
asker works; the question proper follows it and gives the kind of answer. A verb that takes "to" ("needs to") ends
the question's head. A port is a number. A manual cites a command by its manual page, "debi(1)": the name before the
section number is code whatever its letters. A program writes "on standard output": where its output goes. "Job number
1" names a job and counts none. "How deep / how big" asks for a magnitude stated with a number. Each case fails with
its switch off (focus.FRONTED_PHRASE, focus.CATENATIVES, spans.MAN_PAGE_NAMES, kinds.STREAMS, qualifiers.NUMBER_NAMES,
value_fit.HOW_BIG). A place said in passing, in a clause set off by ", which", is not where the sentence puts it
(kinds.ASIDES). A yes/no question answered with the opposite word ("should be relative" for "absolute?") is answered
no (polarity.ANTONYMS). A setting written "urgency=medium" gives the head its value (heads.ASSIGNED). A question asked as a request ("Can
you tell me which file ...?") asks the embedded question, never yes or no (focus.INDIRECT).
"""
from __future__ import annotations

import pytest

from agents.answers import focus as focus_module
from agents.answers import kinds, qualifiers, spans, value_fit
from agents.answers.answer_types import DURATION, FREE, NUMBER, PLACE_T, TERM, YES_NO, answer_type, beside_head, \
    candidates
from agents.answers.span_edges import as_line
from agents.answers.focus import asked_part, focus
from tests.rag_docs import final_answer, support_decision, text_library

DEBI = ("The debi(1) command helps you to test installing all the generated binary packages. "
        "$ sudo debi gentoo_0.9.12-1_i386.changes")
FIREWALL = ("For example, on a mail server, only port 25 (where the mail service is being given) needs to be "
            "accessible from the outside.")
PAM = ("The first line loads the cracklib PAM module, which prompts for a new password with a minimum size of 12 "
       "characters.")


def test_a_phrase_fronted_before_a_comma_leaves_the_question_its_kind(monkeypatch):
    assert answer_type("With the cracklib setting shown, how long must a new password be?") == DURATION
    assert answer_type("On a mail server, which port needs to be reachable from outside?") == TERM
    assert asked_part("In sh compatibility mode, which variable names the file?") == "which variable names the file?"
    assert answer_type("By default, is there a limit on recursion?") == YES_NO
    # a question that starts as one is read as it stands
    assert asked_part("Which file, if any, holds the setting?") == "Which file, if any, holds the setting?"
    question = "With the cracklib setting shown, how long must a new password be?"
    assert candidates(DURATION, PAM, question, PAM) == ["12 characters"]
    monkeypatch.setattr(focus_module, "FRONTED_PHRASE", False)
    assert answer_type("With the cracklib setting shown, how long must a new password be?") == FREE
    assert candidates(DURATION, PAM, question, PAM) == []


def test_a_question_asked_as_a_request_asks_the_embedded_question(monkeypatch):
    assert answer_type("Can you tell me which file Bash reads when a login shell exits?") == TERM
    assert focus("Can you tell me which file Bash reads when a login shell exits?").phrase == "file"
    assert answer_type("Do you know how long Readline waits for a character?") == DURATION
    assert asked_part("I'd like to know which option inhibits the startup files.") == \
        "which option inhibits the startup files."
    assert answer_type("Can you tell me if Bash supports arrays?") == YES_NO       # "if": still a yes/no question
    monkeypatch.setattr(focus_module, "INDIRECT", False)
    assert answer_type("Can you tell me which file Bash reads when a login shell exits?") == YES_NO


def test_a_verb_that_takes_to_ends_the_head_and_a_port_is_a_number(monkeypatch):
    question = "On a mail server, which port needs to be reachable from outside?"
    assert focus(question).phrase == "port"
    assert focus("Which config files to back up?").phrase == "config files"
    assert candidates(TERM, FIREWALL, question, FIREWALL)[0] == "25"      # a port is a number, no obligation
    monkeypatch.setattr(focus_module, "CATENATIVES", False)
    assert focus(question).phrase == "port needs"


def test_a_command_cited_by_its_manual_page_is_code(monkeypatch):
    question = "Which command helps me test installing all the binary packages I just built?"
    assert candidates(TERM, DEBI, question, DEBI)[0] == "debi"
    assert beside_head(question, DEBI, DEBI) == "debi"
    assert "crontab" in candidates(TERM, "Edit the table with crontab(1); its format is in crontab(5).",
                                   "Which program edits the table?")
    assert "5" not in candidates(TERM, "See section 5(1) of the contract.", "Which command edits it?")
    monkeypatch.setattr(spans, "MAN_PAGE_NAMES", False)
    assert "debi" not in candidates(TERM, DEBI, question, DEBI)


def test_a_manual_page_name_keeps_its_case_on_the_answer_line():
    assert as_line("debi", DEBI) == "debi"
    assert as_line("debian", "Debian is a distribution.") == "Debian"


def test_a_program_writes_to_a_stream(monkeypatch):
    question = "Where should the --help option print its output?"
    text = "The standard --help option should output brief documentation, on standard output, then exit successfully."
    assert candidates(PLACE_T, text, question, text) == ["standard output"]
    assert "the standard error" not in candidates(PLACE_T, "Errors go to the standard error.", question)
    assert "standard error" in candidates(PLACE_T, "Errors go to the standard error.", question)
    monkeypatch.setattr(kinds, "STREAMS", False)
    assert candidates(PLACE_T, text, question, text) == []


JOBS = ("Jobs\nThe shell prints a line which looks like: [1] 1234 indicating that the job which was started was job "
        "number 1 and had one process.")


def test_a_number_after_number_names_one_thing(monkeypatch):
    question = "How many jobs can the job table hold?"
    assert "1 and" not in candidates(NUMBER, JOBS, question, JOBS)
    assert candidates(NUMBER, "The job table holds 64 jobs.", question)[0] == "64 jobs"
    monkeypatch.setattr(qualifiers, "NUMBER_NAMES", False)
    assert "1 and" in candidates(NUMBER, JOBS, question, JOBS)


def test_how_deep_asks_for_a_magnitude(monkeypatch):
    question = "How deep can shell functions be nested before the shell gives up?"
    autoload = "Functions\nFunctions may be nested and are autoloaded on first use by the shell."
    assert support_decision(question, autoload, path="/d/zsh.html").window is None
    assert support_decision(question, "Functions\nShell functions can be nested at most 1000 deep before the shell "
                                      "gives up.", path="/d/zsh.html").window is not None
    monkeypatch.setattr(value_fit, "HOW_BIG", False)
    assert support_decision(question, autoload, path="/d/zsh.html").window is not None


def test_a_place_said_in_passing_is_not_where_the_sentence_puts_it(monkeypatch):
    from agents.answers.answer_types import grammar_marked

    question = "Where must PID files be placed?"
    text = "Process identifier (PID) files, which were originally placed in /etc, must be placed in /run."
    assert grammar_marked(question, text, candidates(PLACE_T, text, question, text)) == ["/run"]
    monkeypatch.setattr(kinds, "ASIDES", False)
    assert grammar_marked(question, text, candidates(PLACE_T, text, question, text)) == ["/etc"]


def test_the_opposite_word_answers_no(monkeypatch):
    from agents.answers import polarity

    link = ('For example, a symbolic link from "/usr/lib/foo" to "/usr/share/bar" should be relative, but a symbolic '
            'link from "/var/run" to "/run" should be absolute.')
    assert polarity.yes_or_no("Should a symbolic link from /usr/lib/foo to /usr/share/bar be absolute?", link) == "no"
    assert polarity.yes_or_no("Are the parentheses required?", "If it is supplied, the parentheses are optional.") == "no"
    assert polarity.yes_or_no("Is the final delimiter optional?", "The final delimiter is optional.") == "yes"
    monkeypatch.setattr(polarity, "ANTONYMS", False)
    assert polarity.yes_or_no("Are the parentheses required?", "If it is supplied, the parentheses are optional.") == "yes"


def test_a_setting_gives_its_head_a_value(monkeypatch):
    from agents.answers import heads
    from agents.answers.answer_types import grammar_marked

    question = "What urgency should a changelog entry normally have?"
    entry = "1 gentoo (0.9.12-1) unstable; urgency=medium 2 3 * Initial release."
    spans = candidates(TERM, entry, question, entry)
    assert "medium" in spans and grammar_marked(question, entry, spans) == ["medium"]
    monkeypatch.setattr(heads, "ASSIGNED", False)
    assert "medium" not in candidates(TERM, entry, question, entry)


GUIDE = {"checking.txt": "Verifying a package's installation\nYou must test your package for whether it installs "
                         "without problems. " + DEBI + "\n",
         "firewall.txt": "Using a firewall to protect other systems\n" + FIREWALL + "\n"}


@pytest.fixture(scope="module")
def guide(tmp_path_factory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "guide", GUIDE)


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_answers_a_fronted_question_a_request_and_a_man_page_command(real_model, guide):
    line = final_answer(real_model, guide, "On a mail server, which port needs to be reachable from outside?")
    assert line.split("\n", 1)[0].startswith("25 ")
    line = final_answer(real_model, guide, "Which command helps me test installing the binary packages I built?")
    assert line.split("\n", 1)[0].startswith("debi ")      # a command keeps its case
    line = final_answer(real_model, guide, "Can you tell me which command tests installing the binary packages?")
    assert line.split("\n", 1)[0].startswith("debi ")      # the embedded question, not "Yes."
