"""Round thirteen: an abbreviation's meaning is answered with the words that spell it (acronyms.py; the expert's case
fails with retrieval.EXPANSIONS off), through the real model too."""
from __future__ import annotations

import pytest

from agents.answers.acronyms import asked_abbreviation, expansion, expansion_in
from tests.rag_docs import answer_line, text_library

BUILD = ("Building a Debian package in this chroot environment verifies the proper build dependency and avoids "
         "FTBFS (Fails To Build From Source) bugs.")
SHELL = ("Bash is the shell, or command language interpreter, for the GNU operating system. The name is an acronym "
         "for the 'Bourne-Again SHell', a pun on Stephen Bourne.")


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


@pytest.fixture(scope="module")
def guide(tmp_path_factory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "guide",
                            {"building.txt": BUILD, "shell.txt": SHELL})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_path_spells_out_the_abbreviation(real_model, guide):
    assert "Fails To Build From Source" in answer_line(real_model, guide, "What does FTBFS mean?")
