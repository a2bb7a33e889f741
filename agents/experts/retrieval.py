"""The retrieval expert: answer from the user's documents; no unchecked fact is shown as an answer.

Steps:
1. search the library and rank the sentence windows of the top passages by how
   much of the question they cover (agents/answers/quotes.py);
2. decide whether the documents answer it (agents/answers/support.py): a window must cover
   enough of the question and hold what it asks for - its focus ("lawyer", "marketing
   budget") and, for a typed question, a candidate of the wanted kind; else say plainly that
   the documents do not contain the answer and show the closest passage, labelled as such;
3. read the expected answer type from the question (agents/answers/answer_types.py):
   yes/no -> the model chooses yes or no (grammar-constrained) after reading the quote;
   a date, duration, amount, number, person, place, title or a "which/what X" term (a
   command, path, option, address, name, quantity, obligation: agents/answers/spans.py) ->
   candidate spans of that kind from the best windows: the one the question's grammar points at
   (agents/answers/heads.py: "the GNU ngettext function" for "which function"), else the nearest to
   the question's words, else the model's choice among them (grammar-constrained enum; for "where", only
   the located ones when a path or address is among them: agents/answers/kinds.located_options); a "who
   VERBs" question whose passage names the agent by its role gets that role (agents/answers/actors.py); for
   "what must I do to X" / "how do I X", the action the best sentence prescribes (agents/answers/actions.py);
   for "what does X mean / stand for", the words that spell the abbreviation (agents/answers/acronyms.py);
   for "who wrote X", the persons a title page or reference list names after X (agents/answers/bylines.py);
   for a "which X" question that describes what it wants, the term of the definition-list entry whose description
   says it (agents/answers/entries.py: "chpwd" for "which hook function runs when the directory changes");
   for a "what" question, the words right after the text's restatement of it (agents/answers/continuation.py),
   or the subject of the text's "X is the Y" for "what is the Y", else the text's noun phrase with the question's
   head ("the gettext infrastructure": agents/answers/modifiers.py), else the object that follows the question's
   own verb ("fc uses ed" for "Which editor does fc use?": agents/answers/continuation.py);
   no span fits -> the supporting quote itself, labelled "The documents say:" (or, with
   `write=True` for a larger model, one written sentence that is kept only when every
   claim in it is in the passage it cites: agents/answers/claims.py);
4. every answer names its source and shows the supporting quote, the answer span in bold.
Why: SmolLM2-135M writes wrong figures with real citations ("12 months [p.3]" where p.3
says two months) but chooses well among spans that are in the text by construction.
"""
from __future__ import annotations

from collections.abc import Callable, Generator, Sequence

from agents.answers.acronyms import expansion_in
from agents.answers.actions import asks_action, prescribed_action, with_what_follows
from agents.answers.actors import acting_role, asks_object
from agents.answers.bylines import byline_answer
from agents.answers.occasions import occasion_answer
from agents.answers.senders import asks_sender, sender
from agents.answers.answer_types import DATE, DURATION, FREE, PERSON_T, PLACE_T, TERM, YES_NO, answer_type, \
    asks_when_it_happened, beside_head, by_proximity, candidates, grammar_choice, speaker, undergoer
from agents.answers.cataphora import announced_line, asks_for_text
from agents.answers.entries import defined_term
from agents.answers.instruments import instrument
from agents.answers.citations import check_citations, citation_for
from agents.answers.clauses import answer_clause, without_furniture
from agents.answers.continuation import continuation, copula_subject, means, verb_object
from agents.answers.claims import MONTHS, dates, times, unsupported
from agents.answers.evidence import _WORD, STOPWORDS, Evidence, content_terms, split_sentences, stem
from agents.answers.focus import focus
from agents.answers.kinds import condition_choice, is_condition, located_options
from agents.answers.modifiers import head_phrase_in
from agents.answers.polarity import yes_or_no
from agents.answers.quotes import Window, attribute_terms, lines_after, sentence_rest, showing, uncut, windows
from agents.answers.roles import holders
from agents.answers.span_edges import as_line, coordinated, question_numbers, with_closed_code, with_range
from agents.answers.spelling import respelled
from agents.answers.spans import asked_head, highlight, names_a_shape
from agents.answers.support import MAX_UNEXPLAINED, MIN_COVERAGE, decide  # noqa: F401 - the thresholds, re-exported
from agents.answers.window_rank import by_meaning
from agents.documents import DocumentLibrary
from agents.engine.model_api import ChatModel
from agents.engine.prompt_budget import Message
from agents.engine.runtime import ModelError
from agents.events import CitationMade, Event, ExpertFinished, ExpertStarted, RetrievalHits, Route, Token
from agents.experts.base import ExpertContext, ExpertResult, ExpertRun, prompt
from agents.platform.cancel import CancelToken
from rag.entities import normalize, split_camel
from rag.types import DocumentStatus

