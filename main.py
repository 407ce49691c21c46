"""ReviewLens entry point: ``python main.py <command> ...`` (``--help`` lists the commands)."""

import multiprocessing

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the analysis runs in a child process (spawn)
    raise SystemExit(main())
