"""``python -m sphinx_policy_ext html pdf``: see :mod:`sphinx_policy_ext.cli`."""

import sys

from .cli import main

sys.exit(main())
