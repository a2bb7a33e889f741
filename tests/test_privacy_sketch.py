"""The sketch that keeps the task: typed placeholders, generalizations, removal only, the task check, edits."""
from __future__ import annotations

import re

from agents.privacy.detect import Detector
from agents.privacy.sketch import SELECT_SYSTEM, check_edit, make_sketch
from agents.privacy.task import check_task
from tests.fakes import ScriptedModel

REQUEST = ("Please write a reference letter for Rachel Zheng, who worked at Kowalczyk Logistics as a warehouse "
           "supervisor for four years; her last salary was paid to IBAN GB82 WEST 1234 5698 7654 32.")
PRIVATE = ["Rachel", "Zheng", "Kowalczyk", "GB82", "5698"]


def test_a_request_keeps_its_task_words_and_loses_its_private_values() -> None:
    sketch = make_sketch(REQUEST, None, Detector())
    for value in PRIVATE:
        assert value.lower() not in sketch.text.lower(), value
    # Every other word stays, in order: the cloud is asked the same question.
    for words in ("Please write a reference letter for", "who worked at", "as a warehouse supervisor for four years",
                  "her last salary was paid to"):
        assert words in sketch.text, words
    assert sketch.task.answerable and sketch.task.words[:3] == ("write", "reference", "letter")
    # Typed placeholders: the employer is named as an employer, the IBAN as an IBAN.
    assert re.search(r"worked at <EMPLOYER_1>", sketch.text) and "<IBAN_1>" in sketch.text
    kinds = {r.kind: r for r in sketch.mapping.replacements}
    assert kinds["EMPLOYER"].value == "Kowalczyk Logistics" and "works" in kinds["EMPLOYER"].reason
    assert kinds["IBAN"].value == "GB82 WEST 1234 5698 7654 32" and "checksum" in kinds["IBAN"].reason
    assert "Rachel Zheng" not in repr(sketch.mapping.replacements)     # values never in a repr (logs)


def test_generalizations_keep_what_the_task_needs() -> None:
    request = ("Draft a note to my landlord: I moved to Munich on 14 March 2023 and paid a deposit of €2,150, "
               "which I want back.")
    sketch = make_sketch(request, None, Detector())
    assert "I moved to a large city in Germany on a date in March and paid a deposit of about €2,000" in sketch.text
    for value in ("Munich", "14 March", "2023", "2,150"):
        assert value not in sketch.text
    shown = {r.shown: r.value for r in sketch.mapping.replacements}
    assert shown["a large city in Germany"] == "Munich" and shown["about €2,000"] == "€2,150"
    # A re-check of the outbound text leaves the generalizations alone.
    assert check_edit(sketch.text, request, sketch).text == sketch.text


def test_names_given_away_by_their_context_are_found_in_any_case() -> None:
    request = ("my name is amer and i work at bluefinch dairy in jeddah. my brother sulaiman studies at "
               "mahendra institute of engineering. write a short bio for our website.")
    sketch = make_sketch(request, None, Detector())
    for value in ("amer", "bluefinch", "jeddah", "sulaiman", "mahendra"):
        assert value not in sketch.text.lower(), value
    assert "a mid-size city in Saudi Arabia" in sketch.text or "a large city in Saudi Arabia" in sketch.text
    assert "write a short bio for our website." in sketch.text


def test_the_task_check_says_when_the_task_was_lost() -> None:
    lost = make_sketch("Summarize Hamlet for my son Tom.", None, Detector())
    assert lost.task.missing == ("Hamlet",)
    assert lost.task.message.startswith("The redacted request no longer says what you want")
    assert '"Hamlet"' in lost.task.message
    kept = check_task("Please proofread my cover letter for the bank job.", "Please proofread my cover letter.")
    assert kept.answerable and kept.words == ("proofread", "cover", "letter")
    question = check_task("What is the best way to invest 5000 euros?", "What is the best way?")
    assert question.missing == ("invest", "euros")


