"""A fifth real-document corpus, "gate3": questions by a new hand, on documents no rule was written against.

    .venv/bin/python bench/realdocs.py --corpus gate3 --check                 # verify every question's place
    .venv/bin/python bench/realdocs.py --corpus gate3 --split dev [--systems enclave]   # may be tuned on
    .venv/bin/python bench/realdocs.py --corpus gate3 --split test                      # the held-out check

Why: answer rules tuned on the other corpora keep failing to carry to held-out documents. This one adds a shell's
reference manual and two servers' administration guides, by other writers, from three Debian packages no other
corpus uses: `zsh-doc` (six chapters of the Zsh manual, HTML: invocation, startup files, shell grammar,
redirection, jobs and signals, functions), `postfix-doc` (six README guides of the Postfix mail server, HTML: basic
and standard configuration, virtual domains, debugging, small office/home office, tuning) and `apache2-doc` (seven
English pages of the Apache HTTP Server manual: getting started, configuration files, name-based virtual
hosts, log files, .htaccess files, stopping and restarting, mapping URLs to the filesystem). `nginx-doc` was the first choice for the second test
document, but Debian bookworm's package ships only configuration examples, no prose pages.

Two splits, by document: "dev" = the Zsh manual, which engineers may tune on; "test" = the Postfix and Apache
pages, never tuned on: the lead's check of a merged rule on documents nobody looked at while writing it. Its
questions (bench/realdocs_gate3_questions.json) were written by reading the documents, never from Enclave's output;
same format, places and scoring as bench/realdocs.py (every file is HTML: a question names its file and section).
Its library is cached apart, under ~/.cache/enclave-bench/realdocs-gate3/.
"""
from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:     # runnable by path, like the other benches
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from bench.realdocs_docs import Corpus, Document  # noqa: E402

ZSH = "/usr/share/doc/zsh-common/html/"     # the zsh-doc package installs the manual's pages here
ZSH_PAGES = ("Invocation", "Files", "Shell-Grammar", "Redirection", "Jobs-_0026-Signals", "Functions")
POSTFIX = "/usr/share/doc/postfix/html/"    # likewise postfix-doc
POSTFIX_PAGES = ("BASIC_CONFIGURATION_README", "STANDARD_CONFIGURATION_README", "VIRTUAL_README", "DEBUG_README",
                 "SOHO_README", "TUNING_README")
APACHE = "/usr/share/doc/apache2-doc/manual/en/"    # the English pages of apache2-doc
APACHE_PAGES = ("getting-started", "configuring", "vhosts/name-based", "logs", "howto/htaccess",
                "stopping", "urlmapping")

DOCUMENTS = (
    Document("zsh", "zsh-doc", tuple((f"{ZSH}{p}.html", f"zsh-{p.replace('_0026', 'and')}.html") for p in ZSH_PAGES)),
    Document("postfix", "postfix-doc", tuple((f"{POSTFIX}{p}.html", f"postfix-{p}.html") for p in POSTFIX_PAGES)),
    Document("apache", "apache2-doc",
             tuple((f"{APACHE}{p}.html", f"apache-{p.replace('/index', '').replace('/', '-')}.html")
                   for p in APACHE_PAGES)),
)
# Split by whole documents: dev (may be tuned on) and test (never tuned on; the lead's held-out check).
GATE3 = Corpus("gate3", DOCUMENTS, {"dev": ("zsh",), "test": ("postfix", "apache")},
               Path(__file__).with_name("realdocs_gate3_questions.json"))
