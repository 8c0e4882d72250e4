"""`python -m game` runs the same commands as run.py and the motorplay script."""
import sys

from game.cli import main

sys.exit(main())
