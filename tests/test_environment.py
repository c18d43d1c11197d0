"""The lock file: it covers pyproject.toml, and the project's .venv holds exactly what it names.

Also the package root, ``alerti18n``: its ``__version__`` is the installed distribution's.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from support.tools import IN_CI, REPO

from alerti18n.core.config import tomllib

LOCK = REPO / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked() -> dict[str, str]:
    """Package -> version the lock names for this interpreter and platform (markers applied)."""
    pins: dict[str, str] = {}
    for number, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), start=1):
        if not line or line[0] in " #":
            continue
        match = _PIN.match(line)
        assert match, f"{LOCK.name}:{number}: not a pinned requirement: {line!r}"
        name, version, marker = match.groups()
        if marker is None or Requirement(f"x; {marker}").marker.evaluate():  # type: ignore[union-attr]
            pins[canonicalize_name(name)] = version
    return pins


def test_every_locked_line_has_hashes() -> None:
    text = LOCK.read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z])", text.split("\n", 2)[2])
    assert blocks and all("--hash=sha256:" in block for block in blocks if "==" in block)


def test_lock_satisfies_pyproject() -> None:
    """Editing a range in pyproject.toml without `make lock` fails here."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pins = locked()
    for spec in wanted:
        requirement = Requirement(spec)
        if requirement.marker and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in {LOCK.name}: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{LOCK.name} pins {name}=={pins[name]}, outside {spec!r}: run `make lock`"
        )


def test_venv_holds_exactly_the_locked_versions() -> None:
    if Path(sys.prefix).resolve() != (REPO / ".venv").resolve():
        if IN_CI:
            pytest.fail("under CI=true the tests run in the project's .venv (make test)")
        pytest.skip("not running in the project's .venv (make test makes it from the lock)")
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()
    }
    installed.pop("alerti18n")
    assert installed == locked()


def test_the_package_version_is_the_distributions() -> None:
    import alerti18n

    assert alerti18n.__version__ == metadata.version("alerti18n")
