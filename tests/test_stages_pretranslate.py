"""Pre-translation end to end with real Argos packages built at test time (no mocks)."""

from __future__ import annotations

import logging
import textwrap
from pathlib import Path

import polib
import pytest
from argos_factory import alert_sentences, build_argosmodel, no_network_site, run_offline
from conftest import msgfmt_check

from alerti18n import marks
from alerti18n.config import Project, load_project
from alerti18n.errors import ConfigError
from alerti18n.mt import open_engine
from alerti18n.mt import packages as models
from alerti18n.mt.argos import PivotEngine
from alerti18n.mt.engine import Engine, MissingPackageError, MTOptions
from alerti18n.pofile import write_po
from alerti18n.stages.pretranslate import needs_draft, pretranslate

DOC = "sos-alert-artsakh-2"
HUMAN = {
    "SOS Alert - Artsakh #2": "Alerte SOS - Artsakh n° 2",
    "There are unconfirmed reports of atrocities and massacres.": (
        "Des atrocités et des massacres sont signalés, sans confirmation."
    ),
}
FUZZY_HUMAN = "At this moment in time, conditions on the ground are unclear."
MARKUP = [
    "Read [the full alert](https://www.lemkininstitute.com/alerts_2) and share it.",
    "Write to info@lemkininstitute.com or run `alerti18n build` for a copy.",
]


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


def write_catalog(project: Project) -> Path:
    """The French catalog: alert sentences, two human entries, a fuzzy and an obsolete one."""
    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Project-Id-Version": "test",
        "Language": "fr",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    seen: set[str] = set()
    for number, text in enumerate([*alert_sentences(), *MARKUP], start=1):
        if text in seen:
            continue
        seen.add(text)
        entry = polib.POEntry(
            msgid=text,
            msgstr=HUMAN.get(text, ""),
            occurrences=[(f"source/{DOC}.md", str(number))],
            tcomment="translator: checked with the desk" if text in HUMAN else "",
        )
        if text == FUZZY_HUMAN:
            entry.msgstr, entry.flags = "En ce moment, la situation est floue.", ["fuzzy"]
        po.append(entry)
    # an untranslated obsolete entry is written (as msgcat would) only with a comment to keep
    po.append(
        polib.POEntry(msgid="Gone sentence.", msgstr="", obsolete=True, tcomment="note: check")
    )
    po.append(polib.POEntry(msgid="Removed.", msgstr="Supprimé.", obsolete=True))
    path = project.po_path("fr", DOC)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_po(po, path)
    hy = project.po_path("hy", DOC)
    if hy.exists():
        hy.unlink()
    return path


@pytest.fixture
def setup(project: Path, tmp_path: Path) -> tuple[Project, Path, MTOptions]:
    proj = load_project(project)
    path = write_catalog(proj)
    return proj, path, MTOptions(models_dir=tmp_path / "models", beam_size=2)


def counting(options: MTOptions, made: list[Engine]):
    def factory(src: str, dst: str) -> Engine:
        engine = open_engine(src, dst, options)
        made.append(engine)
        return engine

    return factory


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(path))}


def test_drafts_are_fuzzy_marked_and_humans_untouched(setup, packages) -> None:
    proj, path, options = setup
    models.install_file(packages["copy"], options.models_dir)
    before = entries(path)
    progress: list[tuple[int, int]] = []
    (summary,) = pretranslate(
        proj, ["fr"], options=options, progress=lambda d, t: progress.append((d, t))
    )
    after = entries(path)
    drafted = [m for m, e in before.items() if needs_draft(e)]
    assert summary.translated == len(drafted) > 20 and summary.written
    assert summary.skipped == 3 and summary.from_cache == 0 and summary.warnings == 0
    assert progress[-1] == (len(drafted), len(drafted))
    for msgid in drafted:
        entry = after[msgid]
        assert "fuzzy" in entry.flags and entry.msgstr
        mark = marks.machine_draft(entry)
        assert mark and mark.value.startswith("argos translate-en_fr-1_0 1.0 sha=")
        assert not any(m.kind == marks.MT_WARNING for m in marks.marks(entry))
    for msgid in [*HUMAN, FUZZY_HUMAN, "Gone sentence.", "Removed."]:
        assert str(after[msgid]) == str(before[msgid])  # byte for byte
    msgfmt_check(path)


