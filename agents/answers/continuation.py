"""The answer that follows the question's own words in the text.

Why: "What should the default for INSTALL_DATA be?" over "the default for INSTALL_DATA should be
${INSTALL} -m 644"; "What was POSIXLY_CORRECT originally going to be named?" over "'POSIXLY_CORRECT'
(which was originally going to be named 'POSIX_ME_HARDER')". A question restates the text's subject and
predicate and leaves a hole where the answer is; in English the hole is most often right after the
restated words (the complement of "is/should be/named/called ..."). Nearness to single question words
and the longest run of new words (agents/answers/clauses.py) both missed it. So: the run of the text
that restates the most of the question's content words, and the words right after it, up to the end of
the clause - verbatim from the document.
"""
from __future__ import annotations

import re

from agents.answers.evidence import _WORD, STOPWORDS, lemma
from agents.answers.span_edges import code_like

MIN_RESTATED = 2         # content words of the question the run must restate
MAX_WORDS = 10
MAX_COMPLEMENT = 4       # words of an answer that is the complement of a copula ("The default value is emacs")
_LINKS = frozenset("is are was were be been named called".split())
_TOKEN = re.compile(r"\S+")
_ADJUNCT = frozenset("for in at on by with from when if because since while".split())
_WH = frozenset("what which who whom whose when where why how".split())
_QUOTE = re.compile(r"^[\"“‘'`]([^\"”’'`]{1,60})[\"”’'`]")
_TRAILING_BREAK = re.compile(r"[,;)\]]+$")
_BREAK = re.compile(r"[,;:()\[\]“”\"]|\.$")


def _parts(token: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(token)]


def _restated(question: str) -> set[str]:
    return {lemma(w) for w in _parts(question) if w not in STOPWORDS and w not in _WH and len(w) > 1}


def continuation(question: str, text: str) -> str:
    """The words of `text` right after its run that restates at least MIN_RESTATED of the question's content
    words (the run with the most), to the end of that clause; a quoted term there alone. '' when none."""
    asked = _restated(question)
    if len(asked) < MIN_RESTATED:
        return ""
    tokens = _TOKEN.findall(text)
    best_hits, best_end, best_seen = 0, -1, set()
    seen: set[str] = set()
    last = -1
    for i, token in enumerate(tokens):
        lemmas = {lemma(p) for p in _parts(token) if p not in STOPWORDS}
        if lemmas and not lemmas <= asked:      # a new content word closes the run
            seen, last = set(), -1
            continue
        if lemmas:
            seen |= lemmas
            last = i
        if last >= 0 and len(seen) > best_hits:
            best_hits, best_end, best_seen = len(seen), last, set(seen)
        if _ends_clause(token):
            seen, last = set(), -1
    if best_hits < MIN_RESTATED or best_end < 0 or _ends_clause(tokens[best_end]):
        return ""
    verb = subject_verb(question)
    if verb and verb not in best_seen:
        return ""       # "Which IRC network hosts most Debian channels?" over "IRC channels are dedicated to ...":
                        # words after the question's object restated say what the object is, not its subject
    parts = _parts(tokens[best_end])
    return _answer(tokens[best_end + 1:], asked, linked=bool(parts) and parts[-1] in _LINKS)


_SUBJECT_QUESTION = re.compile(r"^\s*(?:which|what)\s+((?:[\w-]+\s+){0,3}?)([a-z]+(?:s|ed))\s+"
                               r"(?:the|a|an|most|all|some|any|every|each|my|your|our|its|their|this|these|those)\b",
                               re.I)
_NOT_VERBS = frozenset("is was has does this its his as us".split())


def subject_verb(question: str) -> str:
    """The lemma of the verb of a question whose wh-phrase is its subject ("Which IRC network **hosts** most
    Debian channels?": a word in -s or -ed right after the wh-phrase, a determiner after it), '' for others."""
    match = _SUBJECT_QUESTION.match(question)
    if not match or match.group(2).lower() in _NOT_VERBS or not match.group(1).strip():
        return ""
    return lemma(match.group(2).lower())


