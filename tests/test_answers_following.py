"""An action that announces a line ("add the following line to `/etc/pam.d/su`:") is given with that line: the line
is what the user must add (actions.with_what_follows; fails with actions.FOLLOWING off)."""
from __future__ import annotations

import pytest

from agents.answers import actions
from agents.answers.actions import with_what_follows
from tests.rag_docs import final_answer, text_library

PAM = ("Control of su\nCreate a group for the users who may become root. Then add the following line to "
       "`/etc/pam.d/su`:\nauth        requisite   pam_wheel.so group=wheel debug\nThis makes sure that only people "
       "from the group wheel can use `su` to become root.")


def test_the_announced_line_joins_the_action(monkeypatch):
    act = "add the following line to `/etc/pam.d/su`"
    assert with_what_follows(act, PAM) == f"{act}: auth requisite pam_wheel.so group=wheel debug"
    assert with_what_follows("add the group", PAM) == "add the group"              # announces nothing
    assert with_what_follows(act, "Then add the following line to `/etc/pam.d/su` at its end.") == act   # no line
    monkeypatch.setattr(actions, "FOLLOWING", False)
    assert with_what_follows(act, PAM) == act


@pytest.fixture(scope="module")
def handbook(tmp_path_factory, real_embedder):
    yield from text_library(tmp_path_factory, real_embedder, "handbook", {"securing.txt": PAM})


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
def test_the_real_model_answers_with_the_line_to_add(real_model, handbook):
    line = final_answer(real_model, handbook, "How do I make sure only some users can su to root?").split("\n", 1)[0]
    assert "pam_wheel.so group=wheel" in line
