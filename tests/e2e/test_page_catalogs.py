"""A project's page catalogs (locales/pages/<lang>.po) go through update, check and status."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
from support.projects import BASIC, cli, copy_root, invoke
from support.tools import msgfmt_check

from alerti18n.language.pagestrings import SHIPPED, template


def _project(tmp_path: Path) -> tuple[Path, Path]:
    root = copy_root(BASIC, tmp_path)
    pages = root / "locales" / "pages" / "fr.po"
    pages.parent.mkdir()
    shutil.copy(SHIPPED / "fr.po", pages)
    return root, pages


def test_update_merges_page_catalogs_with_the_template(tmp_path: Path) -> None:
    root, pages = _project(tmp_path)
    po = polib.pofile(str(pages))
    po.find("All documents", msgctxt="index").msgid = "All the documents"  # an older English text
    po.save()
    output = cli(root, "update")
    assert "locales/pages/fr.po" in output, output
    merged = polib.pofile(str(pages))
    entry = merged.find("All documents", msgctxt="index")
    assert entry is not None and entry.fuzzy and entry.previous_msgid == "All the documents"
    msgfmt_check(pages)
    assert "locales/pages" not in cli(root, "update")  # nothing changes the second time


def test_check_and_status_see_page_catalogs(tmp_path: Path) -> None:
    root, pages = _project(tmp_path)
    po = polib.pofile(str(pages))
    entry = po.find("Published by {publisher} on {date}", msgctxt="published")
    entry.msgstr = entry.msgstr.replace("{date}", "{jour}")
    po.save()
    result = invoke(root, "check", "--format", "json")
    findings = [f for f in json.loads(result.output) if f["path"] == "locales/pages/fr.po"]
    assert [f["check"] for f in findings if f["severity"] == "error"] == ["placeholders"]
    assert "{date} missing, {jour} not in the English text" in findings[0]["message"]
    rows = json.loads(cli(root, "status", "--format", "json"))
    pages_rows = [row for row in rows if row["doc"] == "pages"]
    strings = len(template())  # every page string, each translated in the shipped fr.po
    assert [(row["lang"], row["segments"], row["translated"]) for row in pages_rows] == [
        ("fr", strings, strings)
    ], rows
