"""Round thirteen: an abbreviation's meaning is answered with the words that spell it (acronyms.py, EXPANSIONS), and
a question after a fronted clause or with a "to"-taking verb is read from its question word and its real head
(focus.FRONTED_CLAUSE, focus.CATENATIVE): "On a mail server, which port needs to be reachable?" asks for a port.
Each rule's case fails with its switch off."""
from __future__ import annotations

import pytest

from agents.answers import focus as focus_module
from agents.answers.acronyms import asked_abbreviation, expansion, expansion_in
from agents.answers.answer_types import TERM, answer_type, candidates
from agents.answers.focus import focus
from agents.answers.heads import which_head
from agents.answers.spans import SHAPED_HEADS
from tests.rag_docs import answer_line, text_library

BUILD = ("Building a Debian package in this chroot environment verifies the proper build dependency and avoids "
         "FTBFS (Fails To Build From Source) bugs.")
SHELL = ("Bash is the shell, or command language interpreter, for the GNU operating system. The name is an acronym "
         "for the 'Bourne-Again SHell', a pun on Stephen Bourne.")
PORTS = ("A firewall limits what is exposed. For example, on a mail server, only port 25 (where the mail service is "
         "being given) needs to be accessible from the outside.\n\nThe SSH daemon listens on port 22 by default.")


@pytest.mark.parametrize("question, short", [
    ("What does FTBFS mean?", "FTBFS"), ("What does the name Bash stand for?", "Bash"),
    ("What is DFSG short for?", "DFSG"), ("What does the package install?", ""), ("What is FTBFS?", ""),
])
def test_the_abbreviation_asked_about(question, short):
    assert asked_abbreviation(question) == short


def test_the_expansion_is_the_words_whose_initials_spell_it():
    assert expansion("FTBFS", BUILD) == "Fails To Build From Source"
    assert expansion("Bash", SHELL) == "Bourne-Again SHell"          # hyphenated parts and inner capitals count
    assert expansion("DFSG", "the DFSG, the Debian Free Software Guidelines, say") == "Debian Free Software Guidelines"
    assert expansion("FTBFS", "Fails To Build From Source bugs are common.") == ""   # the text never writes FTBFS
    assert expansion("OS", "an OS (operating system)") == ""          # two letters: spelled by chance too often
    assert expansion("FTBFS", BUILD + " " * 400 + "Fine Tools Bring Free Software") == "Fails To Build From Source"


def test_the_expert_answers_an_abbreviation_with_its_expansion(monkeypatch):
    from agents.experts import retrieval
    from agents.platform.cancel import CancelToken
    from tests.fakes import MemoryLibrary, ScriptedModel
    from tests.test_agents_tools import drain

    assert expansion_in("What does FTBFS mean?", [SHELL, BUILD]) == "Fails To Build From Source"
    library = MemoryLibrary({"/d/building.txt": [BUILD], "/d/shell.txt": [SHELL]})

    def line() -> str:
        _, result = drain(retrieval.answer_from_documents(ScriptedModel([{"answer": ""}] * 3), library,
                                                          "What does FTBFS mean?", cancel=CancelToken()))
        return result.text.split("\n", 1)[0]
    assert line().startswith("Fails To Build From Source ["), line()
    monkeypatch.setattr(retrieval, "EXPANSIONS", False)
    assert not line().startswith("Fails To Build From Source")


def test_a_fronted_clause_and_a_to_taking_verb_leave_the_head(monkeypatch):
    question = "On a mail server, which port needs to be reachable from outside?"
    assert focus(question).phrase == "port"
    assert answer_type(question) == TERM
    assert which_head(question, SHAPED_HEADS) == "port"
    assert candidates(TERM, PORTS.split(". ", 1)[1].split("\n")[0], question) == ["port 25"]
    monkeypatch.setattr(focus_module, "CATENATIVE", False)
    assert focus("Which port needs to be reachable?").phrase == "port needs"
    monkeypatch.setattr(focus_module, "FRONTED_CLAUSE", False)
    assert focus(question).phrase == ""


@pytest.fixture(scope="module")
def guide(tmp_path_factory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "guide",
                            {"building.txt": BUILD + "\n\n" + SHELL, "firewall.txt": PORTS})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_path_spells_out_the_abbreviation(real_model, guide):
    assert "Fails To Build From Source" in answer_line(real_model, guide, "What does FTBFS mean?")


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_path_names_the_port(real_model, guide):
    line = answer_line(real_model, guide, "On a mail server, which port needs to be reachable from outside?")
    assert "25" in line and "22" not in line
