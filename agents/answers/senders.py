"""Who sent a message: a mail's From header answers "Who sent / wrote / e-mailed ...?".

Why: the mail loader puts each message's From/To/Date/Subject lines at the top of its page
(rag/formats/mail.py), so the sender is never the agent of a verb in a sentence: "Who sent the message about
the site visit?" was refused ("no passage holds 'send'") or answered with a person the body mentions.
"""
from __future__ import annotations

import re

from agents.answers.evidence import lemma
from agents.answers.focus import focus

SENDING = frozenset("send write email mail forward reply".split())
_FROM = re.compile(r"^[ \t]*From:[ \t]*(.+?)[ \t]*$", re.M)
_ADDRESS = re.compile(r"<[^<>]*>")


def asks_sender(question: str) -> bool:
    """"Who sent / wrote / e-mailed ...": the verb of a who-question is one of sending a message."""
    wanted = focus(question)
    verb = lemma(wanted.terms[-1].replace("-", "")) if wanted.terms else ""      # "e-mailed" -> "email"
    return wanted.wh in ("who", "whom") and wanted.verb and verb in SENDING


def sender(page_text: str) -> str:
    """The sender a message's From header names ("Marta Silva" of "From: Marta Silva <m@x.org>"), else ''."""
    match = _FROM.search(page_text[:2000])
    if not match:
        return ""
    name = _ADDRESS.sub("", match.group(1)).strip(" \"'")
    return name or match.group(1).strip(" <>")
