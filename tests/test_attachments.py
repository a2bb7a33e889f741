"""E-mail attachments are documents of their own, linked to their message: cited by their own name
and page with the message named, listed with their link, replaced and forgotten with their mail file."""
from __future__ import annotations

from pathlib import Path

import pytest

from rag.attachments import safe_name
from rag.library import Library
from rag.types import DocumentStatus
from tests.formats_docs import make_mbox
from tests.rag_docs import make_pdf

pytestmark = pytest.mark.embedding


def test_attachment_names_cannot_leave_their_folder() -> None:
    assert safe_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert safe_name("C:\\Users\\x\\Report Q3.PDF") == "Report Q3.pdf"
    assert safe_name(".hidden.csv") == "hidden.csv"
    assert safe_name("") == "attachment"
    assert safe_name("a<b>|c?.txt") == "a_b_c_.txt"


def _mailbox(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    pdf = make_pdf(folder.parent / "source.pdf", [text, "Appendix: the Orion line ships from Gdansk."])
    (folder / "inbox.mbox").unlink(missing_ok=True)           # make_mbox adds to an existing mailbox
    box = make_mbox(folder / "inbox.mbox", ("figures.pdf", pdf.read_bytes()))
    pdf.unlink()
    return box


def _by_name(library: Library) -> dict[str, object]:
    return {Path(r.path).name: r for r in library.documents()}


def test_an_attachment_is_its_own_document_linked_to_its_message(real_embedder, tmp_path: Path) -> None:
    box = _mailbox(tmp_path / "mail", "Quarterly revenue of the Orion line was 1.2 million euros.")
    library = Library(tmp_path / "lib", embedder=real_embedder)
    try:
        list(library.index([box]))
        docs = _by_name(library)
        assert set(docs) == {"inbox.mbox", "figures.pdf"}
        attachment = docs["figures.pdf"]
        assert attachment.status == DocumentStatus.INDEXED and attachment.reason == "attachment of inbox.mbox, message 2"
        assert attachment.chunks >= 2 and Path(attachment.path).is_file()              # a real file a viewer opens
        assert library.document_pages(attachment.path)[1][0] == 2                      # its own pages
        hits = library.search("quarterly revenue Orion line million euros", k=3)
        assert hits[0].label == "figures.pdf p.1, attached to inbox.mbox message 2"
        assert library.search("Orion line ships from Gdansk", k=1)[0].label == "figures.pdf p.2, attached to inbox.mbox message 2"
        message = library.document_pages(box)[1][1]                                   # the message names it
        assert "Subject: Quarterly figures" in message and "Attachments: figures.pdf" in message
        assert "1.2 million" not in "".join(text for _, text in library.document_pages(box))
        only_mail = library.search("revenue million euros", k=5, scope=[str(box)])   # its scope holds the attachment
        assert "figures.pdf" in {p.file_name for p in only_mail}

        # the mailbox changes: the old attachment is replaced by the new one
        _mailbox(tmp_path / "mail", "Quarterly revenue of the Orion line was 3.4 million euros.")
        list(library.index([box]))
        assert sorted(Path(r.path).name for r in library.documents()) == ["figures.pdf", "inbox.mbox"]
        assert "3.4 million" in library.search("quarterly revenue Orion million", k=1)[0].text
        assert all("1.2 million" not in p.text for p in library.search("1.2 million euros", k=5))
        folder = Path(_by_name(library)["figures.pdf"].path).parent.parent

        # forgetting the mailbox forgets its attachment and deletes the extracted file
        assert library.forget(box)
        assert library.documents() == [] and not folder.exists()
        assert library.store.counts()["chunks"] == 0
    finally:
        library.close()


def test_attachments_written_before_a_crash_are_indexed_by_the_next_run(real_embedder, tmp_path: Path,
                                                                         monkeypatch) -> None:
    box = _mailbox(tmp_path / "mail", "Quarterly revenue of the Orion line was 1.2 million euros.")
    library = Library(tmp_path / "lib", embedder=real_embedder)

    def crash(prepared):
        raise KeyboardInterrupt("power cut")
    monkeypatch.setattr(library, "_commit", crash)
    with pytest.raises(KeyboardInterrupt):
        list(library.index([box]))
    monkeypatch.undo()
    pending = {Path(r.path).name: r.status for r in library.documents()}
    assert pending == {"inbox.mbox": DocumentStatus.PENDING, "figures.pdf": DocumentStatus.PENDING}
    library.close()

    reopened = Library(tmp_path / "lib", embedder=real_embedder)
    try:
        list(reopened.index([]))                 # nothing named: the pending ones are redone
        assert {n: r.status for n, r in _by_name(reopened).items()} == {"inbox.mbox": DocumentStatus.INDEXED,
                                                                       "figures.pdf": DocumentStatus.INDEXED}
        assert reopened.search("quarterly revenue Orion million", k=1)[0].file_name == "figures.pdf"
    finally:
        reopened.close()


def test_an_outlook_msg_attachment_is_indexed_and_cited(real_embedder, tmp_path: Path) -> None:
    from tests.formats_docs import make_msg

    pdf = make_pdf(tmp_path / "source.pdf", ["Quarterly revenue of the Orion line was 1.2 million euros."])
    message = make_msg(tmp_path / "figures.msg", [("figures.pdf", pdf.read_bytes())])
    library = Library(tmp_path / "lib", embedder=real_embedder)
    try:
        list(library.index([message]))
        docs = _by_name(library)
        assert docs["figures.msg"].status == DocumentStatus.INDEXED
        assert docs["figures.pdf"].reason == "attachment of figures.msg, message 1"
        assert library.search("Orion revenue million euros", k=1)[0].label == "figures.pdf p.1, attached to figures.msg message 1"
        assert library.search("board meeting Hamburg", k=1)[0].label == "figures.msg message 1"
    finally:
        library.close()