def _ends_clause(token: str) -> bool:
    return bool(re.search(r"[.;:!?]$", token)) and not re.search(r"\w\.\w", token)


def _answer(tokens: list[str], asked: set[str], linked: bool = False) -> str:
    """The clause's words after the restated run: linking words ("should be", "is", "to") skipped, up to a
    clause break or MAX_WORDS; a quoted term alone. `linked`: the restated run itself ends on a linking word
    ("Debian's GitLab instance called Salsa" for "What is Debian's GitLab instance called?")."""
    start = 0
    while start < len(tokens) and all(p in STOPWORDS for p in _parts(tokens[start])) and _parts(tokens[start]):
        start += 1
    rest = " ".join(tokens[start:start + MAX_WORDS + 1])
    if (quoted := _QUOTE.match(rest)):
        return quoted.group(1).strip()
    named = linked      # "called Salsa for that purpose": a name, then an adjunct ("is shorthand for X": no name)
    linked = linked or any(_parts(t) and _parts(t)[-1] in _LINKS for t in tokens[:start])
    words: list[str] = []
    for token in tokens[start:start + MAX_WORDS]:
        if words and {lemma(p) for p in _parts(token) if p not in STOPWORDS} & asked:
            break           # the question's words again: the answer ended ("the restaurant for the dinner")
        if words and named and token.lower() in _ADJUNCT:
            break           # "called Salsa for that purpose": the complement ended where an adjunct begins
        cut = _BREAK.search(token)
        if cut and re.search(r"\w\.\w|[$]\{|\$\(", token):
            cut = _TRAILING_BREAK.search(token)      # "1.1, and not 1.0": the comma after a dotted number
        if cut:
            head = token[:cut.start()]
            if head:
                words.append(head)
            break
        words.append(token)
    while words and all(p in STOPWORDS for p in _parts(words[-1])):
        words.pop()
    answer = " ".join(words).strip(".,;: ")
    new = {lemma(p) for p in _parts(answer) if p not in STOPWORDS} - asked
    # a complement of "is / should be / named": a few words; else only a term written as code
    return answer if new and (linked and len(answer.split()) <= MAX_COMPLEMENT or code_like(answer) and " " not in answer) \
        else ""


# --- the object of the question's own verb ---------------------------------------------------------------------
# "Which editor does fc use by default?" over "fc uses ed if EDITOR is unset"; "What should a new username start
# with?" over "they should start this username with an underscore"; "Which year does the notice need to mention?"
# over "This copyright notice only needs to mention the most recent year in which ...". A "what/which ... AUX
# SUBJECT VERB" question moves the verb's object to the front; the declarative sentence has it right after the
# verb (and after the restated object or preposition the question also holds: "start this username with").
_VERB_QUESTION = re.compile(r"^\s*(?:what|which)\b(?P<head>[^?]*?)\s+(?:do|does|did|should|must|can|could|will|"
                            r"would|shall|may|might)\s+(?P<rest>[^?]+?)\s*\?*\s*$", re.I)
_PREPOSITIONS = frozenset("with for at in on to from by about of into onto over under after before during between "
                          "through without within against like as".split())
_OBJECT_ENDS = frozenset("if when unless because since while so as for in at on by with from to after before "
                         "during which that where who whose than".split())
MAX_OBJECT = 4
_DETERMINERS = frozenset("the a an this that these those my your our their its his her each every any some no "
                          "all".split())
# the word after a subject-question's verb ("Which program can test whether ...", "... can set the ...")
_SUBJECT_FOLLOWS = _DETERMINERS | frozenset("whether if that how what which who".split())
_FINITE = frozenset("is are was were be has have had can could will would must should may might shall".split())
_SUBORDINATORS = frozenset("when if while unless until because since whenever so".split())
_DEGREE = frozenset("most least more less no all both each every any".split())


