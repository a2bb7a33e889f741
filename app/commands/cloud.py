"""`enclave cloud ...`: configure the cloud escalation (off until set up).

The endpoint and model go in settings; the API key goes only into the OS keychain
(read without echo), or $ENCLAVE_CLOUD_API_KEY for one session. Nothing here
prints or logs the key.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from agents.api import CLOUD_KEY_ENV, Enclave


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("cloud", help="configure the optional cloud model (endpoint, key, status)")
    sub = parser.add_subparsers(dest="cloud_command", metavar="ACTION", required=True)
    endpoint = sub.add_parser("set-endpoint", help="set the OpenAI-compatible endpoint URL and model name")
    endpoint.add_argument("url", help="base URL, e.g. https://api.openai.com/v1 (…/chat/completions is added)")
    endpoint.add_argument("model", help="model name at that endpoint")
    endpoint.set_defaults(func=set_endpoint)
    sub.add_parser("set-key", help="store the API key in the OS keychain (typed without echo)").set_defaults(func=set_key)
    sub.add_parser("forget-key", help="remove the API key from the OS keychain").set_defaults(func=forget_key)
    sub.add_parser("status", help="show the endpoint, model and where the key comes from").set_defaults(func=status)
    sub.add_parser("off", help="turn the cloud off (forget the endpoint; the key stays)").set_defaults(func=turn_off)


def set_endpoint(args: argparse.Namespace) -> int:
    enclave = Enclave()
    url = enclave.set_cloud_endpoint(args.url, args.model)
    print(f"cloud endpoint: {url} (model {args.model.strip()})")
    if enclave.cloud_status().key_source is None:
        print("no API key yet: run `enclave cloud set-key`")
    return 0


def set_key(args: argparse.Namespace) -> int:
    enclave = Enclave()
    state = enclave.keychain_status()
    if not state.usable:
        print(f"enclave: {state.description}; the key was not stored. To fix: {state.fix}", file=sys.stderr)
        return 1
    key = getpass.getpass("API key (not shown): ")
    enclave.store_cloud_key(key)
    print(f"API key stored in the OS keychain ({state.backend})")
    return 0


def forget_key(args: argparse.Namespace) -> int:
    removed = Enclave().forget_cloud_key()
    print("API key removed from the OS keychain" if removed else "no API key was stored in the OS keychain")
    return 0


def turn_off(args: argparse.Namespace) -> int:
    Enclave().turn_cloud_off()
    print("cloud off: no request can leave this machine")
    return 0


def status(args: argparse.Namespace) -> int:
    state = Enclave().cloud_status()
    print(f"endpoint: {state.endpoint or '(none: the cloud is off)'}")
    print(f"model: {state.model or '(none)'}")
    where = {"environment": f"${CLOUD_KEY_ENV} (this session only)", "keychain": f"OS keychain ({state.keychain_backend})"}
    print(f"API key: {where.get(state.key_source or '', 'none')}")
    print(f"keychain: {state.keychain_description}")
    print("ask before sending: always (each request's exact bytes are shown first)")
    print(f"ledger: {state.ledger_records} request(s) sent, see `enclave ledger` ({state.ledger_file})")
    return 0
