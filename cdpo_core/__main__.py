"""`python -m cdpo_core ...`: how the console starts stages as child processes."""

import sys

try:
    from cdpo_core.cli import main
except KeyboardInterrupt:  # cancelled while still importing: end as a cancelled stage does
    sys.exit(130)

sys.exit(main())