NO_DOCUMENTS = "No documents are indexed yet, so I cannot answer from them. Add some with: enclave index PATH"
NOT_FOUND = "Your documents do not contain this."
THE_DOCUMENTS_SAY = "The documents say:"
MAX_CHOICES = 6
# How a span is chosen among several: NEAREST (to the question's words), MODEL (grammar-constrained choice) or AUTO
# (the nearest when at most half as far as the next, else the model). bench/spans_dev.py, answer line: realdocs dev
# (40) nearest 10, auto 10, model 12-13; LiHua dev (60) 8, 9, 10; but the model chose wrong amounts, persons and places
# where the nearest is plain (tests/test_answers_e2e.py, test_answers_mail.py): AUTO trades ~3 in 40 for those.
NEAREST, MODEL, AUTO = "nearest", "model", "auto"
CHOOSE = AUTO
# How a yes/no question is answered: "negation" (agents/answers/polarity.py) or "model" (grammar-constrained choice).
# Realdocs dev yes/no answer line: model 5/9 and 4/9 in two runs of the same code; negation: see README.
YES_NO_BY = "negation"
EXPANSIONS = True        # round thirteen: an abbreviation's meaning is the expansion the text spells beside it
ENTRIES = True           # the term of the definition-list entry whose description the question restates
CATAPHORA = True         # the line a sentence announces ("should look like this:", "Thus:") for a question of text
INSTRUMENTS = True       # "X may be used to VERB" names X for "How do I VERB ...?"
TIE = 0.1                # windows within this score of the best one count as matching as well
INSTRUCTIONS = "Use the sources to answer the question. Cite the source like [{example}]."
WRITE = "Answer the question in one sentence using only the quote. Cite it like [{label}]."


def build_prompt(question: str, evidence: Sequence[Evidence], history: Sequence[Message] = ()) -> list[Message]:
    """Free-answer prompt over compressed evidence (the cloud expert's local finish uses it)."""
    sources = "\n".join(f"[{e.label}] {e.text}" for e in evidence)
    user = f"{INSTRUCTIONS.format(example=evidence[0].label)}\n\nSources:\n{sources}\n\nQuestion: {question}"
    return prompt(user, history)


