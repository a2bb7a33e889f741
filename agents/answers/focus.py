"""What a question asks for: its focus (the wh-target's head: "how many days", "which package", "who ... lawyer").

Why: deciding "not in your documents" from word overlap alone answered "Who is the landlord's lawyer?"
with the landlord (every word but "lawyer" is in the contract) and "What was the marketing budget?"
with a year, and refused "How much did Project Falcon spend in Q2?" over "...Project Falcon spent
EUR 412,000 in Q2 2024" because "spend" never met "spent". The focus is the few words that name what
the answer is; a passage answers only when it holds them (lemmatized: "spent" is "spend") together
with a candidate of the wanted kind (agents/answers/support.py).

Read by rules from the question's shape, no parser: the noun phrase after "which/what", after "what
is the", after "who is the" (the last possessive's noun: "the landlord's lawyer" -> "lawyer"), after
"how many", or the main verb after "how much did X ..." / "who ... ".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from agents.answers.evidence import _WORD, STOPWORDS, content_lemmas, lemma

_DETERMINERS = frozenset("the a an my our your their his her its this that these those".split())
_BE = frozenset("is are was were 's".split())
_AUX = frozenset("is are was were do does did can could will would should shall may might must has have had "
                 "'s be been being".split())
# words that end a noun phrase: function words, auxiliaries, wh-words ("file", "page", "document" are the
# project's request filler in STOPWORDS, but in "which file ..." they are what is asked for)
_ASKABLE = frozenset("file files page pages document documents".split())
_GET = frozenset("get gets got gotten".split())   # "which options get set": the passive's auxiliary ends the phrase
_END = (STOPWORDS - _ASKABLE) | _AUX | {"used", "needed", "required", "called", "named", "given", "else"} | _GET
# A head that only names the category of the answer ("the purpose of", "what aspect", "what type of", "which game",
# "what restaurant") names no words a passage must hold, nor do its modifiers ("proposed solution", "exact reason"):
# the candidate's kind checks the answer. Read off the LiHua dev questions whose focus was such a word
# (bench/refusal_dev.py): a passage never says "aspect". "What line should a script start with ...?" is answered by
# the line itself ("#!/usr/bin/env bash"), never by the word "line" (real-document dev: answerable refused 4 -> 3 of
# 75 in the refusal_dev proxy, LiHua dev unchanged).
CATEGORY_HEADS = frozenset("""kind type types sort purpose reason aspect aspects part idea ideas topic way ways thing
things suggestion suggestions advice technique method solution opportunity feature features detail details style event
plan component components term word movie film book song game show album series band novel app city place restaurant
cafe café country street venue park shop person friend colleague neighbour neighbor line""".split())
# A head that names a measure ("notice period", "start date", "telephone number", "default value"): the head goes (the
# candidate's kind is the measure), its modifiers stay - they say what is measured. "size" since round three: "the
# smallest int size" is answered by "an int ... 32 bits" (real-document dev: answerable refused 3 -> 2 of 75 in the
# refusal_dev proxy together with support.EXTREMES; LiHua dev unchanged).
_MEASURE_HEADS = frozenset("period time date day days number amount figure value total name size".split())
_WH = re.compile(r"^\s*(?:and\s+|so\s+|then\s+)?(how many|how much|how long|how old|which|what|who|whom|whose|"
                 r"when|where|why|how)\b", re.I)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-.]*[A-Za-z0-9]|[A-Za-z0-9]")
MAX_PHRASE = 3
# round eight: a category head in the plural ("What kinds of flowers ...", "Which cities ...") names a category as
# the singular does; CATEGORY_HEADS lists few plurals, so the head is compared by its lemma too
PLURAL_CATEGORY = True


@dataclass(frozen=True)
class Focus:
    """The words naming what the answer is: `terms` (lemmas, the head last) as `phrase` was written."""

    wh: str                      # "which", "how many", ... ("" for a yes/no or command-like question)
    phrase: str                  # "marketing budget", "lawyer", "spend", "" when the shape names none
    terms: tuple[str, ...]       # the phrase's lemmas ("marketing", "budget")
    verb: bool = False           # the focus is the question's verb ("spend", "write"), not a noun
    asked: str = ""              # the head as asked, also when it only names a category ("value", "version")

    @property
    def head(self) -> str:
        return self.terms[-1] if self.terms else ""


def _words(text: str) -> list[str]:
    return [w.strip("'’.").lower() for w in _WORD.findall(text)]


# Round fifteen: an adjective is no head ("Who is the current Debian project secretary?" had the focus "current"): after
# one, a name is a modifier inside the noun phrase, which goes on to its head; the name is read as a name as before
MODIFIER_THEN_NAME = True
_PRENOMINAL = frozenset("current former new old official previous next first last main chief lead head present "
                        "original latest".split())
COMMON_ZIPF = 4.0        # a capitalized word this common in English is a title's noun ("Project", "Leader")


def _noun_phrase(words: list[str], raw: list[str] | None = None) -> list[str]:
    """The first words up to a function word, an auxiliary or a name, at most MAX_PHRASE; a possessive keeps
    only what follows it ("landlord's lawyer" -> "lawyer")."""
    from rag.text_stats import zipf

    phrase: list[str] = []
    capitalized: list[str] = []
    for i, word in enumerate(words):
        if word in _END or word.isdigit() or IDENTIFIERS and _IDENTIFIER.search(word):
            break               # "the DNS name irc.debian.org": an identifier is no part of the noun
        if raw and i > 0 and raw[i][:1].isupper():
            if MODIFIER_THEN_NAME and phrase and set(phrase) <= _PRENOMINAL | set(capitalized):
                if zipf(word) >= COMMON_ZIPF:      # "the first Debian Project Leader": a title's common nouns
                    capitalized.append(word)
                    phrase.append(word)
                continue        # "the current Debian project secretary": a name inside the phrase, its head after it
            break
        if word.endswith(("'s", "’s")):
            phrase = []             # the possessor is context, the possessed noun is the focus
            continue
        if OBJECT_PRONOUN and phrase and _before_object_pronoun(words, i):
            break               # "which package tells me ...": a word in -s before "me" is the verb
        if PARTICLE_VERB and phrase and _before_particle(words, i):
            break               # "what command finds out which ...": "finds out" is a phrasal verb
        if VERB_S and phrase and _verb_s(words, i):
            break               # "which service helps synchronise ...": "helps" is the verb
        if PARTICIPLE and phrase and _participle(word):
            break               # "a source package developed only for Debian": a reduced relative clause
        phrase.append(word)
        if len(phrase) == MAX_PHRASE:
            break
    return phrase


# round five (bench/refusal_dev.py --round-five on three dev corpora; tried and dropped: a name inside the phrase as a
# modifier, "the current Debian project secretary" -> "project secretary", cost a LiHua dev question)
IDENTIFIERS = True       # a token with a dot, slash or underscore ends the noun phrase
VERB_S = True            # a word in -s after the first, followed by another content word, is the phrase's verb
_IDENTIFIER = re.compile(r"\w[./_]\w")
# round eight (bench/refusal_dev.py --round-eight): a past participle after the phrase's first noun starts a reduced
# relative clause ("What is a source package developed only for Debian called?"): English puts a participle that
# modifies a noun before it ("compressed generations"), one that follows it opens a clause about it ("files installed
# by a package"). _END already held the commonest ones ("used", "called", "named").
PARTICIPLE = True
# round ten (bench/refusal_dev.py --round-ten): a word in -s followed by an object-only pronoun ("me", "us", "him",
# "them") is a verb - no noun takes an object ("Which package tells me ...", "Which command lets me edit ..."). VERB_S
# missed it because the pronoun is a stopword; questions written by someone who did not copy the text's wording ask
# "which X lets me / tells me" where the text says "X can be used to".
OBJECT_PRONOUN = True
_OBJECT_ONLY = frozenset({"me", "us", "him", "them"})
# round twelve: "which two options ..." asks for options, two of them; the number is no focus word a passage must hold
COUNTED_HEAD = True
CARDINALS = frozenset("two three four five six seven eight nine ten".split())   # heads.which_head reads them too


def _third_person(word: str) -> bool:
    """A word that may be a verb in -s ("tells", "finds"), not one whose -s is its own ("class", "status", "this")."""
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _before_object_pronoun(words: list[str], i: int) -> bool:
    """'tells' in "package tells me which services ...": an -s word that an object-only pronoun follows."""
    after = words[i + 1] if i + 1 < len(words) else ""
    return _third_person(words[i]) and after in _OBJECT_ONLY


# round eleven: a word in -s followed by a verb's particle ("finds out", "cleans up", "turns off") is a phrasal verb;
# VERB_S missed it because the particle is a stopword ("What command finds out which packages ...": the focus was
# "command finds", which no passage holds). A particle before "of" is a preposition ("which files out of ...").
PARTICLE_VERB = True
_PARTICLES = frozenset({"up", "out", "off", "down", "away", "back"})


def _before_particle(words: list[str], i: int) -> bool:
    """'finds' in "command finds out which packages ...": an -s word that a particle (not "out of") follows."""
    after = words[i + 1:i + 3]
    return _third_person(words[i]) and bool(after) and after[0] in _PARTICLES and after[1:] != ["of"]


def _participle(word: str) -> bool:
    """A regular past participle: -ed, and the lemmatizer reads it as another word's form ("developed", "installed")."""
    return word.endswith("ed") and len(word) > 4 and lemma(word) != word


