"""The line a sentence points forward to: "Error messages from compilers should look like this:" + "sourcefile:lineno:
message"; "Thus:" + "date >foo >bar"; "put the following line in your `sources.list`" + the line after its paragraph.

Why: manuals set commands, formats and configuration lines on lines of their own and announce them with a sentence
that says only that they follow. For "What format should error messages use?" or "How do I write the date into two
files?" the best sentence is the announcing one, and every reading took a span of it ("Following line", "Note that a
pipe is an implicit redirection") while the answer is the line it announces. English marks the pointing with a few
words ("the following", "as follows", "like this", "thus", "use") before a colon that ends its line; "the following
line" may also point past the rest of its paragraph. The answer is that line, verbatim, when it reads as code or a
format rather than prose (agents/answers/actions.py gives an action the line its colon announces in the same way).
"""
from __future__ import annotations

import re

from agents.answers.actions import asks_action
from agents.answers.evidence import locate
from agents.answers.heads import which_head

# what a question must ask for to be answered by an announced line: a way to do something, or text of these kinds
TEXT_HEADS = frozenset({"line", "lines", "format", "entry", "command", "syntax", "form", "code", "example"})
# a pointing phrase before a colon that ends its line ("like this:", "Thus:", "the following three lines:", "use:")
_POINTS = re.compile(r"(?<![\w-])(?:thus|like\s+this|as\s+follows|the\s+following(?:\s+[\w-]+){0,3}|use|e\.g\.|"
                     r"for\s+example|"
                     r"(?:this|these|following)\s+formats?)[ \t]*:[ \t]*\n[ \t]*([^\n]+)", re.I)
# "the following line" with no colon: the line is set after the sentence's paragraph
_FOLLOWING_NOUN = re.compile(r"\bthe\s+following\s+(?:[\w-]+\s+)?(?:lines?|commands?|entry|entries|code)\b", re.I)
MAX_LINE_CHARS = 120
MAX_LINE_WORDS = 12
_SYMBOL = re.compile(r"[/:=<>$@{}\[\]|_~#%&*+\\-]")


def reads_as_code(line: str) -> bool:
    """A line of code, a command or a format, not prose: short, and no sentence ending in a full stop without any
    of a command's symbols."""
    words = line.split()
    if not 1 <= len(words) <= MAX_LINE_WORDS or len(line) > MAX_LINE_CHARS:
        return False
    prose = line.rstrip().endswith((".", "?", "!")) or (words[0][:1].isupper() and len(words) > 3)
    return bool(_SYMBOL.search(line)) and not (prose and len(words) > 3)


# "What must the first line of an NMU's changelog entry say?", "What should the entry look like?": the text itself
_SAYS = re.compile(r"^\s*what\s+(?:must|should|does|do|will|would|can)\s+(?:the|an?|its|my|your|their)\s+"
                   r"(?:[\w'-]+\s+){0,2}?(?:%s)\b.*\b(?:say|look\s+like|contain|read)\s*\??\s*$" % "|".join(TEXT_HEADS),
                   re.I)


def asks_for_text(question: str) -> bool:
    """Does the question ask for something a manual sets on a line of its own: a way to do something, or a line,
    a format, a command - or what such a text says?"""
    head = which_head(question)
    return asks_action(question) or bool(head) and head.split()[-1].lower() in TEXT_HEADS or \
        bool(_SAYS.match(question))


def announced_line(question: str, sentence: str, passage: str) -> str:
    """The line `sentence` announces in `passage`, where the question asks for text; '' when it announces none."""
    if not asks_for_text(question):
        return ""
    place = locate(sentence, passage)
    if not place:
        return ""
    pointing = _POINTS.search(passage, place.start())
    if pointing and pointing.start() < place.end() and reads_as_code(pointing.group(1).strip()):
        return " ".join(pointing.group(1).split())
    if _FOLLOWING_NOUN.search(sentence):
        after = passage[place.end():].split("\n")[1:3]      # the rest of its line, then the next two
        return next((" ".join(line.split()) for line in after if reads_as_code(line.strip())), "")
    return ""
