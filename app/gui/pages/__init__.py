"""Pages of the main window stack."""
