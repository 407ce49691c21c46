"""Developer tools of ReviewLens, run from the repository root; not part of the shipped app.

``python -m tools.samples`` (the bundled sample, benchmark inputs), ``python -m tools.train``
(the sentiment model), ``python -m tools.evaluate`` / ``evaluate_aspects`` / ``evaluate_tags``
(figures on ../shared/data), ``python tools/mutation.py`` (mutation testing).
"""
