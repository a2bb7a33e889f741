"""The action a text prescribes, for "what must I do to X?" and "how do I X?" questions.

Why: such a question asks for an action - the verb phrase the text prescribes: "you must **set the
environment variable 'POSIXLY_CORRECT'**", "This may be inhibited **by using the --norc option**",
"To also remove the files ..., **type 'make distclean'**", "you should make sure you do the following
steps: **Orphan all your packages**". The answer line was a span of the wrong kind (a file name of the
same sentence, "etc/bash.bashrc") or a passive predicate ("must always be matched explicitly"). English
marks a prescribed action by its grammar, not by its words: a modal of obligation before a bare verb
(must, should, need to, have to, is required to), the means of "by VERBing", or an imperative - a bare
verb opening the sentence or its main clause, right before its object. So the answer is that verb
phrase to the end of its clause (at most MAX_WORDS words), verbatim from the document.
"""
from __future__ import annotations

import re

from agents.answers.evidence import STOPWORDS, content_lemmas, locate, split_sentences

# an action longer than this is cut. Measured with the rule as a whole (5985bc2 -> this branch), answer line:
# realdocs dev 71 -> 72/108, dev2 100 -> 101/176 (103 -> 108/190 with the 14 added what-to-do questions),
# LiHua dev 58 -> 58/120; wrongly / absent refused unchanged on all three
MAX_WORDS = 12

# "What must I do to ...", "What should a maintainer do when ...", "What do I have to do ...", "How do I ...",
# "How can I ...", "How should I ...": "do" with a person as subject, or a modal of obligation with any short one
ASKS_ACTION = re.compile(
    r"^\s*(?:what\s+(?:(?:must|should|shall|ought)\s+(?:\S+\s+){1,3}?|(?:do|can|will)\s+(?:i|we|you|one)\s+)"
    r"(?:have\s+to\s+|need\s+to\s+|ought\s+to\s+)?do\b"
    r"|how\s+(?:do|can|could|should|must|shall|would)\s+(?:i|we|you|one)\s+(?!know\b|tell\b)[a-z])", re.I)

_OBJECT_START = r"(?:(?:the|a|an|all|your|my|our|its|their|this|that|these|those|it|them|each|every|any|some|no)\b|" \
                r"[‘'`\"“]|--?\w|\$|/|~)"
# a modal of obligation and the bare verb after it ("you can VERB" was tried: on dev2 it took the means of another
# goal in the sentence before the one that answers, "you can use the Debian organization to create forks")
_MODAL = re.compile(r"\b(?:must|should|shall|need\s+to|needs\s+to|have\s+to|has\s+to|(?:is|are)\s+required\s+to|"
                    r"ought\s+to)\s+(?:(?:first|also|always|then|instead|simply|just|only|explicitly)\s+)?"
                    r"(?!(?:be|not|never|have\s+been|do|first|also|always|then|instead|simply|just|only|explicitly)\b)"
                    r"([a-z][\w-]*)\b", re.I)
# the means: "by using the --norc option", "by setting ..."
_MEANS = re.compile(r"\bby\s+([a-z]+ing)\b\s+(?=" + _OBJECT_START + ")", re.I)
# an imperative: a bare verb that opens the sentence, a colon's list, or the main clause after a leading "To X, ",
# "If X, ", "When X, " clause, right before its object
_LEADING = r"^(?:(?:in\s+order\s+)?to|if|when|before|after|once|unless|for\s+example)\b[^,;:]{2,160},\s+"
_THEN = r"^(?:if|when|once|unless)\b[^;:]{2,200}?,\s+then\s+"      # "If X, but Y, then ...": the main clause
_IMPERATIVE = re.compile(r"(?:" + _LEADING + r"|^|:\s+)(?:(?:simply|just|then|first|also|always|please)\s+)?"
                         r"([A-Za-z][a-z-]+)\s+(?=" + _OBJECT_START + ")", re.I)
_ADVERB = re.compile(r"(?<!p)ly$", re.I)     # "Usually it is best": an adverb, not an imperative ("apply" is one)
# a verb phrase that only announces what follows its colon ("do the following steps: Orphan all your packages")
_ANNOUNCES = re.compile(r"\b(?:following|as\s+follows|these\s+steps)\b[^:]{0,20}$", re.I)
# function words an action does not end on (STOPWORDS also holds nouns such as "file")
_DANGLING = frozenset("the a an to of and or in on at for with by from your its their this that as should must can "
                      "will may is are be not".split())     # "... information and should" (cut at MAX_WORDS)
