"""Installed in every Python subprocess a test starts (this folder is first on PYTHONPATH)."""
import enclave_network_guard

enclave_network_guard.install(enclave_network_guard.log_refusal)
