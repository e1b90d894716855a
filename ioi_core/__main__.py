import sys

from ioi_core.cli.commands import main

sys.exit(main())
