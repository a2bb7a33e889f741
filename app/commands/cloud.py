"""`enclave cloud ...`: configure the cloud escalation (off until set up).

The endpoint and model go in settings; the API key goes only into the OS keychain
(read without echo), or $ENCLAVE_CLOUD_API_KEY for one session. Nothing here
prints or logs the key.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from agents.core import Core
from agents.platform.keychain import ENV_KEY, api_key_source, forget_api_key, keychain_status, store_api_key
from agents.privacy.http import parse_endpoint
from agents.privacy.ledger import Ledger


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
    endpoint = parse_endpoint(args.url)
    model = args.model.strip()
    if not model:
        print("enclave: the model name is empty", file=sys.stderr)
        return 2
    core = Core()
    core.settings.cloud_endpoint, core.settings.cloud_model = endpoint.url, model
    core.save_settings()
    print(f"cloud endpoint: {endpoint.url} (model {model})")
    if api_key_source() is None:
        print("no API key yet: run `enclave cloud set-key`")
    return 0


def set_key(args: argparse.Namespace) -> int:
    state = keychain_status()
    if not state.usable:
        print(f"enclave: {state.description}; the key was not stored. To fix: {state.fix}", file=sys.stderr)
        return 1
    key = getpass.getpass("API key (not shown): ")
    store_api_key(key)
    print(f"API key stored in the OS keychain ({state.backend})")
    return 0


def forget_key(args: argparse.Namespace) -> int:
    removed = forget_api_key()
    print("API key removed from the OS keychain" if removed else "no API key was stored in the OS keychain")
    return 0


def turn_off(args: argparse.Namespace) -> int:
    core = Core()
    core.settings.cloud_endpoint, core.settings.cloud_model = "", ""
    core.save_settings()
    print("cloud off: no request can leave this machine")
    return 0


def status(args: argparse.Namespace) -> int:
    core = Core()
    settings = core.settings
    state = keychain_status()
    source = api_key_source()
    print(f"endpoint: {settings.cloud_endpoint or '(none: the cloud is off)'}")
    print(f"model: {settings.cloud_model or '(none)'}")
    where = {"environment": f"${ENV_KEY} (this session only)", "keychain": f"OS keychain ({state.backend})"}
    print(f"API key: {where.get(source or '', 'none')}")
    print(f"keychain: {state.description}")
    print("ask before sending: always (each request's exact bytes are shown first)")
    entries = Ledger(core.paths.ledger_file).entries()
    print(f"ledger: {len(entries)} request(s) sent, see `enclave ledger` ({core.paths.ledger_file})")
    return 0
