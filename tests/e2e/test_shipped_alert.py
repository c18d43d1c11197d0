"""End to end on the shipped alert itself (``source/``, ``locales/``): its own content.

Every other test runs on a fixture project (``tests/roots/``) or on text of its
own, so it does not change when the alert does. The tests here are about the
alert the repository publishes: its catalogs are canonical, complete and pass
the checks, its pages build in every language, and its glossary has every
form. Expect to update them when the alert's text or translations change.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from babel.dates import format_date
from support.projects import cli
from support.tools import REPO, msgfmt_check, require_tool

from alerti18n.checks import check_project
from alerti18n.core.config import load_project
from alerti18n.language.glossary import load_glossary
from alerti18n.output.render import rebuild_document
from alerti18n.po.pofile import read_po
from alerti18n.text.segment import parse_document

pytestmark = pytest.mark.slow

DOC = "sos-alert-artsakh-2"
#: Sentences of the alert (entries of its template), title included.
SENTENCES = 24


def test_msgcat_accepts_shipped_catalogs() -> None:
    msgcat = require_tool("msgcat")
    for path in sorted((REPO / "locales").rglob("*.po*")):
        msgfmt_check(path)
        result = subprocess.run([msgcat, str(path)], capture_output=True)
        assert result.returncode == 0
        assert result.stdout == path.read_bytes(), f"{path} is not in msgcat's form"


def test_shipped_alert_is_complete_in_every_language(shipped_project: Path) -> None:
    out = cli(shipped_project, "run")
    assert not (shipped_project / "build").exists()  # the repo's project builds into public/
    assert "in source language" not in out  # no fallback: hy and fr are fully translated
    source_html = (shipped_project / "public" / "en" / f"{DOC}.html").read_text()
    for lang in ("hy", "fr"):
        po = read_po(shipped_project / "locales" / lang / f"{DOC}.po")
        active = [e for e in po if not e.obsolete]
        assert active and all(e.translated() for e in active), lang  # no fuzzy, no empty
        html = (shipped_project / "public" / lang / f"{DOC}.html").read_text()
        assert html.count("<p>") == source_html.count("<p>")
        assert f'<html lang="{lang}"' in html
    stats = json.loads(cli(shipped_project, "status", "--format", "json"))
    assert [(s["lang"], s["segments"], s["percent"]) for s in stats] == [
        ("hy", SENTENCES, 100.0),
        ("fr", SENTENCES, 100.0),
    ]
    # the date as CLDR writes it (through the locked Babel), not as this test would guess
    long_date = format_date(dt.date(2023, 9, 22), "long", locale="hy")
    hy_page = (shipped_project / "public" / "hy" / f"{DOC}.html").read_text()
    assert long_date in hy_page
    # the publisher's Armenian name as the glossary has it, with no hyphenated article
    assert "<bdi>Ցեղասպանության կանխարգելման Լեմկինի ինստիտուտ</bdi>, " in hy_page
    assert "ինստիտուտ-ը" not in hy_page
    # English is the source, byte for byte
    assert (shipped_project / "public" / "en" / f"{DOC}.md").read_bytes() == (
        shipped_project / "source" / f"{DOC}.md"
    ).read_bytes()


def test_shipped_catalogs_pass_the_checks(shipped_project: Path) -> None:
    out = cli(shipped_project, "check", "--format", "json")
    findings = json.loads(out)
    assert [f for f in findings if f["severity"] == "error"] == []
    assert check_project(load_project(shipped_project)) == []  # not even a warning


def test_shipped_alert_rebuilds_byte_for_byte_without_translations() -> None:
    path = REPO / "source" / f"{DOC}.md"
    doc = parse_document(path)
    rendered = rebuild_document(doc, {}, "fr")
    assert rendered.markdown.encode("utf-8") == path.read_bytes()
    assert rendered.fallbacks == rendered.total == len({s.text for s in doc.segments}) == SENTENCES


def test_shipped_glossary_has_every_target_form() -> None:
    glossary = load_glossary(REPO / "locales" / "glossary.csv")
    assert glossary.terms, "the shipped glossary is empty"
    for term in glossary.terms:
        assert set(term.forms) == {"hy", "fr"}, term.source
    lengths = [len(term.source) for term in glossary.terms]
    assert lengths == sorted(lengths, reverse=True)


def test_the_alerts_segments_and_their_lines() -> None:
    doc = parse_document(REPO / "source" / f"{DOC}.md")
    first = doc.segments[0]
    assert (first.block, first.line) == ("title", 2)
    heading = doc.segments[1]
    assert (heading.block, heading.line, heading.text) == ("heading", 8, "SOS Alert - Artsakh #2")
    stray = [s for s in doc.segments if s.text.endswith(". .")]
    assert len(stray) == 1 and stray[0].where == "paragraph 5, sentence 2"
    assert doc.front_matter["publisher"] == "Lemkin Institute for Genocide Prevention"
    assert all(any(c.isalpha() for c in s.text) for s in doc.segments)
