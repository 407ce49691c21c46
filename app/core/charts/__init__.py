"""Charts for the dashboard and the report, as matplotlib figures (never pyplot)."""
