"""PyInstaller runtime hook: the bundled app is offline and private from its first line.

Runs before any Enclave or library code. The embedded models ship inside the bundle, so the
Hugging Face libraries must never try the network, and chromadb must never send telemetry.
A user who really wants otherwise can still export the variables before starting Enclave.
"""
import os

for _name, _value in (
    ("HF_HUB_OFFLINE", "1"),
    ("TRANSFORMERS_OFFLINE", "1"),
    ("HF_HUB_DISABLE_TELEMETRY", "1"),
    ("ANONYMIZED_TELEMETRY", "False"),
    ("TOKENIZERS_PARALLELISM", "false"),
):
    os.environ.setdefault(_name, _value)
