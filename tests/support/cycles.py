"""A project's name as its catalogs carry it, and one full cycle's outputs."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from alerti18n.cli.main import main


def project_id(catalog: Path) -> str:
    match = re.search(r'^"Project-Id-Version: (.*)\\n"$', catalog.read_text("utf-8"), re.M)
    assert match, catalog
    return match.group(1)


def cycle(root: Path) -> dict[str, bytes]:
    """extract, update, build (md, html, txt): the catalogs and pages it leaves."""
    for args in (["extract"], ["update"], ["build", "--format", "md,html,txt"]):
        result = CliRunner().invoke(
            main, [*args, "--project", str(root)], env={"SOURCE_DATE_EPOCH": "1695340800"}
        )
        assert result.exit_code == 0, result.output
    return {**tree(root / "locales"), **tree(root / "build")}


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
