"""Translation memory end to end: fill, policy, import/export TMX and PO, hostile files.

Every test runs the CLI on a small temporary project made here: an alert and
a report that repeats some of its sentences, changes others and adds new ones.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from support.projects import cli
from support.tools import IN_CI, require_tool
from translate.storage.tmx import tmxfile

from alerti18n.cli.main import main
from alerti18n.memory import cache
from alerti18n.po import marks
from alerti18n.po.pofile import read_po, write_po
from alerti18n.text.matcher import THRESHOLD, FuzzyIndex, score

ALERT = """# SOS Alert #2

The Lemkin Institute urges the international community to act now.

Azerbaijan cut the gas supply on 12 September.

The blockade has lasted 9 months.

Civilians are *trapped* in the region.
"""
REPORT = """# Report on the blockade

The Lemkin Institute urges the international community to act now.

Azerbaijan cut the gas supply on 13 September.

The blockade has not lasted 9 months.

Civilians are _trapped_ in the region.

Bread is rationed in every town we visited last week.
"""
EXACT = "The Lemkin Institute urges the international community to act now."
NUMBER = "Azerbaijan cut the gas supply on 13 September."
NEGATION = "The blockade has not lasted 9 months."
MARKUP = "Civilians are _trapped_ in the region."
NEW = "Bread is rationed in every town we visited last week."


def make_project(tmp_path: Path, name: str = "p", trust: bool | None = None) -> Path:
    root = tmp_path / name
    CliRunner().invoke(main, ["init", str(root), "--target", "fr,hy"])
    (root / "source" / "example.md").unlink()
    (root / "source" / "alert.md").write_text(ALERT, encoding="utf-8")
    (root / "source" / "report.md").write_text(REPORT, encoding="utf-8")
    if trust is not None:
        with (root / "alerti18n.toml").open("a", encoding="utf-8") as config:
            config.write(f"\n[tool.alerti18n.tm]\ntrust-reviewed-exact = {str(trust).lower()}\n")
    cli(root, "extract")
    cli(root, "update")
    return root


def translate_alert(root: Path, review_fr: bool = True) -> None:
    """A translator translates the whole alert in both languages; fr is then reviewed."""
    for lang in ("fr", "hy"):
        path = root / "locales" / lang / "alert.po"
        po = read_po(path)
        for entry in po:
            entry.msgstr = f"[{lang}] {entry.msgid}"
        write_po(po, path)
    if review_fr:
        cli(root, "review", "--lang", "fr", "--by", "Ann")


def report(root: Path, lang: str) -> dict:
    return {e.msgid: e for e in read_po(root / "locales" / lang / "report.po") if e.msgid}


def test_exact_fuzzy_and_new_sentences_in_both_languages(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    translate_alert(root)
    out = cli(root, "tm", "fill")
    assert "tm: 2 exact, 6 fuzzy" in out
    for lang in ("fr", "hy"):
        entries = report(root, lang)
        exact = entries[EXACT]
        assert exact.msgstr == f"[{lang}] {EXACT}"
        assert "fuzzy" in exact.flags and exact.previous_msgid is None  # default policy
        mark = marks.memory_draft(exact)
        assert mark is not None and mark.value.startswith("exact 100 ")
        assert f"doc=alert from=locales/{lang}/alert.po" in mark.value
        for msgid, old in (
            (NUMBER, "Azerbaijan cut the gas supply on 12 September."),
            (NEGATION, "The blockade has lasted 9 months."),
            (MARKUP, "Civilians are *trapped* in the region."),
        ):
            entry = entries[msgid]
            assert entry.msgstr == f"[{lang}] {old}" and "fuzzy" in entry.flags
            assert entry.previous_msgid == old
            kind, value = marks.memory_draft(entry).value.split()[:2]
            assert kind == "fuzzy" and float(value) >= THRESHOLD
        assert entries[NEW].msgstr == "" and not entries[NEW].flags
    state = {(s["doc"], s["lang"]): s for s in json.loads(cli(root, "status", "--format", "json"))}
    assert state["report", "fr"]["memory"] == 4 and state["report", "fr"]["machine"] == 0
    assert state["alert", "fr"]["memory"] == 0
    # the source-changed rule applies to memory drafts: a number and an added "not"
    findings = json.loads(cli(root, "check", "--lang", "fr", "--format", "json", code=1))
    changed = {f["msgid"]: f["message"] for f in findings if f["check"] == "source-changed"}
    assert "“12” became “13”" in changed[NUMBER]
    assert "negation “not” added" in changed[NEGATION]
    assert MARKUP not in changed and EXACT not in changed
    assert cli(root, "tm", "fill").startswith("tm: 0 exact, 0 fuzzy")  # nothing left to do


@pytest.mark.parametrize("trust", [False, True])
def test_reviewed_and_unreviewed_exact_matches_under_both_policies(
    tmp_path: Path, trust: bool
) -> None:
    root = make_project(tmp_path, trust=trust)
    translate_alert(root)  # fr reviewed, hy not
    cli(root, "tm", "fill")
    fr, hy = report(root, "fr")[EXACT], report(root, "hy")[EXACT]
    assert ("fuzzy" in fr.flags) is (not trust)
    assert "fuzzy" in hy.flags  # an unreviewed exact match is never trusted
    assert "reviewed" in marks.memory_draft(fr).value.split()
    assert "unreviewed" in marks.memory_draft(hy).value.split()
    assert marks.reviewed(fr) is None  # the review itself is not copied
    assert "fuzzy" in report(root, "fr")[NUMBER].flags  # fuzzy matches stay fuzzy


def test_memory_never_overwrites_human_fuzzy_or_obsolete_entries(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    translate_alert(root)
    path = root / "locales" / "fr" / "report.po"
    po = read_po(path)
    for entry in po:
        if entry.msgid == EXACT:
            entry.msgstr = "Traduction humaine."
        elif entry.msgid == NUMBER:
            entry.msgstr, entry.flags = "Brouillon flou.", ["fuzzy"]
    gone = type(po[0])(msgid=MARKUP, msgstr="", obsolete=True, tcomment="kept")
    po.append(gone)
    po.remove(next(e for e in po if e.msgid == MARKUP and not e.obsolete))
    write_po(po, path)
    before = path.read_bytes()
    cli(root, "tm", "fill", "--lang", "fr")
    entries = {(e.msgid, e.obsolete): e for e in read_po(path)}
    assert entries[EXACT, False].msgstr == "Traduction humaine."
    assert entries[NUMBER, False].msgstr == "Brouillon flou."
    assert entries[MARKUP, True].msgstr == "" and entries[MARKUP, True].obsolete
    assert entries[NEGATION, False].msgstr  # the one free entry with a match was filled
    assert path.read_bytes() != before


def test_tie_break_prefers_reviewed_then_recent_then_same_document(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / "source" / "third.md").write_text(f"# Third\n\n{EXACT}\n", encoding="utf-8")
    cli(root, "extract")
    cli(root, "update")

    def set_translation(doc: str, text: str, date: str) -> None:
        path = root / "locales" / "fr" / f"{doc}.po"
        po = read_po(path)
        po.metadata["PO-Revision-Date"] = date
        for entry in po:
            if entry.msgid == EXACT:
                entry.msgstr = text
        write_po(po, path)

    set_translation("alert", "Ancienne.", "2023-01-01 10:00+0000")
    set_translation("third", "Récente.", "2024-01-01 10:00+0000")
    cli(root, "tm", "fill", "--lang", "fr")
    assert report(root, "fr")[EXACT].msgstr == "Récente."  # the most recent
    # now the older one is reviewed: reviewed wins over recent
    path = root / "locales" / "fr" / "report.po"
    po = read_po(path)
    next(e for e in po if e.msgid == EXACT).msgstr = ""
    next(e for e in po if e.msgid == EXACT).flags = []
    write_po(po, path)
    cli(root, "review", "--lang", "fr", "--by", "Ann")  # reviews alert and third alike
    set_translation("third", "Récente.", "2024-01-01 10:00+0000")  # drop nothing: same text
    alert = root / "locales" / "fr" / "alert.po"
    po = read_po(alert)
    po.metadata["PO-Revision-Date"] = "2023-01-01 10:00+0000"
    write_po(po, alert)
    third = root / "locales" / "fr" / "third.po"
    po = read_po(third)
    for entry in po:  # unreview third's sentence: edit it (the review sha no longer matches)
        if entry.msgid == EXACT:
            entry.msgstr = "Récente !"
    write_po(po, third)
    cli(root, "tm", "fill", "--lang", "fr")
    assert report(root, "fr")[EXACT].msgstr == "Ancienne."


def test_markup_change_is_an_exact_visible_match_for_update() -> None:
    assert score("Run the *tests* now.", "Run the _tests_ now.") == 100
    assert score("See [the book](https://a.example).", "See [the book](https://b.example).") == 100
    index = FuzzyIndex(["Completely different words here.", "Azerbaijan cut gas."])
    assert index.best("Azerbaijan cut all gas.")[0] == [1]
    assert index.search("Unrelated.") == []
    # a short link text with an unchanged target: the full text matches, as in msgmerge
    link = "[Armenian](https://github.com/example/rust-book-hy)"
    assert FuzzyIndex(["Other words.", link]).best(f"{link} in 2024.")[0] == [1]
    assert score(f"{link} in 2024.", link) < THRESHOLD  # the visible text alone is too short


def test_export_reads_in_translate_toolkit_and_reimports_with_the_same_result(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path, trust=True)
    translate_alert(root)
    cli(root, "tm", "fill")
    exported = tmp_path / "alert.tmx"
    cli(root, "tm", "export", "-o", str(exported))
    store = tmxfile(exported.read_bytes(), sourcelanguage="en", targetlanguage="fr")
    pairs = {(u.source, u.target) for u in store.units}
    assert (EXACT, f"[fr] {EXACT}") in pairs
    assert (
        "Civilians are *trapped* in the region.",
        "[fr] Civilians are *trapped* in the region.",
    ) in pairs  # noqa: E501
    fr_only = tmp_path / "fr.tmx"
    cli(root, "tm", "export", "--lang", "fr", "-o", str(fr_only))
    assert b'xml:lang="hy"' not in fr_only.read_bytes()

    fresh = make_project(tmp_path, "fresh", trust=True)
    (fresh / "source" / "alert.md").unlink()  # only the report: all it knows is the memory
    cli(fresh, "extract")
    cli(fresh, "update")
    out = cli(fresh, "tm", "import", str(exported))
    assert "tm: imported locales/tm/alert.tmx" in out
    assert "alert" in cli(fresh, "tm", "list")
    cli(fresh, "tm", "fill")

    def strip(entry) -> tuple:  # noqa: ANN001
        mark = re.sub(r" from=\S+ sha=\S+ at=\S+", "", marks.memory_draft(entry).value)
        return entry.msgstr, entry.flags, entry.previous_msgid, mark

    # the project's own report drafts were not exported (fuzzy), so both fill alike
    for lang in ("fr", "hy"):
        got, want = report(fresh, lang), report(root, lang)
        for msgid in (EXACT, NUMBER, NEGATION, MARKUP):
            assert strip(got[msgid]) == strip(want[msgid]), msgid
        assert got[NEW].msgstr == ""
    assert "fuzzy" not in report(fresh, "fr")[EXACT].flags  # reviewed travelled in the TMX
    # the memory is user data: it survives removing the caches
    import shutil

    shutil.rmtree(fresh / ".alerti18n")
    assert (fresh / "locales" / "tm" / "alert.tmx").is_file()
    cli(fresh, "tm", "remove", "alert")
    assert "no imported memory" in cli(fresh, "tm", "list")


def test_po_compendium_import(tmp_path: Path) -> None:
    donor = make_project(tmp_path, "donor")
    translate_alert(donor)
    root = make_project(tmp_path, "p")
    compendium = tmp_path / "older-alerts.po"
    compendium.write_bytes((donor / "locales" / "fr" / "alert.po").read_bytes())
    assert "(fr: 5)" in cli(root, "tm", "import", str(compendium))
    cli(root, "tm", "fill")
    assert report(root, "fr")[EXACT].msgstr == f"[fr] {EXACT}"
    assert report(root, "hy")[EXACT].msgstr == ""


HOSTILE = {
    "bad-xml": (
        b'<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="en"/>\n<body>\n'
        b"<tu><tuv xml:lang='en'><seg>x</seg></tuv>\n</body></tmx>\n",
        6,
    ),
    "wrong-version": (b'<?xml version="1.0"?>\n<tmx version="2.0">\n<header/><body/></tmx>\n', 2),
    "no-srclang": (b'<tmx version="1.4">\n<header creationtool="x"/>\n<body/></tmx>\n', 2),
    "no-tuv-lang": (
        b'<tmx version="1.4">\n<header srclang="en"/>\n<body>\n<tu>\n'
        b"<tuv><seg>a</seg></tuv>\n</tu></body></tmx>\n",
        5,
    ),
    "no-target": (
        b'<tmx version="1.4">\n<header srclang="en"/>\n<body>\n<tu>\n'
        b'<tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="de"><seg>b</seg></tuv>\n'
        b"</tu></body></tmx>\n",
        3,
    ),
    "billion-laughs": (
        b'<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY lol "lol">\n'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        b'<tmx version="1.4"><header srclang="en"/><body><tu>'
        b'<tuv xml:lang="en"><seg>&lol2;</seg></tuv>'
        b'<tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>\n',
        3,
    ),
    "external-entity": (
        b'<?xml version="1.0"?>\n<!DOCTYPE tmx [\n'
        b'<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
        b'<tmx version="1.4"><header srclang="en"/><body><tu>'
        b'<tuv xml:lang="en"><seg>&xxe;</seg></tuv>'
        b'<tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>\n',
        3,
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE), ids=sorted(HOSTILE))
def test_malformed_or_hostile_tmx_exits_2_with_file_and_line(tmp_path: Path, case: str) -> None:
    root = make_project(tmp_path)
    good = tmp_path / "good.tmx"
    translate_alert(root)
    cli(root, "tm", "export", "-o", str(good))
    data, line = HOSTILE[case]
    bad = tmp_path / f"{case}.tmx"
    bad.write_bytes(data)
    result = CliRunner().invoke(main, ["tm", "import", str(good), str(bad), "--project", str(root)])
    assert result.exit_code == 2, result.output
    assert f"{bad}:{line}: " in result.output, result.output
    assert "Traceback" not in result.output
    assert not (root / "locales" / "tm").exists()  # nothing written, not even good.tmx


@pytest.mark.weasyprint
def test_run_fills_from_the_memory_before_machine_translation(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    translate_alert(root)
    (root / "alerti18n.toml").write_text(
        (root / "alerti18n.toml").read_text() + "", encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["run", "--project", str(root), "--models-dir", str(tmp_path / "no-models")]
    )
    assert "tm: 2 exact, 6 fuzzy" in result.output, result.output
    entries = report(root, "fr")
    assert marks.memory_draft(entries[EXACT]) is not None
    assert entries[NEW].msgstr == ""  # no package: machine translation skipped


# --- TMX 1.4 DTD and OmegaT, a real CAT tool, as peers ---------------------------------

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")  # Debian's omegat package puts it there


def omegat_jar() -> Path:
    """OmegaT's jar (it holds the TMX 1.4 DTD); skip without OmegaT, fail under CI=true."""
    launcher = Path(require_tool("omegat"))
    found = re.search(rb"(/\S+/OmegaT\.jar)", launcher.read_bytes()[:20000])
    jar = Path(found.group(1).decode()) if found else OMEGAT_JAR
    if jar.is_file():
        return jar
    if IN_CI:
        pytest.fail(f"{jar} is missing: .ci/run installs the omegat package")
    pytest.skip(f"{jar} not found")