# function words open no action; STOPWORDS also holds verbs of the question's furniture ("find", "file", "give")
_NOT_A_VERB = STOPWORDS - {"file", "find", "give", "show", "tell", "write", "document", "mention"}
# "you can VERB" offers a way, not a duty: it answers only in the main clause after the goal, stated as a leading
# condition or restated from the question ("If you need to sign your upload locally, you can run debsign"); alone it
# took the means of another goal ("you can use the Debian organization to create forks", dev2)
_OFFERED = re.compile(r"\b(?:you|one)\s+(?:can|may|could)\s+(?:(?:simply|just|also|then|instead|always)\s+)?"
                      r"(?!(?:be|not|never|have|do|also|then|instead|simply|just|always)\b)([a-z][\w-]*)\b", re.I)
# an action restates the question's goal when at least this share of its content words are the question's
RESTATED_SHARE = 0.5
_NEGATED = re.compile(r"(?:n't|\bnot|\bnever|\bno\s+need)\s*$", re.I)
_CLAUSE_END = re.compile(r"[;:()\[\]]|,\s|\.(?:\s|$)|\s[–—-]\s|\s(?:which|so\s+that|because|unless|if|when|where)\s")


def _pairs(text: str) -> set[tuple[str, str]]:
    """The text's adjacent word pairs, lowercased: a restated condition shares them, single words recur anywhere."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    return set(zip(words, words[1:]))


def asks_action(question: str) -> bool:
    """Does the question ask what to do ("what must I do to ...", "how do I ...")?"""
    return bool(ASKS_ACTION.search(question))


def _phrase(text: str, start: int) -> str:
    """The words of `text` from `start` to the end of their clause, at most MAX_WORDS."""
    rest = text[start:]
    end = _CLAUSE_END.search(rest)
    while end and rest[:end.start()].count("`") % 2 and "`" in rest[end.start():]:
        end = _CLAUSE_END.search(rest, rest.index("`", end.start()) + 1)       # "`RFA:`": code ends no clause
    words = (rest[:end.start()] if end else rest).split()[:MAX_WORDS]
    while words and words[-1].lower().strip(".,") in _DANGLING:
        words.pop()
    return " ".join(words).strip(" ,.")


def restates(phrase: str, question: str) -> bool:
    """Does the action only restate the question's goal ("need to sign your upload locally" for "How can I sign my
    upload locally?"): the question's own verb, and mostly its words? Then it is the condition, the means follows."""
    own, asked = content_lemmas(phrase), content_lemmas(question)
    verb = content_lemmas(phrase.split()[0]) if phrase.split() else set()
    return bool(question) and len(own) >= 2 and bool(verb) and verb <= asked and \
        len(own & asked) >= RESTATED_SHARE * len(own)


def _states_goal(condition: str, question: str) -> bool:
    """Does a leading condition state the question's goal ("If you need to check an archive for damage, ..." for
    "How can I check an archive for damage?"): at least RESTATED_SHARE of the question's content words? Another
    condition ("If some upstream repository is hosted on GitHub, you can ...") makes what follows no answer."""
    asked = content_lemmas(question)
    return bool(asked) and len(asked & content_lemmas(condition)) >= RESTATED_SHARE * len(asked)


def action(sentence: str, question: str = "") -> str:
    """The action `sentence` prescribes, verbatim ('' where none): after a modal of obligation, the means of
    "by VERBing", or an imperative, whichever comes first in the sentence; after the question's goal (restated in a
    leading condition or as an action), also what "you can VERB" offers. An action that announces a list
    ("the following steps:") gives the list's first item."""
    found: list[tuple[int, int]] = []           # (where the marker is, where the action's verb starts)
    leading = re.match(_THEN, sentence, re.I) or re.match(_LEADING, sentence, re.I)
    main = leading.end() if leading else 0      # "If ... you need to sign ..., you can run debsign": the condition
    for pattern in (_MODAL, _MEANS, _IMPERATIVE, _OFFERED):      # is no prescription, its main clause is
        for match in pattern.finditer(sentence):
            verb = match.group(1)
            if verb.lower() in _NOT_A_VERB or verb.lower().endswith("ed") or _ADVERB.search(verb) or \
                    match.start(1) < main or _NEGATED.search(sentence[:match.start()]):
                continue        # "You don't have to actually use these functions": no obligation
            found.append((match.start(), match.start(1)))
    goal = bool(leading) and _states_goal(leading.group(0), question)
    offered = {m.start(1) for m in _OFFERED.finditer(sentence)}
    for _, start in sorted(found):
        if start in offered and not goal:
            continue        # "you can VERB" with no goal before it: a possibility, not the answer
        phrase = _phrase(sentence, start)
        rest = sentence[start + len(phrase):]
        if _ANNOUNCES.search(phrase) and rest.lstrip().startswith(":"):
            listed = rest.lstrip()[1:]
            first = _IMPERATIVE.match(listed.lstrip())
            phrase = _phrase(listed.lstrip(), 0) if first else ""
        if restates(phrase, question):
            goal = True         # the goal, restated: the means follows
            continue
        if len(phrase.split()) >= 2:
            return phrase
    return ""