def answer_from_documents(model: ChatModel, library: DocumentLibrary | None, question: str, *,
                          history: Sequence[Message] = (), k: int = 8, cancel: CancelToken,
                          emit_tokens: bool = True, write: bool = False, temperature: float = 0.1,
                          max_tokens: int = 80,
                          min_coverage: float = MIN_COVERAGE) -> Generator[Event, None, ExpertResult]:
    yield ExpertStarted("retrieval", question)
    indexed = library is not None and any(r.status == DocumentStatus.INDEXED for r in library.documents())
    if library is None or not indexed:
        yield ExpertFinished("retrieval", "no documents indexed")
        return ExpertResult(NO_DOCUMENTS, supported=False)
    passages = library.search(question, k=k)
    if (asked := respelled(question, [p.text for p in passages])) != question:   # a typo: the documents' word
        question, passages = asked, library.search(asked, k=k)
    yield RetrievalHits(question, tuple(passages))
    cancel.raise_if_cancelled()
    ranked = windows(question, passages)
    kind = answer_type(question)
    support = decide(question, kind, ranked, min_coverage=min_coverage)
    if support.window is not None:
        ranked, support = by_meaning(getattr(library, "embedder", None), question, kind, ranked, support, min_coverage)
    if support.window is None:
        text = NOT_FOUND
        citations = ()
        if ranked:
            best = ranked[0]
            text += f" The closest passage, {best.label}, says: \"{best.quote}\" (not an answer)."
            citations = (citation_for(best.passage, quote=best.quote),)
        yield from _emit(text, citations, emit_tokens)
        yield ExpertFinished("retrieval", support.why)
        return ExpertResult(text, citations, supported=False, details={"windows": ranked[:3]})
    ranked = [support.window] + [w for w in ranked if w is not support.window]
    dated = _document_dates(library, ranked[:3]) if kind == DATE else {}
    # "Whom do I contact": the role the asker's verb takes as its object, before any name of the quote
    acting = acting_role(question, [support.window.sentence, support.window.quote]) \
        if (support.quote_only or asks_object(question)) and kind == PERSON_T else ""
    if acting:                  # "Who starts the vote?": "the project secretary starts the voting procedure"
        answer, window, how = acting, support.window, "the role that does the question's verb"
    elif support.quote_only and kind in (DATE, DURATION) and \
            (occasion := occasion_answer(question, support.window.sentence)):
        answer, window, how = occasion, support.window, "the one occasion the best sentence gives (no date)"
    elif support.quote_only:    # "when does Bash run PROMPT_COMMAND": the occasion (or role) is in the quote, no date
        answer, window, how = "", support.window, "an occasion or a role, no span of the kind: the quote"
    else:
        rest, after = _after_passage(library, ranked[0], asks_action(question), CATAPHORA and asks_for_text(question))
        answer, window, how = _answer(model, question, kind, ranked, cancel, write, dated,
                                      limits=(min(max_tokens, 80), temperature), rest=rest, after=after)
    if answer and kind in (TERM, PLACE_T, PERSON_T):     # "/usr or /etc": both under one predicate
        answer = coordinated(window.sentence, answer, candidates(kind, window.sentence, question, window.passage.text))
    shown = f"{window.sentence} {window.quote}"
    answer = with_closed_code(shown, with_range(shown, answer))     # "sections 1 to 9", "`defaults,usrquota`"
    cancel.raise_if_cancelled()
    text = shown_answer(answer, window)
    citations = (citation_for(window.passage, quote=window.quote),)
    yield from _emit(text, citations, emit_tokens)
    yield ExpertFinished("retrieval", f"{kind} question, {support.why}, {how}; quote from {window.label}")
    return ExpertResult(text, citations, True, details={"kind": kind, "how": how, "windows": ranked[:3]})


def shown_answer(answer: str, window: Window) -> str:
    """The answer line and its quote with the answer marked; with no short answer, the quote alone,
    labelled as what the documents say."""
    if not answer:
        return f"{THE_DOCUMENTS_SAY} \"{window.quote}\" [{window.label}]"
    answer = as_line(answer, window.quote)       # "Http://git", "Bashbug", "Debi": code keeps its case
    return f"{answer} [{window.label}]\nFrom {window.label}: \"{highlight(window.quote, answer)}\""


def _emit(text: str, citations: Sequence, emit_tokens: bool) -> Generator[Event, None, None]:
    """The checked answer, shown word by word, then its citations."""
    if emit_tokens:
        words = text.split(" ")
        for i, word in enumerate(words):
            yield Token(word + (" " if i < len(words) - 1 else ""))
    for citation in citations:
        yield CitationMade(citation)


def _after_passage(library: DocumentLibrary, window: Window, rest: bool, after: bool) -> tuple[str, str]:
    """From the window's document, read once: the words that end its passage's last sentence where a chunk boundary
    cut it ("then you should instead submit a bug" + " against wnpp ...") if `rest`, the lines after it if `after`."""
    try:
        pages = [text for _, text in library.document_pages(window.passage.path) if text] if rest or after else []
    except Exception:  # noqa: BLE001 - a document gone from the library: the passage as it is
        pages = []

    def first(read: Callable[[str, str], str]) -> str:
        return next((found for text in pages if (found := read(text, window.passage.text))), "")
    return first(sentence_rest) if rest else "", first(lines_after) if after else ""