def tmx14_dtd() -> etree.DTD:
    """The TMX 1.4 DTD as OmegaT ships it, read from its jar at test time."""
    with zipfile.ZipFile(omegat_jar()) as jar:
        return etree.DTD(io.BytesIO(jar.read("schemas/tmx14.dtd")))


def translate_with_specials(root: Path) -> dict[str, dict[str, str]]:
    """Translate the alert with characters XML escapes and Armenian; lang -> msgid -> msgstr."""
    done: dict[str, dict[str, str]] = {}
    for lang in ("fr", "hy"):
        path = root / "locales" / lang / "alert.po"
        po = read_po(path)
        for entry in po:
            if entry.msgid:
                entry.msgstr = f"[{lang} & <Հ>] {entry.msgid}"
        write_po(po, path)
        done[lang] = {e.msgid: e.msgstr for e in po if e.msgid}
    return done


def test_export_and_stored_imports_are_valid_against_the_tmx_14_dtd(tmp_path: Path) -> None:
    dtd = tmx14_dtd()
    root = make_project(tmp_path)
    translate_with_specials(root)
    cli(root, "review", "--lang", "fr", "--by", "Ann")  # reviewed prop and changedate
    exported = tmp_path / "all.tmx"
    cli(root, "tm", "export", "-o", str(exported))
    fresh = make_project(tmp_path, "fresh")
    cli(fresh, "tm", "import", str(exported), str(root / "locales" / "hy" / "alert.po"))
    stored = sorted((fresh / "locales" / "tm").glob("*.tmx"))  # with the imported-from prop
    assert len(stored) == 2
    for path in [exported, *stored]:
        document = etree.parse(str(path))
        assert document.docinfo.doctype == '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
        assert dtd.validate(document), (path, dtd.error_log.filter_from_errors())
    # the validator does reject what breaks the DTD: a header without its required creationtool
    broken = exported.read_bytes().replace(b' creationtool="alerti18n"', b"", 1)
    assert not dtd.validate(etree.fromstring(broken))


