"""Where work runs: the only package that knows about processes.

* :mod:`app.runtime.policy` — the one policy, declared at the entry point: every process is
  started fresh (``spawn``) on every system, so the tests on Linux run what Windows users run.
* :mod:`app.runtime.parallel` — :func:`map_chunks`, the one way the analysis spreads
  per-chunk work over processes.
* :mod:`app.runtime.analysis_child` — the desktop app's analysis, run in a child process so the
  window never waits on the analysis; :mod:`app.runtime.tasks` hands it to the app's views.

The analysis itself (:mod:`app.core`) is plain functions of plain data; it never starts a
process.
"""
