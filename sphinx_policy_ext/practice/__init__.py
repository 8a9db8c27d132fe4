"""Stage 1, the practice file: what ``practice.toml`` may hold, reading it, and the checked model.

- :mod:`.schema`: every table and key, its kind and its help text.
- :mod:`.loading`: reads the file, reports every problem with its line, and
  gives the validated :class:`~.loading.Practice` the later stages use.
- :mod:`.professions`: wording that depends on the clinician's profession.
"""
