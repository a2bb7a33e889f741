"""The documents of bench/realdocs.py: public texts nobody on the team wrote, from four Debian packages.

Why Debian's packages: they are real manuals and FAQs in PDF, HTML and plain text, versioned and
installable from a clean clone (`apt-get install`), so anyone can rebuild the same library.

The split is by document and fixed here: whole documents are in `test` and never read while tuning.
The same text in two formats stays on one side (bashref.pdf and bash.html are both the Bash manual;
the Debian FAQ ships as PDF and as text).
"""
from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

CACHE = Path(os.environ.get("ENCLAVE_BENCH_CACHE", Path.home() / ".cache" / "enclave-bench")) / "realdocs"
HANDBOOK = "/usr/share/doc/debian-handbook/html/en-US/"
HANDBOOK_PAGES = ("sect.apt-get", "sect.manipulating-packages-with-dpkg", "sect.package-meta-information",
                  "sect.release-lifecycle", "sect.foundation-documents", "sect.becoming-package-maintainer",
                  "sect.config-bootloader", "sect.user-group-databases")


@dataclass(frozen=True)
class Document:
    """One text (possibly in several formats): its id, the Debian package and its (installed path, name) files."""

    doc: str
    package: str
    files: tuple[tuple[str, str], ...]


DOCUMENTS = (
    Document("bash", "bash-doc", (("/usr/share/doc/bash/bashref.pdf", "bashref.pdf"),
                                  ("/usr/share/doc/bash/bash.html", "bash.html"))),
    Document("standards", "gnu-standards", (("/usr/share/doc/gnu-standards/standards.pdf.gz", "standards.pdf"),)),
    Document("faq", "debian-faq", (("/usr/share/doc/debian/FAQ/debian-faq.en.pdf.gz", "debian-faq.en.pdf"),
                                   ("/usr/share/doc/debian/FAQ/debian-faq.en.txt.gz", "debian-faq.en.txt"))),
    Document("maintain", "gnu-standards", (("/usr/share/doc/gnu-standards/maintain.html", "maintain.html"),)),
    Document("handbook", "debian-handbook", tuple((f"{HANDBOOK}{p}.html", f"{p}.html") for p in HANDBOOK_PAGES)),
)
# Fixed before any tuning (2026-12-06) and never to change: dev is for choosing rules and thresholds, test for
# the reported figures. Dev: PDF and HTML (the Bash manual twice, the GNU Coding Standards); test: PDF, text and
# HTML (the Debian FAQ twice, the GNU maintainers' guide, eight chapters of the Debian Administrator's Handbook).
SPLITS = {"dev": ("bash", "standards"), "test": ("faq", "maintain", "handbook")}


@dataclass(frozen=True)
class Corpus:
    """A set of documents with its fixed split by document, its questions file and its own cache folder."""

    name: str
    documents: tuple[Document, ...]
    splits: dict[str, tuple[str, ...]]
    questions_file: Path

    @property
    def cache(self) -> Path:
        return CACHE if self.name == "realdocs" else CACHE.with_name(f"realdocs-{self.name}")


REALDOCS = Corpus("realdocs", DOCUMENTS, SPLITS, Path(__file__).with_name("realdocs_questions.json"))


class DocumentsMissing(RuntimeError):
    """The Debian packages are not installed and could not be installed."""


def split_of(doc: str, corpus: Corpus = REALDOCS) -> str:
    return next(split for split, docs in corpus.splits.items() if doc in docs)


def install_packages(documents: tuple[Document, ...] = DOCUMENTS, run=subprocess.run) -> list[str]:
    """Install the Debian packages whose files are missing (apt-get, with sudo when not root); returns them."""
    missing = sorted({d.package for d in documents for source, _ in d.files if not Path(source).is_file()})
    if not missing:
        return []
    if shutil.which("apt-get") is None:
        raise DocumentsMissing(f"the benchmark's documents come from the Debian packages {', '.join(missing)}, "
                               "and apt-get is not available here: install them with your package manager, "
                               "or run the benchmark on Debian or Ubuntu")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    command = sudo + ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    done = run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise DocumentsMissing(f"`{' '.join(command)}` failed (exit {done.returncode}): "
                               f"{(done.stderr or done.stdout).strip()[-400:]}")
    still = sorted(source for d in documents for source, _ in d.files if not Path(source).is_file())
    if still:
        raise DocumentsMissing(f"after installing {', '.join(missing)}, these files are still missing: {', '.join(still)}")
    return missing


def prepare(folder: Path | None = None, corpus: Corpus = REALDOCS) -> Path:
    """The documents as plain files in one folder (gzip'd ones unpacked); installs the packages first."""
    install_packages(corpus.documents)
    folder = folder or corpus.cache / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    for document in corpus.documents:
        for source, name in document.files:
            target = folder / name
            if target.is_file():
                continue
            temporary = target.with_suffix(target.suffix + ".part")
            opener = gzip.open if source.endswith(".gz") else open
            with opener(source, "rb") as src, open(temporary, "wb") as dst:
                shutil.copyfileobj(src, dst)
            temporary.replace(target)
    return folder


def document_set_key(folder: Path, corpus: Corpus = REALDOCS) -> str:
    """A hash of the documents' bytes: a changed document set gets a new library."""
    digest = hashlib.sha256()
    for document in corpus.documents:
        for _, name in document.files:
            digest.update(name.encode())
            digest.update(hashlib.sha256((folder / name).read_bytes()).digest())
    return digest.hexdigest()[:16]


def doc_of_file(name: str, corpus: Corpus = REALDOCS) -> str:
    return next(d.doc for d in corpus.documents for _, n in d.files if n == name)
