"""Entry script of the frozen app (PyInstaller); ``main.py`` is the one for running from source.

``freeze_support`` must run first in a frozen program: when the jieba fallback segments in
worker processes (``spawn`` on Windows and macOS), each worker is this executable started
again, and it must become the worker instead of opening a second window.
"""

import multiprocessing

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
