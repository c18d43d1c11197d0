"""An obsolete entry that repeats an active msgid (or another obsolete one).

GNU gettext refuses such a catalog, naming both lines ("duplicate message definition");
alerti18n reads it (Weblate writes such files, see ``READ_ANYWAY`` in
tests/po/test_pofile_conformance.py) and so must keep every copy: ``fmt`` and ``update``
(:mod:`alerti18n.catalog.merge`) never drop one silently, whether the msgid stays, goes
and comes back.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from support.projects import cli, small_project
from support.tools import require_tool

from alerti18n.po.pofile import read_po

COPIES = '\n#~ msgid "Hello"\n#~ msgstr "Salut"\n\n#, fuzzy\n#~ msgid "Hello"\n#~ msgstr "Coucou"\n'


def msgstrs(path: Path) -> list[str]:
    return sorted(e.msgstr for e in read_po(path) if e.msgid == "Hello")


def gettext_refuses(path: Path) -> list[str]:
    """What GNU msgcat says about ``path`` (it refuses it: exit 1)."""
    done = subprocess.run(
        [require_tool("msgcat"), str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
        check=False,
    )
    assert done.returncode == 1
    return [line for line in done.stderr.splitlines() if "definition" in line]


def test_update_and_fmt_keep_every_copy(tmp_path: Path) -> None:
    root = small_project(tmp_path, "# Hello\n\nThe road is open.\n")
    po = root / "locales" / "fr" / "alert.po"
    text = po.read_text(encoding="utf-8").replace(
        'msgid "Hello"\nmsgstr ""', 'msgid "Hello"\nmsgstr "Bonjour"'
    )
    po.write_text(text + COPIES, encoding="utf-8")
    active = text.splitlines().index('msgid "Hello"') + 1
    first_copy = len(text.splitlines()) + 2
    duplicate, first = gettext_refuses(po)[:2]  # it names the copy, then the active entry
    assert duplicate.startswith(f"{po}:") and "duplicate message definition" in duplicate
    assert int(duplicate.split(":")[1]) in (first_copy, first_copy + 1)
    assert int(first.split(":")[1]) in (active, active + 1) and "first definition" in first
    everything = ["Bonjour", "Coucou", "Salut"]
    assert msgstrs(po) == everything
    cli(root, "fmt", str(po))
    assert msgstrs(po) == everything
    source = root / "source" / "alert.md"
    source.write_text("The road is open.\n", encoding="utf-8")  # "Hello" goes ...
    cli(root, "extract")
    cli(root, "update")
    assert msgstrs(po) == everything
    source.write_text("# Hello\n\nThe road is open.\n", encoding="utf-8")  # ... and comes back
    cli(root, "extract")
    cli(root, "update")
    assert msgstrs(po) == everything
    assert [e.msgstr for e in read_po(po) if e.msgid == "Hello" and not e.obsolete] == ["Bonjour"]
