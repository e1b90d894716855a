import sys

from ioi_core.cli import main

sys.exit(main())
