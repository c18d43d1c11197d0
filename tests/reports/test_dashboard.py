"""The index page and the coordinators' dashboard, checked as HTML (no browser)."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.dates import format_date
from click.testing import CliRunner
from support.dashboard import (
    COUNTED,
    DOC,
    FIXTURE_FUZZY,
    FIXTURE_UNTRANSLATED,
    MIXED,
    OTHER,
    TITLES,
    mixed_catalog,
)
from support.projects import cli

from alerti18n.checks import CHECKS, Unit
from alerti18n.cli.main import main
from alerti18n.core.config import load_project
from alerti18n.po.pofile import read_po, write_po
from alerti18n.reports.dashboard import dashboard_rows


class Links(HTMLParser):
    """Collects the attributes of every <a> and the <html> element."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict] = []
        self.html: dict = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "a":
            self.links.append(dict(attrs))
        elif tag == "html":
            self.html = dict(attrs)


def parse(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def test_index_lists_every_language_with_autonym_and_title(basic_project: Path) -> None:
    project = basic_project
    cli(project, "build", "--format", "html")
    html = (project / "build" / "index.html").read_text(encoding="utf-8")
    page = parse(html)
    assert page.html == {"lang": "en", "dir": "ltr"}
    hrefs = [(a["hreflang"], a["href"]) for a in page.links]
    assert hrefs == [
        (lang, f"{lang}/{doc}.html") for doc in (DOC, OTHER) for lang in ("en", "hy", "fr")
    ]
    for lang, href in hrefs:
        assert (project / "build" / href).is_file(), lang
    assert html.index(">English<") < html.index(">Հայերեն<") < html.index(">Français<")
    for hy, fr in TITLES.values():
        assert f">{hy}</a>" in html and fr in html
    for day in (dt.date(2024, 3, 14), dt.date(2024, 3, 20)):
        long = format_date(day, "long", locale="en")
        assert f'<time datetime="{day.isoformat()}">{long}</time>' in html
    assert "default-src 'none'" in html


def test_index_rewritten_only_when_needed(basic_project: Path) -> None:
    project = basic_project
    cli(project, "build", "--format", "html")
    index = project / "build" / "index.html"
    before = index.stat().st_mtime_ns
    cli(project, "build", "--format", "html")
    assert index.stat().st_mtime_ns == before
    index.unlink()
    cli(project, "build", "--format", "html")
    assert index.is_file()


def test_pages_link_back_to_the_index(basic_project: Path) -> None:
    project = basic_project
    cli(project, "build", "--format", "html", "--lang", "hy")
    html = (project / "build" / "hy" / f"{DOC}.html").read_text(encoding="utf-8")
    assert '<a href="../index.html">Բոլոր փաստաթղթերը</a>' in html


def test_dashboard_numbers_match_status_json(basic_project: Path, tmp_path: Path) -> None:
    project = basic_project
    mixed_catalog(project)
    out = tmp_path / "dash.html"
    cli(project, "status", "--html", str(out))
    html = out.read_text(encoding="utf-8")
    stats = json.loads(cli(project, "status", "--format", "json"))
    assert len(stats) == 4
    for s in stats:
        section = re.search(
            rf'<section class="row" data-doc="{s["doc"]}" data-lang="{s["lang"]}">(.*?)</section>',
            html,
            re.S,
        )
        assert section, (s["doc"], s["lang"])
        body = section.group(1)
        for key in COUNTED:
            assert f'<td data-key="{key}">{s[key]}</td>' in body, (s["doc"], s["lang"], key)
    fr = dashboard_rows(load_project(project), ["fr"])[0]
    assert fr.doc == DOC
    total = sum(1 for e in read_po(project / "locales" / f"{DOC}.pot") if e.msgid)
    fuzzy = FIXTURE_FUZZY + MIXED["fuzzy"]
    untranslated = FIXTURE_UNTRANSLATED + MIXED["emptied"]
    assert [(seg["label"], seg["count"]) for seg in fr.bar] == [
        ("reviewed", MIXED["reviewed"]),
        ("human-translated", total - MIXED["reviewed"] - MIXED["machine"] - fuzzy - untranslated),
        ("machine draft, high confidence", 1),  # support.dashboard.CONFIDENCES
        ("machine draft, low confidence", 1),
        ("machine draft, no score", 1),
        ("fuzzy (outdated)", fuzzy),
        ("untranslated", untranslated),
    ]
    # every bar segment carries its name and number as text, not only a colour
    for seg in fr.bar:
        assert f'title="{seg["label"]}: {seg["count"]}">' in html
        assert f'{seg["label"]}: <span data-bar="{seg["key"]}">{seg["count"]}</span>' in html
    assert fr.errors >= 1 and not fr.passed
    assert fr.revised == "2026-01-03 10:00+0100"
    assert 'last changed <span data-key="revised">2026-01-03 10:00+0100</span>' in html


def test_dashboard_errors_match_check(basic_project: Path, tmp_path: Path) -> None:
    project = basic_project
    mixed_catalog(project)
    result = CliRunner().invoke(main, ["check", "--format", "json", "--project", str(project)])
    findings = json.loads(result.stdout)
    rows = {(r.doc, r.lang): r for r in dashboard_rows(load_project(project))}
    assert len(rows) == 4
    for (doc, lang), row in rows.items():
        mine = [f for f in findings if f["path"].endswith(f"/{lang}/{doc}.po")]
        assert row.errors == sum(f["severity"] == "error" and not f["waived"] for f in mine)
        assert row.warnings == sum(f["severity"] == "warning" and not f["waived"] for f in mine)
        assert row.waived == sum(f["waived"] for f in mine), (doc, lang)
    assert rows[DOC, "fr"].errors >= 1 and rows[DOC, "fr"].waived == 1


def test_dashboard_runs_each_check_once(
    basic_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page shows the findings and the release verdicts, which count the same findings:
    one run of the checks serves both (it ran them twice before)."""
    calls: collections.Counter[tuple[str, str]] = collections.Counter()
    real = CHECKS["whitespace"]  # a registered check that looks at every translated entry

    def counted(unit: Unit):
        calls[unit.lang, unit.source] += 1
        return real.func(unit)

    counted.__doc__ = real.func.__doc__
    monkeypatch.setitem(CHECKS, "whitespace", dataclasses.replace(real, func=counted))
    cli(basic_project, "status", "--html", str(tmp_path / "dash.html"))
    stats = json.loads(cli(basic_project, "status", "--format", "json"))
    translated = sum(s["translated"] for s in stats)
    assert translated > 0 and sum(calls.values()) == translated
    assert set(calls.values()) == {1}
    calls.clear()
    cli(basic_project, "status", "--html", str(tmp_path / "fr.html"), "--lang", "fr")
    assert sum(calls.values()) == sum(s["translated"] for s in stats if s["lang"] == "fr")


def test_dashboard_refuses_a_folder(basic_project: Path, tmp_path: Path) -> None:
    project = basic_project
    result = CliRunner().invoke(
        main, ["status", "--html", str(tmp_path), "--project", str(project)]
    )
    assert result.exit_code == 2


@pytest.mark.parametrize("lang", ["fr", "hy"])
def test_dashboard_without_catalog(basic_project: Path, tmp_path: Path, lang: str) -> None:
    project = basic_project
    (project / "locales" / lang / f"{DOC}.po").unlink()
    out = tmp_path / "dash.html"
    cli(project, "status", "--html", str(out))
    assert "No catalog yet." in out.read_text(encoding="utf-8")


def dashboard_date(project: Path, tmp_path: Path, epoch: int) -> str:
    """The French catalog's "last changed" on a dashboard made at ``epoch``."""
    out = tmp_path / "dash.html"
    result = CliRunner().invoke(
        main,
        ["status", "--html", str(out), "--project", str(project)],
        env={"SOURCE_DATE_EPOCH": str(epoch)},
    )
    assert result.exit_code == 0, result.output
    section = re.search(
        r'data-lang="fr">.*?<span data-key="revised">([^<]*)</span>',
        out.read_text(encoding="utf-8"),
        re.S,
    )
    assert section
    return section.group(1)


def po_stamp(epoch: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(epoch))


def test_dashboard_last_change_follows_the_content(basic_project: Path, tmp_path: Path) -> None:
    """PO-Revision-Date when a tool set it; else when an edit that left it alone was first seen."""
    project = basic_project
    path = project / "locales" / "fr" / f"{DOC}.po"
    header = read_po(path).metadata["PO-Revision-Date"]
    day = 86400
    assert dashboard_date(project, tmp_path, 1_900_000_000) == header
    cli(project, "extract")
    cli(project, "update")  # nothing to change: a no-op keeps the date
    assert dashboard_date(project, tmp_path, 1_900_000_000 + day) == header
    # a translator fixes a msgstr in a plain text editor: PO-Revision-Date is untouched
    entry = next(e for e in read_po(path) if e.msgstr.startswith("Un hôpital"))
    data = path.read_bytes()
    edited = data.replace('msgstr "Un hôpital'.encode(), 'msgstr "UN HÔPITAL'.encode(), 1)
    assert edited != data
    path.write_bytes(edited)
    assert read_po(path).metadata["PO-Revision-Date"] == header
    seen = 1_900_000_000 + 2 * day
    assert dashboard_date(project, tmp_path, seen) == po_stamp(seen)
    # later dashboards and no-op runs keep that time
    cli(project, "update")
    assert read_po(path).metadata["PO-Revision-Date"] == header
    assert dashboard_date(project, tmp_path, seen + day) == po_stamp(seen)
    # a save from Poedit or Weblate sets PO-Revision-Date: it is shown as it is
    po = read_po(path)
    po.find(entry.msgid).msgstr = "Un hôpital de campagne ouvre ses portes dans le district nord"
    po.metadata["PO-Revision-Date"] = "2031-01-02 09:30+0100"
    write_po(po, path)
    assert dashboard_date(project, tmp_path, seen + 2 * day) == "2031-01-02 09:30+0100"
    # a changed reference (as after a source edit elsewhere) is no edit of the content
    path.write_bytes(path.read_bytes().replace(b"#: source/", b"#: source/./", 1))
    assert dashboard_date(project, tmp_path, seen + 3 * day) == "2031-01-02 09:30+0100"
