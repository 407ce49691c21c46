"""Praise vs complaint: the lexicon, the linear model and its per-shop adaptation."""
