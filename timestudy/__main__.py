import sys

from timestudy.cli import main

sys.exit(main())
