"""`enclave ask` over real generated mail (.eml and .mbox): the answer line states the person or place asked
about, never a header word ("Subject [site.eml message 1]" was the answer before). Real SmolLM2, real Library,
the CLI through the front door."""
from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest


HEADER_WORDS = ("Subject", "From", "To", "Date", "Attachments")


def make_eml(path: Path) -> Path:
    message = EmailMessage()
    message["From"], message["To"] = "Lena Fischer <lena@nordlicht.example>", "Omar Haddad <omar@nordlicht.example>"
    message["Date"], message["Subject"] = "Tue, 04 Jun 2024 09:15:00 +0200", "Site visit"
    message.set_content("Marta Kowalski will meet the inspectors at Gdansk Central Station on Monday. "
                        "Please send her the floor plans before then.")
    path.write_bytes(bytes(message))
    return path


@pytest.fixture
def mail(tmp_path: Path, real_embedder, enclave_home):
    from agents.core import Core
    from tests.formats_docs import make_mbox
    from tests.rag_docs import make_pdf

    docs = tmp_path / "mail"
    docs.mkdir()
    make_eml(docs / "site.eml")
    make_mbox(docs / "inbox.mbox", ("figures.pdf", make_pdf(tmp_path / "figures.pdf", ["Revenue rose."]).read_bytes()))
    core = Core()
    assert all(p.record.status.value == "indexed" for p in core.library().index([docs]) if p.record)
    core.close()
    return docs


@pytest.mark.model
@pytest.mark.embedding
@pytest.mark.slow
@pytest.mark.parametrize("question, fact", [
    ("Who will meet the inspectors at the station?", "Marta Kowalski"),
    ("Where will Marta Kowalski meet the inspectors?", "Gdansk Central Station"),
    ("Who sent the message about the site visit?", "Lena Fischer"),       # the From header, not a name in the body
])
def test_a_question_about_a_mail_is_answered_with_the_person_or_place_not_a_header_word(mail, question, fact, capsys):
    from app.cli import run_cli

    assert run_cli(["ask", question]) == 0
    out, _ = capsys.readouterr()
    line = out.split("\nSources:\n", 1)[0].strip().split("\n", 1)[0]
    assert line.startswith(f"{fact} [site.eml"), out
    assert not line.startswith(HEADER_WORDS), out


def test_the_sender_is_read_from_the_from_header():
    from agents.answers.senders import asks_sender, sender

    page = "From: Lena Fischer <lena@nordlicht.example>\n\nTo: Omar Haddad\n\nHi Omar, Marta will come."
    assert sender(page) == "Lena Fischer" and sender("From: <ops@example.org>\n\nHello") == "ops@example.org"
    assert sender("The shell reads the file.") == ""
    assert asks_sender("Who sent the invoice?") and asks_sender("Who e-mailed me about the visit?")
    assert not asks_sender("Who will meet the inspectors?") and not asks_sender("When was it sent?")
