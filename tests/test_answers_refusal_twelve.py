"""Round twelve of "not in your documents": a focus naming "file", "page" or "document" can be held, and "how many X"
is not answered by a number that names something ("logrotate(8)", "descriptor 1", a footnote's marker).

Each case fails with its switch off (focus.ASKABLE_HELD, qualifiers.NAMING_NUMBERS, qualifiers.BOUNDS).
"""
from __future__ import annotations

import pytest

from agents.answers import qualifiers
from agents.answers.focus import held_lemmas
from tests.rag_docs import final_answer, support_decision, text_library

LOCKS = ("Lock files\nLock files of serial devices are kept in /var/lock. The format used for the contents of such "
         "lock files must be the HDB UUCP lock file format.")
LOCK_QUESTION = "Which lock file format must device lock files use?"
SECTIONS = ("Manual pages\nYou should install manual pages in nroff source form. You should only use sections 1 to 9.")


def test_file_page_and_document_are_words_a_focus_can_hold():
    assert {"lock", "file", "format", "page"} <= held_lemmas("the lock file format of manual pages")


def test_a_focus_naming_a_file_is_held(monkeypatch):
    from agents.answers import focus as focus_module

    assert support_decision(LOCK_QUESTION, LOCKS, path="/d/fhs.html").window is not None
    assert support_decision("Which manual page sections may a package use?", SECTIONS,
                            path="/d/policy.html").window is not None
    monkeypatch.setattr(focus_module, "ASKABLE_HELD", False)
    assert support_decision(LOCK_QUESTION, LOCKS, path="/d/fhs.html").window is None


def test_numbers_that_name_are_no_counts(monkeypatch):
    rotate = "Here is a good example for a logrotate config file (see logrotate(8)): rotate weekly."
    assert qualifiers.is_reference("8", rotate)
    assert qualifiers.is_reference("1", 'The numbered sections "1" through "8" are defined.')
    assert qualifiers.is_reference("1 and", "a duplicate of file descriptor 1 and sets it", "descriptor")
    assert not qualifiers.is_reference("1", "a duplicate of file descriptor 1 and sets it", "file")
    assert qualifiers.is_reference("14", "14 The cat page sections are also found in subdirectories.")
    assert not qualifiers.is_reference("14", "The archive keeps 14 compressed logs.")
    assert qualifiers.is_reference("man7", "man7: Miscellaneous manual pages")
    monkeypatch.setattr(qualifiers, "NAMING_NUMBERS", False)
    assert not qualifiers.is_reference("8", rotate)


def test_how_many_is_not_answered_by_a_numbered_thing(monkeypatch):
    text = ("Opening file descriptors\nThis opens a new file descriptor that is a duplicate of file descriptor 1 and "
            "sets the parameter to its number.")
    _refused_only_with(monkeypatch, "NAMING_NUMBERS", "How many file descriptors can a process open with this syntax?",
                       text)


def test_a_bound_of_the_other_side_is_no_answer(monkeypatch):
    assert qualifiers.opposite_bound("at least 10", "How many descriptors can I open at most?")
    assert qualifiers.opposite_bound("up to 4", "What is the smallest size?")
    assert not qualifiers.opposite_bound("at least 10", "What is the smallest descriptor number?")
    assert not qualifiers.opposite_bound("at least 10", "How many descriptors can I open?")
    text = ("Opening file descriptors\nThe shell opens a new file descriptor for the parameter; the number of the "
            "file descriptor will be at least 10.")
    _refused_only_with(monkeypatch, "BOUNDS", "How many file descriptors can I open with the parameter syntax at most?",
                       text)


def _refused_only_with(monkeypatch, switch: str, question: str, text: str) -> None:
    """Refused with the qualifiers' rule `switch` on, answered with it off."""
    assert support_decision(question, text, path="/d/zsh.html").window is None
    monkeypatch.setattr(qualifiers, switch, False)
    assert support_decision(question, text, path="/d/zsh.html").window is not None


@pytest.fixture(scope="module")
def standard(tmp_path_factory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "standard", {"fhs.txt": LOCKS, "policy.txt": SECTIONS})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_names_the_lock_file_format(real_model, standard):
    answer = final_answer(real_model, standard, LOCK_QUESTION)
    assert not answer.startswith("Your documents do not contain this") and "HDB UUCP" in answer.split("\n", 1)[0]
