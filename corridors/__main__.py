"""Entry point for ``python -m corridors``."""

import sys

from corridors.cli import main

sys.exit(main())
