"""Which span answers: the one English grammar ties to what the question asks for.

Why: nearness to the question's words chose "GNU" for "Which function solves ...?" over "The GNU
ngettext function solves ...", "Unix" for "Who wrote the original Bourne shell?" over "the traditional
Unix shell originally written by Stephen Bourne", and a number near the question's words for "How many
bits ...?" over "eight bits". English marks the answer by its grammar, not by distance:
- a "which/what X" question is answered by the modifier or appositive of X: "the GNU **ngettext**
  function", "the “**trigraph**” feature", "**Emacs** editing mode", "column **one**";
- a "who VERBed" question by the agent: "written **by Stephen Bourne**", "**Stephen Bourne** wrote";
- a "how many UNIT" question by the number counting that unit: "**eight bits**";
- a question about a default by the value the text marks as the default: "defaults to **X**", "the
  default value is **X**", "**X** by default".
`preferred` returns the spans so marked; the expert ranks them first (agents/answers/answer_types.by_proximity).
"""
from __future__ import annotations

import re

from agents.answers import focus as focus_rules
from agents.answers.evidence import _WORD, STOPWORDS, lemma
from agents.answers.kinds import english_compound
from agents.answers.span_edges import MAN_SECTION

_WHICH = re.compile(r"\b(?:which|what)\s+((?:[\w-]+\s+){0,3})", re.I)
_OPEN = "\"“‘'`("
_CLOSE = "\"”’'`)"
_NUMERAL = r"(?:\d+(?:\.\d+)*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# words that open a verb's object: the word before them ends the "which X" phrase
_OBJECT_START = frozenset("the a an most all some any every each my your our its their this these those".split())
_AUX = frozenset("is are was were do does did can could will would should shall may might must has have had "
                 "be been".split())


def which_head(question: str, shaped: frozenset[str] = frozenset()) -> str:
    """The noun phrase a "which/what X" question asks for ("function", "editing mode", "IEEE standard"), as
    written in the question, lowercased; '' for other questions. The phrase runs from the word after
    which/what up to the first function word or auxiliary; a word of `shaped` (a head that names a kind of
    span: "option", "file") ends it ("which option inhibits ..." asks for an option)."""
    match = _WHICH.search(question)
    if not match:
        return ""
    phrase: list[str] = []
    words = match.group(1).split()
    rest = question[match.end():].split()
    for i, word in enumerate(words):
        low = word.lower()
        if not phrase and focus_rules.COUNTED_HEAD and low in focus_rules.CARDINALS and i + 1 < len(words):
            continue    # "which two options": the options are asked for, two of them
        if (low in STOPWORDS and not (low in shaped and not phrase)) or low in _AUX:
            break       # "file" is a stopword of the search, yet the head of "which file ..."
        following = (words[i + 1:] + rest)[:1]
        if phrase and following and following[0].lower() in _OBJECT_START:
            break       # "Which IRC network hosts most Debian channels": "hosts" is the verb, "network" the head
        phrase.append(low)
        if (low in shaped or low.rstrip("s") in shaped) and not (EXTREME_MODIFIES and low in _EXTREMES and
                                                                 _noun_follows(words[i + 1:])):
            break       # "what minimum password size does ...": "minimum" modifies the size asked for
    return " ".join(phrase[-2:])


# Round fourteen: "maximum" / "minimum" name a quantity as a head ("what is the maximum?") but modify the noun after
# them ("What minimum password size does the PAM module prompt for?" asks for a size, not for "minimum")
EXTREME_MODIFIES = True
_EXTREMES = frozenset({"maximum", "minimum"})


def _noun_follows(words: list[str]) -> bool:
    """Does a word of the question's noun phrase follow (no function word, auxiliary or verb of the question)?"""
    following = words[:1]
    return bool(following) and following[0].lower() not in STOPWORDS | _AUX and \
        following[0].lower() not in _OBJECT_START


def _at(text: str, span: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(span), text)]


