"""A reading rule on and off, on questions written from dev documents other than the ones the rule came from.

    .venv/bin/python bench/second_corpus.py [RULE ...]        # all rules when none is named

Why: a rule that helps the corpus it was found on and fails the next one is overfitting, even with a clean split. Each
rule below came from one dev corpus; its questions here were written by reading other dev documents by other authors
(Bash's man page bash.html, the GNU Coding Standards standards.pdf, the Git user manual's glossary, Debian's
Developer's Reference), each with the
document's own words as gold, or no gold for a fact the documents do not contain (right when refused). Every
question is asked with the rule's switch off and on, on the same indexes bench/realdocs.py builds, and scored as
bench/realdocs.py scores the answer line. No test document is read.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.append(str(Path(__file__).resolve().parent.parent))

Questions = dict[str, list[tuple[str, str]]]

# the definition-list reading (agents/answers/entries.py), found on the Zsh manual's hook and trap lists (gate3 dev)
ENTRIES: Questions = {
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

# an operator as a term of the question (agents/answers/quotes.py OPERATOR_TERMS), found on the Zsh manual (gate3 dev)
OPERATORS: Questions = {
    "realdocs": [
        ("What is stripped from input lines when the redirection operator is <<- ?", "tab"),
        ("With |&, what of command1 goes through the pipe besides its standard output?", "standard error"),
        ("Which expansions does the word of a <<< here string undergo?", "tilde expansion"),
        ("Which option of the set builtin does a redirection with >| get around?", "noclobber"),
        ("Using ;;& in place of ;; makes the shell test what?", "next pattern list"),
        ("Is a redirection with >| attempted even if the file exists?", "Yes"),
    ],
}

# the value a text gives the question's head with "of" (agents/answers/heads.py HEAD_OF_VALUE), found on gate3 dev
HEAD_OF_VALUE: Questions = {
    "realdocs": [
        ("What exit status does the child process return if a command is not found?", "127"),
        ("What exit status do all builtins return to indicate incorrect usage?", "2"),
        ("What exit status should a completion function return to have completion retried?", "124"),
        ("What subscript is referencing an array variable without a subscript equivalent to?", "0"),
        ("What status must the last command of list-1 return for a while loop to go on?", "zero"),
    ],
}

# a whole number with its range's end (agents/answers/span_edges.py with_range), found on dev2 (Debian Policy)
RANGES: Questions = {
    "realdocs": [
        ("What values are exit statuses limited to?", "0 through 255"),
    ],
}

# a question opening with a condition or time clause (agents/answers/focus.py SUBORDINATE_FIRST), found on gate3 dev
SUBORDINATE: Questions = {
    "realdocs": [
        ("When an interactive login shell exits, which file does bash read commands from?", "~/.bash_logout"),
        ("If HISTFILE is unset, what happens to the command history when a shell exits?", "not saved"),
        ("When bash is invoked as an interactive shell with the name sh, which variable does it look for?", "ENV"),
        ("If a command is followed by & and job control is not active, what is its default standard input?",
         "/dev/null"),
        ("if the precision p of TIMEFORMAT is 0 what is left out of the output", "decimal point"),
    ],
}

# the line a sentence announces (agents/answers/cataphora.py), found on standards.pdf, the Zsh manual and the Securing
# Debian manual (realdocs, gate3 and gate dev): asked of Bash's man page and the Developer's Reference (dev2)
CATAPHORA: Questions = {
    "realdocs": [
        ("How are shell functions declared?", "fname () compound-command"),
        ("When bash runs a script non-interactively, which command does it behave as if it executed first?",
         "BASH_ENV"),
    ],
    "dev2": [
        ("What should the changelog entry of a package with a new upstream version look like?",
         "New upstream release"),
        ("What line should the changelog entry of a team upload start with?", "Team upload"),
        ("How do I run lintian over the package?", "lintian -v"),
    ],
}

# the subject "is used to" do the question's verb (agents/answers/instruments.py), found on the Zsh manual (gate3 dev)
INSTRUMENTS: Questions = {
    "realdocs": [
        ("How can I limit the depth of the function call stack?", "FUNCNEST"),
        ("How do I destroy arrays?", "unset"),
        ("How do I restrict the set of file names matching a pattern?", "GLOBIGNORE"),
        ("How do I specify the format of the time information?", "TIMEFORMAT"),
        ("How can I list or edit and re-execute a portion of the history list?", "fc"),
    ],
    "dev2": [
        ("How can I file bug reports against a list of packages?", "mass-bug"),
        ("How do I automatically close Debian bugs when the package is installed into the archive?",
         "Changelog entries"),
    ],
}

# Round fourteen. A gold of "" is a fact the documents do not contain: right when the answer is "not in your
# documents". The absent questions were written from dev documents for this round (a second set, beside the
# realdocs family's own absent questions).
# "who wrote X" holds the verb "write" (agents/answers/predicate.py PREDICATE_STOPWORDS)
WHO_WROTE: Questions = {
    "dev2": [("Who wrote the Window Manager Specification Project?", "Free Desktop Group")],
    "gate2": [("Who wrote the first version of dh_make?", "")],
    "gate3": [("Who wrote the zsh line editor?", "")],
}
# a code-marked variable, path or pattern, a code-marked term for a company, a document's own "Chapter 1" names no
# company (agents/answers/spans.py NAMES_NO_CODE, NAMES_NO_REFERENCE)
CODE_NAMES: Questions = {
    "gate2": [("Which company pays Debian maintainers?", "")],
    "gate3": [("Which company sponsors zsh development?", "")],
}
# a footnote's marker, glued ("1The") or bracketed ("[17]"), is no number (agents/answers/value_fit.py FOOTNOTE_MARKS)
FOOTNOTES: Questions = {
    "gate": [("By how many characters must a new password differ from the old one?", "3"),
             ("What minimum password size does the cracklib PAM module prompt for?", "12 characters")],
}
# "how wide / big / far ..." asks for a number with its unit (agents/answers/spans.py MEASURE_QUESTIONS)
MEASURES: Questions = {
    "gate2": [("How wide are terminals conventionally?", "80 columns")],
}
# "What should be added to CFLAGS?": the object of the text's active verb (agents/answers/continuation.py PASSIVE_OBJECT)
PASSIVES: Questions = {
    "dev2": [("What should be added to CFLAGS for C programs to make debugging easier?", "-O0")],
}
# the lines at the start or end of 3+ documents are read out of their passages (rag/retrieval.py FURNITURE)
FURNITURE: Questions = {
    "gate3": [("When was job control added to zsh?", ""), ("In which year was zsh first released?", "")],
}
# Round fifteen (agents/answers/value_fit.py, bylines.py), on the round's fourth set, written from dev documents before
# any of these rules was tried on it: a price is money, never a bare number (MONEY_NEEDS_CURRENCY)
MONEY: Questions = {
    "realdocs": [("What is the price of a printed copy of the GNU Coding Standards?", "")],
    "gate": [("How much does a commercial firewall for Debian cost?", "")],
    "gate2": [("How much does it cost to upload a package to the Debian archive?", "")],
    "gate3": [("How much does a commercial zsh license cost?", "")],
}
# a city or a country is a place the gazetteer knows or a name with a place's head (KNOWN_REGIONS)
REGIONS: Questions = {
    "realdocs": [("In which country was Bash first released?", "")],
    "dev2": [("Which country's export restrictions may apply to materials on the Debian servers?", "United States"),
             ("Which country does the fr_CA manual page directory serve?", "Canada")],
    "gate": [("In which city is the Debian security team based?", "")],
    "gate2": [("In which country does Osamu Aoki live?", "")],
    "gate3": [("In which city was zsh first written?", "")],
}
# the support checks bound the answer line wherever it is read: a "who" name names someone (CHECKED_EVERYWHERE)
CHECKED: Questions = {
    "realdocs": [("Who designed the GNU logo?", "")],
    "dev2": [("How many people attend DebConf each year?", "")],
    "gate2": [("Who maintains the dh_make package?", "")],
}
# a version has a number, a licence is named as one, a company is no role (spans.HEAD_SHAPES)
SHAPES: Questions = {
    "realdocs": [("Which license covers the bash completion project?", "")],
    "gate2": [("Which company pays Debian maintainers?", ""),
              ("Under which license may the Debian New Maintainers' Guide be used?", "GNU General Public License"),
              ("Under which license is the gentoo example package released?", "GPL-2")],
    "gate3": [("Which license covers zsh?", "")],
}
# "how many X" is never answered by a description ("the current user") (support.NO_DESCRIBED_COUNT)
DESCRIBED_COUNT: Questions = {
    "realdocs": [("How many users does Bash have worldwide?", "")],
    "gate3": [("How many users does zsh have?", "")],
}
# a title's byline credits its authors (BYLINES)
BYLINE: Questions = {
    "realdocs": [("Who wrote the Bash Reference Manual together with Chet Ramey?", "Brian Fox")],
    "gate2": [("Who wrote the Debian New Maintainers' Guide?", "Josip Rodin")],
}

# Round sixteen. A command cited by its manual page, "debi(1)" (found on the New Maintainers' Guide, gate2 dev); asked
# here of Debian Policy (dev2), which cites programs and functions the same way
MAN_PAGES: Questions = {
    "dev2": [
        ("Which function do programs use to dynamically load plug-ins?", "dlopen"),
        ("Which manual page documents the facilities used by an example logrotate config file?", "logrotate"),
    ],
}

# A phrase fronted before a comma, then the question (found on the Securing Debian Manual and the Zsh manual: gate and
# gate3 dev); asked here of Bash's man page (realdocs dev)
FRONTED: Questions = {
    "realdocs": [
        ("In posix mode, which variable do interactive shells expand to find the file of commands to read?", "ENV"),
        ("For an interactive shell invoked with the name sh, which variable names the file it reads?", "ENV"),
    ],
}

# Where a program's output goes: a standard stream (found on the GNU Coding Standards and the Zsh manual); asked here of
# Bash's man page
STREAMS_ASKED: Questions = {
    "realdocs": [
        ("Where is the xtrace output sent when BASH_XTRACEFD is unset?", "standard error"),
        ("Where does history -p display the result of history substitution?", "standard output"),
    ],
}

# "job number 1" names a job and counts none (found on the Zsh manual); "how big / how large" asks for a magnitude
# stated with a number or "no limit" (the Zsh manual); asked here of Bash's man page
COUNTS_AND_SIZES: Questions = {
    "realdocs": [
        ("How many jobs can Bash keep track of at most?", ""),
        ("How big can a here-document be in Bash?", ""),
        ("How large can an array be in Bash?", "no maximum limit"),
    ],
}


# A yes/no question answered with the opposite word ("should be relative" for "be absolute?"; found on Debian Policy,
# dev2); asked here of Bash's man page, with one question whose own word the text says
OPPOSITES: Questions = {
    "realdocs": [
        ("Is the reserved word function required when defining a shell function?", "No"),
        ("Are the parentheses required if the function reserved word is supplied?", "No"),
        ("Is a filename whose suffix matches one of the FIGNORE entries included in the list of matched filenames?",
         "No"),
        ("Is the final history delimiter optional if it is the last character of the event line?", "Yes"),
    ],
}


# A setting written "urgency=medium" gives the head its value (found on the New Maintainers' Guide, gate2 dev); asked
# here of the Securing Debian Manual (gate dev) and Debian Policy (dev2)
ASSIGNED_VALUES: Questions = {
    "gate": [("Which group does the pam_wheel example restrict su to?", "wheel")],
    "dev2": [("What urgency does the example changelog entry in the Policy manual have?", "low")],
}


RULES: dict[str, tuple[str, str, Questions]] = {
    "entries": ("agents.experts.retrieval", "ENTRIES", ENTRIES),
    "operators": ("agents.answers.quotes", "OPERATOR_TERMS", OPERATORS),
    "head_of_value": ("agents.answers.heads", "HEAD_OF_VALUE", HEAD_OF_VALUE),
    "ranges": ("agents.answers.span_edges", "NUMBER_RANGE", RANGES),
    "subordinate": ("agents.answers.focus", "SUBORDINATE_FIRST", SUBORDINATE),
    "cataphora": ("agents.experts.retrieval", "CATAPHORA", CATAPHORA),
    "instruments": ("agents.experts.retrieval", "INSTRUMENTS", INSTRUMENTS),
    "who_wrote": ("agents.answers.predicate", "PREDICATE_STOPWORDS", WHO_WROTE),
    "code_names": ("agents.answers.spans", "NAMES_NO_CODE", CODE_NAMES),
    "footnotes": ("agents.answers.value_fit", "FOOTNOTE_MARKS", FOOTNOTES),
    "measures": ("agents.answers.spans", "MEASURE_QUESTIONS", MEASURES),
    "furniture": ("rag.retrieval", "FURNITURE", FURNITURE),
    "passives": ("agents.answers.continuation", "PASSIVE_OBJECT", PASSIVES),
    "money": ("agents.answers.value_fit", "MONEY_NEEDS_CURRENCY", MONEY),
    "regions": ("agents.answers.value_fit", "KNOWN_REGIONS", REGIONS),
    "checked": ("agents.answers.value_fit", "CHECKED_EVERYWHERE", CHECKED),
    "bylines": ("agents.answers.bylines", "BYLINES", BYLINE),
    "described_count": ("agents.answers.support", "NO_DESCRIBED_COUNT", DESCRIBED_COUNT),
    "shapes": ("agents.answers.spans", "HEAD_SHAPES", SHAPES),
    "man_pages": ("agents.answers.spans", "MAN_PAGE_NAMES", MAN_PAGES),
    "fronted": ("agents.answers.focus", "FRONTED_PHRASE", FRONTED),
    "streams": ("agents.answers.kinds", "STREAMS", STREAMS_ASKED),
    "number_names": ("agents.answers.qualifiers", "NUMBER_NAMES", COUNTS_AND_SIZES),
    "how_big": ("agents.answers.value_fit", "HOW_BIG", COUNTS_AND_SIZES),
    "opposites": ("agents.answers.polarity", "ANTONYMS", OPPOSITES),
    "assigned": ("agents.answers.heads", "ASSIGNED", ASSIGNED_VALUES),
}


def _measure(rule: str) -> tuple[int, int, int]:
    """(right with the rule off, right with it on, questions) for one rule."""
    from agents.events import FinalAnswer
    from bench import realdocs, realdocs_docs
    from agents.experts.retrieval import NOT_FOUND
    from bench.answer_scoring import answer_line, states

    module_name, switch, questions = RULES[rule]
    module = importlib.import_module(module_name)
    shipped = getattr(module, switch)
    right = {False: 0, True: 0}
    for name, asked in questions.items():
        corpus = realdocs.CORPORA[name]
        enclave = realdocs.open_enclave(realdocs_docs.prepare(corpus=corpus), corpus)
        enclave.load_model()
        try:
            for question, gold in asked:
                lines = []
                for on in (False, True):
                    setattr(module, switch, on)
                    text = next(e.text for e in enclave.ask(question) if isinstance(e, FinalAnswer))
                    lines.append(answer_line(text))
                    right[on] += states(lines[-1], [gold]) if gold else text.startswith(NOT_FOUND)
                print(f"  {gold or '(absent)':22} off: {lines[0][:60]:62} on: {lines[1][:60]}")
        finally:
            setattr(module, switch, shipped)
            enclave.close()
    return right[False], right[True], sum(len(q) for q in questions.values())


def main(argv: list[str]) -> int:
    chosen = argv or list(RULES)
    unknown = [r for r in chosen if r not in RULES]
    if unknown:
        print(f"unknown rule(s): {', '.join(unknown)}; known: {', '.join(RULES)}")
        return 2
    for rule in chosen:
        print(rule)
        off, on, total = _measure(rule)
        print(f"{rule}: answer line states the gold (or an absent fact refused): off {off} of {total}, on {on} of {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
