"""A third real-document corpus, "gate": held back from all rule tuning, for the lead's merge check.

    .venv/bin/python bench/realdocs.py --corpus gate --check                 # verify every question's place
    .venv/bin/python bench/realdocs.py --corpus gate --split dev [--systems enclave]   # may be tuned on
    .venv/bin/python bench/realdocs.py --corpus gate --split test                      # the held-out check

Why: Enclave's answer rules are tuned on the realdocs dev split and on dev2 (bench/realdocs_dev2.py), and
rules chosen there keep failing to carry to held-out documents. This corpus is one that NO engineer tunes
on: the lead runs each merged rule on it, on documents nobody looked at while writing rules. Engineers do
not run Enclave's answering on it or read its failures while choosing a rule; only the lead's check does.
Its documents come from three other Debian packages nobody on the team wrote, disjoint from the other
corpora: `debian-reference-en` (the Debian Reference, PDF), `debian-kernel-handbook` (the Debian Linux
Kernel Handbook, its HTML chapters) and `harden-doc` (eight pages of the Securing Debian Manual, HTML).

Two splits, by document (round 7): "dev" = the Securing Debian Manual pages, which engineers may tune on from
round 7's second half on (a third dev corpus whose questions were written by someone else than the other two's);
"test" = the Debian Reference and the Kernel Handbook, never tuned on: the lead's check of each merged rule and a
second held-out figure beside the realdocs test split. Until that split was made, the whole corpus was only run
by the lead, as aggregate figures per merge (no question's failure read). Its questions (bench/realdocs_gate_questions.json) were
written by reading the documents, never from Enclave's output; same format, places and scoring as
bench/realdocs.py. Its library is cached apart, under ~/.cache/enclave-bench/realdocs-gate/.
"""
from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:     # runnable by path, like the other benches
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from bench.realdocs_docs import Corpus, Document  # noqa: E402

KERNEL = "/usr/share/doc/debian-kernel-handbook/kernel-handbook.html/"
KERNEL_PAGES = ("ch-scope", "ch-packaging", "ch-source", "ch-versions", "ch-common-tasks", "ch-bugs",
                "ch-modules", "ch-initramfs", "ch-update-hooks")
HARDEN = "/usr/share/doc/harden-doc/html/en-US/"
HARDEN_PAGES = ("security-update", "ch04s11", "log-alerts", "ch04s17", "network-secure", "sec-bind",
                "firewall-setup", "ch12")

DOCUMENTS = (
    Document("reference", "debian-reference-en",
             (("/usr/share/debian-reference/debian-reference.en.pdf", "debian-reference.en.pdf"),)),
    Document("kernel", "debian-kernel-handbook", tuple((f"{KERNEL}{p}.html", f"{p}.html") for p in KERNEL_PAGES)),
    Document("harden", "harden-doc", tuple((f"{HARDEN}{p}.html", f"harden-{p}.html") for p in HARDEN_PAGES)),
)
# Split by whole documents: dev (may be tuned on) and test (never tuned on; the lead's held-out check).
GATE = Corpus("gate", DOCUMENTS, {"dev": ("harden",), "test": ("reference", "kernel")},
              Path(__file__).with_name("realdocs_gate_questions.json"))
