"""Issue 3 end to end through the CLI: install a real test-built package, pre-translate offline."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from support.argos_factory import build_argosmodel
from support.tools import EXE, msgfmt_check, offline

from alerti18n.po import marks
from alerti18n.po.pofile import read_po, write_po
from alerti18n.stages.pretranslate import needs_draft

pytestmark = pytest.mark.slow

#: Human translations of the basic fixture (tests/roots/basic) kept when its French is emptied,
#: one per document; its fuzzy entry (source changed) is kept too.
HUMANS = [
    "The hospital is run by volunteers from three neighbouring towns.",
    "Do not drink tap water!",
]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_argosmodel(tmp_path_factory.mktemp("argos") / "en_fr.argosmodel", copy=True)


def test_pretranslate_fills_drafts_offline_and_keeps_humans(
    basic_project: Path, package: Path, tmp_path: Path
) -> None:
    project = basic_project
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
        "HOME": str(tmp_path / "home"),
    }
    installed = subprocess.run(
        [EXE, "models", "install", str(package)], capture_output=True, text=True, env=env
    )
    assert installed.returncode == 0, installed.stderr
    listed = subprocess.run([EXE, "models", "list"], capture_output=True, text=True, env=env)
    assert "en->fr" in listed.stdout and str(tmp_path / "packages") in listed.stdout
    # the French catalogs emptied except two human entries and the fuzzy one
    paths = sorted((project / "locales" / "fr").glob("*.po"))
    humans, fuzzy, todo = {}, {}, 0
    for path in paths:
        po = read_po(path)
        for entry in (e for e in po if not e.obsolete):
            if entry.msgid in HUMANS:
                humans[entry.msgid] = entry.msgstr
            elif entry.fuzzy:
                fuzzy[entry.msgid] = entry.msgstr
            else:
                entry.msgstr = ""
                entry.tcomment = ""
        write_po(po, path)
        todo += sum(needs_draft(e) for e in read_po(path))
    assert set(humans) == set(HUMANS) and len(fuzzy) == 1 and todo > 20
    result = offline("pretranslate", "--lang", "fr", "--project", str(project), env=env)
    assert result.returncode == 0, result.stderr
    assert f"translated {todo}, skipped {len(humans) + len(fuzzy)} (human" in result.stdout
    for path in paths:
        for entry in (e for e in read_po(path) if not e.obsolete):
            if entry.msgid in humans:
                assert entry.msgstr == humans[entry.msgid] and not entry.fuzzy
            elif entry.msgid in fuzzy:
                assert entry.fuzzy and entry.msgstr == fuzzy[entry.msgid]
                assert marks.machine_draft(entry) is None
            else:
                assert entry.fuzzy and entry.msgstr
                mark = marks.machine_draft(entry)
                assert mark is not None and mark.value.startswith("argos ")
        msgfmt_check(path)
    first = [path.read_bytes() for path in paths]
    again = offline("pretranslate", "--lang", "fr", "--project", str(project), env=env)
    assert again.returncode == 0 and [path.read_bytes() for path in paths] == first
    assert "from cache 0" in again.stdout and "translated 0" in again.stdout
    # status counts machine drafts apart from human translations
    status = subprocess.run(
        [EXE, "status", "--format", "json", "--project", str(project)],
        capture_output=True,
        text=True,
        env=env,
    )
    rows = [s for s in json.loads(status.stdout) if s["lang"] == "fr"]
    assert sorted(row["doc"] for row in rows) == [path.stem for path in paths]
    counts = [sum(row[key] for row in rows) for key in ("translated", "machine", "fuzzy")]
    assert counts == [len(humans), todo, todo + len(fuzzy)]


def test_language_without_package(basic_project: Path, package: Path, tmp_path: Path) -> None:
    project = basic_project
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
        "HOME": str(tmp_path / "home"),
    }
    subprocess.run(
        [EXE, "models", "install", str(package)], check=True, env=env, capture_output=True
    )
    result = offline("pretranslate", "--lang", "hy", "--project", str(project), env=env)
    assert result.returncode == 1
    assert "en->hy" in result.stderr and "models install" in result.stderr
    assert "multilingual package (NLLB-200" in result.stderr
    run = offline("run", "--project", str(project), env=env)
    assert run.returncode == 0, run.stderr
    assert "skipping en->hy" in run.stderr


def test_from_index_fails_clearly_offline(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
        "HOME": str(tmp_path / "home"),
    }
    result = offline("models", "install", "--from-index", "en", "fr", env=env)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_hostile_package_is_refused(tmp_path: Path, package: Path) -> None:
    import zipfile

    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(evil, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("../../escape.txt", "x")
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
        "HOME": str(tmp_path / "home"),
    }
    result = subprocess.run(
        [EXE, "models", "install", str(evil)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 2 and ".." in result.stderr
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path.parent / "escape.txt").exists()


def test_models_list_shows_the_projects_pairs_only_for_a_project(
    basic_project: Path, package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from alerti18n.cli.main import main

    models = tmp_path / "packages"
    subprocess.run(
        [EXE, "models", "install", str(package), "--models-dir", str(models)], check=True
    )
    monkeypatch.chdir(tmp_path)  # no project here
    plain = CliRunner().invoke(main, ["models", "list", "--models-dir", str(models)])
    assert plain.exit_code == 0 and "en->fr" in plain.stdout
    assert "project pairs:" not in plain.stdout
    monkeypatch.chdir(basic_project)  # the basic fixture: hy and fr
    here = CliRunner().invoke(main, ["models", "list", "--models-dir", str(models)])
    pairs = here.stdout.split("project pairs:\n")[1].splitlines()
    assert [line.split()[:2] for line in pairs] == [["en->hy", "none"], ["en->fr", "direct"]]
    assert "no package: see 'Which model for which language' in the README" in pairs[0]
