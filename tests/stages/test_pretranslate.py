"""Pre-translation end to end on the basic fixture project (tests/roots/basic), with real Argos
packages built at test time (no mocks)."""

from __future__ import annotations

import gettext
import logging
import textwrap
from pathlib import Path

import polib
import pytest
from support.argos_factory import (
    build_argosmodel,
    build_multilingual,
    no_network_site,
    run_offline,
)
from support.tools import msgfmt_check

from alerti18n.core.config import Project, load_project
from alerti18n.core.errors import ConfigError
from alerti18n.language.glossary import load_glossary
from alerti18n.mt import engine_options, open_engine
from alerti18n.mt import packages as models
from alerti18n.mt.argos import ArgosOptions, PivotEngine
from alerti18n.mt.engine import Draft, Engine, MissingPackageError
from alerti18n.po import marks
from alerti18n.po.entrystate import LOW, draft_band
from alerti18n.po.pofile import plural_count, read_po, write_po
from alerti18n.stages.pretranslate import Summary, needs_draft, pretranslate

pytestmark = pytest.mark.slow

DOCS = ["field-hospital", "water-points"]  # the basic fixture's documents (tests/roots/basic)
#: Translations a person made, kept (with a translator's comment added) when the rest is emptied.
HUMAN = [
    "The hospital is run by volunteers from three neighbouring towns.",
    "Do not drink tap water!",
]
#: The fixture's fuzzy entry (its source changed) and its waived "Total": human work too.
FUZZY_HUMAN = "It treats injured and sick civilians free of charge, day and night."
WAIVED = "Total"
KEPT = [*HUMAN, FUZZY_HUMAN, WAIVED]
#: The fixture's one translated obsolete entry, and the untranslated one with a comment added.
OBSOLETE = ["It treats injured civilians free of charge, day and night.", "Gone sentence."]
MARKUP = [
    "Updates are posted on [the network's notice board](https://relief.example.org/notices).",
    "To register in advance, send a text message with the code `FH-24` to the hotline.",
]
#: A sentence with two glossary terms, and what the copying model gives back for it.
TERMS = "The Coastal Relief Network has opened a field hospital near the old railway station."
TERMS_FR = (
    "The Réseau de secours côtier has opened a hôpital de campagne near the old railway station."
)


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real .argosmodel files: a copying en->fr, a random en->fr, and a pivot pair."""
    folder = tmp_path_factory.mktemp("argos")
    return {
        "copy": build_argosmodel(folder / "copy.argosmodel", copy=True),
        "random": build_argosmodel(folder / "random.argosmodel", layers=(1, 1)),
        "copy-1.1": build_argosmodel(folder / "copy11.argosmodel", copy=True, version="1.1"),
        "en-de": build_argosmodel(folder / "ende.argosmodel", "en", "de", copy=True),
        "de-fr": build_argosmodel(folder / "defr.argosmodel", "de", "fr", copy=True),
    }


def empty_french(project: Project) -> list[Path]:
    """The fixture's French catalogs emptied but for the human work in ``KEPT``; an untranslated
    obsolete entry with a comment added (kept, as msgcat would). Returns their paths."""
    paths = [project.po_path("fr", doc) for doc in DOCS]
    for path in paths:
        po = read_po(path)
        for entry in po:
            if entry.msgid in HUMAN:
                entry.tcomment = "translator: checked with the desk"
            elif not entry.obsolete and entry.msgid not in KEPT:
                entry.msgstr, entry.tcomment = "", ""
        if path.stem == DOCS[-1]:
            po.append(
                polib.POEntry(msgid=OBSOLETE[1], msgstr="", obsolete=True, tcomment="note: check")
            )
        write_po(po, path)
    return paths


@pytest.fixture
def setup(basic_project: Path, tmp_path: Path) -> tuple[Project, list[Path], ArgosOptions]:
    proj = load_project(basic_project)
    paths = empty_french(proj)
    return proj, paths, ArgosOptions(models_dir=tmp_path / "models", beam_size=2)


def counting(options: ArgosOptions, made: list[Engine]):
    def factory(src: str, dst: str) -> Engine:
        engine = open_engine(src, dst, options)
        made.append(engine)
        return engine

    return factory


def entries(paths: list[Path]) -> dict[str, polib.POEntry]:
    """Every entry of the catalogs ``paths``, by msgid (the fixture's msgids are distinct)."""
    found = [e for path in paths for e in polib.pofile(str(path))]
    by_msgid = {e.msgid: e for e in found}
    assert len(by_msgid) == len(found), "a msgid repeats: key these entries by document"
    return by_msgid


def to_draft(paths: list[Path]) -> list[int]:
    """How many entries of each catalog pretranslate should draft (counted before it runs)."""
    counts = [sum(map(needs_draft, polib.pofile(str(path)))) for path in paths]
    assert sum(counts) == len(entries(paths)) - len(KEPT) - len(OBSOLETE) > 20
    return counts


def per_doc(summaries: list[Summary], attribute: str) -> list[object]:
    """``attribute`` of each summary, after checking they are French's, one per document."""
    assert [(s.lang, s.doc) for s in summaries] == [("fr", doc) for doc in DOCS]
    return [getattr(s, attribute) for s in summaries]


def snapshot(paths: list[Path]) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in paths}


