"""Summaries built from the document's own sentences: split, score, select, then let the model choose.

Why a package of its own: SmolLM2-135M writes fluent but unfaithful prose and is good at
choosing, so a summary is assembled from checked pieces — sentence units with their page and
section (units.py), salience features (salience.py), a non-redundant covering choice (select.py),
the model's constrained choice and word deletion (model_pass.py), and the modes' wording
(modes.py). agents/experts/summarizer.py runs them as an expert.
"""
