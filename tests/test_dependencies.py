"""Dependencies a practice can rely on: a fresh clone installs exactly the locked versions.

The locks in requirements/ are what `make` and both CI hosts install from.
These tests hold them to pyproject.toml (every declared range, every floor)
and install the runtime lock into a fresh environment the way a fresh clone
does, through the Makefile.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import PROJECT

LOCKS = PROJECT / "requirements"
PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
# Which extras each lock holds, besides the runtime dependencies and the build backend.
EXTRAS = {
    "runtime": [],
    "translations": ["translations"],
    "dev": ["test", "lint", "translations"],
    "bench": ["test", "lint", "bench"],
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(path: Path) -> dict[str, Version]:
    """The ``name==version`` lines of a lock, by canonical name."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            found[canonicalize_name(match.group(1))] = Version(match.group(2))
    return found


def hashed_entries(path: Path) -> dict[str, list[str]]:
    """Each pinned entry of a lock with the hashes that follow it."""
    entries: dict[str, list[str]] = {}
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match.group(1))
            entries[current] = []
        elif line.strip().startswith("--hash=sha256:") and current:
            entries[current].append(line.strip())
    return entries


def declared(extras: list[str]) -> list[Requirement]:
    project = PYPROJECT["project"]
    build = [
        Requirement(line) for line in (LOCKS / "build.in").read_text(encoding="utf-8").splitlines() if line and line[0] != "#"
    ]
    return (
        [Requirement(text) for text in project["dependencies"]]
        + [Requirement(text) for extra in extras for text in project["optional-dependencies"][extra]]
        + build
    )


@pytest.mark.parametrize("lock", sorted(EXTRAS))
def test_each_lock_satisfies_pyproject_and_hashes_every_file(lock: str) -> None:
    path = LOCKS / f"{lock}.txt"
    locked = pins(path)
    for requirement in declared(EXTRAS[lock]):
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is declared but missing from {path.name}: run `make lock`"
        assert locked[name] in requirement.specifier, (
            f"{path.name} pins {name}=={locked[name]}, outside {requirement}: run `make lock`"
        )
    for name, hashes in hashed_entries(path).items():
        assert hashes, f"{name} in {path.name} has no hash"
    # Resolved for the Python that CI runs (see the workflows).
    assert "--python-version 3.11 --python-platform linux" in path.read_text(encoding="utf-8").splitlines()[1]


def test_the_locks_agree_with_each_other() -> None:
    """The page is tested with exactly the versions it is published with."""
    runtime, dev = pins(LOCKS / "runtime.txt"), pins(LOCKS / "dev.txt")
    for other in ("translations", "dev", "bench"):
        locked = pins(LOCKS / f"{other}.txt")
        assert {name: locked[name] for name in runtime} == runtime, other
    bench = pins(LOCKS / "bench.txt")
    assert {name: bench[name] for name in dev if name in bench} == {name: dev[name] for name in dev if name in bench}


def test_every_dependency_we_reach_into_has_an_upper_bound() -> None:
    for text in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(text)
        assert any(spec.operator in {"<", "<=", "==", "~="} for spec in requirement.specifier), f"{text} has no upper bound"


def test_oldest_installs_exactly_the_declared_floors() -> None:
    """`tox -e oldest` installs requirements/oldest.txt: each direct dependency at the floor pyproject.toml states."""
    oldest = pins(LOCKS / "oldest.txt")
    for requirement in map(Requirement, PYPROJECT["project"]["dependencies"]):
        [floor] = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        assert oldest[canonicalize_name(requirement.name)] == Version(floor), requirement
    tox = (PROJECT / "tox.ini").read_text(encoding="utf-8")
    assert "[testenv:oldest]" in tox and "PIP_CONSTRAINT = {toxinidir}/requirements/oldest.txt" in tox


