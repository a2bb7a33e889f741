"""E-mail: .eml and .mbox (standard library), Outlook .msg (extract-msg).

One message is one page, so a citation names the message ("message 2"). Each page
starts with the From/To/Cc/Date/Subject/Attachments lines: the entity extractor reads
people and dates from them like from any text, and keyword search finds a message by its
sender, subject or attachment names. Attachments of a supported type are handed over as
`LoadedDocument.attachments` (name, bytes, "message 2"): the library indexes each as a
document of its own, linked to its message (rag.attachments). Others are named in the notes.
"""
from __future__ import annotations

import email
import mailbox
from email import policy
from email.message import EmailMessage
from pathlib import Path

from rag.formats.base import Attachment, LoadedDocument, LoadError, Progress, no_progress, short
from rag.formats.suffixes import MAIL_SUFFIXES, SUPPORTED_SUFFIXES
from rag.formats.text import html_text

MAX_MESSAGES = 20_000
MAX_ATTACHMENT_BYTES = 20 * 2**20
MAX_ATTACHMENTS_TOTAL = 200 * 2**20      # of one mail file: the bytes cross to the indexer's process


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
        fields = {"From": message.sender, "To": message.to, "Cc": message.cc, "Date": message.date,
                  "Subject": message.subject}
        headers = {name: str(value) if value else "" for name, value in fields.items()}     # absent ones are None
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
    kept: list[Attachment] = []
    total = 0
    for index, (headers, body, attachments) in enumerate(messages, start=1):
        progress(f"reading message {index} of {len(messages)}")
        fields = dict(headers, Attachments=", ".join(name for name, _ in attachments))
        # one header per paragraph: each is a unit of its own for the answer finder ("Date: Tue, ..." is not the
        # date of the sentence after it)
        head = "\n\n".join(f"{k}: {' '.join(v.split())}" for k, v in fields.items() if v.strip())
        labels[index] = f"message {index}"
        pages.append((index, f"{head}\n\n{body.strip()}".strip()))
        for name, data in attachments:
            problem = _attachment_problem(name, data, total)
            if problem:
                notes.append(f"message {index}, attachment {name}: {problem}")
                continue
            total += len(data)
            kept.append(Attachment(name, data, f"message {index}"))
    return LoadedDocument(pages, labels=labels, notes=notes, attachments=kept)


def _attachment_problem(name: str, data: bytes, total: int) -> str:
    """Why an attachment is not indexed as a document of its own ('' when it is)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES or suffix in MAIL_SUFFIXES:
        return f"type '{suffix or name}' is not indexed"
    if not data:
        return "it is empty"
    if len(data) > MAX_ATTACHMENT_BYTES:
        return "too large to index"
    if total + len(data) > MAX_ATTACHMENTS_TOTAL:
        return f"the attachments of this file exceed {MAX_ATTACHMENTS_TOTAL // 2**20} MiB in all"
    return ""


def _text(data: bytes | str) -> str:
    return data if isinstance(data, str) else data.decode("utf-8", errors="replace")
