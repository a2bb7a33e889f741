"""Plain text of unknown encoding, and the visible text of HTML."""
from __future__ import annotations

from rag.formats.base import LoadError


def decode(data: bytes) -> str:
    """Decode text of unknown encoding (UTF-8, UTF-16 with BOM, Latin-1, ...); refuse binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16").replace("\r\n", "\n")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        text = _decode_utf16_without_bom(data)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    if _looks_binary(text):
        raise LoadError("the file looks binary, not text (it is full of control characters)")
    return text.replace("\r\n", "\n")


def _decode_legacy(data: bytes) -> str:
    """Single-byte text: Western (cp1252/Latin-1) unless the detector is sure of another script."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise LoadError("the file looks binary, not text (its bytes match no text encoding)")
    if best.encoding.startswith(("cp125", "iso8859", "latin", "mac")):
        for western in ("cp1252", "latin-1"):
            try:
                return data.decode(western)
            except UnicodeDecodeError:
                continue
    return str(best)


def _decode_utf16_without_bom(data: bytes) -> str:
    # UTF-16 text of a Latin alphabet has a zero byte in every other position.
    even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
    if max(even, odd) < 0.3 * len(data[:4096]) / 2:
        raise LoadError("the file looks binary, not text (it contains zero bytes)")
    encoding = "utf-16-be" if even > odd else "utf-16-le"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise LoadError("the file looks binary, not text (it contains zero bytes)") from None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    return controls / len(sample) > 0.05


# Inline elements: their text belongs to the line around them, not on a line of its own.
INLINE_TAGS = ("a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "dfn", "em", "font", "i",
               "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
               "var")
# Inline code (a command, an option, a file name): kept marked as Markdown does, `apt-get`, so a span finder
# still sees it as code once the markup is gone. Only short one-line code; a <pre> block and a heading stay as they are.
CODE_TAGS = ("code", "kbd", "samp", "tt", "var")
MAX_CODE = 60
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")     # a title stays plain text (citations show it)


def visible_soup(html: str):
    """The page as a BeautifulSoup tree without scripts, styles and the head."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    return soup


def flatten_inline(soup):
    """Inline code in backticks, every inline element dissolved into its text (in place; returns `soup`),
    so a sentence with a <b>word</b> in it stays one line of the extracted text."""
    from bs4 import NavigableString

    for tag in soup.find_all(CODE_TAGS):
        code = tag.get_text()
        if tag.find_parent(("pre", *HEADING_TAGS)) is None and code.strip() and "\n" not in code.strip() \
                and len(code) <= MAX_CODE and "`" not in code and tag.find_parent(CODE_TAGS) is None:
            lead, trail = code[: len(code) - len(code.lstrip())], code[len(code.rstrip()):]
            tag.replace_with(NavigableString(f"{lead}`{code.strip()}`{trail}"))
    for tag in soup.find_all(INLINE_TAGS):
        tag.unwrap()
    soup.smooth()
    return soup


def html_text(html: str) -> str:
    """The visible text of an HTML page: one line per block of text (rag/formats/sections.py gives its headings)."""
    lines = (line.strip() for line in flatten_inline(visible_soup(html)).get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)
