"""Who does something, as policies and manuals say it: a role ("the project secretary"), not only a name.

Why: "Who starts the voting procedure?" is answered by "... before the project secretary starts the
vote", "Who must approve the upload?" by "the release team". Institutional prose names the agent of a
duty by its role; a rule that wanted a person's name refused them. English marks which "who" question this
is: one with an action verb ("who starts / must approve / decides") asks for the agent, and a role answers
it; a copula ("who is the current secretary?") asks for the identity of the role, and only a name does.
"""
from __future__ import annotations

import re

_COPULA = re.compile(r"^\s*(?:who|whom)(?:'s|\s+(?:is|are|was|were|will be)\b)", re.I)
_WHO = re.compile(r"^\s*(?:who|whom)\b", re.I)
# agent nouns: -er/-or/-ist/-ary/-ant people and the bodies that act ("team", "committee")
_AGENT = (r"[a-z]{2,}(?:er|or|ist|ary|ant|ee)s?|team|teams|committee|council|board|staff|office|developers?|"
          r"maintainers?|users?|administrators?|masters?|leaders?|authors?|owners?")
_ROLE = re.compile(rf"\b(?:the|a|an|its|their|your|his|her|each|every)\s+((?:[a-z][\w-]*\s+){{0,2}}(?:{_AGENT}))\b", re.I)
# common words with those endings that name no one
_NOT_AGENTS = frozenset("""number numbers order orders other others after under over paper letter letters matter error
errors character characters parameter parameters folder header headers filter filters buffer register manner summary
dictionary library directory directories boundary temporary necessary primary secondary binary binaries ordinary
vocabulary glossary constant important relevant variant variants significant later former latter either neither
whether rather further together another water number power powers computer computers server servers router monitor
vector sector factor factors operator operators indicator color colour behavior behaviour error mirror mirrors
interpreter compiler compilers debugger parser wrapper container containers cluster border corner chapter
chapters center centre cover layer layers answer answers master-file anniversary salary entry territory history
category categories memory inventory""".split())


# "Whom do I contact?", "Who should we ask?": the asker does the verb, the answer is its object
_OBJECT = re.compile(r"^\s*(?:who|whom)\s+(?:do|does|did|should|must|can|could|shall|may|would|will)\s+"
                     r"(?:i|we|you|one)\b", re.I)


def asks_object(question: str) -> bool:
    """Is this a "who" question whose subject is the asker ("Whom do I contact ...?"): who undergoes the verb?"""
    return bool(_OBJECT.match(question))


def asks_agent(question: str) -> bool:
    """Is this a "who" question about who does something (not about who someone is)?"""
    return bool(_WHO.match(question)) and not _COPULA.match(question)


def roles(text: str) -> list[str]:
    """The role phrases of `text` ("the project secretary", "the release team"), in text order."""
    out = []
    for match in _ROLE.finditer(text):
        phrase = match.group(1)
        if phrase.split()[-1].lower() not in _NOT_AGENTS:
            out.append(phrase)
    return out


# a token with a digit, a path or file separator ("Debian 12", "indices/Maintainers", "gendocs.sh"), or one
# all-capital word of five letters or more ("README", "HISTFILE"): a version, a file or a variable, named by no one
# as a person or a body (acronyms of bodies are short: "GNU", "FSF", "IETF"); round fifteen: a capitalized word
# hyphened to a lowercase one ("Script-name", "Content-type") is a label (a double name is "Smith-Jones")
_NOT_A_NAME = re.compile(r"\d|[/\\_]|\w\.\w|^[A-Z]{5,}$|^[A-Z][a-z]+-[a-z]+$")


# Round fourteen: one capitalized word that is an inflected form of an English word ("Executed", "Modifies": a verb
# opening a sentence or a comment) names no one, unless the name lists know it ("Rose", "Jones", "Williams")
INFLECTED = True


def names_someone(span: str) -> bool:
    """Can this "who" candidate name a person or a body? Not a version, a file or a variable, nor a verb's form."""
    span = span.strip()
    return not _NOT_A_NAME.search(span) and not (INFLECTED and _inflected_word(span))


def _inflected_word(span: str) -> bool:
    from agents.answers.evidence import lemma
    from agents.privacy.name_list import is_first_name, is_surname

    word = span.lower()
    return span.isalpha() and span[:1].isupper() and lemma(word).lower() != word and \
        not (is_first_name(word) or is_surname(word))


def acting_role(question: str, texts: list[str]) -> str:
    """The one role that does the question's verb in the first text that has one ("the project secretary
    starts the voting procedure" for "Who starts the voting procedure?"), or undergoes it where the asker does it
    ("contact the list administrator" for "Whom do I contact?"), '' where none or several do: where
    the documents name the agent by its role, the role is the short answer, not the whole quote."""
    from agents.answers.focus import focus
    from agents.answers.evidence import lemma
    from agents.answers.heads import agents, objects

    wanted = focus(question)
    asked = _OBJECT.match(question)
    verb = re.match(r"\s*([a-z]+)", question[asked.end():]) if asked else None
    if asked and verb:              # "whom do I contact": the one contacted
        related, verb_lemma = objects, lemma(verb.group(1))
    elif asks_agent(question) and wanted.verb and wanted.terms:
        related, verb_lemma = agents, wanted.terms[-1]
    else:
        return ""
    for text in texts:
        acting = list(dict.fromkeys(related(text, verb_lemma, roles(text))))
        if acting:
            return acting[0] if len(acting) == 1 else ""
    return ""


# Round fifteen: "Who created the Texinfo documentation format?" is not answered by "GNU Texinfo": a name whose
# head is a word the question already says is the thing asked about, not who acted on it. A name that opens
# with a listed first name stays ("Jane Smith" for "Who is John Smith's sister?")
NAMES_THE_SUBJECT = True


def names_the_subject(name: str, question: str) -> bool:
    """Is this "who" candidate the question's own subject under a longer name ("GNU Texinfo" for "Texinfo")?"""
    from agents.answers.evidence import content_lemmas, lemma
    from agents.privacy.name_list import is_first_name

    words = re.findall(r"[\w'-]+", name)
    if not NAMES_THE_SUBJECT or len(words) < 2 or is_first_name(words[0].lower()):
        return False
    return lemma(words[-1].lower()) in content_lemmas(question)


def is_role_noun(word: str) -> bool:
    """Is this word an agent noun that names a person's role ("developer", "maintainers"), not a thing?"""
    low = word.lower()
    return bool(re.fullmatch(_AGENT, low)) and low not in _NOT_AGENTS and low.rstrip("s") not in _NOT_AGENTS