@pytest.mark.parametrize("lang", ["fr", "hy"])
@pytest.mark.slow
def test_omegat_translates_a_document_from_the_exported_tmx(tmp_path: Path, lang: str) -> None:
    """OmegaT 3.6 in console mode fills a text file from our TMX put in its tm/auto folder."""
    omegat = require_tool("omegat")
    omegat_jar()
    root = make_project(tmp_path)
    translations = translate_with_specials(root)[lang]
    tmx = tmp_path / "alert.tmx"
    cli(root, "tm", "export", "--lang", lang, "-o", str(tmx))
    project = tmp_path / "omegat"
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / folder).mkdir(parents=True)
    (project / "tm" / "auto" / "alert.tmx").write_bytes(tmx.read_bytes())
    (project / "omegat.project").write_text(OMEGAT_PROJECT.format(lang=lang), encoding="utf-8")
    old = "Civilians are *trapped* in the region."
    sentences = [EXACT, old, NEW]  # NEW is in no memory
    (project / "source" / "doc.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "JAVA_TOOL_OPTIONS": "-Djava.awt.headless=true"}
    result = subprocess.run(
        [
            omegat,
            "--mode=console-translate",
            "--no-team",
            "--quiet",
            "--disable-project-locking",
            f"--config-dir={home / 'config'}",
            str(project),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    target = (project / "target" / "doc.txt").read_text(encoding="utf-8")
    assert target.split("\n\n") == [translations[EXACT], translations[old], NEW + "\n"], target


OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en</source_lang>
    <target_lang>{lang}</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


# --- the parsed-memory cache (.alerti18n/tm-cache) and deduplication --------------------


def catalogs_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*.po"))
    }


@pytest.mark.parametrize("damage", ["removed", "garbage", "wrong-types"])
def test_the_cache_is_never_a_source_of_truth(
    tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710460800")  # both fills date their marks alike
    root = make_project(tmp_path)
    translate_alert(root)
    compendium = tmp_path / "donor.po"
    compendium.write_bytes((root / "locales" / "fr" / "alert.po").read_bytes())
    cli(root, "tm", "import", str(compendium))
    cli(root, "tm", "fill")  # fills the report, caches every file as it is now
    # then a translator changes the alert and empties the report's drafts: fill again
    for lang in ("fr", "hy"):
        path = root / "locales" / lang / "alert.po"
        po = read_po(path)
        for entry in po:
            entry.msgstr = entry.msgstr.replace("[", "{")
        write_po(po, path)
        path = root / "locales" / lang / "report.po"
        po = read_po(path)
        for entry in po:
            if entry.msgid:
                entry.msgstr, entry.flags, entry.previous_msgid, entry.tcomment = "", [], None, ""
        write_po(po, path)
    damaged = tmp_path / "damaged"
    shutil.copytree(root, damaged)
    cached = sorted((damaged / ".alerti18n" / "tm-cache").rglob("*.json"))
    assert cached
    for path in cached:
        if damage == "removed":
            path.unlink()
        elif damage == "garbage":
            path.write_bytes(b"\x00{not json")
        else:
            data = json.loads(path.read_bytes())
            data["source"] = [1] * len(data["source"])
            path.write_text(json.dumps(data), encoding="utf-8")
    assert cli(root, "tm", "fill") == cli(damaged, "tm", "fill")
    assert catalogs_of(root) == catalogs_of(damaged)
    assert report(root, "hy")[EXACT].msgstr == "{hy] " + EXACT  # the changed alert, not the cache
    assert report(root, "fr")[EXACT].msgstr == "[fr] " + EXACT  # the reviewed import wins
    # what a fill did not use is gone; what it used is valid again
    for project in (root, damaged):
        left = sorted((project / ".alerti18n" / "tm-cache" / "fr").glob("*.json"))
        assert len(left) == 3  # alert.po, report.po, the imported donor.tmx
        assert all(json.loads(p.read_bytes())["format"] == cache._FORMAT for p in left)


def test_import_keeps_one_unit_per_sentence_pair(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    tu = '<tu><tuv xml:lang="en"><seg>{s}</seg></tuv><tuv xml:lang="fr"><seg>{t}</seg></tuv></tu>'
    units = [
        tu.format(s=EXACT, t="Un."),
        tu.format(s=EXACT, t="Un."),
        tu.format(s=EXACT, t="Deux."),
    ]
    memory = tmp_path / "dup.tmx"
    memory.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
        'creationtool="t" creationtoolversion="1" segtype="sentence" adminlang="en" '
        f'datatype="plaintext" o-tmf="t"/><body>{"".join(units)}</body></tmx>\n',
        encoding="utf-8",
    )
    assert "(fr: 2)" in cli(root, "tm", "import", str(memory))
    stored = (root / "locales" / "tm" / "dup.tmx").read_bytes()
    assert stored.count(b"<tu>") == 2


def test_plural_entries_are_not_memory_units(tmp_path: Path) -> None:
    """A compendium's plural entries are skipped (TMX has no plural forms); singular ones count."""
    root = make_project(tmp_path)
    compendium = tmp_path / "plural.po"
    compendium.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        f'msgid "{EXACT}"\nmsgstr "Exact."\n\n'
        'msgid "one day"\nmsgid_plural "%d days"\nmsgstr[0] "un jour"\nmsgstr[1] "%d jours"\n',
        encoding="utf-8",
    )
    assert "(fr: 1)" in cli(root, "tm", "import", str(compendium))
    exported = cli(root, "tm", "export", "--lang", "fr")
    assert "days" not in exported and "Exact." in exported


def test_fill_reads_the_cached_memory_instead_of_parsing_it_again(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    donor = make_project(tmp_path, "donor")
    translate_alert(donor, review_fr=False)
    cli(root, "tm", "import", str(donor / "locales" / "fr" / "alert.po"))  # parsed, cached
    cached = list((root / ".alerti18n" / "tm-cache" / "fr").glob("*.json"))
    assert len(cached) == 1
    data = json.loads(cached[0].read_bytes())
    data["target"] = [t.replace("[fr]", "(cached)") for t in data["target"]]
    cached[0].write_text(json.dumps(data), encoding="utf-8")
    cli(root, "tm", "fill", "--lang", "fr")
    assert report(root, "fr")[EXACT].msgstr == f"(cached) {EXACT}"


def test_import_caches_what_the_stored_file_reads_back_as(tmp_path: Path) -> None:
    """``tm import`` caches its units without parsing the file it wrote; they must be the
    units a fresh parse of that file gives, for every language, or ``tm fill`` would differ."""
    from alerti18n.core.config import load_project
    from alerti18n.core.state import State
    from alerti18n.memory.cache import ParsedFiles
    from alerti18n.memory.tm import _from, _relative
    from alerti18n.memory.tmx import read_tmx

    donor = make_project(tmp_path, "donor")
    translate_alert(donor)
    root = make_project(tmp_path, "p")
    compendium = tmp_path / "older-alerts.po"
    compendium.write_bytes((donor / "locales" / "fr" / "alert.po").read_bytes())
    cli(donor, "tm", "export", "--output", str(tmp_path / "donor.tmx"))
    cli(root, "tm", "import", str(compendium), str(tmp_path / "donor.tmx"))
    project = load_project(root)
    state = State(project.state_dir / "state.json", project.root)
    files = ParsedFiles(project.state_dir / "tm-cache", state, project.root)
    languages = set()
    for stored in sorted((root / "locales" / "tm").glob("*.tmx")):
        units = read_tmx(stored, project.source_language, project.target_languages).units
        languages.update(u.lang for u in units)
        for lang in project.target_languages:
            cached = files.get(lang, files.key(stored, "tmx", lang))
            assert cached is not None, (stored, lang)
            assert cached.units == _from(units, lang, _relative(project, stored))
    assert languages == {"fr", "hy"}  # the exported TMX carries both languages
