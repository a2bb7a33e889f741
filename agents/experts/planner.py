"""The planning expert: split a multi-part request into a few sub-questions, run each
through the other experts, and compose one answer with all their citations.

Splitting is by rule when the request shows its parts ("...? ..." or "..., then ...");
otherwise the model lists sub-questions under a schema that allows at most
`max_steps` of them, so a plan is always short and always valid.
"""
from __future__ import annotations

from collections.abc import Callable, Generator

from agents.engine.model_api import ChatModel
from agents.engine.runtime import ModelError
from agents.events import (
    Citation,
    Event,
    ExpertFinished,
    ExpertStarted,
    PlanMade,
    Progress,
    Route,
    Token,
)
from agents.experts.base import ExpertContext, ExpertResult, ExpertRun, prompt
from agents.platform.cancel import CancelToken
from agents.routing.parts import split_parts

MAX_STEPS = 3
MIN_STEP_WORDS = 3      # as agents/routing/parts.py asks of a part the request shows

StepRunner = Callable[[str, ExpertContext], Generator[Event, None, ExpertResult]]


def plan_steps(model: ChatModel, request: str, *, cancel: CancelToken, max_steps: int = MAX_STEPS) -> list[str]:
    parts = split_parts(request)
    if 2 <= len(parts):
        return parts[:max_steps]
    schema = {"type": "object", "properties": {"steps": {
        "type": "array", "minItems": 1, "maxItems": max_steps, "items": {"type": "string", "maxLength": 120}}},
        "required": ["steps"]}
    try:
        value = model.structured(prompt(f"Split the request into at most {max_steps} short questions that can be "
                                        f"answered one by one.\n\nRequest: {request}"), schema, cancel=cancel)
    except ModelError:
        return [request]   # no usable plan: the request is one step
    # a step of fewer than three words is a fragment the small model cut from the request ("word?", "& word?" of "Of
    # the two forms &> word and >& word, which one is preferred?"), no question: then the request is the one step
    steps = [" ".join(s.split()) for s in value["steps"] if len(s.split()) >= MIN_STEP_WORDS]
    return steps[:max_steps] if len(steps) >= 2 else [request]


def run_plan(request: str, steps: list[str], run_step: Callable[[str], ExpertRun], *,
             cancel: CancelToken) -> Generator[Event, None, ExpertResult]:
    yield ExpertStarted("planner", request)
    yield PlanMade(tuple(steps))
    results: list[tuple[str, ExpertResult]] = []
    for done, step in enumerate(steps):
        yield Progress(done, len(steps), step)
        cancel.raise_if_cancelled()
        result = yield from run_step(step)
        results.append((step, result))
    yield Progress(len(steps), len(steps), "composing the answer")
    text = compose(results)
    yield Token(text)
    citations: dict[str, Citation] = {}
    for _, result in results:
        for citation in result.citations:
            citations.setdefault(citation.label, citation)
    yield ExpertFinished("planner", f"{len(steps)} steps")
    return ExpertResult(text, tuple(citations.values()), supported=any(r.supported for _, r in results))


def compose(results: list[tuple[str, ExpertResult]]) -> str:
    """One answer: each sub-question with its answer, in the order asked."""
    if len(results) == 1:
        return results[0][1].text
    return "\n".join(f"{i}. {step.rstrip('?')}? {result.text}" for i, (step, result) in enumerate(results, 1))


class PlanExpert:
    """Route PLAN: split the request, run each part through `run_step` (the orchestrator's other experts)."""

    route = Route.PLAN

    def __init__(self, model: ChatModel, run_step: StepRunner) -> None:
        self.model, self.run_step = model, run_step

    def run(self, context: ExpertContext) -> ExpertRun:
        steps = plan_steps(self.model, context.request, cancel=context.cancel)
        return (yield from run_plan(context.request, steps, lambda step: self.run_step(step, context),
                                    cancel=context.cancel))
