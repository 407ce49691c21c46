"""Per-review results: labels, filters and counts over time."""
