"""The expert agents. All run on the one shared local model; they differ by prompt."""
