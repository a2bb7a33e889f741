"""The definition-list reading (agents/answers/entries.py) on and off, on entries of documents it was not built on.

    .venv/bin/python bench/entries_second.py

Why: the reading came from the Zsh manual's hook and trap lists (gate3 dev). These eleven questions were written from
the entries of two other dev documents by other authors - Bash's man page (bash.html) and the Git glossary
(git-user-manual.html) - each naming its entry's term as the gold; every question is asked with the reading off and
on, on the same indexes bench/realdocs.py builds. No test document is read.
"""
from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.append(str(Path(__file__).resolve().parent.parent))

QUESTIONS = {
    "realdocs": [
        ("Which shell option makes bash match filenames case-insensitively when performing pathname expansion?",
         "nocaseglob"),
        ("Which variable holds the current command line during programmable completion?", "COMP_LINE"),
        ("Which variable determines the locale used to translate double-quoted strings preceded by a $?",
         "LC_MESSAGES"),
        ("Which shell option lets local variables inherit the value and attributes of a variable of the same name at "
         "a previous scope?", "localvar_inherit"),
        ("Which readline command replaces the word to be completed with a single match from the list of possible "
         "completions?", "menu-complete"),
        ("Which readline command moves point to the same physical screen column on the previous physical screen "
         "line?", "previous-screen-line"),
    ],
    "gate2": [
        ("What is the default upstream repository called?", "origin"),
        ("Which term names the action of fixing up manually what a failed automatic merge left behind?", "resolve"),
        ("What is the cute name for core Git?", "plumbing"),
        ("What is it called to throw away part of the development by assigning the head to an earlier revision?",
         "rewind"),
        ("Which action updates all or part of the working tree with a tree object or blob from the object database?",
         "checkout"),
    ],
}


def main() -> int:
    import agents.experts.retrieval as retrieval
    from agents.events import FinalAnswer
    from bench import realdocs, realdocs_docs
    from bench.answer_scoring import answer_line

    right = {False: 0, True: 0}
    for name, questions in QUESTIONS.items():
        corpus = realdocs.CORPORA[name]
        enclave = realdocs.open_enclave(realdocs_docs.prepare(corpus=corpus), corpus)
        enclave.load_model()
        try:
            for question, gold in questions:
                lines = []
                for on in (False, True):
                    retrieval.ENTRIES = on
                    text = next(e.text for e in enclave.ask(question) if isinstance(e, FinalAnswer))
                    lines.append(answer_line(text))
                    right[on] += gold.lower() in lines[-1].lower()
                print(f"{gold:22} off: {lines[0][:60]:62} on: {lines[1][:60]}")
        finally:
            retrieval.ENTRIES = True
            enclave.close()
    total = sum(len(q) for q in QUESTIONS.values())
    print(f"answer line states the entry's term: off {right[False]} of {total}, on {right[True]} of {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
