"""The retrieval expert: answer from the user's documents, with checked page citations.

Steps: search the library; compress the hits to the sentences that bear on the
question within a token budget (a 135M model reads ~100 prompt tokens/s, so the
whole prompt targets under ~600 tokens); stream the answer; check every citation
against the passages actually given; when the answer is not grounded, say so and
quote the closest passage instead of guessing.
"""
from __future__ import annotations

from collections.abc import Generator, Sequence

from agents.cancel import CancelToken
from agents.citations import check_citations, citation_for
from agents.documents import DocumentLibrary
from agents.events import CitationMade, Event, ExpertFinished, ExpertStarted, RetrievalHits
from agents.evidence import Evidence, compress, content_terms, split_sentences
from agents.experts.base import ExpertResult, prompt, stream_answer
from agents.model_api import ChatModel
from agents.prompt_budget import Message
from rag.types import DocumentStatus

NO_DOCUMENTS = "No documents are indexed yet, so I cannot answer from them. Add some with: enclave index PATH"
NOT_FOUND = "I could not find this in your documents."
# Measured on SmolLM2-135M: adding "if the sources do not answer, say so" makes it refuse nearly every
# question; unsupported answers are caught afterwards by the citation check instead.
INSTRUCTIONS = "Use the sources to answer the question. Cite the source like [{example}]."


def build_prompt(question: str, evidence: Sequence[Evidence], history: Sequence[Message] = ()) -> list[Message]:
    sources = "\n".join(f"[{e.label}] {e.text}" for e in evidence)
    user = f"{INSTRUCTIONS.format(example=evidence[0].label)}\n\nSources:\n{sources}\n\nQuestion: {question}"
    return prompt(user, history)


def closest_sentence(question: str, evidence: Sequence[Evidence]) -> tuple[Evidence, str]:
    """The evidence sentence sharing most content words with the question (ties: higher rank)."""
    terms = content_terms(question)
    best, best_sentence, best_score = evidence[0], "", -1
    for item in evidence:
        for sentence in split_sentences(item.text):
            score = len(terms & content_terms(sentence))
            if score > best_score:
                best, best_sentence, best_score = item, sentence, score
    return best, best_sentence


def answer_from_documents(model: ChatModel, library: DocumentLibrary | None, question: str, *,
                          history: Sequence[Message] = (), k: int = 8, evidence_budget: int = 360,
                          max_tokens: int = 200, temperature: float = 0.1, cancel: CancelToken,
                          emit_tokens: bool = True) -> Generator[Event, None, ExpertResult]:
    yield ExpertStarted("retrieval", question)
    indexed = library is not None and any(r.status == DocumentStatus.INDEXED for r in library.documents())
    if library is None or not indexed:
        yield ExpertFinished("retrieval", "no documents indexed")
        return ExpertResult(NO_DOCUMENTS, supported=False)
    passages = library.search(question, k=k)
    yield RetrievalHits(question, tuple(passages))
    cancel.raise_if_cancelled()
    evidence = compress(passages, question, evidence_budget, model.count_tokens, min_relevance=0.01, relative=0.5)
    if not evidence:
        yield ExpertFinished("retrieval", "no passage shares a word with the question")
        return ExpertResult(NOT_FOUND, supported=False)
    messages = build_prompt(question, evidence, history)
    raw = yield from stream_answer(model, messages, max_tokens=max_tokens, temperature=temperature,
                                   cancel=cancel, emit=emit_tokens)
    given = [e.passage for e in evidence]
    checked = check_citations(raw, given, question=question)
    text, citations, supported = checked.text, checked.citations, checked.supported
    if not supported:
        item, sentence = closest_sentence(question, evidence)
        text = f"I could not confirm an answer in your documents. The closest passage says: \"{sentence}\" [{item.label}]"
        citations = (citation_for(item.passage),)
    for citation in citations:
        yield CitationMade(citation)
    removed = f", {len(checked.removed)} invented citation(s) removed" if checked.removed else ""
    yield ExpertFinished("retrieval", f"{len(evidence)} passages given, {len(citations)} cited{removed}")
    return ExpertResult(text, citations, supported,
                        details={"raw": raw, "evidence": evidence, "removed": checked.removed})
