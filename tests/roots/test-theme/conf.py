extensions = ["sphinx_policy_ext"]
myst_enable_extensions = ["colon_fence"]
html_theme = "policy"
html_copy_source = False
html_use_index = False
