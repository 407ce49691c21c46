"""ReviewLens entry point: ``python main.py <command> ...`` (``--help`` lists the commands)."""

from app.cli import main
from app.runtime import policy

if __name__ == "__main__":
    policy.declare()  # every process is spawned; a frozen app's children start here
    raise SystemExit(main())
