"""Bad inputs: every test here builds its own input (no real data needed)."""
