"""The command line's lazily loaded modules (commands/lazy.py): skipped while unused, complete once used."""

from __future__ import annotations

import subprocess
import sys

# Run in a fresh interpreter: the test session has imported most of these already.
PROBE = """
import sys
from sphinx_policy_ext.commands import lazy
lazy.install()
import docutils.writers._html_base  # imports docutils' math converters, as Sphinx's HTML builder does
from docutils.utils.math import latex2mathml
assert type(latex2mathml).__name__ == "_LazyModule", type(latex2mathml)
# Used: loaded then and there, and it works.
print(latex2mathml.tex2mathml("x^2"))
assert type(sys.modules["docutils.utils.math.latex2mathml"]).__name__ == "module"
"""


def test_a_lazily_loaded_module_is_complete_when_it_is_used() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "<msup>" in done.stdout and "<mi>x</mi>" in done.stdout and "<mn>2</mn>" in done.stdout
