"""The shop history: one SQLite file per shop that every import appends to.

``schema`` (tables, versions, migrations), ``store`` (open or create a history file, refusing
files that are not ours), ``append`` (one import in one transaction, reviews already held
counted once) and ``queries`` (what is held, and the held reviews as an ``ImportResult``).
Never imported by ``app.core``.
"""
