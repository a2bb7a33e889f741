"""E-mail: .eml and .mbox (standard library), Outlook .msg (extract-msg).

One message is one page, so a citation names the message ("message 2"). Each page
starts with the From/To/Cc/Date/Subject lines: the entity extractor reads people
and dates from them like from any text, and keyword search finds a message by its
sender or subject. Attachments of a supported type are read with their own loader
and follow their message as pages labelled "message 2, attachment report.pdf".
"""
from __future__ import annotations

import email
import mailbox
import os
import tempfile
from email import policy
from email.message import EmailMessage
from pathlib import Path

from rag.formats.base import LoadedDocument, LoadError, Progress, no_progress, short
from rag.formats.text import html_text

MAX_MESSAGES = 20_000
MAX_ATTACHMENT_BYTES = 20 * 2**20


def load_eml(path: Path, progress: Progress = no_progress) -> LoadedDocument:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return _document([_parts(message)], progress)


def load_mbox(path: Path, progress: Progress = no_progress) -> LoadedDocument:
    box = mailbox.mbox(str(path), create=False)
    try:
        messages = []
        for index, raw in enumerate(box):
            if index >= MAX_MESSAGES:
                raise LoadError(f"the mailbox has more than {MAX_MESSAGES:,} messages; it is too large to index")
            messages.append(_parts(email.message_from_bytes(raw.as_bytes(), policy=policy.default)))
    finally:
        box.close()
    if not messages:
        raise LoadError("the mailbox holds no messages")
    return _document(messages, progress)


def load_msg(path: Path, progress: Progress = no_progress) -> LoadedDocument:
    try:
        import extract_msg
    except ImportError:
        raise LoadError("Outlook .msg files need the extract-msg package, which is not installed") from None
    try:
        message = extract_msg.openMsg(str(path))
    except Exception as exc:  # noqa: BLE001 - extract-msg raises many types for damaged files
        raise LoadError(f"the Outlook message is damaged or not really a .msg ({short(exc)})") from None
    try:
        headers = {"From": message.sender, "To": message.to, "Cc": message.cc, "Date": str(message.date or ""),
                   "Subject": message.subject}
        body = message.body or (html_text(_text(message.htmlBody)) if message.htmlBody else "")
        attachments = [(a.longFilename or a.shortFilename or "attachment", a.data) for a in message.attachments
                       if isinstance(getattr(a, "data", None), bytes)]
    finally:
        message.close()
    return _document([(headers, body or "", attachments)], progress)


def _parts(message: EmailMessage) -> tuple[dict[str, str], str, list[tuple[str, bytes]]]:
    headers = {name: str(message.get(name, "") or "") for name in ("From", "To", "Cc", "Date", "Subject")}
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        try:
            content = body_part.get_content()
        except (LookupError, ValueError):
            content = _text(body_part.get_payload(decode=True) or b"")
        body = html_text(content) if body_part.get_content_type() == "text/html" else content
    attachments = []
    for part in message.iter_attachments():
        name = part.get_filename()
        data = part.get_payload(decode=True)
        if name and isinstance(data, bytes):
            attachments.append((name, data))
    return headers, body, attachments


def _document(messages: list[tuple[dict[str, str], str, list[tuple[str, bytes]]]], progress: Progress) -> LoadedDocument:
    pages: list[tuple[int | None, str]] = []
    labels: dict[int, str] = {}
    notes: list[str] = []
    for index, (headers, body, attachments) in enumerate(messages, start=1):
        progress(f"reading message {index} of {len(messages)}")
        head = "\n".join(f"{k}: {' '.join(v.split())}" for k, v in headers.items() if v.strip())
        number = len(pages) + 1
        labels[number] = f"message {index}"
        pages.append((number, f"{head}\n\n{body.strip()}".strip()))
        for name, data in attachments:
            text, problem = _attachment_text(name, data, progress)
            if problem:
                notes.append(f"message {index}, attachment {name}: {problem}")
                continue
            number = len(pages) + 1
            labels[number] = f"message {index}, attachment {name}"
            pages.append((number, f"Attachment {name} of the message \"{headers.get('Subject', '')}\"\n\n{text}"))
    return LoadedDocument(pages, labels=labels, notes=notes)


def _attachment_text(name: str, data: bytes, progress: Progress) -> tuple[str, str]:
    """(text, '') of a supported attachment, or ('', reason) for one that is skipped."""
    from rag.loaders import SUPPORTED_SUFFIXES, load_document

    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES or suffix in {".eml", ".mbox", ".msg"}:
        return "", f"type '{suffix or name}' is not indexed"
    if len(data) > MAX_ATTACHMENT_BYTES:
        return "", "too large to index"
    handle, temp = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        document = load_document(Path(temp), progress)
    except LoadError as exc:
        return "", str(exc)
    finally:
        os.unlink(temp)
    return "\n\n".join(text for _, text in document.pages if text.strip()), ""


def _text(data: bytes | str) -> str:
    return data if isinstance(data, str) else data.decode("utf-8", errors="replace")
