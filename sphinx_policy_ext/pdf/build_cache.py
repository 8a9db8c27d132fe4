"""Results of the PDF's slow, unchanging steps, kept in the build's cache folder from one build to the next.

After an edit to practice.toml each build is a new process, and some of the
PDF's steps depend only on files that almost never change (the bundled fonts,
the stylesheets) and on library versions: parsing the TrueType fonts,
measuring and deflating the form font, parsing the YAML stylesheets. Their
results are kept here, next to Sphinx's own environment pickle, so that an
edit pays for them once.

A file holds a small header, pickled: the key it was made for (everything
the result depends on), a ``head`` that can be read on its own, and the
length of each part of the result. The parts follow, each pickled on its
own, so that a part can be read without the others. A file whose key
differs, or that cannot be read (a crash while it was written, a full disk,
another Python), counts as missing: the caller makes the result again and
writes a new file. Files are replaced in one step, so a reader never sees
half of one. The cache only ever saves time: the bytes of every PDF are the
same with it and without it (tests/test_project.py).
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Part of every key: a file written by another layout of this module, or by
# another Python (whose pickles of the same objects may differ), never matches.
_FORMAT = ("sphinx-policy-build-cache", 2, sys.version_info[:2])


def read_head(path: Path, key: object) -> Any | None:
    """The head stored with the result for ``key``, without reading the result; None if there is none."""
    try:
        with path.open("rb") as handle:
            stored_key, head, _ = pickle.load(handle)
    # Whatever a damaged or foreign file makes pickle raise, it only means "not cached".
    except Exception:
        return None
    return head if stored_key == (_FORMAT, key) else None


def read(path: Path, key: object, part: int = 0) -> Any | None:
    """Part ``part`` of the result stored for ``key``; None if the file is missing, damaged or made for another key."""
    try:
        with path.open("rb") as handle:
            stored_key, _, lengths = pickle.load(handle)
            if stored_key != (_FORMAT, key):
                return None
            handle.seek(sum(lengths[:part]), os.SEEK_CUR)
            return pickle.loads(handle.read(lengths[part]))
    except Exception:
        return None


def write(path: Path, key: object, parts: Sequence[object], head: object = None) -> None:
    """Keep the parts of a result (and ``head``) for ``key`` in ``path``, replacing it in one step.

    A cache that cannot be written (a read-only or full disk) is not an error:
    the next build makes the result again.
    """
    pickled = [pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL) for part in parts]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            header = ((_FORMAT, key), head, [len(data) for data in pickled])
            pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
            for data in pickled:
                handle.write(data)
        Path(temporary).replace(path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