def test_placeholders_and_glossary_come_back(setup, packages) -> None:
    proj, path, options = setup
    models.install_file(packages["copy"], options.models_dir)
    pretranslate(proj, ["fr"], options=options)
    after = entries(path)
    assert after[MARKUP[0]].msgstr == MARKUP[0]  # the copying model: link intact
    assert after[MARKUP[1]].msgstr == MARKUP[1]
    lead = alert_sentences()[1]
    assert lead.startswith("The Lemkin Institute for Genocide Prevention")
    assert after[lead].msgstr.startswith("The Institut Lemkin pour la prévention du génocide ")
    assert "République d'Azerbaïdjan" in after[lead].msgstr


def test_lost_placeholders_are_flagged(setup, packages) -> None:
    proj, path, options = setup
    models.install_file(packages["random"], options.models_dir)
    options = MTOptions(models_dir=options.models_dir, beam_size=1, max_decoding_length=40)
    (summary,) = pretranslate(proj, ["fr"], options=options)
    assert summary.warnings > 0
    for msgid in MARKUP:
        entry = entries(path)[msgid]
        warnings = [m for m in marks.marks(entry) if m.kind == marks.MT_WARNING]
        assert "fuzzy" in entry.flags and warnings and "dropped" in warnings[0].value
        assert marks.machine_draft(entry)  # still a valid, marked draft


def test_second_run_changes_nothing_and_calls_no_model(setup, packages) -> None:
    proj, path, options = setup
    models.install_file(packages["copy"], options.models_dir)
    pretranslate(proj, ["fr"], options=options)
    first = path.read_bytes()
    made: list[Engine] = []
    (summary,) = pretranslate(proj, ["fr"], options=options, engine_factory=counting(options, made))
    assert path.read_bytes() == first and not summary.written
    assert summary.translated == 0 and made[0].calls == 0


def test_cache_answers_and_is_keyed_by_version(setup, packages) -> None:
    proj, path, options = setup
    original = path.read_bytes()
    models.install_file(packages["copy"], options.models_dir)
    made: list[Engine] = []
    (first,) = pretranslate(proj, ["fr"], options=options, engine_factory=counting(options, made))
    drafted = path.read_bytes()
    assert made[0].calls > 0
    path.write_bytes(original)  # drafts thrown away: the cache answers them all
    (again,) = pretranslate(proj, ["fr"], options=options, engine_factory=counting(options, made))
    assert made[1].calls == 0 and again.from_cache == again.translated == first.translated
    assert path.read_bytes() == drafted
    po = polib.pofile(str(path))  # one changed source sentence: only it goes to the model
    for entry in po:
        if entry.msgid.startswith("At this moment"):
            entry.msgid, entry.msgstr, entry.flags, entry.tcomment = "Brand new.", "", [], ""
    write_po(po, path)
    pretranslate(proj, ["fr"], options=options, engine_factory=counting(options, made))
    assert made[2].calls == 1 and made[2].segments == 1
    path.write_bytes(original)  # a new package version does not reuse the old cache
    models.install_file(packages["copy-1.1"], options.models_dir)
    (newer,) = pretranslate(proj, ["fr"], options=options, engine_factory=counting(options, made))
    assert made[3].version == "1.1" and made[3].calls > 0 and newer.from_cache == 0


