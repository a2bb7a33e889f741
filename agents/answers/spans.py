"""Short answer spans for "which / what X" questions, header words that are never answers, and the mark
that shows the span inside its quote.

Why: only dates, amounts, durations, persons, places and titles had a short answer; every other
question got a long quote with the answer somewhere inside. Technical and legal text names its
answers in a few recognizable shapes - a command or package (`apt-get`, dpkg-reconfigure), a file or
path (/etc/apt/sources.list, ~/.bashrc), an option (--help), an e-mail or web address, a quoted term,
a name (Debian Free Software Guidelines), a number with its unit ("79 characters"), an obligation
("must ...") - so those spans of the best sentences are the candidates, and the model chooses among
them (agents/experts/retrieval.py). A mail's or sheet's field names ("Subject", "From", a column)
are labels of values, never values.
"""
from __future__ import annotations

import re

from agents.answers.evidence import STOPWORDS
from agents.answers.span_edges import MAN_SECTION, said_in
from rag.entities import NAME_TYPES, WORK, extract, normalize

CODE, PATH, OPTION, ADDRESS, NAME, QUANTITY, NUMBER, OBLIGATION = "code", "path", "option", "address", "name", \
    "quantity", "number", "obligation"
# Round sixteen: Unix documentation cites a command, function or file format by its manual page, "debi(1)",
# "crontab(5)", "printf(3)": the name before the section number is code whatever its letters (gate2 dev: "The debi(1)
# command helps you to test installing ..." offered no "debi", which reads as an English name)
MAN_PAGE_NAMES = True
_MAN_PAGE_NAME = r"(?<![\w.$/-])([a-z][\w+-]*(?:\.[\w+-]+)*)" + MAN_SECTION      # group 2 of the code shape
_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (ADDRESS, re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|\b(?:https?|ftp)://[^\s<>\"')\]]+|\bwww\.[\w.-]+\.\w+|"
                         r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Street|Avenue|Lane|Way|Drive|Close|"
                         r"Place|Square|Court|Crescent|Terrace|Rd|St|Ave)\b(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?")),
    (PATH, re.compile(r"(?<![\w/.])(?:~|\.{1,2})?/(?:[\w.+-]+/)*[\w.+*-]+/?|(?<![\w/])~?/?\.[A-Za-z][\w.-]+\b|"
                      r"\b[\w-]+\.(?:conf|cfg|ini|list|txt|sh|py|html?|pdf|deb|tar|gz|xz|bz2|zip|xml|json|ya?ml|log|"
                      r"d|c|h|el|info|texi|texinfo|md)\b")),
    (OPTION, re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*(?:=\S+)?")),
    (CODE, re.compile(r"`([^`\n]{1,60})`|(?<![\w.-])[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+(?![\w-])|"
                      r"(?<![\w$])_?[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|(?<![\w$])[A-Z]{3,}[0-9]*\b|" + _MAN_PAGE_NAME)),
    (QUANTITY, re.compile(r"(?<![\w.:])\d[\d,]*(?:\.\d+)?\s?(%|[A-Za-z]{1,12}\b)(?:\s+of\s+[a-z]{3,12}\b)?")),
    (NUMBER, re.compile(r"(?<![\w.])\d+(?:\.\d+)*(?![\w.]|\.\d)")),
    (OBLIGATION, re.compile(r"\b(?:must|should|shall|has to|have to|needs? to|is required to)\s+"
                            r"((?:not\s+)?[a-z][^.;:!?]{2,90})", re.I)),
)
# a quoted term: in double or curly quotes, or in straight single quotes that are no apostrophes ("don't ... I'm")
_QUOTED = re.compile(r"[\"“‘]([^\"“”‘’\n]{2,60})[\"”’]|(?<![\w])'([^'\n]{2,60})'(?![\w])")
# Round fourteen: "How wide are terminals?" asks for a measure, a number with its unit ("80 columns"), as "how long
# may lines be" does; the adjective is the head of the question (answer_types reads it as a term question)
MEASURE_QUESTIONS = True
MEASURES = frozenset({"wide", "big", "large", "tall", "high", "deep", "far", "heavy", "thick", "fast"})
_MEASURE = re.compile(r"^\s*how\s+(%s)\b" % "|".join(sorted(MEASURES)), re.I)
# the shapes a question's head word asks for: "which file" wants a path, "which command" code, ...
_WANTS = {
    PATH: {"file", "path", "directory", "folder", "dir", "config", "configuration", "location"},
    CODE: {"command", "package", "program", "tool", "utility", "function", "builtin", "variable", "library",
           "module", "script", "binary", "executable", "shell", "editor"},
    OPTION: {"option", "flag", "switch", "argument", "parameter"},
    ADDRESS: {"address", "email", "e-mail", "url", "website", "site", "homepage", "mail"},
    NAME: {"organisation", "organization", "company", "project", "group", "team", "distribution", "license",
           "licence", "standard", "name", "person", "author", "maintainer", "vendor", "supplier", "foundation"},
    QUANTITY: {"limit", "size", "length", "width", "amount", "memory", "space", "percentage", "maximum", "minimum",
               "much", "many", "long", "big", "unit", *MEASURES},
    NUMBER: {"version", "edition", "release", "number", "value", "status", "code", "mode", "year", "count", "level",
             "port"},
    OBLIGATION: {"do", "must", "need", "requirement", "rule", "obligation"},
}
# a term the text marks as code (HTML's <code> and <literal>, rendered with backticks)
_CODE_MARKED = re.compile(r"`([^`\n]{1,60})`")
MAX_SPAN_WORDS = 14
_LABEL = re.compile(r"(?m)^[ \t]*([A-Z][\w\- ]{0,30}?)[ \t]*:[ \t]")
_INLINE_LABEL = re.compile(r"\b([A-Z][a-z]+):\s")
LABEL_ZIPF = 4.5         # a one-word "X:" this common in English is a field name (as rag/entities.py judges it)


