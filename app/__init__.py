"""Enclave's front ends: the PySide6 desktop app and the `enclave` command line.

Importing this package imports no Qt; only the GUI modules do, and only when the
GUI starts. The front ends talk to the core (agents/, rag/) through `agents.core.Core`.
"""
