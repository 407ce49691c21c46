"""Qt item models over analysis results."""
