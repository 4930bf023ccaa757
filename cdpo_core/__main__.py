"""`python -m cdpo_core ...`: how the console starts stages as child processes."""

import sys

from cdpo_core.cli import main

sys.exit(main())
