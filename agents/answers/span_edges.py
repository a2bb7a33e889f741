"""Where an answer span begins and ends, and how it is written on the answer line.

Why: span patterns cut tokens ("Standard 1003" of "Standard 1003.1", "96.tar" of "foo-69.96.tar.gz"),
kept a web address broken by a PDF's line end ("http://git" of "http://git. savannah.gnu.org/..."),
took a heading that repeats the question ("Formatting Error Messages Error" for "What format should
error messages ... use?") - though a path or address made of the question's words is an answer
("debian/source/format" for "Where do I put the source format?") -, cut a path the text writes in
pieces ("/usr/share/doc/" of "`/usr/share/doc/`package`/changelog.gz`", "/package-name/" of
"$(datadir)/package-name/"), gave one of two coordinated answers ("/usr" of "not be stored in /usr or
/etc"), and the answer line capitalized code ("Http://git", "Ftp-upload@gnu.org"). A token is whole
up to whitespace; a span names something the question does not already say; "X or Y" under one
predicate answers with both; code, addresses and file names keep their case.
"""
from __future__ import annotations

import re

from agents.answers.evidence import STOPWORDS, content_lemmas

MAN_SECTION = r"\([1-9][a-z]{0,3}\)"     # a manual page's section after a name: "debi(1)", "crontab(5)", "printf(3)"

_JOINERS = "._-/"      # inside a token: "1003.1", "foo-69.96.tar.gz", "GNU/Linux"


def whole_token(text: str, span: str) -> str:
    """`span` widened to the whole tokens it cuts in `text` ("Standard 1003" -> "Standard 1003.1")."""
    start = text.find(span)
    if start < 0 or not span:
        return span
    end = start + len(span)
    while end < len(text) and (text[end].isalnum() or (text[end] in _JOINERS and end + 1 < len(text)
                                                       and text[end + 1].isalnum())):
        end += 1
    while start > 0 and (text[start - 1].isalnum() or (text[start - 1] in _JOINERS and start > 1
                                                       and text[start - 2].isalnum())):
        start -= 1
    # a path the text writes in pieces: its placeholder marked as code inside it ("`/usr/share/doc/`package`/x.gz`",
    # HTML's <code>/usr/share/doc/<var>package</var>/x.gz</code>) or led by a make or shell variable
    # ("$(datadir)/package-name/"): one path, not its first or last piece
    if (piece := _PLACEHOLDER.match(text, end)) and text[end - 1:end] == "/":
        return whole_token(text, text[start:piece.end()])
    if (head := _PATH_BEFORE.search(text, 0, start)) and text[start:start + 1] == "/":
        return text[head.start():end]
    if (variable := _VARIABLE.search(text, 0, start)) and text[start:start + 1] == "/":
        return text[variable.start():end]
    return text[start:end]


_PLACEHOLDER = re.compile(r"`[\w.+-]{1,30}`/[\w.+~-]")
_PATH_BEFORE = re.compile(r"(?:~|\.{1,2})?/[\w.+~/-]*/`[\w.+-]{1,30}`$")
_VARIABLE = re.compile(r"\$[({]\w{1,30}[)}]$")


_QUALIFIER = re.compile(r"\b(?:more than|less than|fewer than|no more than|at least|at most|up to|over|under|about|"
                        r"around|approximately|nearly|almost|exactly)\s+$", re.I)
_COUNT = re.compile(r"^(?:[\d£$€]|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                    r"forty|fifty|hundred)\b)", re.I)


def with_qualifier(text: str, span: str) -> str:
    """A number with the bound the text puts on it: "more than two characters", "up to 8 characters"."""
    at = text.find(span)
    if at < 0 or not _COUNT.match(span):
        return span
    bound = _QUALIFIER.search(text[max(0, at - 25):at])
    return text[at - len(bound.group(0)):at + len(span)] if bound else span


NUMBER_RANGE = True
_RANGE_AFTER = re.compile(r"^(\s*(?:to|through|-|–)\s*)(\d+)\b(?![.,:/]\d)")


def with_range(text: str, span: str) -> str:
    """A whole number with the end of the range the text gives it: "sections 1 to 9" states "1 to 9", not "1". Only a
    rising range: "755 to 750" is a change from one value to another, not a range."""
    if not NUMBER_RANGE or not span.isdigit():
        return span
    for at in re.finditer(rf"(?<![\w.]){span}(?![\w.]|[.,:/]\d)", text):
        end = _RANGE_AFTER.match(text[at.end():])
        if end and int(end.group(2)) > int(span):
            return span + end.group(1) + end.group(2)
    return span


MAX_CODE_TAIL = 60


def with_closed_code(text: str, span: str) -> str:
    """A span that opens a code mark it does not close ("the `defaults` setting to `defaults" of "... to
    `defaults,usrquota` in ...") runs on to the mark's end: a cut at a comma inside code loses the code's end."""
    at = text.find(span)
    if span.count("`") % 2 == 0 or at < 0:
        return span
    close = text.find("`", at + len(span), at + len(span) + MAX_CODE_TAIL)
    return text[at:close + 1] if close >= 0 else span


