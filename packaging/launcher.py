"""Entry point of the frozen (PyInstaller) build.

It runs the same `medvault` command that `pip install` creates from
`[project.scripts]`, so the installed program and a source checkout behave alike.
"""

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    # A frozen program that starts worker processes must call this first, or each worker
    # would start the whole program again.
    multiprocessing.freeze_support()
    sys.exit(main())
