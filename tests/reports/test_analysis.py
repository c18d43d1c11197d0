"""The analysis report: segments and words by band, against a project counted by hand.

The project is made here with the CLI: an alert whose Armenian catalog holds an
entry in every band, a report translated (and reviewed) in Armenian that feeds
the memory, and an imported TMX memory. Every sentence's words are counted by
hand in :data:`ALERT` (ICU's word splitter must agree: the Chinese sentence has
five words and no space, the Armenian emphasis mark ՛ sits inside a word).
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

import pytest
from support.projects import cli

from alerti18n.core.config import load_project
from alerti18n.core.errors import ConfigError
from alerti18n.mt.engine import DEFAULT_HIGH_CONFIDENCE
from alerti18n.po import marks
from alerti18n.po.pofile import read_po, write_po
from alerti18n.reports.analysis import (
    BANDS,
    KEYS,
    analyse,
    band_of,
    memory_band,
    words_per_hour,
)
from alerti18n.reports.catalogfacts import Facts
from alerti18n.reports.stats import count_words
from alerti18n.text.matcher import score

#: Each sentence of the alert: (its words, counted by hand; its band in Armenian).
ALERT = {
    "SOS Alert #2": (3, "reviewed"),  # SOS, Alert, 2
    "Civilians are *trapped* in the region.": (6, "translated"),
    "The Lemkin Institute urges the international community to act now.": (10, "memory-100"),
    "Azerbaijan cut the gas supply on 12 September.": (8, "memory-95"),  # 12 is a word
    "The blockade has lasted 9 months.": (6, "memory-85"),
    # an outdated translation whose #| msgid scores 91.8
    "Patients who cannot walk will be collected at home.": (9, "memory-85"),
    "Medical supplies have not reached the hospital since June.": (9, "memory-75"),  # TMX
    "Bread is rationed in every town.": (6, "machine-unscored"),  # no confidence=
    "Water is delivered twice a week.": (6, "machine-high"),  # confidence=0.82
    "Roads to the city are blocked.": (6, "machine-low"),  # confidence=0.31
    # 74.7 from the imported "Local kindergartens closed in January.": 75, as its mark says
    "Kindergartens have been closed since January.": (6, "memory-75"),
    # an outdated translation whose #| msgid scores 71: below every memory band
    "Fuel has run out in every hospital of the region.": (10, "new"),
    "Կանգնեցրե՛ք շրջափակումը։": (2, "new"),  # "Stop the blockade!"
    "我们要求立即停止封锁。": (5, "new"),  # 我们 要求 立即 停止 封锁
}
REPORT = {  # translated and reviewed in Armenian: the memory
    "Report on the blockade": 4,
    "The Lemkin Institute urges the international community to act now.": 10,
    "Azerbaijan cut the gas supply on 13 September.": 8,
    "The blockade has not lasted 9 months.": 7,
}
#: An imported memory's sentences (hy): 75.7 from the alert's sentence on medical supplies,
#: 74.7 from the one on kindergartens.
IMPORTED = "Supplies have not reached the clinic in June."
ROUNDED = "Local kindergartens closed in January."
#: The previous sources of the two outdated translations.
OUTDATED = {
    "Patients who cannot walk will be collected at home.": (
        "Patients who cannot walk are collected at home."
    ),
    "Fuel has run out in every hospital of the region.": "Fuel has run out in the main hospital.",
}
#: The machine drafts and the confidence their marks record.
DRAFTS = {
    "Bread is rationed in every town.": None,
    "Water is delivered twice a week.": 0.82,
    "Roads to the city are blocked.": 0.31,
}
#: A plural entry in both documents, translated in the report: 4 + 3 words.
PLURAL = ("A journalist was detained.", "Journalists were detained.")
PLURAL_WORDS = 7


def _document(sentences: list[str]) -> str:
    title, *body = sentences
    lines = [f"# {title}", ""]
    for sentence in body:
        lines += [f"> {sentence}" if "շրջափակ" in sentence else sentence, ""]
    return "\n".join(lines)


def _tmx(units: dict[str, str]) -> str:
    body = "".join(
        f'<tu><tuv xml:lang="en"><seg>{source}</seg></tuv>'
        f'<tuv xml:lang="hy"><seg>{target}</seg></tuv></tu>'
        for source, target in units.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" '
        f'datatype="plaintext"/><body>{body}</body></tmx>\n'
    )


def _add_plural(path: Path, forms: list[str] | None) -> None:
    """Add the plural entry to a catalog, translated (every form) or not."""
    po = read_po(path)
    entry = type(po[0])(msgid=PLURAL[0], msgid_plural=PLURAL[1])
    entry.msgstr_plural = dict(enumerate(forms)) if forms else {0: "", 1: ""}
    po.append(entry)
    write_po(po, path)


def make_project(tmp_path: Path) -> Path:
    """The project of the module docstring, every Armenian entry in its band."""
    root = tmp_path / "p"
    cli(None, "init", str(root), "--target", "hy,fr", "--name", "analysis")
    (root / "source" / "example.md").unlink()
    (root / "source" / "alert.md").write_text(_document(list(ALERT)), encoding="utf-8")
    (root / "source" / "report.md").write_text(_document(list(REPORT)), encoding="utf-8")
    cli(root, "extract")
    cli(root, "update")
    hy = root / "locales" / "hy"
    _translate(hy / "report.po", set(REPORT))
    _add_plural(hy / "report.po", ["Մի լրագրող է ձերբակալվել։", "Լրագրողներ են ձերբակալվել։"])
    _translate(hy / "alert.po", {"SOS Alert #2"})
    cli(root, "review", "--lang", "hy", "--by", "Ann")
    _translate(hy / "alert.po", {"Civilians are *trapped* in the region."})
    _add_plural(hy / "alert.po", None)
    po = read_po(hy / "alert.po")
    for entry in po:
        if entry.msgid in DRAFTS:
            entry.msgstr, entry.flags = f"[mt] {entry.msgid}", ["fuzzy"]
            sha = marks.fingerprint(entry)
            mark = marks.mt_mark("argos", "translate-en_hy", "1.9", DRAFTS[entry.msgid], sha)
            marks.set_mark(entry, marks.MT, mark)
        elif entry.msgid in OUTDATED:
            entry.msgstr, entry.flags = f"[hy] {OUTDATED[entry.msgid]}", ["fuzzy"]
            entry.previous_msgid = OUTDATED[entry.msgid]
    write_po(po, hy / "alert.po")
    imported = tmp_path / "older.tmx"
    units = {IMPORTED: "Պաշարները չեն հասել։", ROUNDED: "Մանկապարտեզները փակվեցին։"}
    imported.write_text(_tmx(units), encoding="utf-8")
    cli(root, "tm", "import", str(imported))
    return root


def _translate(path: Path, sentences: set[str]) -> None:
    po = read_po(path)
    for entry in po:
        if entry.msgid in sentences:
            entry.msgstr = f"[hy] {entry.msgid}"
    write_po(po, path)


def _expected(doc: str, lang: str) -> dict[str, dict[str, int]]:
    """Segments and words by band, added up from the hand counts above."""
    found = {key: {"segments": 0, "words": 0} for key in KEYS}

    def add(band: str, words: int) -> None:
        found[band]["segments"] += 1
        found[band]["words"] += words

    if doc == "alert":
        for words, band in ALERT.values():
            add(band if lang == "hy" else "new", words)
        if lang == "hy":
            add("memory-100", PLURAL_WORDS)
    else:
        for words in REPORT.values():
            add("reviewed" if lang == "hy" else "new", words)
        if lang == "hy":
            add("reviewed", PLURAL_WORDS)
    return found


def test_the_fixture_is_what_it_says() -> None:
    """The scores that put the memory and outdated entries in their bands (the matcher's)."""
    sentences = {band: s for s, (_, band) in ALERT.items() if band.startswith("memory-")}
    assert 95 <= score(sentences["memory-95"], list(REPORT)[2]) < 100
    assert 85 <= score("The blockade has lasted 9 months.", list(REPORT)[3]) < 95
    assert 75 <= score("Medical supplies have not reached the hospital since June.", IMPORTED) < 85
    assert 74.5 <= score("Kindergartens have been closed since January.", ROUNDED) < 75
    assert DEFAULT_HIGH_CONFIDENCE == 0.5  # between the two drafts' confidences
    patients, fuel = OUTDATED.items()
    assert 85 <= score(patients[1], patients[0]) < 95
    assert 70 <= score(fuel[1], fuel[0]) < 75


def test_counts_match_the_hand_counted_project(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    data = json.loads(cli(root, "status", "--analysis", "--format", "json"))
    assert [b["key"] for b in data["bands"]] == list(KEYS)
    by_lang = {language["lang"]: language for language in data["languages"]}
    assert list(by_lang) == ["hy", "fr"]
    for lang, language in by_lang.items():
        docs = {d["doc"]: d for d in language["documents"]}
        assert list(docs) == ["alert", "report"]
        for doc, found in docs.items():
            assert found["bands"] == _expected(doc, lang), (doc, lang)
        total = language["total"]
        for key in KEYS:
            words = sum(_expected(doc, lang)[key]["words"] for doc in docs)
            assert total["bands"][key]["words"] == words, (lang, key)
        assert total["hours"] is None  # no words-per-hour: no estimate
    assert by_lang["fr"]["total"]["words"] == sum(w for w, _ in ALERT.values()) + sum(
        REPORT.values()
    )


def test_filling_from_the_memory_keeps_each_entry_in_its_band(tmp_path: Path) -> None:
    """After ``tm fill`` the matches are memory drafts: their own scores give the same bands."""
    root = make_project(tmp_path)
    before = cli(root, "status", "--analysis", "--format", "json")
    assert "tm: 2 exact, 4 fuzzy" in cli(root, "tm", "fill", "--lang", "hy")
    alert = {e.msgid: e for e in read_po(root / "locales" / "hy" / "alert.po")}
    assert all(marks.memory_draft(alert[s]) for s in list(ALERT)[2:5])
    assert json.loads(cli(root, "status", "--analysis", "--format", "json")) == json.loads(before)


def test_text_report_and_estimate(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    with (root / "alerti18n.toml").open("a", encoding="utf-8") as config:
        config.write(
            "\n[tool.alerti18n.analysis]\nwords-per-hour = { new = 250, memory-75 = 500 }\n"
        )
    lines = cli(root, "status", "--analysis", "--lang", "hy").splitlines()
    words = sum(w for w, _ in ALERT.values()) + sum(REPORT.values()) + 2 * PLURAL_WORDS
    assert lines[0] == f"hy (Հայերեն): {words} words in {len(ALERT) + len(REPORT) + 2} segments"
    tables = {}
    for what in ("words", "segments"):
        start = next(n for n, line in enumerate(lines) if line.startswith(f"{what} "))
        heads = lines[start].split()
        rows = [line.rsplit(None, len(heads) - 1) for line in lines[start + 1 : start + 4]]
        tables[what] = {row[0]: dict(zip(heads[1:], row[1:], strict=True)) for row in rows}
    assert list(tables["words"]) == ["alert", "report", "all documents"]
    expected = _expected("alert", "hy")
    for band in BANDS:
        assert tables["words"]["alert"][band.short] == str(expected[band.key]["words"])
        assert tables["segments"]["alert"][band.short] == str(expected[band.key]["segments"])
    hours = round(expected["new"]["words"] / 250 + expected["memory-75"]["words"] / 500, 2)
    assert tables["words"]["alert"]["hours"] == f"{hours:.2f}"
    assert "hours" not in tables["segments"]["alert"]
    assert "Hours: words / words per hour, for memory-75 500, new 250" in " ".join(lines)
    data = json.loads(cli(root, "status", "--analysis", "--format", "json", "--lang", "hy"))
    assert data["words-per-hour"] == {"memory-75": 500.0, "new": 250.0}
    assert data["languages"][0]["documents"][0]["hours"] == hours


def test_dashboard_has_a_table_per_language(tmp_path: Path) -> None:
    from lxml import html

    root = make_project(tmp_path)
    page = tmp_path / "dashboard.html"
    cli(root, "status", "--html", str(page))
    tree = html.fromstring(page.read_bytes())
    tables = {t.get("data-lang"): t for t in tree.xpath("//table[@class='analysis-table']")}
    assert list(tables) == ["hy", "fr"]
    for lang, table in tables.items():
        for doc in ("alert", "report"):
            for key, count in _expected(doc, lang).items():
                cell = table.xpath(f".//tr[@data-band='{key}']/td[@data-doc='{doc}']")[0]
                assert int(cell.get("data-words")) == count["words"], (lang, doc, key)
                assert int(cell.get("data-segments")) == count["segments"]


_OPENS: collections.Counter[str] = collections.Counter()
_WATCHING: list[bool] = []
_HOOKED: list[bool] = []


def _count_opens(event: str, args: tuple) -> None:
    watched = _WATCHING and event == "open" and isinstance(args[0], (str, Path))
    if watched and str(args[0]).endswith((".po", ".pot", ".tmx")):
        _OPENS["/".join(Path(args[0]).parts[-2:])] += 1


def _opens(root: Path) -> dict[str, int]:
    """The PO, POT and TMX files ``status --analysis`` opens, and how often."""
    if not _HOOKED:  # an audit hook cannot be removed: it counts only while watching
        sys.addaudithook(_count_opens)
        _HOOKED.append(True)
    _OPENS.clear()
    _WATCHING.append(True)
    try:
        cli(root, "status", "--analysis", "--format", "json")
    finally:
        _WATCHING.clear()
    return dict(_OPENS)


def test_a_second_report_parses_nothing(tmp_path: Path) -> None:
    """The catalogs' facts and the memory come from the caches while the files are unchanged
    (the imported TMX was cached by ``tm import``); a changed catalog is read again, alone."""
    root = make_project(tmp_path)
    catalogs = {f"{lang}/{doc}.po" for lang in ("hy", "fr") for doc in ("alert", "report")}
    assert _opens(root) == dict.fromkeys(catalogs, 2)  # hashed for the caches' keys, parsed
    assert _opens(root) == {}
    path = root / "locales" / "hy" / "alert.po"
    path.write_bytes(path.read_bytes().replace(b"[hy] Civilians", b"[hy] Civils"))
    # whether it changed (its stat, then its bytes), its new digest, its parse
    assert _opens(root) == {"hy/alert.po": 3}


def test_bands_by_score_and_confidence() -> None:
    assert [memory_band(v) for v in (100, 99.9, 95, 94.9, 85, 84.9, 75, 74.9, 0)] == [
        "memory-100",
        "memory-95",
        "memory-95",
        "memory-85",
        "memory-85",
        "memory-75",
        "memory-75",
        "new",
        "new",
    ]
    draft = Facts("a", "", "machine", 1)
    assert band_of(draft, 0.5, None) == "machine-unscored"
    assert band_of(Facts("a", "", "machine", 1, confidence=0.5), 0.5, None) == "machine-high"
    assert band_of(Facts("a", "", "machine", 1, confidence=0.49), 0.5, None) == "machine-low"
    outdated = Facts("a", "", "fuzzy", 1, own=80.0)
    assert band_of(outdated, 0.5, 96.0) == "memory-95"  # the memory holds a better start
    assert band_of(outdated, 0.5, 0.0) == "memory-75"


def test_words_are_counted_by_icu_in_every_script() -> None:
    assert count_words("我们要求立即停止封锁。", "zh") == 5  # str.split: 1
    assert count_words("Կանգնեցրե՛ք շրջափակումը։", "hy") == 2  # \w+: 3
    assert count_words("ผู้ลี้ภัยต้องการน้ำ", "th") >= 3  # no spaces at all
    assert count_words("See [the map](https://example.org/a-b-c) *now*.", "en") == 4
    # not words: code, a tag, a footnote reference, a URL
    assert count_words("Run `tm fill`, then <b>check</b> www.example.org.[^1]", "en") == 3


@pytest.mark.parametrize(
    "table",
    [
        "analysis = 3",
        "[tool.alerti18n.analysis]\nspeed = 1",
        "[tool.alerti18n.analysis]\nwords-per-hour = 300",
        "[tool.alerti18n.analysis]\nwords-per-hour = { fast = 300 }",
        "[tool.alerti18n.analysis]\nwords-per-hour = { new = 0 }",
        "[tool.alerti18n.analysis]\nwords-per-hour = { new = true }",
    ],
)
def test_a_bad_words_per_hour_is_a_config_error(tmp_path: Path, table: str) -> None:
    root = tmp_path / "p"
    cli(None, "init", str(root), "--target", "fr")
    config = root / "alerti18n.toml"
    text = config.read_text(encoding="utf-8")
    if table.startswith("analysis"):
        text = text.replace("[tool.alerti18n]\n", f"[tool.alerti18n]\n{table}\n", 1)
    else:
        text += f"\n{table}\n"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError):
        words_per_hour(load_project(root))
    out = cli(root, "status", "--analysis", code=2)
    assert out.startswith("error: ") and "alerti18n.toml" in out


def test_a_broken_catalog_hides_only_its_language(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "locales" / "fr" / "alert.po").write_text('msgid "x\n', encoding="utf-8")
    out = cli(root, "status", "--analysis", code=2)
    assert out.startswith("hy (Հայերեն): ")
    assert "fr (Français): cannot be analysed" in out
    last = out.splitlines()[-1]
    assert last.startswith("error: ") and "locales/fr/alert.po:1: " in last
    found = analyse(load_project(root), ["hy"])
    assert found.languages[0].total is not None


def test_the_page_catalog_is_the_document_pages(tmp_path: Path) -> None:
    root = tmp_path / "p"
    cli(None, "init", str(root), "--target", "hy", "--name", "pages")
    cli(root, "extract")
    cli(root, "update")
    pages = root / "locales" / "pages" / "hy.po"
    pages.parent.mkdir()
    pages.write_text(
        'msgid ""\nmsgstr ""\n"Language: hy\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgctxt "all-documents"\nmsgid "All documents"\nmsgstr "Բոլոր փաստաթղթերը"\n\n'
        'msgctxt "draft"\nmsgid "This translation is a draft: it has not been reviewed yet."\n'
        'msgstr ""\n',
        encoding="utf-8",
    )
    found = analyse(load_project(root)).languages[0]
    assert [d.doc for d in found.documents] == ["example", "pages"]
    page = found.documents[1]
    assert page.bands["translated"].words == 2  # All, documents
    # This, translation, is, a, draft, it, has, not, been, reviewed, yet
    assert page.bands["new"].words == 11


def test_status_counts_the_same_words(tmp_path: Path) -> None:
    """``status`` and the report count one way: a Chinese sentence is five words in both."""
    root = make_project(tmp_path)
    found = json.loads(cli(root, "status", "--analysis", "--format", "json"))
    report = {
        (d["doc"], d["lang"]): d["words"] for lang in found["languages"] for d in lang["documents"]
    }
    stats = json.loads(cli(root, "status", "--format", "json"))
    assert {(s["doc"], s["lang"]): s["words"] for s in stats} == report
    assert report["alert", "fr"] == sum(w for w, _ in ALERT.values())


def test_the_confidence_line_is_the_projects(tmp_path: Path) -> None:
    """``mt.high-confidence`` draws the line, as in ``status``; the cached facts keep each
    draft's confidence, so moving the line reads no catalog again."""
    root = make_project(tmp_path)
    cli(root, "status", "--analysis")
    text = (root / "alerti18n.toml").read_text(encoding="utf-8")
    text = text.replace("[tool.alerti18n]\n", "[tool.alerti18n]\nmt = { high-confidence = 0.9 }\n")
    (root / "alerti18n.toml").write_text(text, encoding="utf-8")
    assert _opens(root) == {}
    data = json.loads(cli(root, "status", "--analysis", "--format", "json", "--lang", "hy"))
    bands = data["languages"][0]["documents"][0]["bands"]
    assert bands["machine-high"] == {"segments": 0, "words": 0}
    assert bands["machine-low"] == {"segments": 2, "words": 12}
    stats = json.loads(cli(root, "status", "--format", "json", "--lang", "hy"))
    assert stats[0]["machine_low"] == 2 and stats[0]["machine_high"] == 0