def labels(text: str) -> set[str]:
    """Field names of a text, normalized: a line's "Subject:", "From:", "Date:"; such a common word before a
    colon inside a line (a mail's header lines joined into one); a sheet's column names (its header row,
    the first line of cells separated by " | ")."""
    from rag.text_stats import zipf

    found = {normalize(m.group(1)) for m in _LABEL.finditer(text)}
    found |= {normalize(m.group(1)) for m in _INLINE_LABEL.finditer(text) if zipf(m.group(1).lower()) >= LABEL_ZIPF}
    header = next((line for line in text.split("\n") if " | " in line), "")
    found |= {normalize(cell) for cell in header.split(" | ") if cell.strip()}
    return found


# a passive obligation ("must always be matched", "should be supported only in ..."): a duty of a thing, not of the
# person who asks what to do
_PASSIVE = re.compile(r"(?:(?:not|always|also|only|then|first|never|\w+ly)\s+)*be\b", re.I)
ASKS_WHAT_TO_DO = re.compile(r"^\s*what\s+(?:must|should|do|does|shall)\s+(?:i|we|you|one|a user|users)\s+"
                             r"(?:have to\s+|need to\s+)?do\b", re.I)


_FIELD_HEADS = frozenset({"header", "field", "column", "label", "heading", "tag"})


def asks_for_field(question: str) -> bool:
    """Does the question ask for a field name ("which header", "which column")? Then a text's "X-Foo:" label is
    the answer's kind, not furniture to skip."""
    return bool(question) and asked_head(question).lower().rstrip("s") in _FIELD_HEADS


def names_a_shape(head: str) -> bool:
    """Does the head word ask for a shape of span ("file", "command", "address"), not for a concept?"""
    return any(head in heads or head.rstrip("s") in heads for shape, heads in _WANTS.items()
               if shape not in (QUANTITY, NUMBER))


SHAPED_HEADS = frozenset(word for heads in _WANTS.values() for word in heads)


def asks_measure(question: str) -> bool:
    """Is this a "how wide / big / far ..." question, answered by a number with its unit?"""
    return MEASURE_QUESTIONS and bool(_MEASURE.match(question))


def asked_head(question: str) -> str:
    """The head word of what a "which/what X" question asks for: the first word after which/what that names
    a kind of span ("which option inhibits ..." -> "option"), else the focus's head."""
    from agents.answers.focus import focus
    from agents.answers.heads import which_head

    if MEASURE_QUESTIONS and (measure := _MEASURE.match(question)):
        return measure.group(1).lower()         # "how wide": a measure
    phrase = which_head(question, SHAPED_HEADS)
    last = phrase.split()[-1] if phrase else ""
    return last if last in SHAPED_HEADS or last.rstrip("s") in SHAPED_HEADS else focus(question).asked


def wanted_shapes(head: str, question: str = "") -> set[str]:
    """The span shapes that fit a question's head word (all shapes when the head names none)."""
    if ASKS_WHAT_TO_DO.search(question):
        return {OPTION, CODE, OBLIGATION}      # "what must I do to ...": an option, a command, a setting, a duty
    shapes = {shape for shape, heads in _WANTS.items() if head in heads or head.rstrip("s") in heads}
    return shapes or {shape for shape, _ in _SHAPES if shape not in (OBLIGATION, NUMBER)} | {NAME}