def adjacent_to_head(text: str, head: str, spans: list[str]) -> list[str]:
    """The spans standing right before the head ("the GNU ngettext function", "the “trigraph” feature") or
    right after it ("the function ngettext", "column one"), quotes and brackets aside."""
    if not head:
        return []
    words = [re.escape(w) for w in head.split()]
    # the head, its last word plural or not ("shells"), the whole phrase or its last word alone
    last = words[-1] + r"s?"
    heads = [r"\s+".join(words[:-1] + [last]), last] if len(words) > 1 else [last]
    out = []
    for span in spans:
        for start in _at(text, span):
            after = text[start + len(span):]
            before = text[:start]
            if any(re.match(rf"[{re.escape(_CLOSE)}]?(?:{MAN_SECTION})?\s+{h}\b", after, re.I) for h in heads) or \
                    any(re.search(rf"\b{h}\s+[{re.escape(_OPEN)}]?$", before, re.I) for h in heads):
                out.append(span)
                break
    return out


# "What status does a backgrounded pipeline return?" over "returns a status of zero": the text gives the head its
# value with "of" (round thirteen: gate3 dev +1; a second corpus, Bash's man page, 3 of 5 before and after)
HEAD_OF_VALUE = True


def head_spans(text: str, head: str) -> list[str]:
    """Spans that only the head makes answers: "column one", "level 3" (the head with its numeral, for "in
    which column ...?"), a capitalized or quoted word before the head ("the Bison manual") and the name the
    text gives the head ("a file named README": a file's name need not look like a path)."""
    if not head:
        return []
    last = re.escape(head.split()[-1])
    found = [m.group(0) for m in re.finditer(rf"\b{last}\s+{_NUMERAL}\b", text, re.I)]
    if HEAD_OF_VALUE:       # the value the text gives the head with "of": "returns a status of zero"
        for m in re.finditer(rf"\b{last}\s+(?:\[\d{{1,3}}\]\s+)?of\s+({_NUMERAL}|zero)\b(?![.,]\d)(\s+[a-z]+s\b)?", text,
                             re.I):     # a note's marker between them: "a minimum size [17] of 12 characters"
            unit = m.group(2) or ""         # "units of 512 bytes", "a status of zero if ...": a plural noun is its unit
            found.append(m.group(1) + (unit if unit.strip() not in STOPWORDS else ""))
        # ... or a quoted or code-marked value: 'it should have a priority of "optional"' (round fourteen)
        found += re.findall(rf"\b{last}\s+of\s+[`\"“‘]([^`\"”’\n]{{1,40}})[`\"”’]", text, re.I)
    for m in re.finditer(rf"(?:^|\s)[{re.escape(_OPEN)}]?([A-Z][\w+-]*)[{re.escape(_CLOSE)}]?\s+{re.escape(head)}\b",
                         text):
        if m.group(1).lower() not in STOPWORDS:
            found.append(m.group(1))
    # a quoted or code-shaped name right before or after the head: "the `public_html` directory", "the
    # X-Debbugs-CC: header", "the suffix “-off”"
    name = rf"(?:[`\"“‘]([^`\"”’\s]{{1,40}})[`\"”’]|([\w.+]+(?:[-_][\w.+]+)+)):?"
    named = re.findall(rf"(?:^|\s){name}\s+{re.escape(head)}\b", text, re.I) + \
        re.findall(rf"\b{re.escape(head)}\s+{name}(?=[\s,.;:)]|$)", text, re.I)
    # the name the text gives the head: "a file named README", "a directory called `debian`"
    given = [m.group(1) or m.group(2) for m in re.finditer(
        rf"\b{last}s?,?\s+(?:named|called)\s+(?:[`\"“‘]([^`\"”’\n]{{1,40}})[`\"”’]|([\w./~+-]*\w))", text, re.I)]
    return found + [quoted or word for quoted, word in named if quoted or not english_compound(word)] + given


_AGENT_BY = re.compile(r"\bby\s+$", re.I)


# a cleft sentence puts its agent in focus: "it is the archive maintainers who have control over these fields"
_CLEFT_BEFORE = re.compile(r"\b(?:it|this)\s+(?:is|was)\s+(?:(?:the|a|an|only|always)\s+){0,2}$", re.I)
_CLEFT_AFTER = re.compile(r"\s*,?\s*(?:who|that)\b", re.I)
CLEFT_REACH = 3           # the verb (or its noun: "have control") within this many words after "who"


