"""Where model files come from: the Hugging Face hub (or the mirror in `HF_ENDPOINT`), over HTTPS only.

The rule for addresses, decided once here: every request and every redirect must be https, except
to this computer (127.0.0.0/8, ::1, localhost), which may be plain http: a mirror or test stand-in
on loopback cannot be intercepted on the network. `HTTPS_PROXY` (and `NO_PROXY`) are honoured
through urllib's standard proxy handling. No credentials are sent: a gated model answers 401/403,
and the message sends the user to the publisher's page.

The expected SHA-256 comes from the repository's file metadata (`/api/models/{repo}/tree/main`,
each LFS file's `lfs.oid`), fetched before the download: a mismatch is an error.
"""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from agents.platform.cancel import Cancelled
from agents.privacy.http import is_loopback_host
from rag.errors import UserError

DEFAULT_ENDPOINT = "https://huggingface.co"
CONNECT_TIMEOUT_S = 30.0
MAX_METADATA_BYTES = 8 << 20
USER_AGENT = "Enclave (model download)"


class DownloadError(UserError):
    """A failed download step; `outcome` is short ("http 404", "checksum mismatch") for the activity list."""

    def __init__(self, outcome: str, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome


class DownloadCancelled(DownloadError, Cancelled):
    """The user cancelled; the bytes received are kept for the next try (a cancel, not a failure)."""

    def __init__(self, message: str) -> None:
        super().__init__("cancelled", message)


def check_url(url: str) -> str:
    """Return `url` if it may be fetched (https, or http to this computer); raise DownloadError if not."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return url
    if parts.scheme == "http" and host and is_loopback_host(host):
        return url
    raise DownloadError("refused", f"refusing to download from '{url}': only https is allowed "
                                   "(plain http only to this computer)")


def endpoint() -> str:
    """The hub's base URL: `$HF_ENDPOINT` (a mirror) or https://huggingface.co."""
    base = (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).strip().rstrip("/")
    return check_url(base)


def tree_url(repo: str) -> str:
    return f"{endpoint()}/api/models/{quote(repo)}/tree/main"


def file_url(repo: str, file: str) -> str:
    return f"{endpoint()}/{quote(repo)}/resolve/main/{quote(file)}"


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow the hub's redirect to its file storage only where the address rule allows it."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def opener() -> urllib.request.OpenerDirector:
    """urllib with the environment's proxies (HTTPS_PROXY, NO_PROXY) and checked redirects."""
    return urllib.request.build_opener(urllib.request.ProxyHandler(), _CheckedRedirects())


def http_failure(status: int, repo: str, what: str) -> DownloadError:
    """The plain message for a server's refusal."""
    if status in (401, 403):
        return DownloadError(f"http {status}", f"this model needs you to accept its licence on the publisher's page "
                                               f"(https://huggingface.co/{repo}) (HTTP {status}); Enclave does not "
                                               "sign in: download it in your browser, then use Settings → Model → "
                                               "'Use a model file…'")
    if status == 404:
        return DownloadError("http 404", f"{what} was not found on the server (HTTP 404): the repository {repo} "
                                         "may have been renamed or removed; the catalog entry needs updating")
    if status == 429:
        return DownloadError("http 429", "the server is limiting downloads (HTTP 429); try again later")
    return DownloadError(f"http {status}", f"the server answered HTTP {status} for {what}; try again later")


def open_url(url: str, repo: str, what: str, headers: dict[str, str] | None = None) -> Any:
    """Open `url` (GET); raise DownloadError with a plain message on any failure."""
    request = urllib.request.Request(check_url(url), headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        return opener().open(request, timeout=CONNECT_TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise http_failure(exc.code, repo, what) from None
    except DownloadError:
        raise
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or type(exc).__name__
        raise DownloadError("connection failed", f"could not reach {urlsplit(url).hostname} ({reason}); "
                                                 "check the network connection") from None


@dataclass(frozen=True)
class RemoteFile:
    repo: str
    file: str
    size: int
    sha256: str
    url: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


def remote_file(repo: str, file: str) -> RemoteFile:
    """The file's size and SHA-256 from the repository's metadata (raises DownloadError)."""
    with open_url(tree_url(repo), repo, f"the file list of {repo}") as response:
        raw = response.read(MAX_METADATA_BYTES + 1)
    if len(raw) > MAX_METADATA_BYTES:
        raise DownloadError("malformed", f"the file list of {repo} is implausibly large; not used")
    try:
        items = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DownloadError("malformed", f"the file list of {repo} is not JSON; is HF_ENDPOINT a Hugging Face "
                                         "mirror?") from None
    match = next((i for i in items if isinstance(i, dict) and i.get("path") == file), None) \
        if isinstance(items, list) else None
    if match is None:
        raise DownloadError("http 404", f"{file} is not in the repository {repo} (it may have been renamed); "
                                        "the catalog entry needs updating")
    lfs = match.get("lfs") if isinstance(match.get("lfs"), dict) else {}
    sha, size = str(lfs.get("oid", "")).lower(), lfs.get("size", match.get("size"))
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha) or not isinstance(size, int) or size <= 0:
        raise DownloadError("malformed", f"the repository {repo} publishes no SHA-256 for {file}; "
                                         "Enclave downloads only files it can verify")
    return RemoteFile(repo, file, size, sha, file_url(repo, file))
