"""A second real-document corpus, for DEV only: Debian project policy and system-administration prose.

    .venv/bin/python bench/realdocs.py --corpus dev2 --split dev [--systems enclave,naive] [--json PATH]
    .venv/bin/python bench/realdocs.py --corpus dev2 --check

Why: the dev split of bench/realdocs.py is two programming manuals (Bash, GNU Coding Standards), and
rules tuned on them did not carry to its test split (Debian's FAQ, a maintainers' guide, the Debian
Administrator's Handbook). This corpus is prose of the test split's kind — project policy, duties of
maintainers, where files go on a system — from two other Debian packages nobody on the team wrote:
`developers-reference` (six chapters of the Debian Developer's Reference, HTML) and `debian-policy`
(the Debian Policy Manual as plain text, and the Filesystem Hierarchy Standard 3.0 it ships as PDF).

The WHOLE corpus is a dev corpus: for choosing rules and thresholds, a second opinion beside the
realdocs dev split and LiHua dev. It reports nothing: the held-out checks stay the realdocs test
split and bench/licences_heldout.py. Its questions (bench/realdocs_dev2_questions.json) were
written by reading the documents, never from Enclave's output; same format, places and scoring as
bench/realdocs.py. Its library is cached apart, under ~/.cache/enclave-bench/realdocs-dev2/.
"""
from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:     # runnable by path, like the other benches
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from bench.realdocs_docs import Corpus, Document  # noqa: E402

DEVREF = "/usr/share/developers-reference/"
DEVREF_PAGES = ("new-maintainer", "developer-duties", "resources", "pkgs", "beyond-pkging", "l10n")
POLICY = "/usr/share/doc/debian-policy/"

DOCUMENTS = (
    Document("devref", "developers-reference", tuple((f"{DEVREF}{p}.html", f"{p}.html") for p in DEVREF_PAGES)),
    Document("policy", "debian-policy", ((f"{POLICY}policy.txt.gz", "policy.txt"),)),
    Document("fhs", "debian-policy", ((f"{POLICY}fhs/fhs-3.0.pdf.gz", "fhs-3.0.pdf"),)),
)
# One split only, "dev": nothing of this corpus is held out (the held-out figures are measured elsewhere).
DEV2 = Corpus("dev2", DOCUMENTS, {"dev": ("devref", "policy", "fhs")},
              Path(__file__).with_name("realdocs_dev2_questions.json"))
