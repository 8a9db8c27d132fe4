"""Sphinx configuration for the social media policy.

The practice's details are not here: they live in practice.toml, which is
the one file most practices edit. The policy text is in docs/.
"""

project = "Social Media Policy"
root_doc = "index"

extensions = ["sphinx_policy_ext"]

# Everything else is made for the policy and needs no change.
myst_enable_extensions = ["attrs_inline", "colon_fence", "deflist", "substitution"]
myst_heading_anchors = 2
# historic-wording.md keeps the original 2010 wording for reference; it is not published.
exclude_patterns = ["LICENSE.md", "historic-wording.md"]

html_theme = "policy"
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_use_index = False
# Where the button in embed.html points once the PDF is uploaded (see the README).
policy_embed_pdf_url = ""

# Translations of the policy (see the README, "The policy in Spanish"): one
# catalog per document, docs/locales/<language>/LC_MESSAGES/index.po.
locale_dirs = ["locales/"]
gettext_compact = False
