"""Plural entries filled by the memory, in languages of three and six plural forms.

Each project is made with the CLI; plural entries are added to its catalogs as a
translator's tool would (extraction from Markdown makes none). The forms follow
each catalog's ``Plural-Forms``, which ``update`` takes from Babel's CLDR data:
the tests compare with Babel, never with a number written here, and GNU
``msgfmt --check`` accepts every catalog the memory wrote.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from babel import Locale
from babel.messages.plurals import get_plural
from support.projects import cli
from support.tools import msgfmt_check

from alerti18n.memory.plurals import PluralUnit, form_count, forms_of, plural_rule
from alerti18n.po import marks
from alerti18n.po.entrystate import memory_draft
from alerti18n.po.pofile import plural_count, read_po, write_po

SINGULAR, PLURAL = "A journalist was detained.", "Journalists were detained."
OTHER = ("A town was shelled.", "Towns were shelled.")
LANGS = ("uk", "ar")  # three forms, six forms


def nplurals(lang: str) -> int:
    return get_plural(Locale.parse(lang)).num_plurals


def make_project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    cli(None, "init", str(root), "--target", ",".join(LANGS), "--name", "plurals")
    (root / "source" / "example.md").unlink()
    (root / "source" / "alert.md").write_text("# Alert\n\nStay inside.\n", encoding="utf-8")
    (root / "source" / "report.md").write_text("# Report\n\nStay inside.\n", encoding="utf-8")
    cli(root, "extract")
    cli(root, "update")
    return root


def add(path: Path, msgid: str, plural: str, forms: dict[int, str], **extra: object) -> None:
    po = read_po(path)
    entry = polib.POEntry(msgid=msgid, msgid_plural=plural, **extra)
    entry.msgstr_plural = forms
    po.append(entry)
    write_po(po, path)


def forms(lang: str, text: str) -> dict[int, str]:
    return {i: f"[{lang} {i}] {text}" for i in range(nplurals(lang))}


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in read_po(path)}


def test_every_form_is_filled_from_the_same_entry_never_over_human_work(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    for lang in LANGS:
        folder = root / "locales" / lang
        assert plural_count(read_po(folder / "alert.po")) == nplurals(lang) >= 3
        add(folder / "alert.po", SINGULAR, PLURAL, forms(lang, PLURAL))
        add(folder / "alert.po", *OTHER, forms(lang, OTHER[1]))
        empty = dict.fromkeys(range(nplurals(lang)), "")
        add(folder / "report.po", SINGULAR, PLURAL, empty)
        # a translator's one form, and a translator's fuzzy draft: both stay as they are
        add(folder / "report.po", *OTHER, {**empty, 0: "mine"})
        add(folder / "report.po", "One road.", "Roads.", {**empty, 1: "draft"}, flags=["fuzzy"])
    before = {lang: entries(root / "locales" / lang / "report.po") for lang in LANGS}
    out = cli(root, "tm", "fill")
    assert "tm: 2 exact" in out  # the plural entry in each language (and no singular match)
    for lang in LANGS:
        path = root / "locales" / lang / "report.po"
        msgfmt_check(path)
        found = entries(path)
        filled = found[SINGULAR]
        assert filled.msgstr_plural == forms(lang, PLURAL) and filled.msgstr == ""
        assert "fuzzy" in filled.flags and memory_draft(filled)
        mark = marks.memory_draft(filled)
        assert mark is not None and mark.value.startswith("exact 100 unreviewed doc=alert ")
        for msgid in (OTHER[0], "One road."):
            assert found[msgid].msgstr_plural == before[lang][msgid].msgstr_plural
            assert found[msgid].flags == before[lang][msgid].flags
    status = {(s["doc"], s["lang"]): s for s in _status(root)}
    assert status["report", "uk"]["memory"] == 1  # a plural memory draft counts as one
    assert cli(root, "tm", "fill").startswith("tm: 0 exact, 0 fuzzy")  # from the cache


def _status(root: Path) -> list[dict]:
    import json

    return json.loads(cli(root, "status", "--format", "json"))


def test_a_reviewed_unit_is_trusted_as_a_singular_one(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    with (root / "alerti18n.toml").open("a", encoding="utf-8") as config:
        config.write("\n[tool.alerti18n.tm]\ntrust-reviewed-exact = true\n")
    folder = root / "locales" / "uk"
    add(folder / "alert.po", SINGULAR, PLURAL, forms("uk", PLURAL))
    cli(root, "review", "--lang", "uk", "--by", "Ann")
    add(folder / "report.po", SINGULAR, PLURAL, dict.fromkeys(range(nplurals("uk")), ""))
    cli(root, "tm", "fill", "--lang", "uk")
    filled = entries(folder / "report.po")[SINGULAR]
    assert "fuzzy" not in filled.flags and filled.msgstr_plural == forms("uk", PLURAL)
    assert marks.reviewed(filled) is None  # the review itself is not copied
    msgfmt_check(folder / "report.po")


def test_a_unit_of_another_plural_rule_is_not_used(tmp_path: Path) -> None:
    """An older Ukrainian catalog with gettext's classic rule (same count, other formula): its
    forms are not put where the new rule would read them."""
    root = make_project(tmp_path)
    folder = root / "locales" / "uk"
    alert = read_po(folder / "alert.po")
    alert.metadata["Plural-Forms"] = (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    )
    write_po(alert, folder / "alert.po")
    add(folder / "alert.po", SINGULAR, PLURAL, forms("uk", PLURAL))
    add(folder / "report.po", SINGULAR, PLURAL, dict.fromkeys(range(3), ""))
    before = (folder / "report.po").read_bytes()
    assert cli(root, "tm", "fill", "--lang", "uk").startswith("tm: 0 exact, 0 fuzzy")
    assert (folder / "report.po").read_bytes() == before


def test_plural_entries_of_a_po_compendium_are_left_out_with_a_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    compendium = tmp_path / "older.po"
    po = polib.POFile()
    po.metadata = {
        "Language": "uk",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": f"nplurals={nplurals('uk')}; plural={get_plural('uk').plural_expr};",
    }
    po.append(polib.POEntry(msgid="Stay inside.", msgstr="Залишайтеся вдома."))
    plural = polib.POEntry(msgid=SINGULAR, msgid_plural=PLURAL)
    plural.msgstr_plural = forms("uk", PLURAL)
    po.append(plural)
    write_po(po, compendium)
    out = cli(root, "tm", "import", str(compendium))
    assert "(uk: 1)" in out
    assert "warning: older.po: 1 plural entry left out: TMX has no plural forms" in out


@pytest.mark.parametrize("lang", LANGS)
def test_the_rule_and_forms_of_a_catalog(tmp_path: Path, lang: str) -> None:
    po = polib.POFile()
    po.metadata = {"Language": lang}
    rule = plural_rule(po, lang)  # no Plural-Forms: CLDR's, as update writes it
    assert form_count(rule) == nplurals(lang)
    po.metadata["Plural-Forms"] = (
        f" nplurals={nplurals(lang)};  plural={get_plural(lang).plural_expr}"
    )
    assert plural_rule(po, lang) == rule  # spaces and a missing ; do not matter
    entry = polib.POEntry(msgid=SINGULAR, msgid_plural=PLURAL)
    entry.msgstr_plural = forms(lang, PLURAL)
    assert forms_of(entry, rule) == tuple(forms(lang, PLURAL).values())
    entry.msgstr_plural[1] = ""
    assert forms_of(entry, rule) is None  # a missing form: not a unit
    entry.msgstr_plural = {i: "x" for i in range(nplurals(lang) + 1)}
    assert forms_of(entry, rule) is None  # a form too many


def test_a_plural_unit_orders_like_a_singular_one() -> None:
    unit = PluralUnit("a", "b", ("x", "y"), "nplurals=2;plural=(n!=1);", "hy")
    assert unit.target == "x\ny"