def _verb_s(words: list[str], i: int) -> bool:
    """'helps' in "service helps synchronise": a noun compound ends in its plural head, so a later -s word
    that another content word follows is the verb ("data structures are": the head, before an auxiliary)."""
    after = words[i + 1] if i + 1 < len(words) else ""
    return _third_person(words[i]) and bool(after) and after not in _END


def _after_subject(words: list[str], original: list[str]) -> list[str]:
    """After "how much did Project Falcon ...": skip the subject (names, determiners) to its verb."""
    for i, (word, raw) in enumerate(zip(words, original)):
        if word in STOPWORDS or word in _AUX or raw[:1].isupper() or raw[:1].isdigit():
            continue
        return [word]
    return []


# a preposition before "which/what" ("In which order ...", "As which user ...") leaves what is asked as it is: the
# question proper starts at its question word (answer_type stripped it already; the head and focus readers did not)
_FRONTED = re.compile(r"^\s*(?:as|in|on|at|from|to|for|by|with|under|into|of|via|during)\s+(?=(?:which|what)\b)",
                      re.I)


def unfronted(question: str) -> str:
    """The question from its question word on: "In which order does ..." -> "which order does ..."."""
    return _FRONTED.sub("", asked_part(question), count=1)


_QUESTION_START = r"(?:what|which|who|whom|whose|where|when|why|how|is|are|was|were|do|does|did|can|could|should|" \
    r"shall|will|would|may|might|must|has|have|had)\b"
