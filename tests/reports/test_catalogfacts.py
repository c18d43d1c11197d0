"""What the analysis report keeps of each catalog: the facts of its entries, and their cache.

The cache is never a source of truth: a damaged record is read again from the catalog.
"""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from support.projects import cli, small_project

from alerti18n.po import marks
from alerti18n.reports.catalogfacts import catalog_facts, entry_facts, whole
from alerti18n.text.matcher import score

OLD, NEW = "The blockade has lasted 9 months.", "The blockade has not lasted 9 months."


def _entry(msgstr: str = "", fuzzy: bool = False, previous: str | None = None) -> polib.POEntry:
    entry = polib.POEntry(msgid=NEW, msgstr=msgstr, previous_msgid=previous)
    if fuzzy:
        entry.flags.append("fuzzy")
    return entry


def test_a_fuzzy_entrys_own_start() -> None:
    assert entry_facts(_entry(), "en").own is None  # untranslated: the memory decides
    outdated = entry_facts(_entry("[hy] old", True, OLD), "en")
    assert outdated.kind == "fuzzy" and outdated.own == round(score(OLD, NEW))
    assert entry_facts(_entry("[hy] flagged", True), "en").own == 100.0  # this very sentence
    drafted = _entry("[hy] old", True, OLD)
    marks.set_mark(
        drafted, marks.TM, f"fuzzy 94 unreviewed from=x sha={marks.fingerprint(drafted)}"
    )
    assert entry_facts(drafted, "en").own == 94.0
    assert entry_facts(_entry("[hy] done"), "en").own is None  # translated: not waiting
    gone = _entry("[hy] old")
    gone.obsolete = True
    assert entry_facts(gone, "en") is None


def test_whole_scores() -> None:
    assert [whole(v) for v in (74.5, 74.6, 94.4, 99.6, 100.0)] == [74.0, 75.0, 94.0, 99.0, 99.0]


def test_a_catalogs_facts_and_plural_rule() -> None:
    po = polib.POFile()
    po.metadata = {"Language": "uk", "Plural-Forms": "nplurals=3; plural=(n==1 ? 0 : n<5 ? 1 : 2);"}
    po.append(_entry())
    plural = polib.POEntry(msgid="One day.", msgid_plural="Two days.")
    plural.msgstr_plural = {0: "", 1: "", 2: ""}
    po.append(plural)
    found = catalog_facts(po, "uk", "en")
    assert found.rule == "nplurals=3;plural=(n==1?0:n<5?1:2);"
    assert [(f.kind, f.words) for f in found.entries] == [("untranslated", 7), ("untranslated", 4)]


@pytest.mark.parametrize("damage", ["garbage", "wrong types", "unknown kind", "removed"])
def test_a_damaged_cache_only_means_reading_again(tmp_path: Path, damage: str) -> None:
    root = small_project(tmp_path, f"# Alert\n\n{OLD}\n\n{NEW}\n", langs="fr,hy")
    path = root / "locales" / "fr" / "alert.po"
    path.write_bytes(path.read_bytes().replace(b'msgstr ""\n\n', b'msgstr "Alerte"\n\n', 2))
    first = cli(root, "status", "--analysis", "--format", "json")
    french = json.loads(first)["languages"][0]["total"]["bands"]
    assert french["translated"]["segments"] == 2 and french["memory-85"]["segments"] == 1
    records = sorted((root / ".alerti18n" / "analysis-cache").rglob("*.json"))
    assert len(records) == 2  # one catalog in two languages
    for path in records:
        data = json.loads(path.read_bytes())
        if damage == "garbage":
            path.write_bytes(b"\x00{not json")
        elif damage == "wrong types":
            data["words"] = ["many"] * len(data["words"])
            path.write_text(json.dumps(data), encoding="utf-8")
        elif damage == "unknown kind":
            data["kind"][0] = "done"
            path.write_text(json.dumps(data), encoding="utf-8")
        else:
            path.unlink()
    assert cli(root, "status", "--analysis", "--format", "json") == first
