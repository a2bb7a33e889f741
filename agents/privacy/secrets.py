"""Recognizers for secrets in pasted code and configuration: keys, tokens, credentials, hosts.

Hard requests are often code ("why does my connection fail: mongodb+srv://user:pw@cluster0...").
What must never leave: private keys and certificates, API keys and tokens (known prefixes, or
long high-entropy strings), passwords in URLs and key=value settings, and the hostnames of the
user's own servers (connection-string hosts, internal or cloud-database names). Each becomes a
placeholder like any other identifier. General rules only: no list of one data set's hosts.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

from agents.privacy.spans import Span

_PEM = re.compile(r"-----BEGIN [A-Z0-9 ]*(?:PRIVATE KEY|CERTIFICATE|KEY)-----[\s\S]*?(?:-----END [A-Z0-9 ]*-----|\Z)")
# scheme://user:password@host[:port] — the whole authority is private (who, the secret and where).
_URL_CREDENTIALS = re.compile(r"\b[a-z][a-z0-9+.-]{1,20}://([^\s/@:'\"]+:[^\s/@'\"]+@[^\s/?#'\",;)]+)", re.I)
# Database and service URLs: their host is the user's server even without credentials.
_SERVICE_URL = re.compile(r"\b(?:mongodb(?:\+srv)?|postgres(?:ql)?|mysql|mariadb|redis|rediss|amqps?|mssql|sqlserver|"
                          r"jdbc:[a-z]+|ldaps?|sftp|ftp|smtp|imap|ssh|clickhouse|cassandra|neo4j|bolt)://"
                          r"(?:[^\s/@'\"]+@)?([^\s/?#'\",;)]+)", re.I)
_KEY_VALUE = re.compile(r"(?i)\b(?:password|passwd|pwd|pass|secret|client[_-]?secret|token|auth[_-]?token|"
                        r"access[_-]?token|refresh[_-]?token|api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?|"
                        r"secret[_-]?key|private[_-]?key|bearer)\b[\"']?\s*(?:[:=]|=>|\s)\s*[\"']?([^\s\"',;}{)]{4,})")
_HOST_SETTING = re.compile(r"(?i)\b(?:host|hostname|server|data source|addr|address|endpoint|dsn)\s*[:=]\s*[\"']?"
                           r"([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z0-9-]+|\d{1,3}(?:\.\d{1,3}){3})")
_KNOWN_TOKEN = re.compile(
    r"\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,}|"
    r"glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|(?:AKIA|ASIA)[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|"
    r"hf_[A-Za-z0-9]{30,}|(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|SG\.[\w-]{16,}\.[\w-]{16,}|"
    r"npm_[A-Za-z0-9]{30,}|eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,})")
_LONG_TOKEN = re.compile(r"(?<![\w/+=.-])[A-Za-z0-9+/_=-]{24,}(?![\w/+=.-])")
# Hostnames that name someone's own machines: private suffixes, or managed-service domains.
_PRIVATE_SUFFIX = re.compile(r"(?i)\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:internal|intranet|corp|local|lan|home|"
                             r"localdomain|priv|private)\b")
_SERVICE_HOST = re.compile(r"(?i)\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+\.(?:mongodb\.net|rds\.amazonaws\.com|"
                           r"cache\.amazonaws\.com|database\.windows\.net|redis\.cache\.windows\.net|"
                           r"documents\.azure\.com|postgres\.database\.azure\.com|supabase\.co|neon\.tech|"
                           r"cloud\.redislabs\.com|elastic-cloud\.com|firebaseio\.com|herokuapp\.com)\b")


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def looks_random(token: str) -> bool:
    """A key or token rather than a word: long, letters and digits mixed, high entropy."""
    has_digit = any(c.isdigit() for c in token)
    has_alpha = any(c.isalpha() for c in token)
    mixed_case = any(c.islower() for c in token) and any(c.isupper() for c in token)
    return len(token) >= 24 and has_digit and has_alpha and (mixed_case or len(token) >= 32) and entropy(token) >= 3.5


def find_secrets(text: str) -> Iterator[Span]:
    for m in _PEM.finditer(text):
        yield Span(m.start(), m.end(), "SECRET", "pattern")
    for m in _URL_CREDENTIALS.finditer(text):
        yield Span(m.start(1), m.end(1), "SECRET", "pattern")
    for m in _SERVICE_URL.finditer(text):
        yield Span(m.start(1), m.end(1), "HOST", "pattern")
    for m in _KEY_VALUE.finditer(text):
        value = m.group(1)
        if value.lower() not in ("none", "null", "true", "false", "required", "here", "xxxx", "****"):
            yield Span(m.start(1), m.end(1), "SECRET", "pattern")
    for m in _HOST_SETTING.finditer(text):
        if m.group(1).lower() not in ("localhost", "127.0.0.1", "0.0.0.0"):
            yield Span(m.start(1), m.end(1), "HOST", "pattern")
    for m in _KNOWN_TOKEN.finditer(text):
        yield Span(m.start(), m.end(), "SECRET", "pattern")
    for m in _LONG_TOKEN.finditer(text):
        if looks_random(m.group(0)):
            yield Span(m.start(), m.end(), "SECRET", "pattern")
    for rx in (_PRIVATE_SUFFIX, _SERVICE_HOST):
        for m in rx.finditer(text):
            yield Span(m.start(), m.end(), "HOST", "pattern")
