"""Fixture projects (``tests/roots/``) copied to temporary folders, and the one CLI helper."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import Result

from support.tools import REPO

TESTS = REPO / "tests"
ROOTS = TESTS / "roots"
#: Golden files and small test documents.
DATA = TESTS / "data"
#: The basic fixture project (see its README): two documents, hy and fr catalogs in every state.
BASIC = ROOTS / "basic"


def copy_root(root: Path, where: Path) -> Path:
    """A copy of the fixture project ``root`` as ``where/project``: its config, sources and
    catalogs (never a ``.alerti18n`` or ``build`` folder left by running it in place)."""
    target = where / "project"
    ignore = shutil.ignore_patterns(".alerti18n", "build", "dist", "README.md")
    shutil.copytree(root, target, ignore=ignore)
    return target


#: What the basic fixture's French still lacks: its fuzzy entry (source changed), corrected,
#: and its untranslated entry.
BASIC_FRENCH_TODO = {
    "It treats injured and sick civilians free of charge, day and night.": (
        "Il soigne gratuitement les civils blessés ou malades, de jour comme de nuit."
    ),
    "Patients who cannot walk will be collected at home.": (
        "On viendra chercher à domicile les patients qui ne peuvent pas marcher."
    ),
}


def finish_french(root: Path) -> None:
    """Translate what the basic fixture's French catalogs lack and clear their fuzzy flags, as
    a translator would; afterwards every French entry is translated."""
    from alerti18n.po.pofile import read_po, write_po

    done = set()
    for path in sorted((root / "locales" / "fr").glob("*.po")):
        po = read_po(path)
        for entry in po:
            if entry.obsolete or entry.msgid not in BASIC_FRENCH_TODO:
                continue
            entry.msgstr = BASIC_FRENCH_TODO[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            done.add(entry.msgid)
        write_po(po, path)
    assert done == set(BASIC_FRENCH_TODO), "the basic fixture changed: update BASIC_FRENCH_TODO"


def invoke(project: Path | None, *args: str) -> Result:
    """Run the CLI in-process (``--project PROJECT`` added when given); its result."""
    from click.testing import CliRunner

    from alerti18n.cli.main import main

    extra = ["--project", str(project)] if project is not None else []
    return CliRunner().invoke(main, [*args, *extra])


def cli(project: Path | None, *args: str, code: int = 0) -> str:
    """Run the CLI as :func:`invoke` does; assert its exit code.

    Returns standard output and standard error together, as a user sees them.
    """
    result = invoke(project, *args)
    assert result.exit_code == code, result.output
    return result.output


def small_project(tmp_path: Path, text: str, langs: str = "fr") -> Path:
    """A new project (``alerti18n init``) whose one source document is ``text``, extracted
    and merged into each target language's catalog."""
    root = tmp_path / "small"
    cli(None, "init", str(root), "--target", langs, "--name", "small")
    for path in (root / "source").glob("*.md"):
        path.unlink()
    (root / "source" / "alert.md").write_text(text, encoding="utf-8")
    cli(root, "extract")
    cli(root, "update")
    return root
