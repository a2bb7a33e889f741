"""The role check (agents/answers/roles.py): a summary sentence that swaps who is who is dropped."""
from __future__ import annotations

import pytest

from agents.answers.claims import keep_supported
from agents.answers.roles import role_pairs, source_pairs, swapped_roles
from tests.answer_docs import CONTRACT, MEETING

SOURCE = source_pairs(CONTRACT + MEETING + ["Agent: Priya Natarajan", "Tom Becker is the project lead."])


def test_the_source_states_roles_in_common_shapes():
    assert SOURCE == {(frozenset({"margaret", "okafor"}), "landlord"), (frozenset({"daniel", "reyes"}), "tenant"),
                      (frozenset({"tom", "becker"}), "project lead"), (frozenset({"priya", "natarajan"}), "agent")}
    assert role_pairs("The tenant Daniel Reyes pays. Priya is the chair.") == {
        (frozenset({"daniel", "reyes"}), "tenant"), (frozenset({"priya"}), "chair")}


@pytest.mark.parametrize("sentence", [
    "Daniel Reyes, the landlord, rents out the flat.", "The tenant Margaret Okafor pays £1,725 a month.",
    "Daniel is the landlord.", "Margaret Okafor (the Tenant) pays the deposit.", "Priya Natarajan is the project lead."
])
def test_a_sentence_that_swaps_roles_is_caught(sentence):
    assert swapped_roles(sentence, SOURCE)


@pytest.mark.parametrize("sentence", [
    "Margaret Okafor (the Landlord) lets the flat to Daniel Reyes (the Tenant).", "The landlord Margaret returns it.",
    "Daniel is the tenant.", "The Tenant pays council tax.", "Ana Lima is the note taker.",   # unknown: left alone
    "Tom Becker, the engineer, orders hardware.",       # a role the source gives nobody: not a swap
])
def test_a_right_or_unknown_pairing_is_kept(sentence):
    assert not swapped_roles(sentence, SOURCE)


def test_keep_supported_drops_the_swapped_sentence_and_keeps_the_rest():
    summary = ("- Margaret Okafor (the Tenant) rents from Daniel Reyes.\n- The monthly rent is £1,725.\n"
               "- The landlord Margaret Okafor returns the deposit within ten days.")
    text, dropped = keep_supported(summary, CONTRACT)
    assert text == "- The monthly rent is £1,725.\n- The landlord Margaret Okafor returns the deposit within ten days."
    assert dropped == ["- Margaret Okafor (the Tenant) rents from Daniel Reyes."]