# the last sentence, or the part after a semicolon or colon, that starts as a question does
_CONTEXT_FIRST = re.compile(r"^.*[.;:!?]\s+(?=" + _QUESTION_START + ")", re.I | re.S)
# Round sixteen: a phrase fronted before a comma says where or with what the asker works, the question follows it: "With
# the cracklib setting shown, how long must a new password be?", "On a mail server, which port ...?", "In sh
# compatibility mode, which variable ...?" (new hands write questions so: gate and gate3 dev read them as free ones)
FRONTED_PHRASE = True
_FRONTED_PHRASE = re.compile(r"^[^,?]{2,80},\s+(?=" + _QUESTION_START + ")", re.I)


# a question that opens with a condition or time clause asks in its main clause: "when my login shell exits which of
# my dotfiles does zsh read", "If ZDOTDIR isn't set, what does zsh use ...?" ("when" asks for a time only where an
# auxiliary follows it: "When does the tenancy begin?")
SUBORDINATE_FIRST = True
_SUBORDINATE_OPENING = re.compile(r"^(?:when|whenever|if|once|unless|while)\s+(?!(?:is|are|was|were|do|does|did|can|"
                                  r"could|will|would|should|shall|may|might|must|has|have|had|and|or)\b)\w", re.I)
_MAIN_AFTER_COMMA = re.compile(r",\s+(?=" + _QUESTION_START + ")", re.I)
_MAIN_WH = re.compile(r"\s(?=(?:what|which|who|whom|whose|where|how)\b)", re.I)


def _after_subordinate(text: str) -> str:
    """The main clause of a question that opens with a condition or time clause, or "" when it does not."""
    if not _SUBORDINATE_OPENING.match(text):
        return ""
    split = _MAIN_AFTER_COMMA.search(text) or _MAIN_WH.search(text)
    rest = text[split.end():] if split else ""
    return rest if len(rest.split()) >= 3 else ""


