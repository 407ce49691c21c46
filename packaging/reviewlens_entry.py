"""Entry script of the frozen app (PyInstaller); ``main.py`` is the one for running from source.

The process policy (:mod:`app.runtime.policy`) must be declared first in a frozen program: the
GUI analyses in a child process and the analysis spreads its per-text stages over worker
processes (``spawn`` everywhere); each child is this executable started again, and it must
become the child instead of opening a second window.
"""

from app.cli import main
from app.runtime import policy

if __name__ == "__main__":
    policy.declare()
    raise SystemExit(main())
