"""``python -m game``: the same as the ``parallel-tracks`` command."""

import sys

from game.cli import main

sys.exit(main())