def _document_dates(library: DocumentLibrary, ranked: Sequence[Window]) -> dict[str, Window]:
    """The date a document carries in its first line (a message's, e-mail's or memo's own date header),
    written out, for each window's document: "When did X write ..." is answered by that date."""
    out: dict[str, Window] = {}
    for window in ranked:
        pages = library.document_pages(window.passage.path)
        first = pages[0][1].strip().split("\n", 1)[0] if pages and pages[0][1] else ""
        found = [token for token, _ in dates(first)]
        day = next((t for t in found if t.startswith("date:")), None)
        if day is None:
            continue
        month, number = int(day[5:7]), int(day[8:10])
        year = next((t[5:] for t in found if t.startswith("year:")), "")
        clock = next(iter(times(first)), "")
        text = " ".join(p for p in (str(number), MONTHS[month - 1].title(), year) if p)
        text += f", {clock[5:]}" if clock else ""
        out.setdefault(text, window)
    return out


def answer_options(question: str, kind: str, ranked: Sequence[Window], dated: dict[str, Window]) -> dict[str, Window]:
    """Candidate answers of the wanted kind from the best windows, most likely first: for "when did ..."
    the document's own date, for "who ..." the speaker of the matching line, then the spans of the
    sentence that matches the question best, then the rest of the quotes in text order."""
    options: dict[str, Window] = {}
    if kind == DATE and asks_when_it_happened(question):
        options.update(list(dated.items())[:1])
    for window in ranked[:3]:
        if kind == PERSON_T and (who := speaker(window.passage.text, window.sentence)) and \
                normalize(who) not in normalize(question):
            options.setdefault(who, window)
        context = window.passage.text
        for span in candidates(kind, window.sentence, question, context) + \
                candidates(kind, window.quote, question, context):
            options.setdefault(span, window)
    if kind == DATE:
        for span, window in list(dated.items())[:1]:
            options.setdefault(span, window)
    return options


