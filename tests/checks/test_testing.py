"""alerti18n.checks.testing: the helpers the check tests use, and the example in its docstring."""

from __future__ import annotations

import doctest
from pathlib import Path

from alerti18n.checks import testing
from alerti18n.checks.testing import catalog, entry, fails, findings, passes
from alerti18n.po.pofile import read_po, write_po


def test_the_docstring_example_holds() -> None:
    result = doctest.testmod(testing)
    assert result.attempted >= 1 and result.failed == 0


def test_one_entry_catalogs_report_with_line_numbers() -> None:
    source, target = "Take no more than 20 litres.", "Ne prenez pas plus de 25 litres."
    assert fails("numbers", source, target) and not passes("numbers", source, target)
    found = findings("numbers", source, target)
    assert [(f.check, f.severity, f.msgid) for f in found] == [
        ("numbers", "error", source),  # 20 missing
        ("numbers", "warning", source),  # 25 added
    ]
    written = str(catalog([entry(source, target)], "fr")).splitlines()
    first = written.index(f'msgid "{source}"') - 1  # the entry starts at its reference
    assert written[first].startswith("#: ") and {f.line for f in found} == {first + 1}
    assert passes("numbers", source, "Ne prenez pas plus de 20 litres.")


def test_catalog_and_entry_make_a_valid_catalog(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    write_po(catalog([entry("Beds", "Lits"), entry("Ward", "Service", fuzzy=True)], "fr"), path)
    po = read_po(path, expect_language="fr")
    assert [(e.msgid, e.msgstr, e.fuzzy) for e in po] == [
        ("Beds", "Lits", False),
        ("Ward", "Service", True),
    ]
