"""Data files (prompt templates, default settings, icons), found with importlib.resources."""
