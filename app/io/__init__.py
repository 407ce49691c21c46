"""Reading export files and writing reports. Never imports Qt (a test enforces it)."""