# the goal of "how do I VERB X" / "what must I do to VERB X": the verb and its object, up to a preposition or clause
_GOAL = re.compile(r"^\s*(?:how\s+\w+\s+(?:i|we|you|one)|what\s+\w+\s+(?:i|we|you|one)\s+(?:have\s+to\s+|need\s+to\s+)?"
                   r"do\s+to)\s+((?:(?!(?:of|on|in|for|with|to|from|at|by|into|when|if|before|after|so)\b)[\w'-]+\s*)+)",
                   re.I)


MIN_GOAL_WORDS = 2        # a verb alone ("install") names no goal a clause could restate: "To install Bash, ..."


def _goal(question: str) -> set[str]:
    """The content words of the question's goal ("request membership" of "How do I request membership of the
    Debian organization on GitHub?"); empty where the question states none."""
    match = _GOAL.match(question)
    return content_lemmas(match.group(1)) if match else set()


def _leads_with(sentence: str, goal: set[str]) -> bool:
    """Does the sentence open with a purpose or condition clause that names the whole goal ("To request
    membership, open an issue ...")? Its main clause then says how to reach it."""
    leading = re.match(_LEADING, sentence, re.I)
    return len(goal) >= MIN_GOAL_WORDS and bool(leading) and goal <= content_lemmas(leading.group(0))


def prescribed_action(question: str, sentence: str, quote: str, passage: str = "") -> str:
    """For a question that asks what to do, the action prescribed by one sentence of the quote: among the
    sentences that prescribe one, the one that restates the most of the question's word pairs ("don't know which
    package ... reassigned to"), then of its content words; the best sentence first on a tie. The answer may
    stand in the sentence after the restated one ("This may be inhibited by using the --norc option."). A sentence
    of the rest of the `passage` answers only where it restates more of the question's word pairs than any of the
    quote ("If you need to add a completely new key ..., you need to get the new key signed" two sentences on) or
    opens with a clause that names the question's whole goal ("To request membership, open an issue ...").
    '' for other questions or where no sentence prescribes an action."""
    if not asks_action(question):
        return ""
    sentences = split_sentences(quote)
    # the best sentence as the quote has it whole (its passage may stop inside it, the quote runs on)
    sentence = next((s for s in sentences if s.startswith(sentence)), sentence)
    others = [s for s in sentences if s != sentence]
    asked, pairs = content_lemmas(question), _pairs(question)
    found = [(len(pairs & _pairs(text)), len(asked & content_lemmas(text)), -i, act)
             for i, text in enumerate([sentence] + others) if (act := action(text, question))]
    quoted = max([len(pairs & _pairs(text)) for text in sentences] or [0])
    rest = [s for s in split_sentences(passage) if s not in sentences and not any(s in t for t in sentences)]
    goal = _goal(question)
    found += [(restated, len(asked & content_lemmas(text)), -len(sentences) - i, act)
              for i, text in enumerate(rest)
              if ((restated := len(pairs & _pairs(text))) > quoted or _leads_with(text, goal)) and
              (act := action(text, question))]
    return max(found)[3] if found else ""


# Round twelve: "add the following line to `/etc/pam.d/su`:" names no line; the line is the answer's substance.
FOLLOWING = True
_FORWARD = re.compile(r"\b(?:the\s+following|as\s+follows)\b", re.I)
_NEXT_LINE = re.compile(r"[ \t]*:[ \t]*\n[ \t]*([^\n]{2,120}?)[ \t]*(?:\n|$)")


def with_what_follows(action_: str, passage: str) -> str:
    """The action with the line its colon announces ("add the following line to `/etc/pam.d/su`: auth requisite
    pam_wheel.so group=wheel"), where the passage sets that line on a line of its own after the colon; else as is."""
    if not FOLLOWING or not _FORWARD.search(action_):
        return action_
    place = locate(action_, passage)
    line = _NEXT_LINE.match(passage, place.end()) if place else None
    return f"{action_}: {' '.join(line.group(1).split())}" if line else action_