_URL = re.compile(r"^(?:https?|ftp)://([^/\s]+)", re.I)


def broken_address(span: str) -> bool:
    """A web address whose host has no dot ("http://git"): cut by a line break, not an address."""
    match = _URL.match(span)
    return bool(match) and "." not in match.group(1) and match.group(1).lower() != "localhost"


def repeats_question(span: str, question: str) -> bool:
    """Does the span mostly say what the question says (a heading: "Formatting Error Messages Error" for
    "What format should error messages use?")? More than half of its content words, at least two."""
    if " " not in span.strip() and code_like(span):
        return False        # "debian/source/format", "archive.debian.org": a path or address that names the
                            # question's words is where the answer is, not a heading that repeats the question
    words = content_lemmas(span)
    return len(words) >= 2 and len(words & content_lemmas(question)) * 2 > len(words)


def coordinated(text: str, span: str, spans: list[str]) -> str:
    """The span with the spans coordinated with it ("/usr or /etc", "ksh, csh and zsh"), as written."""
    start = text.find(span)
    if start < 0:
        return span
    others = sorted((s for s in spans if s != span), key=len, reverse=True)
    if not others:
        return span
    alternatives = "|".join(re.escape(s) for s in others)
    tail = re.match(rf"(?:(?:,\s*|\s+)(?:(?:and|or)\s+)?(?:{alternatives}))*(?:,?\s+(?:and|or)\s+(?:{alternatives}))",
                    text[start + len(span):])
    return span + tail.group(0) if tail else span


def said_in(span: str, question: str) -> bool:
    """Does the question already say the span, as whole words ("Bourne shell")? A span that only shares
    letters with a run of the question's words ("bashbug" inside "a Bash bug report") is not said."""
    from rag.entities import normalize

    if span[:1] in "-." and span[:2] != "--" and span.lower() not in question.lower():
        return False        # the suffix "-offensive", the file ".dsc": the mark is part of the name, not "offensive"
    key, size = normalize(span), len(span.split())
    words = question.split()        # a run of at most as many words as the span: "Li Hua" is said by "LiHua"
    return bool(key) and any(normalize(" ".join(words[i:j])) == key for i in range(len(words))
                             for j in range(i + 1, min(len(words), i + size) + 1))


_CODE = re.compile(r"[/@_~$`<>=\\]|\w\.\w|^-|\(\)|\w:\w")


def code_like(span: str) -> bool:
    """A command, path, address, option or identifier: written as the text writes it."""
    from rag.text_stats import zipf

    from agents.answers.kinds import english_compound

    bare = span.strip(".,;:")       # one lowercase word unknown to English: "bashbug", "ngettext"
    return bool(_CODE.search(span)) or (bare.isalpha() and bare.islower() and bare not in STOPWORDS
                                        and zipf(bare) < 1.0) or \
        (bare.islower() and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", bare) is not None
         and not english_compound(bare))      # "tech-ctte", "debian-devel": a name, not a sentence's start


_OPTION = re.compile(r"\s[-+][A-Za-z]\w*(?=\s|$)")     # "autoload +X myfunc", "dch -i": a command line


def as_line(span: str, context: str = "") -> str:
    """The answer line's text: capitalized, unless it is code ("http://...", "~/.bashrc", "bashbug", a command line
    that starts lowercase and gives an option, a name `context` cites by its manual page: "debi(1)")."""
    verbatim = code_like(span) or (span[:1].islower() and _OPTION.search(span) is not None) or \
        bool(context and re.search(rf"(?<![\w-]){re.escape(span)}{MAN_SECTION}", context))
    return span if not span or verbatim else span[0].upper() + span[1:]


_NUMBERED = re.compile(r"\b([A-Za-z][\w-]*)\s+(\d+(?:\.\d+)*)\b")


def numbered_sibling(span: str, question: str) -> bool:
    """Is the span another numbered member of what the question names ("Debian 9" where the question asks about
    "Debian 11", "section 3" for "section 5")? The question's number picks one of a series; the others of the
    same name are its neighbours in the text, not its answer."""
    mine = _NUMBERED.fullmatch(span.strip())
    if not mine:
        return False
    asked = {(m.group(1).lower(), m.group(2)) for m in _NUMBERED.finditer(question)}
    word, number = mine.group(1).lower(), mine.group(2)
    return any(w == word and n != number for w, n in asked)


def question_numbers(question: str) -> set[str]:
    """The numbers the question states ("Debian 11", "version 3"): they pick which member of a series the
    question is about, so the answer stands near them in a text that lists the series."""
    return set(re.findall(r"(?<![\w.])\d+(?:\.\d+)*(?![\w])", question))
