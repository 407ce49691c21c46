"""Dialogs: errors."""
