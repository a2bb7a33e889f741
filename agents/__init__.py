"""Enclave's core: the local model runtime, agents, settings and the privacy gateway.

Never imports Qt (a test enforces it). Importing this package has no side effects.
"""

__version__ = "0.1.0"
