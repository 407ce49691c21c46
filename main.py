"""ReviewLens entry point: ``python main.py <command> ...`` (``--help`` lists the commands)."""

from app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
