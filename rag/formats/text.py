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


def html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)
