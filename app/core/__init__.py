"""The analysis pipeline. Never imports Qt (a test enforces it)."""
