"""Progress counts (status), and ``status --html`` reading each catalog once."""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

from support.projects import cli, small_project

from alerti18n.core.config import load_project
from alerti18n.po import marks
from alerti18n.po.pofile import read_po, reading_once, write_po
from alerti18n.reports.stats import catalog_stats, status

TEXT = "# Alert\n\nStay inside. Close the windows.\n\nListen to the radio.\n"

_OPENS: collections.Counter[str] = collections.Counter()
_WATCHING: list[bool] = []
_HOOKED: list[bool] = []


def _count_opens(event: str, args: tuple) -> None:
    watched = _WATCHING and event == "open" and isinstance(args[0], (str, Path))
    if watched and str(args[0]).endswith(".po"):
        _OPENS[str(Path(args[0]).resolve())] += 1


def test_status_html_opens_each_catalog_once(tmp_path: Path) -> None:
    root = small_project(tmp_path, TEXT, langs="fr,hy")
    cli(root, "build", "--format", "html")
    if not _HOOKED:  # an audit hook cannot be removed: it counts only while watching
        sys.addaudithook(_count_opens)
        _HOOKED.append(True)
    _OPENS.clear()
    _WATCHING.append(True)
    try:
        cli(root, "status", "--html", str(tmp_path / "dashboard.html"))
    finally:
        _WATCHING.clear()
    catalogs = {str(p.resolve()) for p in (root / "locales").rglob("*.po")}
    assert len(catalogs) == 2
    assert dict(_OPENS) == dict.fromkeys(catalogs, 1)  # it was 7 each before


def test_reading_once_sees_a_changed_file(tmp_path: Path) -> None:
    root = small_project(tmp_path, TEXT)
    path = root / "locales" / "fr" / "alert.po"
    with reading_once():
        first = read_po(path, "fr")
        assert read_po(path, "fr") is first
        po = read_po(path)
        po[1].msgstr = "Restez à l'intérieur."
        write_po(po, path)
        assert read_po(path, "fr") is not first
    assert read_po(path, "fr") is not read_po(path, "fr")


def test_status_counts_what_the_catalog_holds(tmp_path: Path) -> None:
    root = small_project(tmp_path, TEXT)
    path = root / "locales" / "fr" / "alert.po"
    po = read_po(path)
    po[0].msgstr = "Alerte"
    write_po(po, path)
    [stats] = status(load_project(root))
    assert stats == catalog_stats(read_po(path), "alert", "fr")
    assert (stats.segments, stats.translated, stats.untranslated) == (4, 1, 3)
    assert stats.percent == 25.0
    [shown] = json.loads(cli(root, "status", "--format", "json"))
    # the counts, then whether the language is behind an amendment and its time to publish
    assert list(shown) == [*stats.to_dict(), "outdated", "time_to_publish"]
    assert {key: shown[key] for key in stats.to_dict()} == stats.to_dict()


def test_machine_drafts_are_counted_by_confidence_band(tmp_path: Path) -> None:
    """``mt.high-confidence`` draws the line; a mark without a score is "no score"."""
    root = small_project(tmp_path, TEXT)
    path = root / "locales" / "fr" / "alert.po"
    po = read_po(path)
    live = [e for e in po if e.msgid and not e.obsolete]
    for entry, score in zip(live, (0.93, 0.61, 0.2, None), strict=True):
        entry.msgstr = f"brouillon {entry.msgid}"
        entry.flags.append("fuzzy")
        value = marks.mt_mark("argos", "test-nllb-1_0", "1.0", score, marks.fingerprint(entry))
        marks.set_mark(entry, marks.MT, value)
    write_po(po, path)
    [stats] = status(load_project(root))
    assert (stats.machine, stats.machine_high, stats.machine_low, stats.machine_unscored) == (
        4,
        2,
        1,
        1,
    )
    config = root / "alerti18n.toml"
    if not config.exists():
        config = root / "pyproject.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\n[tool.alerti18n.mt]\nhigh-confidence = 0.9\n",
        encoding="utf-8",
    )
    [shown] = json.loads(cli(root, "status", "--format", "json"))
    assert [shown[k] for k in ("machine_high", "machine_low", "machine_unscored")] == [1, 2, 1]
    table = cli(root, "status")
    assert "hi/lo" in table.splitlines()[0] and " 1/2 " in table.splitlines()[1]


def test_origins_count_each_live_entry_once_and_what_a_page_shows() -> None:
    import polib

    from alerti18n.po import marks
    from alerti18n.reports.stats import origins

    po = polib.POFile()
    po.append(polib.POEntry(msgid="a", msgstr="A"))
    reviewed = polib.POEntry(msgid="b", msgstr="B")
    marks.set_mark(reviewed, marks.REVIEWED, f"Ana 2026-01-01 sha={marks.fingerprint(reviewed)}")
    po.append(reviewed)
    draft = polib.POEntry(msgid="c", msgstr="C", flags=["fuzzy"])
    marks.set_mark(draft, marks.MT, f"argos en_fr 1.0 sha={marks.fingerprint(draft)}")
    po.append(draft)
    po.append(polib.POEntry(msgid="d", msgstr=""))
    po.append(polib.POEntry(msgid="e", msgstr="E", obsolete=True))
    counts = origins(po)
    assert counts == {
        "reviewed": 1,
        "human": 1,
        "memory": 0,
        "machine": 1,
        "fuzzy": 0,
        "untranslated": 1,
        "published": 2,
    }
    # no catalog yet: every sentence of the template is untranslated
    template = polib.POFile()
    template.append(polib.POEntry(msgid="a"))
    assert origins(None, template)["untranslated"] == 1
