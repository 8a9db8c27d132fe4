extensions = ["sphinx_policy_ext"]
myst_enable_extensions = ["colon_fence", "deflist"]