def put_back(saved: dict[Path, bytes]) -> None:
    for path, data in saved.items():
        path.write_bytes(data)


def test_drafts_are_fuzzy_marked_and_humans_untouched(setup, packages) -> None:
    proj, paths, options = setup
    models.install_file(packages["copy"], options.models_dir)
    before = entries(paths)
    counts = to_draft(paths)
    progress: list[tuple[int, int]] = []
    summaries = pretranslate(
        proj, ["fr"], options=options, progress=lambda d, t: progress.append((d, t))
    )
    after = entries(paths)
    drafted = [m for m, e in before.items() if needs_draft(e)]
    assert per_doc(summaries, "translated") == counts and sum(counts) == len(drafted)
    assert per_doc(summaries, "written") == [True, True]
    assert sum(s.skipped for s in summaries) == len(KEPT)
    assert per_doc(summaries, "from_cache") == per_doc(summaries, "warnings") == [0, 0]
    assert progress[-1] == (len(drafted), len(drafted))
    for msgid in drafted:
        entry = after[msgid]
        assert "fuzzy" in entry.flags and entry.msgstr
        mark = marks.machine_draft(entry)
        assert mark and mark.value.startswith("argos translate-en_fr-1_0 1.0 confidence=")
        assert marks.confidence(mark) is not None  # CTranslate2's score of the draft
        assert not any(m.kind == marks.MT_WARNING for m in marks.marks(entry))
    for msgid in [*KEPT, *OBSOLETE]:
        assert str(after[msgid]) == str(before[msgid])  # byte for byte
    assert "translator: checked with the desk" in after[HUMAN[0]].tcomment
    for path in paths:
        msgfmt_check(path)


def test_placeholders_and_glossary_come_back(setup, packages) -> None:
    proj, paths, options = setup
    models.install_file(packages["copy"], options.models_dir)
    pretranslate(proj, ["fr"], options=options)
    after = entries(paths)
    assert after[MARKUP[0]].msgstr == MARKUP[0]  # the copying model: link intact
    assert after[MARKUP[1]].msgstr == MARKUP[1]  # and the code span
    assert after[TERMS].msgstr == TERMS_FR  # glossary terms come back in French


def test_lost_placeholders_are_flagged(setup, packages) -> None:
    proj, paths, options = setup
    models.install_file(packages["random"], options.models_dir)
    options = ArgosOptions(models_dir=options.models_dir, beam_size=1, max_decoding_length=40)
    summaries = pretranslate(proj, ["fr"], options=options)
    assert sum(s.warnings for s in summaries) > 0
    for msgid in MARKUP:
        entry = entries(paths)[msgid]
        warnings = [m for m in marks.marks(entry) if m.kind == marks.MT_WARNING]
        assert "fuzzy" in entry.flags and warnings and "dropped" in warnings[0].value
        assert marks.machine_draft(entry)  # still a valid, marked draft


def test_second_run_changes_nothing_and_calls_no_model(setup, packages) -> None:
    proj, paths, options = setup
    models.install_file(packages["copy"], options.models_dir)
    pretranslate(proj, ["fr"], options=options)
    first = snapshot(paths)
    made: list[Engine] = []
    summaries = pretranslate(proj, ["fr"], options=options, engine_factory=counting(options, made))
    assert snapshot(paths) == first and per_doc(summaries, "written") == [False, False]
    assert per_doc(summaries, "translated") == [0, 0] and made[0].calls == 0