# Round sixteen: a question asked as a request, "Can you tell me which file ...?", "Do you know how long ...?", "Tell me
# who ...", "I'd like to know where ...", asks the embedded question: "Can you tell me which ..." was answered "Yes."
INDIRECT = True
_INDIRECT = re.compile(r"^(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell|show|explain\s+to)\s+me|"
                       r"(?:do|does)\s+(?:you|anyone)\s+know|(?:tell|show)\s+me|i(?:'d|’d|\s+would)\s+like\s+to\s+know|"
                       r"i\s+(?:want|need)\s+to\s+know|i\s+wonder|i'?m\s+wondering|let\s+me\s+know)[,:]?\s+"
                       r"(?=(?:what|which|who|whom|whose|where|when|why|how)\b)", re.I)


def asked_part(question: str) -> str:
    """The question proper where the asker first says what they have: "My first upload has a Debian revision of 2.
    What option must I give ...?" -> "What option must I give ...?"; "Upstream has no version number; what format
    ..." -> "what format ...". Why: the question's kind and focus are read from its first words, and context first
    left both empty (a "what option" question looked for no option). Unchanged when it starts as a question."""
    text = question.strip()
    if INDIRECT and (request := _INDIRECT.match(text)) and len(text[request.end():].split()) >= 3:
        text = text[request.end():]
    if SUBORDINATE_FIRST and (proper := _after_subordinate(text)):
        return proper
    if re.match(_QUESTION_START, text, re.I):
        return text
    match = _CONTEXT_FIRST.match(text) or (_FRONTED_PHRASE.match(text) if FRONTED_PHRASE else None)
    rest = text[match.end():] if match else ""
    return rest if len(rest.split()) >= 3 else text


def focus(question: str) -> Focus:
    """The question's focus; an empty phrase where its shape names no head (a yes/no question, "when ...")."""
    text = unfronted(question.strip())
    match = _WH.match(text)
    if not match:
        return Focus("", "", ())
    wh = match.group(1).lower()
    rest_raw = [w.strip("'’.") for w in _WORD.findall(text[match.end():])]
    rest = [w.lower() for w in rest_raw]
    if COUNTED_HEAD and wh in ("which", "what") and len(rest) > 1 and rest[0] in CARDINALS:
        rest_raw, rest = rest_raw[1:], rest[1:]             # "which two options": the options are asked for
    if SUBORDINATE_FIRST and wh == "which" and rest[:1] == ["of"]:
        skip = 1 + next((i for i, w in enumerate(rest[1:]) if w not in _DETERMINERS and w != "own"), len(rest) - 1)
        rest_raw, rest = rest_raw[skip:], rest[skip:]       # "which of my own dotfiles": the dotfiles are asked for
    phrase: list[str] = []
    verb = False
    if wh in ("how many", "which", "what", "whose") and rest and rest[0] not in _END:
        if _is_verb(rest, 0, rest_raw):
            return Focus(wh, "", ())                       # what happens to ..., what caused the ...
        phrase = _noun_phrase(rest, rest_raw)              # which package ..., how many days ...
        if len(phrase) > 1 and rest[len(phrase):len(phrase) + 1] and (rest[len(phrase)] in _DETERMINERS or
                                                                   _catenative(phrase[-1], rest[len(phrase)])):
            phrase = phrase[:-1]                           # which package provides the ...: "provides" is a verb
    elif wh in ("what", "which", "who", "whom", "how long", "how old") and rest and rest[0] in _BE:
        tail = rest[1:]
        if tail and tail[0] in _DETERMINERS:
            phrase = _noun_phrase(tail[1:], rest_raw[2:])  # what is the notice period, who is the landlord's lawyer
        elif wh == "who" and tail and not rest_raw[1][:1].isupper():
            phrase = _noun_phrase(tail)
    elif wh == "how much" and rest and rest[0] in _AUX:
        phrase, verb = _after_subject(rest[1:], rest_raw[1:]), True    # how much did Project Falcon spend
    elif wh == "how much" and rest:
        phrase = _noun_phrase(rest)                        # how much memory ...
    elif wh in ("who", "whom") and rest and rest[0] not in _AUX:
        phrase, verb = [rest[0]], True                     # who wrote ..., who maintains ...
    asked = lemma(phrase[-1]) if phrase and not verb else ""
    if phrase and wh != "how many":       # "how many days": the unit asked for
        if phrase[-1] in CATEGORY_HEADS or PLURAL_CATEGORY and lemma(phrase[-1]) in CATEGORY_HEADS:
            phrase = []
        elif phrase[-1] in _MEASURE_HEADS:
            phrase = phrase[:-1]
    return Focus(wh, " ".join(phrase), tuple(lemma(w) for w in phrase), verb, asked)


