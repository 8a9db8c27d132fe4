"""The command line's on-disk cache of compiled regular expressions gives the same patterns as ``re``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sphinx_policy_ext.commands.patterns import PatternCache

SAMPLES = [
    (r"(?P<table>\w+)\.(?P<key>[\w-]+)", 0, "practice.phone"),
    (r"^phone = \"(.*)\"$", re.M, 'name = "x"\nphone = "(555) 010-0000"\n'),
    (r"ä+|\bstraße\b", re.I | re.U, "ÄÄ STRASSE straße"),
    (rb"startxref\s+(\d+)\s+%%EOF\s*\Z", 0, b"startxref\n123\n%%EOF\n"),
    (r"(?x) a  b # comment\n c", 0, "abc"),
    (r"(a)(?:b)(?P<c>c)?", 0, "ab"),
]


@pytest.mark.parametrize(("pattern", "flags", "text"), SAMPLES)
def test_a_cached_pattern_is_the_pattern_re_compiles(tmp_path: Path, pattern: str, flags: int, text: str) -> None:
    path = tmp_path / "patterns.marshal"
    first = PatternCache(path)
    first.compile(pattern, flags)
    first.save()
    assert path.stat().st_size > 0
    later = PatternCache(path)  # as the next run finds it
    assert later.entries, "nothing was read back from the file"
    cached, fresh = later.compile(pattern, flags), re.compile(pattern, flags)
    assert later.new == 0  # served from the file, not compiled again
    assert (cached.pattern, cached.flags, cached.groups, cached.groupindex) == (
        fresh.pattern,
        fresh.flags,
        fresh.groups,
        fresh.groupindex,
    )
    assert [m.groups() for m in cached.finditer(text)] == [m.groups() for m in fresh.finditer(text)]
    assert [m.span() for m in cached.finditer(text)] == [m.span() for m in fresh.finditer(text)]


def test_a_damaged_or_foreign_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "patterns.marshal"
    path.write_bytes(b"not marshal data")
    cache = PatternCache(path)
    assert cache.entries == {}
    assert cache.compile(r"a+", 0).match("aaa")
    cache.save()
    assert PatternCache(path).entries  # replaced by a good file
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left behind
