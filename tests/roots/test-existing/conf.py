# A team handbook made with sphinx-quickstart and myst-parser, which adds the
# social media policy as one page (social-media-policy.md, copied in by the
# tests from this repository's docs/index.md). Everything else is the
# handbook's own and must come out as it would without the extension.
project = "Riverside Counselling handbook"
copyright = "2026, Riverside Counselling"
author = "Riverside Counselling"

extensions = ["myst_parser", "sphinx_policy_ext"]

myst_enable_extensions = ["substitution", "deflist"]
myst_substitutions = {"release_name": "Spring 2026", "office": "Riverside"}

# The policy is one page of the handbook.
policy_documents = ["social-media-policy"]

exclude_patterns = ["_build"]
html_theme = "alabaster"
