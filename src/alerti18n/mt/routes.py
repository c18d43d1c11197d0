"""Which installed package serves a language pair: directly, as one of a multilingual
package's pairs, or through a third language (a pivot).

In that order: a single-pair package for exactly the pair (the newest version)
wins, since a model trained for one pair is usually the better one; then a
multilingual package whose languages include both (the first by folder name);
then two legs through a middle language, each leg found the same way, English
first (it is the language most packages translate from and into). The Argos
engine (:mod:`alerti18n.mt.argos`) opens what :func:`find_route` finds, and
``models list`` shows it for each pair of the project, so both always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from alerti18n.core.config import Project
from alerti18n.mt.multilingual import Affixes
from alerti18n.mt.packages import InstalledPackage, list_packages

DIRECT = "direct"
MULTILINGUAL = "multilingual"
PIVOT = "pivot"
NONE = "none"


@dataclass(frozen=True)
class Leg:
    """One package translating ``from_code`` -> ``to_code``, and the affixes that pair needs."""

    package: InstalledPackage
    from_code: str
    to_code: str
    affixes: Affixes

    @property
    def pair(self) -> str:
        return f"{self.from_code}->{self.to_code}"


@dataclass(frozen=True)
class Route:
    """How a pair is served: ``kind`` (direct, multilingual, pivot or none) and its legs."""

    from_code: str
    to_code: str
    kind: str
    legs: tuple[Leg, ...] = ()

    @property
    def pair(self) -> str:
        return f"{self.from_code}->{self.to_code}"


def find_leg(from_code: str, to_code: str, installed: Sequence[InstalledPackage]) -> Leg | None:
    """One package for the pair: the newest single-pair one, else a multilingual one."""
    direct = [
        p
        for p in installed
        if not p.info.multilingual and (p.from_code, p.to_code) == (from_code, to_code)
    ]
    if direct:  # installed packages come sorted by version
        package = direct[-1]
        prefix = (package.target_prefix,) if package.target_prefix else ()
        return Leg(package, from_code, to_code, Affixes(target_tokens=prefix))
    for package in sorted(installed, key=lambda p: p.name):
        affixes = package.info.affixes(from_code, to_code)
        if affixes is not None:
            return Leg(package, from_code, to_code, affixes)
    return None


def find_route(from_code: str, to_code: str, installed: Sequence[InstalledPackage]) -> Route:
    """How ``installed`` serves the pair (see the module docstring); kind ``none`` if not."""
    leg = find_leg(from_code, to_code, installed)
    if leg is not None:
        kind = MULTILINGUAL if leg.package.info.multilingual else DIRECT
        return Route(from_code, to_code, kind, (leg,))
    pair_codes = {p.from_code for p in installed} | {p.to_code for p in installed}
    for middle in ["en", *sorted(pair_codes - {"en"})]:
        if middle in (from_code, to_code):
            continue
        first = find_leg(from_code, middle, installed)
        second = find_leg(middle, to_code, installed) if first else None
        if first and second:
            return Route(from_code, to_code, PIVOT, (first, second))
    return Route(from_code, to_code, NONE)


def route(from_code: str, to_code: str, models_dir: str | Path | None = None) -> Route:
    """:func:`find_route` among the packages installed in ``models_dir``."""
    return find_route(from_code, to_code, list_packages(models_dir))


def routes(
    from_code: str, targets: Sequence[str], models_dir: str | Path | None = None
) -> list[Route]:
    """The route of each pair ``from_code`` -> target, the packages listed once."""
    installed = list_packages(models_dir)
    return [find_route(from_code, target, installed) for target in targets]


def project_routes(
    project: Project, models_dir: Path | None = None
) -> tuple[Path | None, list[Route]]:
    """The project's packages folder (``models_dir``, else ``mt.models-dir``, else None: the
    default place) and the route of each of its pairs."""
    from alerti18n.mt import engine_options

    if models_dir is None:
        models_dir = getattr(engine_options(project), "models_dir", None)
    return models_dir, routes(project.source_language, project.target_languages, models_dir)


__all__ = [
    "DIRECT",
    "MULTILINGUAL",
    "NONE",
    "PIVOT",
    "Leg",
    "Route",
    "find_leg",
    "find_route",
    "project_routes",
    "route",
    "routes",
]
