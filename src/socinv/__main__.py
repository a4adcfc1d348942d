import sys

from socinv.cli.main import main

sys.exit(main())
