"""The platform under the agents: settings, the data folder, the keychain, conversation history, cancel flags, doctor.

Nothing here knows about models or documents; everything above builds on it.
"""
