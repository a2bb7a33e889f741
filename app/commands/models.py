"""`enclave models`: the active model, the catalog, downloads, and where the model runs.

`enclave models` alone shows the facts read from the GGUF header (no load). `catalog` lists the
hand-reviewed models with their fit for this computer; `get NAME` downloads one (verified,
resumable); `use NAME|PATH` switches (a downloaded model, `embedded`, or a GGUF file you have);
`remove NAME` deletes a download. `use-server URL` points Enclave at an OpenAI-compatible
inference server you run yourself (full context goes there, unlike the redacted cloud gateway);
`use-local` goes back to the local engine.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys

from agents.api import SERVER_ENV_KEY, CancelToken, DownloadProgress, Enclave, ModelRow


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("models", help="show the active model; switch between the local engine and "
                                                  "your own inference server")
    parser.set_defaults(func=show)
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION")
    register_catalog_actions(sub)
    server = sub.add_parser("use-server", help="use your own OpenAI-compatible inference server (llama-server, "
                                               "Ollama, vLLM, LM Studio) instead of the local engine")
    server.add_argument("url", help="its base URL, e.g. http://127.0.0.1:8080/v1")
    server.add_argument("--model", default="", help="the model name on that server (default: the server's choice)")
    server.add_argument("--context", type=int, default=0, help="the server's context window in tokens")
    server.set_defaults(func=use_server)
    sub.add_parser("use-local", help="go back to the local engine (the GGUF file on this machine)").set_defaults(
        func=use_local)
    sub.add_parser("server-key", help="store an API key for your server in the OS keychain (if it wants one)"
                   ).set_defaults(func=server_key)
    sub.add_parser("forget-server-key", help="remove that key from the OS keychain").set_defaults(
        func=forget_key)


def show(args: argparse.Namespace) -> int:
    facts = Enclave().model_facts()
    if facts.runs_on == "server":
        rows = [("runs on", "your own inference server (documents and chats are sent to it in full)"),
                ("server", facts.server_url),
                ("model", facts.name),
                ("context in use", f"{facts.context_in_use} tokens"),
                ("back to local", "enclave models use-local")]
    else:
        rows = [
            ("runs on", "this computer, in a separate engine process"),
            ("model", facts.name),
            ("file", facts.path),
            ("source", facts.origin),
            ("architecture", facts.architecture),
            ("quantization", facts.quantization),
            ("size", f"{facts.size_bytes / 2**20:.1f} MiB"),
            ("trained context", f"{facts.trained_context} tokens" if facts.trained_context else "unknown"),
            ("context in use", f"{facts.context_in_use} tokens"),
            ("chat template", "from the GGUF metadata" if facts.has_chat_template else "none in the file (ChatML fallback)"),
        ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0


def use_server(args: argparse.Namespace) -> int:
    shown = Enclave().use_inference_server(args.url, args.model, args.context)
    print(f"Enclave now uses your inference server at {shown}; documents and chats go to it in full.")
    print("Check it with `enclave doctor`; go back with `enclave models use-local`.")
    return 0


def use_local(args: argparse.Namespace) -> int:
    Enclave().use_local_engine()
    print("Enclave now uses the local engine on this computer.")
    return 0


def server_key(args: argparse.Namespace) -> int:
    enclave = Enclave()
    state = enclave.keychain_status()
    if not state.usable:
        print(f"enclave: {state.description}; the key was not stored. For one session set "
              f"${SERVER_ENV_KEY} instead.", file=sys.stderr)
        return 1
    enclave.store_server_key(getpass.getpass("Server API key (not shown): "))
    print(f"server key stored in the OS keychain ({state.backend})")
    return 0


def forget_key(args: argparse.Namespace) -> int:
    print("server key removed from the OS keychain" if Enclave().forget_server_key() else "no server key was stored")
    return 0


# -- the catalog, downloads and switching -------------------------------------------------------
def register_catalog_actions(sub: argparse._SubParsersAction) -> None:
    catalog = sub.add_parser("catalog", help="models you can download, with their fit for this computer")
    catalog.add_argument("--json", action="store_true", help="a JSON list of entries (for scripts)")
    catalog.set_defaults(func=show_catalog)
    get = sub.add_parser("get", help="download a catalog model (verified; run again to resume)")
    get.add_argument("name", help="its name in `enclave models catalog`")
    get.add_argument("--accept-licence", action="store_true", help="accept the model's licence (when it has terms)")
    get.add_argument("--use", action="store_true", help="make it the active model once downloaded and checked")
    get.set_defaults(func=get_model)
    use = sub.add_parser("use", help="switch to a downloaded model, `embedded`, or a GGUF file you have")
    use.add_argument("target", metavar="NAME|PATH")
    use.set_defaults(func=use_model)
    remove = sub.add_parser("remove", help="delete a downloaded model")
    remove.add_argument("name")
    remove.set_defaults(func=remove_model)


def _size(n: int) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def _status(row: ModelRow) -> str:
    marks = [m for m, on in (("active", row.active), ("downloaded", row.downloaded and not row.active),
                             ("recommended", row.recommended)) if on]
    return ", ".join(marks)


def show_catalog(args: argparse.Namespace) -> int:
    enclave = Enclave()
    if not args.json:
        print("measuring this computer's speed with the built-in model (once)…", file=sys.stderr)
    catalog = enclave.model_catalog()
    for problem in catalog.problems:
        print(f"enclave: warning: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps([row.as_json() for row in catalog.rows], indent=1))
        return 0
    m = catalog.machine
    print(f"this computer: {_size(m.free_ram)} memory free, {_size(m.free_disk)} disk free, {m.cores} cores; "
          f"built-in model {m.reference_tps:.0f} tokens/s ({'measured' if m.measured else 'assumed'})")
    for row in catalog.rows:
        e, fit = row.entry, row.fit
        speed = f"~{fit.tokens_per_s:.1f} tok/s" if fit else ""
        print(f"{row.name:<16} {row.display_name:<30} {_size(e.size_bytes if e else row.size_bytes):>8}  "
              f"{(fit.verdict if fit else ''):<9} {speed:<12} {_status(row)}")
        if e is not None:
            terms = "; accept its licence to download" if e.accept_terms else ""
            print(f"{'':<16} {e.good_for}. {e.licence}{terms}. {e.repo}")
    print("download: enclave models get NAME    switch: enclave models use NAME|PATH")
    return 0


class _Progress:
    """One line on stderr, rewritten in place on a terminal; a line per 10% otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last_tenth = -1

    def show(self, event: DownloadProgress) -> None:
        if event.stage != "downloading":
            labels = {"metadata": "asking the repository for the file's checksum…", "verifying": "verifying SHA-256…",
                      "checking": "letting the engine run it once…"}
            if event.stage in labels:
                self._end_line()
                print(labels[event.stage], file=sys.stderr)
            return
        left = f", {event.seconds_left / 60:.0f} min left" if event.seconds_left else ""
        line = (f"{event.done_bytes / 2**20:,.1f} / {event.total_bytes / 2**20:,.1f} MiB "
                f"({event.fraction:.0%}) {event.bytes_per_s / 2**20:.1f} MiB/s{left}")
        if self.tty:
            print(f"\r{line:<70}", end="", file=sys.stderr, flush=True)
        elif int(event.fraction * 10) > self.last_tenth:
            self.last_tenth = int(event.fraction * 10)
            print(line, file=sys.stderr)

    def _end_line(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def get_model(args: argparse.Namespace) -> int:
    enclave = Enclave()
    accept = args.accept_licence or _ask_licence(enclave, args.name)
    progress, done = _Progress(), None
    try:
        for event in enclave.download_model(args.name, cancel=CancelToken(), accept_licence=accept):
            progress.show(event)
            done = event if event.stage == "done" else done
    except KeyboardInterrupt:
        print("\ncancelled; what was received is kept: run the same command to resume", file=sys.stderr)
        return 130
    assert done is not None
    print(f"downloaded and verified: {done.path}")
    if args.use:
        facts = enclave.use_model(args.name)
        print(f"Enclave now uses {facts.name}.")
    else:
        print(f"switch to it with: enclave models use {args.name}")
    return 0


def _ask_licence(enclave: Enclave, name: str) -> bool:
    row = enclave.model_catalog(measure=False).find(name)
    if row is None or row.entry is None or not row.entry.accept_terms or not sys.stdin.isatty():
        return False
    answer = input(f"{row.display_name} is under the {row.entry.licence} ({row.entry.page}). Accept it? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def use_model(args: argparse.Namespace) -> int:
    facts = Enclave().use_model(args.target)
    print(f"Enclave now uses {facts.name} ({facts.path}).")
    return 0


def remove_model(args: argparse.Namespace) -> int:
    for path in Enclave().remove_model(args.name):
        print(f"removed {path}")
    return 0

