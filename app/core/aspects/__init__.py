"""E-commerce aspects: the taxonomy, tagging and per-aspect summaries."""
