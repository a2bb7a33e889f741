"""Dev questions re-asked as people write them - a phrase fronted before a comma, or asked as a request - with the
reading of that form off and on.

    .venv/bin/python bench/fronted_dev.py [CORPUS ...]              # realdocs gate gate2 gate3 when none is named
    .venv/bin/python bench/fronted_dev.py --indirect [CORPUS ...]   # "Can you tell me which ...?" (focus.INDIRECT)

Why: the corpora written by other hands ask "With BIND 9, which file ...?", "On a mail server, which port ...?"; such a
question was read as a free one, its kind and focus lost (agents/answers/focus.py FRONTED_PHRASE). Few dev questions
are written so, so every dev question that starts with its question word is asked again with a phrase of its own
document's topic in front ("In Bash, which ...", "In zsh, ...", "As a Debian maintainer, ..."), once with the reading
off and once on, on the same indexes bench/realdocs.py builds, scored as it scores the answer line. With --indirect,
every dev question that starts with a wh-word is asked as a request instead ("Can you tell me which file ...?"; the
reading: focus.INDIRECT; "Can you tell me which ..." was answered "Yes."). Dev splits only: no test document or
question is read. Prints the questions whose answer changed and the totals.
"""
from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.append(str(Path(__file__).resolve().parent.parent))

# a phrase naming each dev document's topic, as an asker would put it first
FRONTS = {"bash": "In Bash,", "standards": "In GNU programs,", "zsh": "In zsh,", "maint": "As a Debian maintainer,",
          "devref": "In Debian,", "policy": "In Debian,", "fhs": "On a Linux system,", "harden": "On a Debian server,"}


def fronted(question: str, document: str) -> str:
    """The question with its document's phrase in front ("Which file ...?" -> "In Bash, which file ...?")."""
    return f"{FRONTS[document]} {question[0].lower()}{question[1:]}"


_WH = ("what", "which", "who", "whom", "whose", "where", "when", "why", "how")


def as_request(question: str) -> str:
    """The question asked as a request ("Which file ...?" -> "Can you tell me which file ...?")."""
    return f"Can you tell me {question[0].lower()}{question[1:]}"


def main(argv: list[str]) -> int:
    from agents.answers import focus
    from bench import realdocs, realdocs_data, realdocs_docs
    from bench.answer_scoring import answer_line, is_refusal, states

    indirect = "--indirect" in argv
    argv = [a for a in argv if a != "--indirect"]
    switch = "INDIRECT" if indirect else "FRONTED_PHRASE"
    names = argv or ["realdocs", "gate", "gate2", "gate3"]
    unknown = [n for n in names if n not in realdocs.CORPORA]
    if unknown:
        print(f"unknown corpus: {', '.join(unknown)}; known: {', '.join(realdocs.CORPORA)}")
        return 2
    right, refused, asked = {False: 0, True: 0}, {False: 0, True: 0}, 0
    shipped = getattr(focus, switch)
    for name in names:
        corpus = realdocs.CORPORA[name]
        enclave = realdocs.open_enclave(realdocs_docs.prepare(corpus=corpus), corpus)
        enclave.load_model()
        try:
            for q in realdocs_data.questions("dev", corpus):
                if q.doc not in FRONTS or not q.text[:1].isupper() or \
                        indirect and q.text.split()[0].lower() not in _WH:
                    continue
                question = as_request(q.text) if indirect else fronted(q.text, q.doc)
                asked, lines = asked + 1, {}
                for on in (False, True):
                    setattr(focus, switch, on)
                    text = realdocs.ask_enclave(enclave, question)[0]
                    lines[on] = answer_line(text)
                    right[on] += is_refusal(text) if q.absent else states(lines[on], list(q.gold))
                    refused[on] += (not q.absent) and is_refusal(text)
                if lines[False] != lines[True]:
                    print(f"{q.qid:14} {question[:70]}\n    off: {lines[False][:70]}\n    on:  {lines[True][:70]}")
        finally:
            setattr(focus, switch, shipped)
            enclave.close()
    for on in (False, True):
        print(f"{switch} {'on ' if on else 'off'}: right {right[on]} of {asked} "
              f"(answer line states the gold, or an absent fact refused); answerable refused {refused[on]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