def agents(sentence: str, verb: str, spans: list[str]) -> list[str]:
    """The spans that are the agent of the question's verb ("who wrote"): "written by Stephen Bourne",
    "Stephen Bourne wrote ..."; with the verb's lemma within four words of the span; the focus of a cleft ("it is
    the archive maintainers who have control" for "who controls")."""
    if not verb:
        return []
    out = []
    for span in spans:
        for start in _at(sentence, span):
            before = sentence[:start]
            after = sentence[start + len(span):]
            prior = [lemma(w) for w in _WORD.findall(before)[-4:]]
            following = [lemma(w) for w in _WORD.findall(after)[:2]]
            if (_AGENT_BY.search(before) and verb in prior) or (following and following[0] == verb) or \
                    (_CLEFT_BEFORE.search(before) and (cleft := _CLEFT_AFTER.match(after)) and
                     verb in [lemma(w) for w in _WORD.findall(after[cleft.end():])[:CLEFT_REACH]]):
                out.append(span)
                break
    return out


def objects(sentence: str, verb: str, spans: list[str]) -> list[str]:
    """The spans that are the object of the question's verb ("contact the list administrator" for "Whom do I
    contact?"): the verb's lemma right before the span, a determiner between them at most."""
    if not verb:
        return []
    out = []
    for span in spans:
        for start in _at(sentence, span):
            before = [w for w in _WORD.findall(sentence[:start])[-3:]]
            while before and before[-1].lower() in ("the", "a", "an", "your", "its", "their", "our"):
                before.pop()
            if before and lemma(before[-1]) == verb:
                out.append(span)
                break
    return out


_UNIT = re.compile(r"^\s*how many\s+([a-z][\w-]*)", re.I)


def counting(question: str, spans: list[str]) -> list[str]:
    """For "how many UNIT ...", the spans that count that unit ("eight bits" for "how many bits")."""
    match = _UNIT.match(question)
    if not match:
        return []
    unit = lemma(match.group(1))
    return [s for s in spans if len(s.split()) > 1 and lemma(s.split()[-1]) == unit]


_DEFAULT_BEFORE = re.compile(r"\bdefault(?:s| value| setting| is| value is)?\s*(?:is|to|of|:|=)?\s*[\"“‘'(]?$", re.I)
_DEFAULT_AFTER = re.compile(r"^[\"”’')]?\s*(?:is\s+(?:used\s+)?)?by default\b", re.I)


def defaults(question: str, text: str, spans: list[str]) -> list[str]:
    """For a question about a default, the spans the text marks as the default: "defaults to X", "the
    default value is X", "(default: X)", "X by default"."""
    if "default" not in question.lower():
        return []
    out = []
    for span in spans:
        for start in _at(text, span):
            if _DEFAULT_BEFORE.search(text[max(0, start - 30):start]) or \
                    _DEFAULT_AFTER.match(text[start + len(span):]):
                out.append(span)
                break
    return out


_APPOSITION = re.compile(r"^[\"”’'`)]*\s*[,:(–]\s*")      # an apposition: after a comma, colon, bracket or dash
MIN_RESTATED = 2


def restated_after(question: str, text: str, spans: list[str], head: str = "") -> list[str]:
    """The spans the text follows at once with the question's own predicate: "`debian-devel-announce`, used to
    announce important things to developers" for "Which mailing list is used to announce important things to
    developers?" - set off by a comma, colon, bracket or dash, at least MIN_RESTATED of the question's content words, and no other word, right after it.
    The head's own words are no predicate ("the Debian mailing lists that ..." names the head, not what it does)."""
    named = {lemma(w) for w in head.split()}
    asked = {lemma(w) for w in _WORD.findall(question.lower()) if w not in STOPWORDS and len(w) > 1} - named
    out = []
    for span in spans:
        for start in _at(text, span):
            after = text[start + len(span):]
            comma = _APPOSITION.match(after)
            if not comma:
                continue
            after = after[comma.end():]
            seen: set[str] = set()
            for word in _WORD.findall(after.split(".")[0].split(";")[0])[:8]:
                low = word.lower()
                if low in STOPWORDS:
                    continue
                if lemma(low) not in asked:
                    break
                seen.add(lemma(low))
            if len(seen) >= MIN_RESTATED:
                out.append(span)
                break
    return out


