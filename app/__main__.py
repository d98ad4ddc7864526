"""`python -m app` runs the medvault command."""

import sys

from app.cli import main

sys.exit(main())