def test_make_installs_only_from_the_locks(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    for stamp, lock in (
        (".installed-runtime", "runtime"),
        (".installed-dev", "dev"),
        (".installed-translations", "translations"),
    ):
        done = subprocess.run(
            ["make", "-n", f"VENV={venv}", f"{venv}/{stamp}"], capture_output=True, text=True, check=True, cwd=PROJECT
        )
        installs = [line for line in done.stdout.splitlines() if "pip install" in line]
        assert installs, done.stdout
        assert all(f"--require-hashes --no-deps -r requirements/{lock}.txt" in line for line in installs), installs
        assert all(line.count("pip install") == 2 and "--no-deps --no-build-isolation -e ." in line for line in installs)


def test_make_compiles_the_package_again_when_a_module_changed(tmp_path: Path) -> None:
    """Bytecode ahead of the build (the Makefile's BYTECODE): compiled again after a pull or an edit, not before every build."""
    venv = tmp_path / "venv"
    venv.mkdir()
    dry_run = ["make", "-n", "check", f"VENV={venv}", "-o", f"{venv}/.installed-runtime", "-o", f"{venv}/bin/python"]
    compile_ = f"{venv}/bin/python -m compileall -q sphinx_policy_ext"
    assert compile_ in subprocess.run(dry_run, capture_output=True, text=True, check=True, cwd=PROJECT).stdout
    stamp = venv / ".compiled"
    newest = max(path.stat().st_mtime for path in (PROJECT / "sphinx_policy_ext").rglob("*.py"))
    stamp.touch()
    os.utime(stamp, (newest + 1, newest + 1))
    assert compile_ not in subprocess.run(dry_run, capture_output=True, text=True, check=True, cwd=PROJECT).stdout
    os.utime(stamp, (newest - 1, newest - 1))  # a module is newer than the last compile
    assert compile_ in subprocess.run(dry_run, capture_output=True, text=True, check=True, cwd=PROJECT).stdout


def test_a_fresh_clone_installs_exactly_the_runtime_lock(tmp_path: Path) -> None:
    """`make html` on a fresh clone: the environment it makes holds the locked versions and nothing else."""
    venv = tmp_path / "venv"
    # As on a fresh machine: no constraints from a test runner (tox -e oldest sets PIP_CONSTRAINT).
    env = {name: value for name, value in os.environ.items() if name != "PIP_CONSTRAINT"}
    done = subprocess.run(
        ["make", f"VENV={venv}", f"{venv}/.installed-runtime"], capture_output=True, text=True, check=False, cwd=PROJECT, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    freeze = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "freeze", "--all", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installed = {canonicalize_name(name): Version(version) for name, version in (line.split("==") for line in freeze.split())}
    # pip and setuptools come with the venv itself, not from the lock.
    for own in ("pip", "setuptools", "wheel"):
        installed.pop(own, None)
    assert installed == pins(LOCKS / "runtime.txt")
    editable = subprocess.run(
        [venv / "bin" / "python", "-c", "import sphinx_policy_ext; print(sphinx_policy_ext.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Path(editable.strip()).is_relative_to(PROJECT)
    # Its modules are compiled as installed, so that a machine where Python
    # writes no bytecode (PYTHONDONTWRITEBYTECODE) does not compile them on every build.
    command = [venv / "bin" / "python", "-c", _STALE_BYTECODE, PROJECT / "sphinx_policy_ext"]
    assert subprocess.run(command, capture_output=True, text=True, check=True).stdout == ""


# Prints each module under a folder whose bytecode is missing or older than its source.
_STALE_BYTECODE = """
import importlib.util, pathlib, sys
for source in sorted(pathlib.Path(sys.argv[1]).rglob("*.py")):
    cached = pathlib.Path(importlib.util.cache_from_source(source))
    header = cached.read_bytes()[:16] if cached.exists() else b""
    stat = source.stat()
    stamp = (int(stat.st_mtime) & 0xFFFFFFFF).to_bytes(4, "little") + (stat.st_size & 0xFFFFFFFF).to_bytes(4, "little")
    if header[8:16] != stamp:
        print(source)
"""


def test_this_environment_is_the_dev_lock_when_make_made_it() -> None:
    """`make test` runs with exactly the versions in requirements/dev.txt (other runners, such as tox, pick their own)."""
    if Path(sys.prefix).resolve() != (PROJECT / ".venv").resolve():
        pytest.skip("not the project's .venv: tox picks versions of its own")
    from importlib.metadata import distributions

    installed = {canonicalize_name(dist.metadata["Name"]): Version(dist.version) for dist in distributions()}
    for own in ("pip", "setuptools", "wheel", "sphinx-policy-ext"):
        installed.pop(own, None)
    dev = pins(LOCKS / "dev.txt")
    # `make bench` adds the bench lock's packages on top.
    locked = dev | (pins(LOCKS / "bench.txt") if (PROJECT / ".venv" / ".installed-bench").exists() else {})
    assert {name: installed.get(name) for name in dev} == dev
    # A package installed by hand, not in the lock, would hide a missing dependency.
    assert {name: version for name, version in installed.items() if locked.get(name) != version} == {}