# "what must I prepend ...", "what must be appended ...", "which file should I transfer ...": the question's
# wh-word is the object of its own verb (an auxiliary follows the wh-phrase)
_OBJECT_QUESTION = re.compile(r"^\s*(?:what|which)\b(?:\s+[\w-]+){0,3}?\s+(?:must|should|do|does|did|can|could|"
                              r"shall|will|would|is|are|was|were|has|have)\b", re.I)
_PARTICIPLE = re.compile(r"^[\"”’'`)\]]*\s+([a-z]+(?:ed|en|wn))\b")


def _object_verbs(question: str) -> set[str]:
    """The lemmas of the words after the auxiliary of a question whose wh-word is its verb's object (the verb
    is among them); empty for other questions."""
    match = _OBJECT_QUESTION.match(question)
    if not match:
        return set()
    return {lemma(w) for w in _WORD.findall(question[match.end():]) if w.lower() not in STOPWORDS and len(w) > 2}


def undergoers(question: str, sentence: str, spans: list[str]) -> list[str]:
    """For a question whose wh-word is the object of its verb ("What must I prepend to the subject?"), the spans
    the text puts right before that verb's participle: "with **[VAC]** prepended to the subject", "an **x**
    appended to the filename" - English names what undergoes an action right before its participle."""
    verbs = _object_verbs(question)
    if not verbs:
        return []
    out = []
    for span in spans:
        for start in _at(sentence, span):
            participle = _PARTICIPLE.match(sentence[start + len(span):])
            if participle and lemma(participle.group(1)) in verbs - {participle.group(1).lower()}:
                out.append(span)
                break
    return out


def undergoer_spans(question: str, text: str) -> list[str]:
    """The short phrase before the participle of the question's verb, as a candidate of its own ("an x
    appended": "x"), for what no shape of span catches (a letter, a bracketed tag)."""
    verbs = _object_verbs(question)
    found = []
    for m in re.finditer(r"(?:\b(?:the|a|an|with)\s+)([^\s,;:.]{1,30})\s+([a-z]+(?:ed|en|wn))\b", text, re.I):
        word = m.group(2).lower()
        if lemma(word) in verbs and lemma(word) != word and m.group(1).lower() not in STOPWORDS:
            found.append(m.group(1).strip("[]`\"'“”‘’"))
    return found


def set_to(question: str, sentence: str, spans: list[str], head: str) -> list[str]:
    """For "what/which HEAD ...", the spans the text states as the head's value: "The **severity** of the bug
    report must be set to `wishlist`", "its code **name** is bullseye": the head as subject, a copula or "set
    to"/"called" right before the span, within one clause."""
    if not head:
        return []
    last = re.escape(head.split()[-1])
    value = re.compile(rf"\b{last}s?\b[^.;:,!?]{{0,50}}?\b(?:is|are|be|was)\s+(?:set\s+to|called|named)?\s*"
                       rf"[{re.escape(_OPEN)}]?$" + (rf"|\b{last}={_CLOSE_OPT}$" if ASSIGNED else ""), re.I)
    out = []
    for span in spans:
        for start in _at(sentence, span):
            if value.search(sentence[max(0, start - 90):start]):
                out.append(span)
                break
    return out


# Round sixteen: a setting written as the text's code writes it, "urgency=medium", gives the head its value ("What urgency
# should a changelog entry have?"; gate2 dev)
ASSIGNED = True
_CLOSE_OPT = "[`\"']?"


def assigned(text: str, head: str) -> list[str]:
    """The values the text assigns to the head's last word with "=" ("urgency=medium" -> "medium")."""
    if not (ASSIGNED and head):
        return []
    last = re.escape(head.split()[-1])
    return re.findall(rf"(?<![\w.-]){last}=[`\"']?([\w.+/-]*\w)", text, re.I)
