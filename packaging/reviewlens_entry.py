"""Entry script of the frozen app (PyInstaller); ``main.py`` is the one for running from source.

``freeze_support`` must run first in a frozen program: the GUI analyses in a child process
(``app.core.process_task``, ``spawn`` everywhere) and the jieba fallback segments in worker
processes; each child is this executable started again, and it must become the child instead
of opening a second window.
"""

import multiprocessing

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