def _verb_candidates(question: str) -> tuple[set[str], str]:
    """(the lemma of the question's own verb in a set, or none; its stranded preposition or ''). After "do /
    should / can" and the subject, English puts the verb in its base form: the first word that is its own lemma
    (no plural noun of the subject, "files"; no participle, "printed by"), no function word ("have"), no
    capitalized name, after no determiner or preposition, followed by a preposition or the question's end ("fc
    use by default", "need to mention"); the words after it belong to its object and adjuncts. The word before a
    question-final preposition ("start with?") alone. None for a passive ("must be appended": the answer is its
    subject), a question about the subject ("Which program can test whether ..."), and a bare "what" without a
    stranded preposition: "what HEAD" and "what ... with" ask for a noun phrase, "what" alone may ask for a
    clause ("What does Ana think about X?": "that it deserves a mention")."""
    match = _VERB_QUESTION.match(question)
    if not match:
        return set(), ""
    written = [w.strip(".,;:!?\"'`") for w in match.group("rest").split()]
    written = [w for w in written if w]
    words = [w.lower() for w in written]
    clause = next((i for i, w in enumerate(words) if w in _SUBORDINATORS), len(words))
    words, subordinate = words[:clause], clause < len(words)      # "stk use when EDITOR is unset": "use"
    if len(words) < 2 or "be" in words or "been" in words or words[1] in _SUBJECT_FOLLOWS:
        return set(), ""
    if words[-1] in _PREPOSITIONS and not subordinate:
        return ({lemma(words[-2])} if words[-2] not in STOPWORDS else set()), words[-1]
    if not match.group("head").strip():
        return set(), ""    # a bare "what" may stand for a clause ("What does Ana think about X?"), not an object
    for i, word in enumerate(words[1:], 1):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word not in STOPWORDS and lemma(word) == word and following != "of" and written[i][:1].islower() and \
                (following in _PREPOSITIONS or not following) and \
                words[i - 1] not in _PREPOSITIONS and words[i - 1] not in _DETERMINERS:
            return {word}, ""     # the first: the words after it are its object's and adjuncts' ("the final")
    return set(), ""


# Round fourteen: "What should be added to CFLAGS ...?" asks for what the text's active verb takes before the same
# preposition and its object: 'it is best to add "-O0" to "CFLAGS"' (a passive question had no verb to read)
PASSIVE_OBJECT = True
_PASSIVE_QUESTION = re.compile(r"^\s*what\s+(?:should|must|shall|can|may|is|are|has to|needs? to)\s+(?:(?:not|also|first)"
                               r"\s+)?be\s+([a-z]+ed)\s+(to|into|in|on|onto|from|with)\s+(?:the\s+|a\s+|an\s+)?"
                               r"[`\"“‘']?([\w.-]+)", re.I)


def passive_object(question: str, text: str) -> str:
    """The object of the text's active "VERB X PREP OBJECT" for "What should be VERBed PREP OBJECT ...?" (a quoted X
    without its quotes, at most MAX_OBJECT words); '' when the text says no such thing."""
    asked = _PASSIVE_QUESTION.match(question)
    if not asked:
        return ""
    verb, preposition, target = lemma(asked.group(1).lower()), asked.group(2), re.escape(asked.group(3))
    # the verb in any of its forms: "add", "adds", "added"; "use", "uses", "used", "using"
    forms = rf"{re.escape(verb[:-1])}(?:e|es|ed|ing)" if verb.endswith("e") else rf"{re.escape(verb)}(?:s|es|ed|ing)?"
    found = re.search(rf"\b{forms}\s+(.{{1,60}}?)\s+{preposition}\s+(?:the\s+)?[`\"“‘']?{target}\b", text, re.I)
    if not found:
        return ""
    value = found.group(1).strip()
    quoted = _QUOTE.match(value)
    if quoted and quoted.end() == len(value):
        return quoted.group(1)
    return value if len(value.split()) <= MAX_OBJECT else ""


