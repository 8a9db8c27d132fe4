"""Stage 2, the policy text: what the extension does to the MyST documents of the policy.

- :mod:`.substitution`: practice values inserted literally, and the scan
  that refuses unknown names, expressions and left-over placeholders.
- :mod:`.sections`: sections switched on and off in ``[sections]``.
- :mod:`.signatures`, :mod:`.clinicians`, :mod:`.revisions`,
  :mod:`.download`: the policy's own directives.
- :mod:`.linebreaks`: MyST hard line breaks as line blocks.
- :mod:`.advice`: advice about the text and values (``make check``).
"""