def term_spans(text: str, question: str = "", head: str = "", passage_text: str = "") -> list[str]:
    """Short spans of `text` of the shapes the head asks for, in text order, without repeats, without what
    the question already says and without field names of the passage."""
    shapes = wanted_shapes(head, question)
    found: list[tuple[int, str]] = []
    for shape, pattern in _SHAPES:
        if shape not in shapes:
            continue
        for match in pattern.finditer(text):
            if shape == QUANTITY:
                if match.group(1).lower() in STOPWORDS:
                    continue        # "5.2 was" is a number, "79 characters" a quantity
                found.append((match.start(), match.group(0)))
                continue
            group = next((i for i, g in enumerate(match.groups(), 1) if g), 0)
            if shape == CODE and group == 2 and not MAN_PAGE_NAMES:
                continue
            span = _clause(match.group(group)) if shape == OBLIGATION else match.group(group)
            if shape == OBLIGATION and _PASSIVE.match(span) and ASKS_WHAT_TO_DO.search(question):
                # "must always be matched explicitly" prescribes nothing the asker does; an obligation after it in
                # the same stretch does ("... should be reassigned to, you should ask for help")
                later = pattern.search(text, match.start(group))
                if not later:
                    continue
                match, span = later, _clause(later.group(1))
                if _PASSIVE.match(span):
                    continue
            found.append((match.start(group), span))
    if NAME in shapes or CODE in shapes:
        found += [(m.start(g), m.group(g)) for m in _QUOTED.finditer(text) for g in (1, 2) if m.group(g)
                  and (NAME in shapes or not _english_word(m.group(g)))     # ‘recipe’ names no command
                  and (CODE in shapes or literal_name(head, m.group(g).strip("`"), m.group(g).startswith("`")))]
    if NAME in shapes and CODE not in shapes:       # "uploaded into `unstable`": the text marks the name as a term
        found += [(m.start(1), m.group(1)) for m in _CODE_MARKED.finditer(text) if literal_name(head, m.group(1))]
    if CODE in shapes and head:
        found += _identifiers(text)
    if NAME in shapes:      # a capitalized word inside code marks ("`$ZDOTDIR/.zshenv`") is a variable, no name
        prose = _CODE_MARKED.sub(lambda m: " " * len(m.group(0)), text) if NAMES_NO_CODE else text
        body = head.lower().rstrip("s") in _BODY_HEADS
        found += [(text.find(e.name), e.name) for e in extract(prose) if (e.type in NAME_TYPES or e.type == WORK)
                  and not (NAMES_NO_REFERENCE and (_REFERENCE.match(e.name) or body and names_a_document(e.name)))]
    fields = set() if asks_for_field(question) else labels(passage_text or text) | labels(text)
    out: list[str] = []
    # parts of an address ("gnu.org" of "bug-bash@gnu.org") are no spans of their own, asked for or not
    taken: list[tuple[int, int]] = [m.span() for m in _SHAPES[0][1].finditer(text)] if ADDRESS not in shapes else []
    for start, span in sorted(found, key=lambda item: (item[0], -len(item[1]))):
        span = span.strip(" ,.;:()[]")
        key = normalize(span)
        end = start + len(span)
        if not span or not key or said_in(span, question) or key in fields or span in out or not _worded(span) or \
                len(span.split()) > MAX_SPAN_WORDS or any(a <= start and end <= b for a, b in taken):
            continue        # a part of a longer span ("sources.list" of "/etc/apt/sources.list") is no option
        out.append(span)
        taken.append((start, end))
    return out


# Round fourteen: a term in code marks with a variable's, a path's or a pattern's symbols ("`${TMPPREFIX}*`",
# "`/etc/zsh/zshenv`", "`GCONV_PATH`") is a file, a variable or a pattern; it names no company, person, licence or
# distribution ("Which company sponsors zsh development?" was answered "${TMPPREFIX}*")
NAMES_NO_CODE = True
_CODE_SYMBOLS = re.compile(r"[$/{}*=<>|\\\[\]_]")


# and a document's own reference ("Chapter 1", "Section 4.2", "Table 3") names no company either: "Which company pays
# Debian maintainers?" was answered "Chapter 1", from a page's first line
NAMES_NO_REFERENCE = True
_REFERENCE = re.compile(r"(?:chapter|section|appendix|part|figure|table|page|step|example|volume)\s+[\divx]", re.I)


# ... nor does a document's title or its navigation ("Debian New Maintainers Guide 1", "[Index]") name a company or a
# person: its last word names a kind of document
_DOCUMENT_WORDS = frozenset({"manual", "guide", "reference", "handbook", "faq", "index", "contents", "standards",
                             "documentation", "howto", "tutorial",
                             # round fifteen: "Debian Policy" is no secretary, "Social Contract" no author
                             "policy", "specification", "license", "licence", "constitution", "contract", "charter"})


def names_a_document(name: str) -> bool:
    """Is `name` a document's title or a navigation link by its last word ("… Reference Manual", "Index")?"""
    words = re.findall(r"[A-Za-z]+", name)
    return NAMES_NO_REFERENCE and bool(words) and words[-1].lower() in _DOCUMENT_WORDS


