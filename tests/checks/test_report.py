"""run_checks on written catalogs, waivers, text and JSON reports, check_project.

``run_checks`` and ``check_project`` are the registry's runners, in ``alerti18n.checks``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from alerti18n.checks import (
    CHECKS,
    ORDER,
    check_project,
    format_json,
    format_text,
    has_errors,
    run_checks,
)
from alerti18n.checks.testing import catalog, entry
from alerti18n.core.config import load_project
from alerti18n.core.errors import ConfigError
from alerti18n.po.pofile import read_po, write_po

EN = (
    "A meeting of the United Nations Security Council on September 21st, "
    "2023, reached no consensus."
)
FR = (
    "Une réunion du Conseil de sécurité des Nations unies, le 21 septembre "
    "2022, n’a abouti à aucun consensus."
)
EN2 = "At this moment in time, conditions on the ground are unclear."
FR2 = "À l’heure actuelle, la situation sur le terrain est confuse."


def write(tmp_path: Path, entries, lang: str = "fr") -> Path:
    path = tmp_path / f"{lang}.po"
    write_po(catalog(entries, lang), path)
    return path


def test_registry_has_the_issue_ids_with_titles():
    assert list(CHECKS) == list(ORDER)
    for check in CHECKS.values():
        assert check.severity in ("error", "warning")
        assert check.title and not check.title.startswith(check.id)


def test_findings_point_at_the_entry(tmp_path):
    path = write(tmp_path, [entry(EN2, FR2), entry(EN, FR), entry("Act now.", "")])
    findings = run_checks(read_po(path), path, "fr")
    by_check = {f.check: f for f in findings}
    assert set(by_check) == {"numbers", "untranslated"}
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[by_check["numbers"].line - 1].startswith("msgid")
    assert EN[:20] in "\n".join(lines[by_check["numbers"].line - 1 :][:3])
    assert has_errors(findings)


def test_waived_findings_are_listed_as_waived(tmp_path):
    waiver = "waive: numbers the year is corrected in the printed edition"
    path = write(tmp_path, [entry(EN, FR, comment=waiver)])
    findings = run_checks(read_po(path), path, "fr", only={"numbers"})
    assert {(f.severity, f.waived) for f in findings} == {("error", True), ("warning", True)}
    assert findings[0].reason == "the year is corrected in the printed edition"
    assert not has_errors(findings)
    text = format_text(findings, root=tmp_path)
    assert "fr.po:" in text and "waived error [numbers]" in text
    assert "(waived: the year is corrected in the printed edition)" in text
    assert "0 error(s), 0 warning(s), 2 waived" in text


def test_text_report_groups_per_file(tmp_path):
    fr = write(tmp_path, [entry(EN, FR)], "fr")
    hy = write(tmp_path, [entry(EN2, "")], "hy")
    findings = run_checks(read_po(hy), hy, "hy") + run_checks(read_po(fr), fr, "fr")
    text = format_text(findings, root=tmp_path)
    assert text.index("fr.po\n") < text.index("fr.po:") < text.index("hy.po\n")
    assert "error [numbers] the number 2023 of the source is missing" in text
    assert f"msgid: {EN[:40]}" in text
    assert text.endswith("1 error(s), 2 warning(s), 0 waived\n")


def test_json_report_shape(tmp_path):
    path = write(tmp_path, [entry(EN, FR, comment="waive: numbers reason")])
    items = json.loads(format_json(run_checks(read_po(path), path, "fr"), root=tmp_path))
    assert isinstance(items, list) and len(items) == 2
    assert set(items[0]) == {
        "check",
        "severity",
        "path",
        "line",
        "msgid",
        "message",
        "waived",
        "reason",
    }
    assert items[0]["path"] == "fr.po" and items[0]["msgid"] == EN
    assert items[0]["waived"] is True and items[0]["reason"] == "reason"
    assert json.loads(format_json([])) == []


def test_unknown_check_id(tmp_path):
    path = write(tmp_path, [entry(EN, FR)])
    with pytest.raises(ConfigError, match="unknown check"):
        run_checks(read_po(path), path, "fr", only={"spelling"})


def test_check_project(basic_project: Path) -> None:
    config = load_project(basic_project)
    fr = basic_project / "locales" / "fr"
    # what the basic fixture leaves to do (tests/roots/basic/README.md), in file order
    before = check_project(config)
    assert [(f.check, f.path, f.waived) for f in before] == [
        ("fuzzy", fr / "field-hospital.po", False),
        ("unchanged", fr / "field-hospital.po", True),
        ("untranslated", fr / "field-hospital.po", False),
    ]
    path = fr / "water-points.po"
    po = read_po(path)
    po[3].msgstr = ""
    write_po(po, path)
    findings = check_project(config)
    assert [(f.check, f.path, f.msgid) for f in findings] == [
        *((f.check, f.path, f.msgid) for f in before),
        ("untranslated", path, po[3].msgid),
    ]


#: Translations with something for most checks to report, and clean ones.
_VARIED = [
    (EN, FR, {}),
    (EN2, FR2, {}),
    ("Call 112 now.", "Appelez le 911 maintenant.", {}),
    ("Read the [notice](https://example.org).", "Lisez l’avis.", {}),
    ("Stay inside.", "Restez  à l’intérieur le le soir.", {}),
    ("The bridge is closed.", "The bridge is closed.", {}),
    ("Water at 5 points.", "", {}),
    ("Water in 5 points.", "L’eau à 6 points.", {"fuzzy": True, "previous": "Water in 6 points."}),
    ("Go to Goris.", "Allez à Goris\u202e.", {"comment": "waive: bidi tested"}),
    ('He said "no".', 'Il a dit "non".', {}),
]


def test_a_large_catalog_checked_in_slices_gives_the_same_findings(tmp_path, monkeypatch):
    """A catalog from PARALLEL_ENTRIES entries on is checked in slices, in forked worker
    processes: the findings, their order and the report are those of one pass here."""
    import alerti18n.checks as registry
    from alerti18n.core import workers

    varied = [
        entry(f"{source} ({n})", target and f"{target} ({n})", **options)
        for n in range(7)
        for source, target, options in _VARIED
    ]
    path = write(tmp_path, varied)
    serial = run_checks(read_po(path), path, "fr")
    assert len(serial) > 50 and len({f.check for f in serial}) > 6
    monkeypatch.setattr(registry, "PARALLEL_ENTRIES", 10)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    started = []
    real = workers._in_pool
    monkeypatch.setattr(workers, "_in_pool", lambda *a: started.append(1) or real(*a))
    sliced = run_checks(read_po(path), path, "fr")
    assert started or (os.cpu_count() or 1) < 2  # (the pool ran, where there are cores)
    assert sliced == serial
    assert format_text(sliced, tmp_path) == format_text(serial, tmp_path)
    assert format_json(sliced, tmp_path) == format_json(serial, tmp_path)


def _read_by_workers(path: Path, monkeypatch: pytest.MonkeyPatch):
    """What the workers make of ``path`` read in runs of entries (None: read it here)."""
    import alerti18n.checks as registry
    from alerti18n.core import workers
    from alerti18n.language.glossary import Glossary

    monkeypatch.setattr(registry, "READ_IN_SLICES_FROM", 0)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    return registry._read_and_checked_in_slices(path, "fr", "en", Glossary(), None)


def test_a_large_catalog_read_by_the_workers_gives_the_same_findings(tmp_path, monkeypatch):
    """From READ_IN_SLICES_FROM bytes on, each worker reads a run of the catalog's entries
    and checks them: the findings, their lines, order and report are those of one pass."""
    varied = [
        entry(f"{source} ({n})", target and f"{target} ({n})", **options)
        for n in range(7)
        for source, target, options in _VARIED
    ]
    path = write(tmp_path, varied)
    serial = run_checks(read_po(path, expect_language="fr"), path, "fr")
    sliced = _read_by_workers(path, monkeypatch)
    if (os.cpu_count() or 1) < 2:
        assert sliced is None  # no pool to read in
        return
    assert sliced == serial and len(serial) > 50
    assert format_text(sliced, tmp_path) == format_text(serial, tmp_path)


HOSTILE_RUNS = {
    "the same msgid at both ends": lambda text: text.replace('msgid "Last."', 'msgid "First."'),
    "a second header": lambda text: text.replace(
        'msgid "Last."\nmsgstr "Fin."', 'msgid ""\nmsgstr "x"'
    ),
    "a NUL byte": lambda text: text.replace("Fin.", "Fin\0."),
    "a conflict marker": lambda text: text.replace('msgid "Last."', '<<<<<<< HEAD\nmsgid "Last."'),
    "a CRLF line end": lambda text: text.replace("#. last\n", "#. last\r\n"),
    "too many plural forms": lambda text: text.replace(
        'msgid "Last."\nmsgstr "Fin."',
        'msgid "Last."\nmsgid_plural "Lasts."\nmsgstr[0] "Fin."\nmsgstr[1] "Fins."\nmsgstr[2] "x"',
    ),
    "not msgcat's form": lambda text: text.replace('msgstr "Fin."', 'msgstr "Fin" "."'),
}


@pytest.mark.parametrize("damage", HOSTILE_RUNS.values(), ids=HOSTILE_RUNS.keys())
def test_what_read_po_would_refuse_or_read_otherwise_is_read_here(damage, tmp_path, monkeypatch):
    """A catalog with anything read_po refuses or reads its own way, in any run of entries,
    is not checked by the workers: it is read here, and refused or read as always."""
    middle = [entry(f"Sentence {n}.", f"Phrase {n}.") for n in range(60)]
    path = write(tmp_path, [entry("First.", "Début."), *middle, entry("Last.", "Fin.")])
    text = path.read_text(encoding="utf-8").replace('msgid "Last."', '#. last\nmsgid "Last."')
    path.write_bytes(text.encode("utf-8"))
    assert _read_by_workers(path, monkeypatch) is not None or (os.cpu_count() or 1) < 2
    path.write_bytes(damage(text).encode("utf-8"))
    assert _read_by_workers(path, monkeypatch) is None
