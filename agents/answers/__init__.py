"""Answering from checked spans: answer types, quote windows, the claim and citation checks, evidence trimming,
and the plain-language account of how an answer was made."""