# Round sixteen: "which port needs to be reachable": a verb that takes "to" and a verb after it ends the head ("port
# needs" was read as the head, and "Be accessible from the outside" answered); "which files to edit" keeps its noun
CATENATIVES = True
_CATENATIVE = frozenset("need have want seem tend try fail happen refuse continue ought get".split())


def _catenative(word: str, after: str) -> bool:
    return CATENATIVES and after == "to" and word.endswith("s") and lemma(word) in _CATENATIVE


def _is_verb(words: list[str], i: int, raw: list[str]) -> bool:
    """'happens' in "what happens to", 'caused' in "what caused the", 'makes' in "what makes Wolfgang": an
    inflected word followed by "to", a determiner or a name is the question's verb, not the noun it asks for
    ("how many lines of" is a noun)."""
    word = words[i]
    after = words[i + 1] if i + 1 < len(words) else ""
    follows_name = i + 1 < len(raw) and raw[i + 1][:1].isupper()      # "what makes Wolfgang ..."
    return word.endswith(("s", "ed")) and lemma(word) != word and \
        (after in _DETERMINERS or after == "to" or follows_name)


_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][\w+#-]*[A-Za-z+#])")


def question_names(question: str) -> set[str]:
    """The proper names of a question, normalized ("Rust", "JavaScript", "Project Falcon"): capitalized words
    after its first word, that are no common English words."""
    from rag.entities import normalize
    from rag.text_stats import zipf

    words = _NAME.findall(question.strip()[1:])
    return {normalize(w) for w in words if w.lower() not in STOPWORDS and (zipf(w.lower()) < 5.0 or w.isupper())}


def focus_terms_in(focus_: Focus, terms: set[str]) -> float:
    """Share of the focus terms among `terms` (a text's lemmas); 1.0 when the focus names none.
    An adjective made of a noun meets its noun: "monthly" = "month", "yearly" = "year"."""
    if not focus_.terms:
        return 1.0
    found = sum(1 for t in focus_.terms if t in terms or (t.endswith("ly") and t[:-2] in terms))
    return found / len(focus_.terms)


# Round twelve: support.py reads a window's words with held_lemmas, so a focus naming a file, page or document can be
# held (with qualifiers.NAMING_NUMBERS and BOUNDS, which keep "how many X" from the numbers it then let in)
ASKABLE_HELD = True


def held_lemmas(text: str) -> set[str]:
    """The lemmas of `text` that can hold a focus: its content lemmas and its "file", "page", "document". Those are
    request filler in STOPWORDS ("find the page that ..."), so content_lemmas drops them, but a focus keeps them
    ("which lock file format", "manual page sections"): without them such a focus was never held in full."""
    askable = {lemma(w) for w in _WORD.findall(text) if w.lower() in _ASKABLE} if ASKABLE_HELD else set()
    return content_lemmas(text) | askable


# Round fifteen: a question's "DebConf" is one word, and so is the text's "DebConf17": the focus is read whole, so the
# text is too (besides its camel-case parts, which let "LiHua" hold "Li Hua"), and a name with a number glued to it
# holds the name ("DebConf17", "Python3"): "At which DebConf was the moreinfo tag discussed?" was refused
WHOLE_WORDS_HELD = True
_NUMBERED = re.compile(r"\b([A-Za-z]{3,})\d+\b")
_PARTS = re.compile(r"\b([A-Z][a-z]+) (?=[A-Z])")      # "Deb Conf17": two capitalized parts, one word


def held_in(text: str) -> set[str]:
    """The lemmas of `text` that can hold a focus: of its camel-case parts, of its words whole (also where another
    reader split them: "Deb Conf17"), and of a name with a number glued to it."""
    from rag.entities import split_camel
    found = held_lemmas(split_camel(text))
    if WHOLE_WORDS_HELD:
        rejoined = _PARTS.sub(r"\1", text)      # as owners.py hands a stretch over, split: "Deb Conf17" is "DebConf17"
        found |= held_lemmas(text) | {lemma(m.group(1).lower()) for m in _NUMBERED.finditer(f"{text} {rejoined}")}
        found |= {w.lower() for w in _WORD.findall(rejoined) if any(c.isupper() for c in w[1:])}
    return found
