"""Capitalized text that is not a name: job titles and headings ("Customer Service Coordinator", "the Proposal"),
and a common word written in capitals ("CONCLUSION", "SKILLS").

Why (round 10, issue 26): after the capitalized-run and lone-capital rules, these were the non-private words the
sketch lost most on every dev fold. A title or a heading ends in a noun that says what kind of thing it is - a role
("... Coordinator") or a part of a document ("... Proposal", "... Description") - and is made of common words;
names of firms end in other heads ("Corporation", "Health", "Utilities") or in a word the dictionary does not know.
A role named in the plural ("Petroleum Engineers", "Services Workers") is a body of people, often an organisation,
so roles count only in the singular. A word in capitals that is a longer dictionary word is the word, shouted
for emphasis or as a heading; acronyms are short or no English word, and a capitalized country or nationality is
still found by the place list (agents/privacy/places.py).
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

from agents.privacy.ordinary import dictionary_word

# Heads of job titles, singular only (chosen before measuring; words that commonly end names of firms or bodies -
# "Associates", "Executive", "Partners", "Services", "Solutions", "Systems", "Training" - are left out).
ROLE_NOUNS = frozenset({
    "manager", "coordinator", "director", "officer", "specialist", "assistant", "analyst", "engineer", "developer",
    "consultant", "administrator", "supervisor", "representative", "technician", "designer", "editor", "accountant",
    "advisor", "adviser", "architect", "intern", "president", "secretary", "clerk", "nurse", "teacher", "instructor",
    "lecturer", "professor", "researcher", "scientist", "programmer", "planner", "strategist", "producer", "writer",
    "receptionist", "cashier", "operator", "inspector", "auditor", "recruiter", "trainer", "therapist", "counselor",
    "counsellor", "tutor", "attendant", "worker", "leader", "founder", "volunteer", "investigator"})
# Heads of headings and of names of documents or their parts.
DOCUMENT_NOUNS = frozenset({
    "report", "proposal", "plan", "policy", "summary", "description", "overview", "introduction", "conclusion",
    "conclusions", "analysis", "results", "objective", "objectives", "experience", "skills", "education",
    "requirements", "responsibilities", "qualifications", "information", "details", "statement", "letter", "profile",
    "course", "diploma", "degree", "section", "chapter", "strategy", "assessment", "framework", "template",
    "abstract", "background", "methodology", "methods", "discussion", "findings", "references", "appendix", "agenda"})
HEAD_NOUNS = ROLE_NOUNS | DOCUMENT_NOUNS
CAPITALS_MIN_LETTERS = 5   # shorter capitals are more often acronyms ("BIOS", "RAND"; chosen before measuring)


def generic_title(words: Sequence[str], connectors: Collection[str] = (), organisation_words: Collection[str] = ()) -> bool:
    """ "Customer Service Coordinator", "Compliance Management Plan", "Proposal": lowercase words of one capitalized
    span whose last word is a role or document noun and whose other words (connectors aside) are common dictionary
    words (agents/privacy/ordinary.py dictionary_word: no listed name or city), none an organisation word."""
    content = [w for w in words if w not in connectors]
    if not content or content[-1] not in HEAD_NOUNS or any(w in organisation_words for w in content):
        return False
    return all(dictionary_word(w) for w in content[:-1])


def word_in_capitals(text: str) -> bool:
    """ "CONCLUSION", "REDACTED", "SKILLS'": a word written in capitals that is a dictionary word of at least
    CAPITALS_MIN_LETTERS letters, so the capitals are emphasis, not the letters of an acronym."""
    word = text.removesuffix("'S").removesuffix("’S")
    return word.isalpha() and word.isupper() and len(word) >= CAPITALS_MIN_LETTERS and dictionary_word(word.lower())
