"""``python -m sphinx_policy_ext html pdf``: see :mod:`sphinx_policy_ext.commands.main`."""

import gc

# A build is one short process, and what it allocates lives until it ends:
# looking for reference cycles to free costs about a tenth of a cold build
# and frees almost nothing (about 1 MB). Collection is off from before the
# first import; the long-lived preview turns it back on (see main.run).
gc.disable()

from .commands.main import run  # noqa: E402

run()
