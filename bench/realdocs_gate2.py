"""A fourth real-document corpus, "gate2": questions by a new hand, on documents no rule was written against.

    .venv/bin/python bench/realdocs.py --corpus gate2 --check                 # verify every question's place
    .venv/bin/python bench/realdocs.py --corpus gate2 --split dev [--systems enclave]   # may be tuned on
    .venv/bin/python bench/realdocs.py --corpus gate2 --split test                      # the held-out check

Why: answer rules tuned on the realdocs dev split, dev2 and gate dev keep failing to carry to held-out documents,
and every corpus so far is Debian administration prose. This one adds other kinds of manual by other writers —
a version-control user manual and a database engine's documentation — from three Debian packages no other corpus
uses: `maint-guide` (the Debian New Maintainers' Guide, as PDF and as its HTML chapters: one text, two formats,
so both stay on one side), `git-doc` (the Git User Manual and the Git tutorial, HTML) and `sqlite3-doc` (seven
prose pages of the SQLite documentation, HTML: the FAQ, limits, datatypes, AUTOINCREMENT, when to use SQLite,
VACUUM, write-ahead logging).

Two splits, by document: "dev" = the New Maintainers' Guide, which engineers may tune on; "test" = the Git and
SQLite documents, never tuned on: the lead's check of a merged rule on documents nobody looked at while writing it.
Its questions (bench/realdocs_gate2_questions.json) were written by reading the documents, never from Enclave's
output; same format, places and scoring as bench/realdocs.py (a maint-guide question names its PDF page first and
the HTML section as `also`). Its library is cached apart, under ~/.cache/enclave-bench/realdocs-gate2/.
"""
from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:     # runnable by path, like the other benches
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from bench.realdocs_docs import Corpus, Document  # noqa: E402

MAINT = "/usr/share/doc/maint-guide/"
MAINT_PAGES = ("start", "first", "modify", "dreq", "dother", "build", "checkit", "upload", "update", "advanced")
GIT = "/usr/share/doc/git-doc/"
GIT_PAGES = ("user-manual", "gittutorial")
SQLITE = "/usr/share/doc/sqlite3/"         # the sqlite3-doc package installs its pages here
SQLITE_PAGES = ("faq", "limits", "datatype3", "autoinc", "whentouse", "lang_vacuum", "wal")

DOCUMENTS = (
    Document("maint", "maint-guide", ((f"{MAINT}maint-guide.en.pdf", "maint-guide.en.pdf"),)
             + tuple((f"{MAINT}html/{p}.en.html", f"maint-{p}.html") for p in MAINT_PAGES)),
    Document("git", "git-doc", tuple((f"{GIT}{p}.html", f"git-{p}.html") for p in GIT_PAGES)),
    Document("sqlite", "sqlite3-doc", tuple((f"{SQLITE}{p}.html", f"sqlite-{p}.html") for p in SQLITE_PAGES)),
)
# Split by whole documents: dev (may be tuned on) and test (never tuned on; the lead's held-out check).
GATE2 = Corpus("gate2", DOCUMENTS, {"dev": ("maint",), "test": ("git", "sqlite")},
               Path(__file__).with_name("realdocs_gate2_questions.json"))