def test_cache_answers_and_is_keyed_by_version(setup, packages, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710460800")  # the drafts' at= (the clock)
    proj, paths, options = setup
    original = snapshot(paths)
    models.install_file(packages["copy"], options.models_dir)
    made: list[Engine] = []
    first = pretranslate(proj, ["fr"], options=options, engine_factory=counting(options, made))
    drafted = snapshot(paths)
    assert made[0].calls > 0
    put_back(original)  # drafts thrown away: the cache answers them all
    again = pretranslate(proj, ["fr"], options=options, engine_factory=counting(options, made))
    assert made[1].calls == 0
    assert per_doc(again, "from_cache") == per_doc(again, "translated")
    assert per_doc(again, "translated") == per_doc(first, "translated")
    assert snapshot(paths) == drafted
    path = paths[0]  # one changed source sentence: only it goes to the model
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid == FUZZY_HUMAN:
            entry.msgid, entry.msgstr, entry.flags, entry.tcomment = "Brand new.", "", [], ""
            entry.previous_msgid = None
    write_po(po, path)
    pretranslate(proj, ["fr"], options=options, engine_factory=counting(options, made))
    assert made[2].calls == 1 and made[2].segments == 1
    put_back(original)  # a new package version does not reuse the old cache
    models.install_file(packages["copy-1.1"], options.models_dir)
    newer = pretranslate(proj, ["fr"], options=options, engine_factory=counting(options, made))
    assert made[3].version == "1.1" and made[3].calls > 0
    assert per_doc(newer, "from_cache") == [0, 0]


def test_batches_follow_the_options(setup, packages) -> None:
    proj, _, options = setup
    models.install_file(packages["copy"], options.models_dir)
    options = ArgosOptions(models_dir=options.models_dir, batch_size=5, beam_size=1)
    made: list[Engine] = []
    summaries = pretranslate(proj, ["fr"], options=options, engine_factory=counting(options, made))
    # one engine for French, called per catalog: ceil(entries / 5) batches each
    assert made[0].calls == sum(-(-n // 5) for n in per_doc(summaries, "translated"))


def test_dry_run_writes_and_translates_nothing(setup, packages) -> None:
    proj, paths, options = setup
    models.install_file(packages["copy"], options.models_dir)
    before = snapshot(paths)
    counts = to_draft(paths)
    made: list[Engine] = []
    summaries = pretranslate(
        proj, ["fr"], dry_run=True, options=options, engine_factory=counting(options, made)
    )
    assert per_doc(summaries, "translated") == counts and made[0].calls == 0
    assert per_doc(summaries, "written") == [False, False]
    assert snapshot(paths) == before and not (proj.state_dir / "mt-cache").exists()


def test_missing_package(setup, packages, caplog: pytest.LogCaptureFixture) -> None:
    proj, _, options = setup
    models.install_file(packages["copy"], options.models_dir)
    with pytest.raises(MissingPackageError) as info:
        pretranslate(proj, ["hy"], options=options)
    assert info.value.exit_code == 1
    assert "en->hy" in info.value.message
    assert "models install" in info.value.hint and "--from-index" in info.value.hint
    assert "NLLB-200" in info.value.hint and "docs/how-to/choose-a-model.md" in info.value.hint
    with caplog.at_level(logging.WARNING):
        summaries = pretranslate(proj, None, skip_missing=True, options=options)
    assert per_doc(summaries, "lang") == ["fr", "fr"]  # French only, both documents
    assert "en->hy" in caplog.text


def test_pivot_through_a_third_language(setup, packages) -> None:
    proj, paths, options = setup
    models.install_file(packages["en-de"], options.models_dir)
    models.install_file(packages["de-fr"], options.models_dir)
    assert isinstance(open_engine("en", "fr", options), PivotEngine)
    counts = to_draft(paths)
    summaries = pretranslate(proj, ["fr"], options=options)
    assert per_doc(summaries, "translated") == counts
    entry = entries(paths)[MARKUP[1]]
    assert entry.msgstr == MARKUP[1]
    assert marks.machine_draft(entry).value.startswith(
        "argos translate-en_de-1_0+translate-de_fr-1_0 1.0+1.0 "
    )


def test_options_from_project(basic_project: Path) -> None:
    pyproject = basic_project / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(
        text + '\n[tool.alerti18n.mt]\nbatch-size = 8\nbeam-size = 1\nmodels-dir = "m"\n'
    )
    options = engine_options(load_project(basic_project), threads=2)
    assert (options.batch_size, options.beam_size, options.threads) == (8, 1, 2)
    assert options.models_dir == (basic_project / "m").resolve()
    pyproject.write_text(text + "\n[tool.alerti18n.mt]\nbatch-size = 'big'\n")
    with pytest.raises(ConfigError, match="batch-size"):
        engine_options(load_project(basic_project))


def test_pretranslate_offline(setup, packages, tmp_path: Path) -> None:
    """In a process where every socket connect and DNS lookup fails, and is logged."""
    proj, paths, options = setup
    models.install_file(packages["copy"], options.models_dir)
    expected = sum(to_draft(paths))
    log = tmp_path / "attempts.log"
    site = no_network_site(tmp_path)
    code = textwrap.dedent(
        f"""
        import socket
        from alerti18n.core.config import load_project
        from alerti18n.mt.argos import ArgosOptions
        from alerti18n.stages.pretranslate import pretranslate
        assert socket.getaddrinfo.__name__ == "_blocked"
        options = ArgosOptions(models_dir={str(options.models_dir)!r}, beam_size=2)
        done = pretranslate(load_project({str(proj.root)!r}), ["fr"], options=options)
        print("OK", sum(s.translated for s in done), all(s.written for s in done), len(done))
        """
    )
    result = run_offline(code, site, tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:4] == ["OK", str(expected), "True", str(len(DOCS))]
    assert not log.exists(), log.read_text()  # no connection was even attempted
    assert "fuzzy" in entries(paths)[MARKUP[0]].flags


class ScriptedEngine:
    """A deterministic engine (unit test only: the real engines' path is tested end to end in
    tests/e2e/hostile/test_mt_output.py): it answers from ``drafts``, the source otherwise."""

    engine, package, version = "scripted", "scripted-en-fr", "1.0"

    def __init__(self, drafts: dict[str, str]) -> None:
        self.drafts = drafts
        self.asked: list[str] = []

    @property
    def calls(self) -> int:
        return len(self.asked)

    @property
    def key(self) -> str:
        return "scripted en->fr"

    def check(self) -> None:
        pass

    def translate(self, texts, progress=None) -> list[str]:
        self.asked += texts
        return [self.drafts.get(text, text) for text in texts]


CONTROLLED = {
    "Notice": "Avis\x85",  # C1 NEL
    "The road is open.": "La route\x00 est ouverte.",
    "The bridge is closed.": "\x1b]0;owned\x07Le pont est fermé.",
    "Water is safe.": "L’eau est\tpotable.",  # a tab the source does not have
}


def test_drafts_with_control_characters_are_neither_written_nor_cached(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from support.projects import small_project

    from alerti18n.mt.cache import TranslationCache

    text = "# Notice\n\nThe road is open.\n\nThe bridge is closed.\n\nWater is safe. Go home.\n"
    root = small_project(tmp_path, text)
    monkeypatch.setattr(logging.getLogger("alerti18n"), "propagate", True)  # the CLI stops it
    project = load_project(root)
    po = root / "locales" / "fr" / "alert.po"
    engine = ScriptedEngine(CONTROLLED)
    with caplog.at_level(logging.WARNING):
        [summary] = pretranslate(project, engine_factory=lambda s, t: engine)
    assert (summary.refused, summary.translated) == (4, 1)
    assert "fr/alert: 4 machine draft(s) held control characters" in caplog.text
    msgfmt_check(po)
    drafts = {e.msgid: e.msgstr for e in read_po(po) if e.msgstr}
    assert drafts == {"Go home.": "Go home."}
    cache = TranslationCache(project.state_dir / "mt-cache")
    assert cache.get(engine.key, list(CONTROLLED)) == {}
    assert list(cache.get(engine.key, ["Go home."]).values()) == [Draft("Go home.")]
    # a rerun asks again for what was refused (and only that)
    engine.asked.clear()
    [again] = pretranslate(project, engine_factory=lambda s, t: engine)
    assert sorted(engine.asked) == sorted(CONTROLLED) and again.refused == 4
    # drafts an older version cached with control characters are refused too
    cache.put(engine.key, {"Notice": Draft("Avis\x00")})
    cache.close()
    clean = ScriptedEngine({"Notice": "Avis"})
    [last] = pretranslate(project, engine_factory=lambda s, t: clean)
    assert "Notice" in clean.asked and {e.msgid: e.msgstr for e in read_po(po)}["Notice"] == "Avis"
    msgfmt_check(po)


def test_a_tab_or_line_feed_is_kept_where_the_source_has_one() -> None:
    from alerti18n.stages.pretranslate import _acceptable

    summary = Summary("fr", "alert", Path("fr/alert.po"))
    texts = {"a\tb": "x\ty", "a b": "x\ty", "c\nd": "u\nv", "e": "w\r", "f": "z\x7f"}
    drafts = {source: Draft(text) for source, text in texts.items()}
    assert _acceptable(drafts, summary) == {"a\tb": Draft("x\ty"), "c\nd": Draft("u\nv")}
    assert summary.refused == 3


# Confidence, glossary terms, plural forms ---------------------------------------------------

#: A sentence of the fixture with no glossary term, and what a mangling model makes of one.
MANGLED = [("▁hospital", "▁district")]  # "field hospital" -> "field district", and back


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """NLLB-shaped packages for en and hy: one copying its input but swapping two words (a
    model that mangles the term "field hospital"), one with random weights."""
    folder = tmp_path_factory.mktemp("multilingual")
    return {
        "mangling": build_multilingual(
            folder, "nllb", ("en", "hy"), copy=True, swap=MANGLED, name="mangling"
        ),
        "random": build_multilingual(folder, "nllb", ("en", "hy"), layers=(1, 1), name="random"),
    }


def emptied(project: Project, lang: str) -> list[Path]:
    """Every live entry of ``lang``'s catalogs made untranslated; their paths."""
    paths = [project.po_path(lang, doc) for doc in DOCS]
    for path in paths:
        po = read_po(path)
        for entry in (e for e in po if not e.obsolete and e.msgid):
            entry.msgstr, entry.tcomment = "", ""
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        write_po(po, path)
    return paths


def test_glossary_terms_survive_a_model_that_mangles_them(
    basic_project: Path, multilingual: dict[str, Path], tmp_path: Path
) -> None:
    proj = load_project(basic_project)
    paths = emptied(proj, "hy")
    models.install_file(multilingual["mangling"], tmp_path / "models")
    options = ArgosOptions(models_dir=tmp_path / "models", beam_size=1)
    glossary = proj.glossary
    assert glossary is not None
    approved = glossary.read_bytes()
    # without an approved Armenian form, the model's own output: the term mangled
    glossary.write_text("en,fr\nfield hospital,hôpital de campagne\n", encoding="utf-8")
    [first, _] = pretranslate(proj, ["hy"], options=options)
    mangled = entries(paths)[TERMS].msgstr
    assert "field district" in mangled and "field hospital" not in mangled
    assert first.terms == 0  # no approved form to hold the drafts to
    # with the approved forms: each term goes through as a placeholder and comes back approved
    glossary.write_bytes(approved)
    emptied(proj, "hy")
    summaries = pretranslate(proj, ["hy"], options=options)
    held = entries(paths)[TERMS]
    assert held.msgstr == (
        "The Ափամերձ օգնության ցանց has opened a դաշտային հիվանդանոց near the old railway station."
    )
    assert not any(m.kind == marks.MT_WARNING for m in marks.marks(held))
    found = [
        term
        for path in paths
        for e in read_po(path)
        if e.msgid and not e.obsolete
        for term in load_glossary(glossary, "en").find(e.msgid)
        if term.forms.get("hy")
    ]
    assert sum(s.terms for s in summaries) == len(found) > 2
    assert sum(s.terms_held for s in summaries) == len(found)  # a 100% term-usage rate
    for path in paths:
        msgfmt_check(path)


def test_a_term_the_model_drops_is_marked_and_counted(
    basic_project: Path, multilingual: dict[str, Path], tmp_path: Path
) -> None:
    """Random weights drop the term placeholders: the approved form could not be placed."""
    proj = load_project(basic_project)
    paths = emptied(proj, "hy")
    models.install_file(multilingual["random"], tmp_path / "models")
    options = ArgosOptions(models_dir=tmp_path / "models", beam_size=1, max_decoding_length=30)
    summaries = pretranslate(proj, ["hy"], options=options)
    entry = entries(paths)[TERMS]
    [warning] = [m.value for m in marks.marks(entry) if m.kind == marks.MT_WARNING]
    assert "MT dropped term 'field hospital': its approved form 'դաշտային հիվանդանոց' could " in (
        warning
    )
    assert sum(s.terms_held for s in summaries) < sum(s.terms for s in summaries)


def test_a_threshold_withholds_drafts_below_it_and_the_cache_keeps_every_score(
    setup, packages, multilingual: dict[str, Path]
) -> None:
    proj, fr_paths, options = setup
    hy_paths = emptied(proj, "hy")
    models.install_file(packages["copy"], options.models_dir)  # en->fr: sure of every token
    models.install_file(multilingual["random"], options.models_dir)  # en->hy: guessing
    strict = ArgosOptions(models_dir=options.models_dir, beam_size=1, min_confidence=0.5)
    before = snapshot(hy_paths)
    made: list[Engine] = []
    summaries = pretranslate(
        proj, ["fr", "hy"], options=strict, engine_factory=counting(strict, made)
    )
    fr = [s for s in summaries if s.lang == "fr"]
    hy = [s for s in summaries if s.lang == "hy"]
    assert sum(s.withheld for s in fr) == 0 and sum(s.translated for s in fr) > 20
    assert sum(s.bands["high"] for s in fr) == sum(s.translated for s in fr)
    assert sum(s.translated for s in hy) == 0
    assert sum(s.withheld for s in hy) == sum(map(needs_draft, entries(hy_paths).values())) > 20
    assert snapshot(hy_paths) == before  # withheld: nothing written, entries untranslated
    # the scores are cached: a lower threshold writes the drafts without asking the model
    made.clear()
    lenient = ArgosOptions(models_dir=options.models_dir, beam_size=1, high_confidence=0.5)
    again = pretranslate(proj, ["hy"], options=lenient, engine_factory=counting(lenient, made))
    assert sum(engine.calls for engine in made) == 0
    assert sum(s.translated for s in again) == sum(s.withheld for s in hy)
    assert sum(s.bands["low"] for s in again) == sum(s.translated for s in again)
    for entry in (e for e in entries(hy_paths).values() if marks.machine_draft(e)):
        mark = marks.machine_draft(entry)
        assert mark is not None
        score = marks.confidence(mark)
        assert score is not None and score < 0.5
        assert draft_band(entry, 0.5) == LOW


def test_confidence_settings_come_from_the_config_and_are_checked(basic_project: Path) -> None:
    config = basic_project / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "\n[tool.alerti18n.mt]\nmin-confidence = 0.4\n", encoding="utf-8")
    options = engine_options(load_project(basic_project))
    assert (options.min_confidence, options.high_confidence) == (0.4, 0.5)
    config.write_text(text + "\n[tool.alerti18n.mt]\nmin-confidence = 1.5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="mt min-confidence must be at most 1"):
        engine_options(load_project(basic_project))
    config.write_text(text + '\n[tool.alerti18n.mt]\nhigh-confidence = "high"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="mt.high-confidence must be a number from 0 to 1"):
        engine_options(load_project(basic_project))


PLURAL = polib.POEntry(msgid="One road is open.", msgid_plural="{n} roads are open.")
SINGULAR_DRAFT, PLURAL_DRAFT = "S", "P"


@pytest.mark.parametrize("lang", ["fr", "ru", "ar", "ja"])
def test_plural_forms_take_the_singular_only_where_the_rule_says_one(
    tmp_path: Path, lang: str
) -> None:
    """The catalog's own Plural-Forms (CLDR's, from update) says which form serves n = 1."""
    from support.projects import small_project

    root = small_project(tmp_path, "# Notice\n\nThe road is open.\n", langs=lang)
    path = root / "locales" / lang / "alert.po"
    po = read_po(path)
    po.append(polib.POEntry(msgid=PLURAL.msgid, msgid_plural=PLURAL.msgid_plural))
    write_po(po, path)
    engine = ScriptedEngine({PLURAL.msgid: SINGULAR_DRAFT, PLURAL.msgid_plural: PLURAL_DRAFT})
    pretranslate(load_project(root), engine_factory=lambda s, t: engine)
    po = read_po(path)
    [entry] = [e for e in po if e.msgid_plural]
    expression = po.metadata["Plural-Forms"].split("plural=")[1].rstrip(";")
    rule = gettext.c2py(expression)
    forms = entry.msgstr_plural
    assert len(forms) == plural_count(po) and "fuzzy" in entry.flags
    if lang == "fr":  # one form for 0 and 1
        assert rule(0) == rule(1) and forms[rule(1)] == SINGULAR_DRAFT
    if lang == "ru":  # the form of 1 also serves 21, 31...: it must say the number
        assert rule(1) == rule(21) and forms[rule(1)] == PLURAL_DRAFT
    if lang == "ar":  # 0 has a form of its own; 1 too
        assert rule(0) != rule(1) and forms[rule(1)] == SINGULAR_DRAFT
        assert forms[rule(0)] == PLURAL_DRAFT
    if lang == "ja":  # one form for every number
        assert forms == {0: PLURAL_DRAFT}
    assert sum(text == SINGULAR_DRAFT for text in forms.values()) <= 1
    msgfmt_check(path)
