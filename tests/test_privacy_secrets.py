"""Secrets in pasted code and configuration never leave: keys, tokens, credentials, hosts."""
from __future__ import annotations

import pytest

from agents.privacy.detect import Detector
from agents.privacy.pseudonymize import PlaceholderMap
from agents.privacy.secrets import entropy, find_secrets, looks_random


def redact(text: str) -> str:
    return PlaceholderMap().pseudonymize(text, Detector().detect(text))


@pytest.mark.parametrize("text, secret", [
    ("why does my connection fail: mongodb+srv://admin:Pa55word@cluster0.abcd1.mongodb.net/shop?retryWrites=true",
     ["admin", "Pa55word", "cluster0.abcd1.mongodb.net"]),
    ("engine = create_engine('postgresql://reporting@db-prod-02.internal:5432/sales')", ["db-prod-02.internal"]),
    ("export OPENAI_API_KEY=sk-proj-4hG7xT2mQ9vLr8sN3kPz1wYb", ["sk-proj-4hG7xT2mQ9vLr8sN3kPz1wYb"]),
    ("token = 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'", ["ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"]),
    ("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", ["AKIAIOSFODNN7EXAMPLE"]),
    ('DB = {"HOST": "orders.c9akciq32.eu-west-1.rds.amazonaws.com", "PASSWORD": "hunter2!x"}',
     ["orders.c9akciq32.eu-west-1.rds.amazonaws.com", "hunter2!x"]),
    ("Server=tcp:acme-sql.database.windows.net,1433;User ID=app;Password=Zx9!qq77;", ["acme-sql", "Zx9!qq77"]),
    ("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx4Z\n-----END RSA PRIVATE KEY-----\nwhy is it rejected?",
     ["MIIEowIBAAKCAQEAx4Z"]),
    ("curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.dBjftJeZ4CVPmB92K27uhbUJU1p1r'",
     ["eyJhbGciOiJIUzI1NiJ9"]),
    ("my session id is 7fQ2xLm9Zp3RtV8bNc4KjH6sWd1Ye5Ua", ["7fQ2xLm9Zp3RtV8bNc4KjH6sWd1Ye5Ua"]),
])
def test_secrets_in_code_are_replaced(text: str, secret: list[str]):
    sent = redact(text)
    for value in secret:
        assert value not in sent, sent


def test_ordinary_text_and_code_keep_their_words():
    text = ("Explain why my Python function raises KeyError when the dictionary lacks the key; "
            "I call internationalization_helpers.translate_everything(locale) in a loop over localhost:8000.")
    assert list(find_secrets(text)) == []
    sent = redact(text)
    for word in ("dictionary", "translate_everything", "localhost"):
        assert word in sent
    assert list(find_secrets("password: required")) == []


def test_randomness_measure():
    assert looks_random("7fQ2xLm9Zp3RtV8bNc4KjH6sWd1Ye5Ua")
    assert not looks_random("internationalization_helpers")
    assert not looks_random("aaaaaaaaaaaaaaaaaaaaaaaaaaaa1")
    assert entropy("abab") == 1.0
