"""Rules pinned by their meaning: each test fails when one rule is planted wrong (issue 18)."""