def test_the_model_may_only_remove_background_sentences_it_is_offered() -> None:
    background = "I grew up near the sea with my friend Ilse Brandauer and we had three dogs. "
    request = ("Please proofread my cover letter below. " + background
               + "Dear hiring team, I am applying for the analyst role. " * 200)
    model = ScriptedModel([{"remove": [2]}])
    sketch = make_sketch(request, model, Detector())
    assert sketch.from_model and sketch.removed == ("I grew up near the sea with my friend <PERSON_1> and we had "
                                                    "three dogs. ",)
    assert "grew up" not in sketch.text
    assert sketch.text.startswith("Please proofread my cover letter below. Dear hiring team, I am applying for")
    [messages] = model.calls
    assert messages[0]["content"] == SELECT_SYSTEM and "Brandauer" not in messages[-1]["content"]
    # The grammar offers only sentences with a replaced detail and none of the task's words.
    assert model.schemas[0]["properties"]["remove"]["items"]["enum"] == [2]


def test_only_sentences_about_a_person_are_offered_for_removal() -> None:
    # A long pasted text: its sentences with a product's or an acronym's placeholder are the text to work on;
    # only the one naming a person (a detected friend) is personal background the model may take.
    background = "I grew up near the sea with my friend Ilse Brandauer and we had three dogs. "
    request = ("Please proofread my report below. The Zorvex Quantum board ships with two ports. " + background
               + "We tackled the challenge by using domain-driven design (DDD). "
               + "The billing service handles every invoice of the month. " * 150)
    model = ScriptedModel([{"remove": []}])
    sketch = make_sketch(request, model, Detector())
    sent = sketch.text
    assert "The <NAME_1> board ships with two ports." in sent and "domain-driven design (<NAME_2>)" in sent
    assert model.schemas[0]["properties"]["remove"]["items"]["enum"] == [3]


def test_a_story_about_a_third_person_is_not_background() -> None:
    # The writer's background is told in the first person; a pasted story's sentence about someone else is
    # the text the user wants worked on, even though it names a person.
    story = "The captain sailed home with her friend Ilse Brandauer and they had three dogs. "
    background = "I grew up near the sea with my friend Ilse Brandauer and we had three dogs. "
    request = ("Please proofread the story below. " + background + story
               + "The ship crossed the bay before the storm came. " * 150)
    model = ScriptedModel([{"remove": []}])
    sketch = make_sketch(request, model, Detector())
    assert "The captain sailed home with her friend <PERSON_1> and they had three dogs." in sketch.text
    assert model.schemas[0]["properties"]["remove"]["items"]["enum"] == [2]


def test_a_failing_model_removes_nothing() -> None:
    request = "Please proofread my essay about Ilse Brandauer. " + "It rained that day. " * 400
    sketch = make_sketch(request, ScriptedModel([{"wrong": "shape"}]), Detector())
    assert not sketch.removed and "Brandauer" not in sketch.text and "proofread my essay" in sketch.text


def test_an_edit_passes_the_same_detector() -> None:
    sketch = make_sketch(REQUEST, None, Detector())
    edited = ("Write a reference letter for Rachel Zheng, a warehouse supervisor at <EMPLOYER_1>; "
              "she can be called on +44 20 7946 0958.")
    checked = check_edit(edited, REQUEST, sketch)
    assert "Rachel" not in checked.text and "7946" not in checked.text
    assert "<EMPLOYER_1>" in checked.text and "<PHONE_1>" in checked.text
    assert checked.text.startswith("Write a reference letter for <NAME_1>")     # the same value, the same placeholder
    assert "2 private detail(s) replaced" in checked.note and checked.task.answerable
    clean = check_edit("Write a reference letter for a warehouse supervisor.", REQUEST, sketch)
    assert clean.text == "Write a reference letter for a warehouse supervisor." and not clean.replaced
    assert clean.note == "Your edit was checked: no private details found."


def test_every_consent_hint_allows_the_edited_sketch_answer() -> None:
    """The consent callback may answer with an EditedSketch; the front door, the orchestrator and the experts'
    context all say so (they said `bool`, which hid the edit path from type checkers and readers)."""
    import typing

    from agents.api.asking import Asking
    from agents.events import EditedSketch
    from agents.experts.base import ExpertContext
    from agents.orchestrator import Orchestrator
    hints = [typing.get_type_hints(Asking.ask)["consent"], typing.get_type_hints(Orchestrator.run)["consent"],
             typing.get_type_hints(Orchestrator._answer)["consent"], typing.get_type_hints(ExpertContext)["consent"]]
    for hint in hints:
        callback = next(a for a in typing.get_args(hint) if a is not type(None))
        assert EditedSketch in typing.get_args(typing.get_args(callback)[1]), hint