def _answer(model: ChatModel, question: str, kind: str, ranked: list[Window], cancel: CancelToken,
            write: bool, dated: dict[str, Window], limits: tuple[int, float] = (80, 0.1), rest: str = "",
            after: str = "") -> tuple[str, Window, str]:
    """(answer or "", the window it comes from, how it was chosen). `rest`, `after`: the document's words that end the
    best passage's cut last sentence and its lines after the passage (quotes.py sentence_rest, lines_after)."""
    best = ranked[0]
    if kind == YES_NO:
        if YES_NO_BY == "model":
            choice = _choose(model, question, [best], ["yes", "no"], cancel)
            return (choice.capitalize() + ".", best, "model chose yes/no") if choice else ("", best, "quote")
        choice = yes_or_no(question, best.sentence)
        return choice.capitalize() + ".", best, f"{choice}: the sentence's negations against the question's"
    if kind == PERSON_T and (credited := byline_answer(question, ranked[:3])):
        return credited[0], credited[1], "the persons a byline names after the title the question asks about"
    # "What does FTBFS mean?": the words beside the abbreviation whose initials spell it
    if EXPANSIONS and kind in (FREE, TERM) and \
            (spelled := expansion_in(question, [w.passage.text for w in ranked[:3]])):
        window = next(w for w in ranked[:3] if spelled in " ".join(w.passage.text.split()))
        return spelled, showing(window, spelled), "the words whose initials spell the question's abbreviation"
    # "should look like this:" + the format on its own line: the line the best sentence announces
    if kind in (FREE, TERM) and CATAPHORA and \
            (line := announced_line(question, uncut(best), best.passage.text + after)):
        return line, showing(best, line, after or rest), "the line the best sentence announces"
    if kind in (FREE, TERM) and INSTRUMENTS and (means_ := instrument(question, without_furniture(best.sentence))):
        return means_, showing(best, means_), "the subject the best sentence says is used to do the question's verb"
    # the action from the uncut sentences: the quote's cut at MAX_QUOTE_CHARS may fall inside it
    if kind in (FREE, TERM) and \
            (act := prescribed_action(question, best.sentence, without_furniture(uncut(best, rest)),
                                      without_furniture(best.passage.text))):
        act = with_what_follows(act, best.passage.text)
        return act, showing(best, act, rest), "the action the best sentence prescribes (a question of what to do)"
    if kind in (FREE, TERM) and ENTRIES and (entry := defined_term(question, ranked[:1])):
        return entry[0], entry[1], "the term of the definition-list entry the question describes"
    if kind == TERM and (beside := beside_head(question, best.sentence, best.passage.text)):
        return beside, best, "the term beside the question's head in the best sentence"
    if kind in (FREE, TERM) and (undergone := undergoer(question, best.sentence, best.passage.text)):
        return undergone, best, "what undergoes the question's own verb in the best sentence"
    if kind in (FREE, TERM) and not names_a_shape(asked_head(question)) and \
            (follows := continuation(question, without_furniture(best.quote))):
        return follows, best, "the words right after the question's own words"
    if kind == FREE and (way := means(question, without_furniture(best.quote))):
        return way, best, "the means after the question's own passive (via, by, through ...)"
    if kind in (FREE, TERM) and (subject := copula_subject(question, without_furniture(best.quote))):
        return subject, best, "the subject the text says is what the question asks for"
    if kind == TERM and not names_a_shape(asked_head(question)) and \
            (phrase := head_phrase_in(question, without_furniture(best.sentence), without_furniture(best.quote))):
        return phrase, best, "the noun phrase of the best sentence with the question's head"
    if kind in (FREE, TERM) and (done := verb_object(question, without_furniture(best.quote))):
        return done, best, "the object of the question's own verb"
    if kind != FREE:
        offered = answer_options(question, kind, ranked, dated)
        # "where" with a path or address among the options: a name after no locative preposition is no place
        options = located_options(offered) if kind == PLACE_T else offered
        # among the windows that match about as well as the best, the first whose sentence holds a span of the kind
        best = next((w for w in ranked[:5] if w.score >= ranked[0].score - TIE and
                     candidates(kind, w.sentence, question, w.passage.text)), best)
        near = by_proximity(candidates(kind, best.sentence, question, best.passage.text), best.sentence,
                            attribute_terms(question) | set(focus(question).terms) | question_numbers(question), question)
        near = [(span, far) for span, far in near if span in options or span not in offered]
        clear = len(near) == 1 or (len(near) > 1 and near[0][1] * 2 < near[1][1] and CHOOSE != MODEL) or \
            (bool(near) and CHOOSE == NEAREST)
        if kind == PERSON_T and asks_sender(question) and (who := sender(best.passage.text)):
            return who, best, "the sender the message's From header names"
        named = holders(best.sentence, focus(question).phrase) if kind == PERSON_T else []
        if named and named[0] in options:       # "Margaret Okafor (the Landlord)" answers "who is the landlord"
            return named[0], options[named[0]], "the person the passage names in that role"
        # the span the question's grammar points at: in the best window, or in the next ones when nearness
        # does not decide in the best sentence ("The GNU ngettext function" for "which function")
        others = [] if clear else [w for w in ranked if w is not best]
        if kind != DATE and (marked := grammar_choice(question, kind, [best] + others)):
            return marked[0], marked[1], f"the {kind} the question's grammar points at"
        if kind == DATE and not asks_when_it_happened(question) and all(is_condition(s) for s, _ in near) and \
                (condition := condition_choice(question, ranked)):
            return condition[0], condition[1], "the condition right after the question's own predicate"
        if kind == DATE and asks_when_it_happened(question) and dated and not near:
            span, window = next(iter(dated.items()))
            return span, window, "the date of the message or document that says it"
        if len(options) == 1 or clear:
            span = near[0][0] if near else next(iter(options))
            return span, options.get(span, best), f"the {kind} nearest to the question's words in the best sentence"
        if options:
            # the nearest to the question's words first: the small model leans to the first options it reads
            spans = list(dict.fromkeys([span for span, _ in near if span in options] + list(options)))[:MAX_CHOICES]
            quoted = list(dict.fromkeys(options[s] for s in spans))
            choice = _choose(model, question, quoted, spans, cancel)
            if choice:
                return choice, options[choice], f"model chose among {len(spans)} {kind} candidates"
    if write:
        sentence = _write(model, question, best, cancel, limits)
        if sentence:
            return sentence, best, "written by the model, every fact checked"
    if kind == FREE or (kind == TERM and not names_a_shape(focus(question).asked)):
        clause = answer_clause(question, best.sentence, best.quote)
        if clause:
            return clause, best, "the part of the best sentence the question does not say"
    return "", best, "quote"