def verb_object(question: str, text: str) -> str:
    """The words of `text` right after the question's own verb, where the text restates the question's subject
    or object around it (at least MIN_RESTATED content words): the verb's object, up to a clause break, an
    adjunct ("if", "in which") or a finite verb ("2009 was"), at most MAX_OBJECT words; a quoted term there
    alone. '' when none."""
    if PASSIVE_OBJECT and (moved := passive_object(question, text)):
        return moved
    verbs, stranded = _verb_candidates(question)
    asked = _restated(question)
    match = _VERB_QUESTION.match(question)
    head = {lemma(w) for w in _parts(match.group("head"))} if match else set()
    if not verbs or len(asked) < MIN_RESTATED:
        return ""
    tokens = _TOKEN.findall(text)
    for i, token in enumerate(tokens):
        parts = _parts(token)
        if not parts or lemma(parts[-1]) not in verbs or _ends_clause(token) or _BREAK.search(token) or \
                (i and tokens[i - 1].lower() in _DETERMINERS | _PREPOSITIONS - {"to"}) or \
                (i + 1 < len(tokens) and tokens[i + 1].lower() in _FINITE) or \
                (token[:1].isupper() and i and not _ends_clause(tokens[i - 1])):
            continue     # "the use of", "bugs are closed", "Manchester United in": a noun or a name, no verb
        hits = {lemma(parts[-1])}
        j = i - 1        # the restated words before the verb, in its clause
        while j >= 0 and not _ends_clause(tokens[j]) and not _BREAK.search(tokens[j]):
            lemmas = {lemma(p) for p in _parts(tokens[j]) if p not in STOPWORDS}
            if lemmas and not lemmas <= asked:
                break
            hits |= lemmas
            j -= 1
        k = i + 1        # the restated object and the question's preposition after it ("this username with")
        seen_preposition = not stranded
        while k < len(tokens) and not _QUOTE.match(tokens[k]):
            words = _parts(tokens[k])
            lemmas = {lemma(p) for p in words if p not in STOPWORDS}
            if not words or (lemmas and not lemmas <= asked):
                break
            seen_preposition = seen_preposition or stranded in words
            hits |= lemmas
            if _ends_clause(tokens[k]) or _BREAK.search(tokens[k]):
                k = len(tokens)
                break
            k += 1
        if len(hits) < MIN_RESTATED or not seen_preposition or k >= len(tokens):
            continue
        if (quoted := _QUOTE.match(tokens[k])):
            return quoted.group(1).strip()      # "Send the word `subscribe`"
        first = next((n for n in range(i + 1, k) if any(p not in STOPWORDS for p in _parts(tokens[n]))), k)
        restated = {lemma(p) for n in range(first, k) for p in _parts(tokens[n]) if p not in STOPWORDS}
        if k > first and not restated <= head and not _BREAK.search(tokens[k - 1]) and \
                all(p not in STOPWORDS and p not in _FINITE for p in _parts(tokens[k - 1])):
            k = first    # "includes a Debian source control file": the restated words modify the object's head
        while k > i + 1 and tokens[k - 1].lower() in _DEGREE:
            k -= 1       # "the most recent year": the degree word belongs to the object
        if (quoted := _QUOTE.match(" ".join(tokens[k:k + MAX_OBJECT + 1]))):
            return quoted.group(1).strip()
        words_out: list[str] = []
        for t in tokens[k:k + MAX_OBJECT + 1]:
            low = _parts(t)
            if not low or (low[0] in _OBJECT_ENDS | _FINITE and words_out):
                break
            cut = _BREAK.search(t)
            if cut and not re.search(r"\w\.\w", t):
                if t[:cut.start()]:
                    words_out.append(t[:cut.start()])
                break
            words_out.append(t)
            if _ends_clause(t):
                break
        while words_out and all(p in STOPWORDS and lemma(p) not in head for p in _parts(words_out[-1])):
            words_out.pop()
        answer = " ".join(words_out[:MAX_OBJECT]).strip(".,;: ")
        if words_out and _parts(words_out[0])[:1] and _parts(words_out[0])[0] in _PREPOSITIONS:
            continue     # "use a tool like reportbug": an adjunct, not the verb's object
        if len(words_out) <= MAX_OBJECT and {lemma(p) for p in _parts(answer) if p not in STOPWORDS} - asked:
            return answer
    return ""


