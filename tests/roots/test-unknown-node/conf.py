import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["sphinx_policy_ext", "mystery_ext"]
myst_enable_extensions = ["colon_fence"]
