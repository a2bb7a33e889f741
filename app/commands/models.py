"""`enclave models`: the active model, and where it runs (local engine or your own server).

`enclave models` alone shows the facts read from the GGUF header (no load). `use-server URL`
points Enclave at an OpenAI-compatible inference server you run yourself (full context goes
there, unlike the redacted cloud gateway); `use-local` goes back to the local engine.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from agents.api import SERVER_ENV_KEY, Enclave


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("models", help="show the active model; switch between the local engine and "
                                                  "your own inference server")
    parser.set_defaults(func=show)
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION")
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