def _choose(model: ChatModel, question: str, quoted: Sequence[Window], options: list[str],
            cancel: CancelToken) -> str:
    """One of `options`, chosen by the model under a JSON-schema grammar ('' if the model fails)."""
    sources = "\n".join(f"[{w.label}] \"{w.quote}\"" for w in quoted)
    user = f"Sources:\n{sources}\n\nQuestion: {question}\nChoose the answer from the options: {', '.join(options)}."
    schema = {"type": "object", "properties": {"answer": {"type": "string", "enum": options}}, "required": ["answer"]}
    try:
        value = model.structured(prompt(user), schema, cancel=cancel)
    except ModelError:
        return ""
    answer = value.get("answer", "") if isinstance(value, dict) else ""
    return answer if answer in options else ""


def _write(model: ChatModel, question: str, window: Window, cancel: CancelToken,
           limits: tuple[int, float] = (80, 0.1)) -> str:
    """One sentence written by the model, kept only when grounded and every fact is in the passage."""
    user = f"{WRITE.format(label=window.label)}\n\nQuote: \"{window.quote}\"\n\nQuestion: {question}"
    raw = model.chat_text(prompt(user), max_tokens=limits[0], temperature=limits[1], cancel=cancel)
    sentence = (split_sentences(raw) or [""])[0]
    checked = check_citations(sentence, [window.passage], question=question)
    if not checked.supported or unsupported(checked.text, [window.passage.text]):
        return ""
    text = checked.text.replace(f" [{window.label}]", "")
    return text if not foreign_words(text, question, window.quote) else ""


class DocumentsExpert:
    """Route DOCUMENTS: answer from the user's library (a follow-up arrives completed: agents/routing/followup.py).

    `write` lets a larger model state the answer in one sentence (still checked); the settings'
    temperature and answer length bound that sentence like every other route's text.
    """

    route = Route.DOCUMENTS

    def __init__(self, model: ChatModel, library: DocumentLibrary | None, *, write: bool = False) -> None:
        self.model, self.library, self.write = model, library, write

    def run(self, context: ExpertContext) -> ExpertRun:
        settings = context.settings
        return (yield from answer_from_documents(
            self.model, self.library, context.request, cancel=context.cancel,
            emit_tokens=context.emit_tokens, write=self.write, temperature=settings.temperature,
            max_tokens=settings.max_answer_tokens))


COMMON_ZIPF = 5.5     # words this common in English ("must", "give", "need") carry no claim of their own


def foreign_words(sentence: str, question: str, quote: str) -> set[str]:
    """The content words of a written sentence found in neither the question nor the quote (and not very
    common English). Why: the claim check sees numbers, dates and names only; a written "pets cannot be sold"
    over a quote saying "pets are not allowed" changes the meaning with none of them. A written answer may
    rephrase only with the question's and the quote's own words, else the quote is shown instead."""
    from rag.text_stats import zipf as _zipf

    def roots(text: str) -> set[str]:
        return {t.rstrip("e") for t in content_terms(split_camel(text))}

    allowed = roots(question) | roots(quote)
    return {w for w in _WORD.findall(split_camel(sentence)) if w.lower() not in STOPWORDS and len(w) > 1
            and not w[0].isdigit() and stem(w).rstrip("e") not in allowed and _zipf(w.lower()) < COMMON_ZIPF}