# a company, a person or a foundation is never set as code ("Which company sponsors zsh?": not `readonly`); a
# distribution, a licence or a project may be (`unstable`)
_BODY_HEADS = frozenset({"organisation", "organization", "company", "person", "author", "vendor", "supplier",
                         "foundation"})


def is_code_shaped(term: str) -> bool:
    """Does a code-marked term carry a variable's, a path's or a pattern's symbols (so it names nobody)?"""
    return NAMES_NO_CODE and (bool(_CODE_SYMBOLS.search(term)) or term.startswith("."))     # ".changes": a file


def literal_name(head: str, term: str, marked: bool = True) -> bool:
    """Can a term (`marked`: set as code by the text) answer a question whose head asks for a name ("which
    distribution")?"""
    return not is_code_shaped(term) and not (marked and NAMES_NO_CODE and head.lower().rstrip("s") in _BODY_HEADS) \
        and not misfits_head(term, head)        # round fifteen: `readonly` names no licence


# Round fifteen: what a "which version / licence / company" head asks for has a shape. A version is written with a
# number ("5.2", "version 2.69", "1.5+nmu1"), never a protocol's name ("IPv6"); a licence is named as one; a company
# or another body is no role of a person ("Debian Developer" for "Which company pays Debian maintainers?")
HEAD_SHAPES = True
_VERSION_SHAPE = re.compile(r"(?<![A-Za-z])[vr]?\d")
# a licence is named as one ("the GNU General Public License", "GPL-3+", "BSD", "public domain"), never "Bash default"
_LICENCE_SHAPE = re.compile(r"licen[cs]e|\b(?:[LA]?GPL|BSD|MIT|Apache|MPL|EPL|EUPL|CDDL|ISC|zlib|Artistic|copyleft|"
                            r"public domain|Creative Commons|CC[- ]BY|CC0|Unlicense|DFSG)", re.I)
_BODIES = frozenset({"company", "organisation", "organization", "vendor", "supplier", "sponsor", "employer",
                     "foundation", "firm", "corporation"})


def misfits_head(span: str, head: str) -> bool:
    """Is the span of another shape than this head word asks for ("version", "license", "company")?"""
    from agents.answers.actors import is_role_noun

    if not HEAD_SHAPES:
        return False
    head = head.lower()
    if head == "version":
        return not _VERSION_SHAPE.search(span)
    if head in ("license", "licence"):
        return not _LICENCE_SHAPE.search(span)
    words = span.split()
    return head.rstrip("s") in _BODIES and len(words) > 1 and is_role_noun(words[-1])


def _worded(span: str) -> bool:
    """Does the span hold a word or number that is no function word? "and ``" (between TeX quotes ``.'' and
    ``..'') is only punctuation around a conjunction."""
    return any(w.lower() not in STOPWORDS for w in re.findall(r"[A-Za-z0-9_]+", span))


def _english_word(span: str) -> bool:
    """One common English word ("recipe"): in quotes it is a term of the text, not a command's name."""
    from rag.text_stats import zipf

    return span.isalpha() and zipf(span.lower()) >= COMMON_ZIPF


COMMON_ZIPF = 3.5
_LOWER_WORD = re.compile(r"(?<![\w.$/-])[a-z][a-z0-9]{2,24}(?![\w-]|\.\w)")
UNKNOWN_ZIPF = 1.0       # a lowercase word this rare in English is a program's, function's or package's name


def _identifiers(text: str) -> list[tuple[int, str]]:
    """Lowercase words that are no English words: "ngettext", "doschk", "bashbug" - in technical text the name
    of a command, function or package (asked for by "which command / function / program")."""
    from rag.text_stats import zipf

    return [(m.start(), m.group(0)) for m in _LOWER_WORD.finditer(text) if zipf(m.group(0)) < UNKNOWN_ZIPF]


def _clause(text: str) -> str:
    """An obligation's clause up to its first comma-led aside, at most MAX_SPAN_WORDS words."""
    clause = re.split(r",\s+(?:and|but|which|unless|so|or)\b|\s+\(", text, maxsplit=1)[0]
    return " ".join(clause.split()[:MAX_SPAN_WORDS])


def highlight(quote: str, span: str) -> str:
    """The quote with the answer span marked in bold Markdown (the GUI renders it, the CLI shows **span**): where
    it stands as whole words, else where it first stands (the answer "E" was marked inside "packag**e**")."""
    whole = re.search(r"(?<!\w)" + re.escape(span) + r"(?!\w)", quote, re.I) if span else None
    at = whole.start() if whole else quote.lower().find(span.lower()) if span else -1
    if at < 0 or "**" in quote:
        return quote
    return f"{quote[:at]}**{quote[at:at + len(span)]}**{quote[at + len(span):]}"
