"""Complaint and praise themes: terms, vectors, clusters, labels, the user's edits."""