# "What is the canonical location of the BTS?" over "`bugs.debian.org` is the canonical location for the Bug
# Tracking System": English states an identity either way round; continuation() reads "the Y is X", this reads
# "X is the Y" - the subject right before the copula that starts the restated run.
_COPULA_QUESTION = re.compile(r"^\s*(?:what|which)\s+(?:is|are|was|were)\s+(?:the|an?)\s+", re.I)
_COPULAS = frozenset("is are was were".split())


def copula_subject(question: str, text: str) -> str:
    """For "What is the Y ...?": the subject X of the text's "X is the Y ..." where the run from the copula on
    restates at least MIN_RESTATED of the question's content words; X of at most MAX_COMPLEMENT words, a quoted
    term alone. '' when none."""
    if not _COPULA_QUESTION.match(question):
        return ""
    asked = _restated(question)
    tokens = _TOKEN.findall(text)
    for i, token in enumerate(tokens[1:], 1):
        if token.lower() not in _COPULAS or _ends_clause(tokens[i - 1]) or _BREAK.search(tokens[i - 1]):
            continue
        hits: set[str] = set()
        for after in tokens[i + 1:]:
            lemmas = {lemma(p) for p in _parts(after) if p not in STOPWORDS}
            if lemmas and not lemmas <= asked:
                break
            hits |= lemmas
            if _ends_clause(after) or _BREAK.search(after):
                break
        if len(hits) < MIN_RESTATED:
            continue
        start = i
        while start > 0 and not _ends_clause(tokens[start - 1]) and not _BREAK.search(tokens[start - 1].rstrip("`")):
            start -= 1
        subject = tokens[start:i]
        while subject and all(p in STOPWORDS for p in _parts(subject[0])):
            subject = subject[1:]
        if not subject or len(subject) > MAX_COMPLEMENT:
            continue
        phrase = " ".join(subject)
        if (quoted := _QUOTE.match(phrase)) and quoted.group(0) == phrase:
            return quoted.group(1).strip()
        if {lemma(p) for p in _parts(phrase) if p not in STOPWORDS} - asked:
            return phrase.strip(".,;: ")
    return ""


# "How is voting conducted in Debian?" over "Voting is conducted via OpenPGP-signed/encrypted email messages":
# a "how" question about a passive asks for the means, which English puts after the participle in a phrase
# of "via / by / through / using / with".
_MANNER_QUESTION = re.compile(r"^\s*how\s+(?:is|are|was|were|should|must|can|could|will|would)\b", re.I)
_MEANS = frozenset("via by through using with".split())
MAX_MEANS = 8


def means(question: str, text: str) -> str:
    """For "How is X VERBed?": the "via / by / through ..." phrase right after the text's run that restates at
    least MIN_RESTATED of the question's content words, to the clause's end, at most MAX_MEANS words. '' when
    none."""
    if not _MANNER_QUESTION.match(question):
        return ""
    asked = _restated(question)
    tokens = _TOKEN.findall(text)
    hits: set[str] = set()
    for i, token in enumerate(tokens):
        lemmas = {lemma(p) for p in _parts(token) if p not in STOPWORDS}
        if token.lower() in _MEANS and len(hits) >= MIN_RESTATED:
            words: list[str] = []
            for t in tokens[i:i + MAX_MEANS + 1]:
                cut = _BREAK.search(t)
                if cut and not re.search(r"\w\.\w", t):
                    if t[:cut.start()]:
                        words.append(t[:cut.start()])
                    break
                words.append(t)
            if 1 < len(words) <= MAX_MEANS:
                return " ".join(words)
        if (lemmas and not lemmas <= asked) or _ends_clause(token) or _BREAK.search(token):
            hits = set()
            continue
        hits |= lemmas
    return ""
