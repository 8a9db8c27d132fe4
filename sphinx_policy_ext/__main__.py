"""``python -m sphinx_policy_ext html pdf``: see :mod:`sphinx_policy_ext.commands.main`."""

import sys

from .commands.main import main

sys.exit(main())
