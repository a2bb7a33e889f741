"""Real documents generated for the rag tests: multi-page PDFs (reportlab), DOCX, bad files."""
from __future__ import annotations

from pathlib import Path


def make_pdf(path: Path, pages: list[str], *, encrypt: str | None = None) -> Path:
    """A PDF whose page i carries pages[i] as real text (wrapped lines)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for text in pages:
        y = 800
        for paragraph in text.split("\n"):
            words, line = paragraph.split(), ""
            for word in words:
                if len(line) + len(word) > 90:
                    pdf.drawString(40, y, line)
                    y -= 14
                    line = ""
                line = f"{line} {word}".strip()
            pdf.drawString(40, y, line)
            y -= 20
        pdf.showPage()
    pdf.save()
    return path


def make_image_only_pdf(path: Path) -> Path:
    """A 'scanned' PDF: shapes and no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        pdf.rect(50, 50, 400, 600, fill=1)
        pdf.circle(200, 400, 80, fill=0)
        pdf.showPage()
    pdf.save()
    return path


def make_docx(path: Path, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def pdf_library(tmp_path_factory, embedder, name: str, pages: list[str]):
    """A real index (real embedder) of one PDF made from `pages`, named `name`.pdf, yielded then closed (a
    fixture's body: `yield from pdf_library(...)`)."""
    from rag.library import Library

    folder = tmp_path_factory.mktemp(name)
    make_pdf(folder / f"{name}.pdf", pages)
    lib = Library(tmp_path_factory.mktemp(f"{name}-index"), embedder=embedder)
    list(lib.index([folder]))
    assert [r.status.value for r in lib.documents()] == ["indexed"]
    yield lib
    lib.close()


def text_library(tmp_path_factory, embedder, name: str, files: dict[str, str]):
    """A real index (real embedder) of plain-text files {file name: text}, yielded then closed (a fixture's body:
    `yield from text_library(...)`)."""
    from rag.library import Library

    folder = tmp_path_factory.mktemp(name)
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    lib = Library(tmp_path_factory.mktemp(f"{name}-index"), embedder=embedder)
    list(lib.index([folder]))
    yield lib
    lib.close()


def support_decision(question: str, *pages: str, path: str = "/d/manual.pdf"):
    """What agents.answers.support.decide makes of `question` over one stand-in passage per page text (no index,
    no model): the refusal rules' unit tests."""
    from agents.answers.answer_types import answer_type
    from agents.answers.quotes import windows
    from agents.answers.support import decide
    from rag.types import Passage

    passages = [Passage(f"p{n}", "d", path, n, n, 0, 0, text, 1.0) for n, text in enumerate(pages, 1)]
    return decide(question, answer_type(question), windows(question, passages))


def pdf_library_fixture(name: str, pages: list[str]):
    """A module-scoped fixture: the real index of one generated PDF (`pdf_library`), for a test file's own manual.
    Use: `manual = pdf_library_fixture("archiver", MANUAL)` at module level."""
    import pytest

    @pytest.fixture(scope="module")
    def library(tmp_path_factory: pytest.TempPathFactory, real_embedder):
        yield from pdf_library(tmp_path_factory, real_embedder, name, pages)

    return library


def final_answer(model, library, question: str) -> str:
    """The whole answer the orchestrator gives (documents first, as the app asks)."""
    from agents.events import FinalAnswer
    from agents.orchestrator import Orchestrator, library_embedder

    events = list(Orchestrator(model, library, embed=library_embedder(library)).run(question))
    return next(e for e in events if isinstance(e, FinalAnswer)).text


def answer_line(model, library, question: str) -> str:
    """The first line of the orchestrator's final answer to `question` over `library`."""
    return final_answer(model, library, question).split("\n", 1)[0]
