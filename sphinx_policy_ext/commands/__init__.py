"""Stage 4, the commands a therapist runs (``make html``, ``pdf``, ``check``, ``changes``, ``preview``).

- :mod:`.main`: the command line (``python -m sphinx_policy_ext``).
- :mod:`.build`: one build into staging, published only when it succeeded.
- :mod:`.preview`: the live preview.
- :mod:`.changes`: the notice to clients of what changed.
- :mod:`.ci_annotations`: problems shown on their line in a git host's CI.
"""
