"""Regular expressions compiled by an earlier run, kept on disk for the next one.

Docutils, Sphinx, MyST, ReportLab and rst2pdf compile several hundred
regular expressions while they are imported; parsing and optimising them is
about a quarter of a cold ``make check``. Python keeps compiled patterns only
for the life of a process, but the result of compiling depends only on the
pattern, its flags and the Python version. This module stores that result
(the pattern's opcode list, as ``re`` itself produces it) in one file per
Python version and hands it straight to ``_sre.compile`` the next time, so
each pattern behaves exactly as if compiled afresh.

Only the command line installs this (see :mod:`.main`). A missing, unreadable
or stale file costs only the time it would have saved; the file is replaced
in one step, so concurrent runs never read half of it.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import atexit
import contextlib
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

# Everything the stored opcodes depend on.
_STAMP = f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{_sre.MAXREPEAT}|{_sre.MAXGROUPS}"

_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sphinx-policy-ext" / f"patterns-py{sys.version_info[0]}{sys.version_info[1]}.marshal"


class PatternCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[tuple[str | bytes, int], _Entry] = {}
        self.new = 0
        with contextlib.suppress(Exception):  # any damage: start empty
            stamp, entries = marshal.loads(path.read_bytes())
            if stamp == _STAMP and isinstance(entries, dict):
                self.entries = entries
        self.original = _compiler.compile

    def compile(self, pattern: Any, flags: int = 0) -> Any:
        if not isinstance(pattern, str | bytes) or flags & re.DEBUG:
            return self.original(pattern, flags)
        key = (pattern, int(flags))
        entry = self.entries.get(key)
        if entry is None:
            parsed = _parser.parse(pattern, flags)
            code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
            indexgroup: list[str | None] = [None] * parsed.state.groups
            for name, index in parsed.state.groupdict.items():
                indexgroup[index] = name
            entry = (
                int(flags | parsed.state.flags),
                code,
                parsed.state.groups - 1,
                dict(parsed.state.groupdict),
                tuple(indexgroup),
            )
            self.entries[key] = entry
            self.new += 1
        final_flags, code, groups, groupindex, index_to_name = entry
        return _sre.compile(pattern, final_flags, code, groups, groupindex, index_to_name)

    def save(self) -> None:
        """Write the file if this process compiled anything new."""
        if not self.new:
            return
        with contextlib.suppress(OSError, ValueError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = marshal.dumps((_STAMP, self.entries))
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                Path(temporary).replace(self.path)
            finally:
                Path(temporary).unlink(missing_ok=True)
            self.new = 0


_INSTALLED: list[PatternCache] = []


def install() -> None:
    """Compile patterns through the cache from now on; save new ones when the process ends."""
    if _INSTALLED or os.environ.get("POLICY_NO_PATTERN_CACHE"):
        return
    cache = PatternCache(cache_file())
    _INSTALLED.append(cache)
    _compiler.compile = cache.compile
    atexit.register(cache.save)


def save() -> None:
    """For a forked process that leaves by ``os._exit`` (no atexit): keep what it compiled."""
    for cache in _INSTALLED:
        cache.save()
