"""``python -m disputekb``: see :mod:`disputekb.cli`."""

import sys

from .cli import main

sys.exit(main())