def test_batches_follow_the_options(setup, packages) -> None:
    proj, _, options = setup
    models.install_file(packages["copy"], options.models_dir)
    options = MTOptions(models_dir=options.models_dir, batch_size=5, beam_size=1)
    made: list[Engine] = []
    (summary,) = pretranslate(proj, ["fr"], options=options, engine_factory=counting(options, made))
    assert made[0].calls == -(-summary.translated // 5)


def test_dry_run_writes_and_translates_nothing(setup, packages) -> None:
    proj, path, options = setup
    models.install_file(packages["copy"], options.models_dir)
    before = path.read_bytes()
    made: list[Engine] = []
    (summary,) = pretranslate(
        proj, ["fr"], dry_run=True, options=options, engine_factory=counting(options, made)
    )
    assert summary.translated > 20 and not summary.written and made[0].calls == 0
    assert path.read_bytes() == before and not (proj.state_dir / "mt-cache").exists()


def test_missing_package(setup, packages, caplog: pytest.LogCaptureFixture) -> None:
    proj, _, options = setup
    models.install_file(packages["copy"], options.models_dir)
    with pytest.raises(MissingPackageError) as info:
        pretranslate(proj, ["hy"], options=options)
    assert info.value.exit_code == 1
    assert "en->hy" in info.value.message
    assert "models install" in info.value.hint and "--from-index" in info.value.hint
    assert "OPUS-MT" in info.value.hint and "README" in info.value.hint
    with caplog.at_level(logging.WARNING):
        summaries = pretranslate(proj, None, skip_missing=True, options=options)
    assert [s.lang for s in summaries] == ["fr"]
    assert "en->hy" in caplog.text


def test_pivot_through_a_third_language(setup, packages) -> None:
    proj, path, options = setup
    models.install_file(packages["en-de"], options.models_dir)
    models.install_file(packages["de-fr"], options.models_dir)
    assert isinstance(open_engine("en", "fr", options), PivotEngine)
    (summary,) = pretranslate(proj, ["fr"], options=options)
    assert summary.translated > 20
    entry = entries(path)[MARKUP[1]]
    assert entry.msgstr == MARKUP[1]
    assert marks.machine_draft(entry).value.startswith(
        "argos translate-en_de-1_0+translate-de_fr-1_0 1.0+1.0 "
    )


def test_options_from_project(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text()
    pyproject.write_text(
        text + '\n[tool.alerti18n.mt]\nbatch-size = 8\nbeam-size = 1\nmodels-dir = "m"\n'
    )
    options = MTOptions.from_project(load_project(project), threads=2)
    assert (options.batch_size, options.beam_size, options.threads) == (8, 1, 2)
    assert options.models_dir == (project / "m").resolve()
    pyproject.write_text(text + "\n[tool.alerti18n.mt]\nbatch-size = 'big'\n")
    with pytest.raises(ConfigError, match="batch-size"):
        MTOptions.from_project(load_project(project))


def test_pretranslate_offline(setup, packages, tmp_path: Path) -> None:
    """In a process where every socket connect and DNS lookup fails, and is logged."""
    proj, path, options = setup
    models.install_file(packages["copy"], options.models_dir)
    log = tmp_path / "attempts.log"
    site = no_network_site(tmp_path)
    code = textwrap.dedent(
        f"""
        import socket
        from alerti18n.config import load_project
        from alerti18n.mt.engine import MTOptions
        from alerti18n.stages.pretranslate import pretranslate
        assert socket.getaddrinfo.__name__ == "_blocked"
        options = MTOptions(models_dir={str(options.models_dir)!r}, beam_size=2)
        (s,) = pretranslate(load_project({str(proj.root)!r}), ["fr"], options=options)
        print("OK", s.translated, s.written)
        """
    )
    result = run_offline(code, site, tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:3] == ["OK", str(len(alert_sentences()) + 2 - 3), "True"]
    assert not log.exists(), log.read_text()  # no connection was even attempted
    assert "fuzzy" in entries(path)[MARKUP[0]].flags
