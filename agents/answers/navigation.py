"""Text that points at other text: tables of contents, index pages, code. Never evidence for an answer.

Why: on a printed manual's contents page every heading sits beside a page number ("9.2 Bash History
Builtins . . . . . 152"), so a question that matches a heading found its "answer" there: "Who designed the
Bash logo?" was answered with a contents line. An index line ("command-line arguments, decoding . . . 8")
is the same. And a number inside code (`${BASH_SOURCE[$i+1]}`) counts nothing: "How many lines of C code
...?" was answered "1".
"""
from __future__ import annotations

import re

# a dot leader before a page number: ". . . . 152", "........ 8", ". . . 8"
_LEADER = re.compile(r"(?:\.\s?){3,}\s*\d+\b")
_LONG_LEADER = re.compile(r"(?:\.\s?){6,}")
# a token of code: holds a sigil, brackets or an assignment ("${BASH_SOURCE[$i+1]}", "$#", "a[2]=x")
_CODE_TOKEN = re.compile(r"\S*[$\[\]{}=\\]\S*")


def is_navigation(text: str) -> bool:
    """Is this a contents or index text (a dot leader of six or more dots, or two leaders before page
    numbers) rather than a statement?"""
    return bool(_LONG_LEADER.search(text)) or len(_LEADER.findall(text)) >= 2


def without_code(text: str) -> str:
    """The text with its code tokens blanked: what is left can state a count or an amount."""
    return _CODE_TOKEN.sub(" ", text)
