"""Machine drafts for every alert language (issue 25), end to end through the CLI, offline.

A project translating into Armenian, Georgian, Amharic and French gets drafts for all four from
two installed packages: one multilingual package of NLLB-200's shape (SentencePiece, language
tokens, a CTranslate2 model with copying weights; built at test time and packaged by
``contrib/multilingual_package.py``) serving en->hy, en->ka and en->am, and an Argos en->fr
package. ``models install`` installs them, ``models list`` says which serves each pair,
``pretranslate`` and ``run`` draft in a network namespace with no network at all, and
``status`` shows the drafts by confidence band.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from support.argos_factory import build_argosmodel, build_multilingual
from support.projects import BASIC, copy_root
from support.tools import EXE, msgfmt_check, offline

from alerti18n.po import marks
from alerti18n.po.pofile import read_po, write_po

pytestmark = pytest.mark.slow

LANGS = ("hy", "ka", "am", "fr")
DOCS = ("field-hospital", "water-points")
#: Figures the test package's metadata carries for one pair (made up: a test package).
QUALITY = {"en->hy": {"chrF++": 40.1, "BLEU": 16.4}}
#: The glossary gains Georgian and Amharic columns with the approved forms of one term.
GLOSSARY_FORMS = {"ka": "საველე ჰოსპიტალი", "am": "የመስክ ሆስፒታል"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("packages")
    return {
        "multi": build_multilingual(folder, "nllb", ("en", *LANGS[:3]), copy=True, quality=QUALITY),
        "fr": build_argosmodel(folder, "en", "fr", copy=True),
    }


def four_language_project(where: Path) -> Path:
    """The basic fixture translating into hy, ka, am and fr, every catalog untranslated."""
    root = copy_root(BASIC, where)
    config = root / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('target-languages = ["hy", "fr"]', f"target-languages = {list(LANGS)!r}"),
        encoding="utf-8",
    )
    glossary = root / "locales" / "glossary.csv"
    rows = glossary.read_text(encoding="utf-8").splitlines()
    out = [rows[0].replace("en,hy,fr,", "en,hy,ka,am,fr,")]
    for row in rows[1:]:
        source, hy, rest = row.split(",", 2)
        forms = [
            GLOSSARY_FORMS[lang] if source == "field hospital" else "" for lang in ("ka", "am")
        ]
        out.append(",".join([source, hy, *forms, rest]))
    glossary.write_text("\n".join(out) + "\n", encoding="utf-8")
    for lang in ("hy", "fr"):
        for doc in DOCS:
            path = root / "locales" / lang / f"{doc}.po"
            po = read_po(path)
            for entry in (e for e in po if not e.obsolete and e.msgid):
                entry.msgstr, entry.tcomment = "", ""
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            write_po(po, path)
    return root


def environment(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
        "HOME": str(tmp_path / "home"),
    }


def alerti18n(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env)


def test_four_languages_from_one_multilingual_package_and_an_argos_one(
    built: dict[str, Path], tmp_path: Path
) -> None:
    env = environment(tmp_path)
    root = four_language_project(tmp_path / "project")
    for package in built.values():
        installed = alerti18n("models", "install", str(package), env=env)
        assert installed.returncode == 0, installed.stderr
    updated = alerti18n("update", "--project", str(root), env=env)
    assert updated.returncode == 0, updated.stderr
    listed = alerti18n("models", "list", "--project", str(root), env=env)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert any(
        re.match(r"multi +test-nllb-1_0 .*\(NLLB-200, 4 languages, CC-BY-NC-4\.0\)", line)
        for line in lines
    )
    pairs = lines[lines.index("project pairs:") + 1 :]
    assert pairs == [
        "en->hy     multilingual  test-nllb-1_0 1.0 [eng_Latn hye_Armn] chrF++ 40.1, "
        "BLEU 16.4 (test)",
        "en->ka     multilingual  test-nllb-1_0 1.0 [eng_Latn kat_Geor]",
        "en->am     multilingual  test-nllb-1_0 1.0 [eng_Latn amh_Ethi]",
        "en->fr     direct        translate-en_fr-1_0 1.0",
    ]
    result = offline("pretranslate", "--project", str(root), env=env)
    assert result.returncode == 0, result.stderr
    drafted = {lang: 0 for lang in LANGS}
    for lang in LANGS:
        for doc in DOCS:
            path = root / "locales" / lang / f"{doc}.po"
            msgfmt_check(path)
            for entry in (e for e in read_po(path) if e.msgid and not e.obsolete):
                mark = marks.machine_draft(entry)
                assert mark is not None and entry.fuzzy, (lang, entry.msgid)
                package = "translate-en_fr-1_0" if lang == "fr" else "test-nllb-1_0"
                assert mark.value.startswith(f"argos {package} 1.0 confidence=")
                drafted[lang] += 1
    assert all(count > 20 for count in drafted.values()) and len(set(drafted.values())) == 1
    summary = result.stdout.splitlines()
    assert summary[0].startswith(f"pretranslate: translated {sum(drafted.values())}, skipped 0")
    assert summary[1] == f"pretranslate: confidence: {sum(drafted.values())} high"
    # the approved forms held through the copying model: every term, in every language
    usage = summary[2].removeprefix("pretranslate: glossary terms in their approved form: ")
    rates = dict(item.split(" ", 1) for item in usage.split(", "))
    assert list(rates) == list(LANGS)
    for lang, rate in rates.items():
        held, terms = map(int, rate.split(" ")[0].split("/"))
        assert held == terms > 0 and rate.endswith("(100%)"), (lang, rate)
    hospital = (
        "The Coastal Relief Network has opened a field hospital near the old railway station."
    )
    ka = {e.msgid: e.msgstr for e in read_po(root / "locales" / "ka" / f"{DOCS[0]}.po")}
    assert ka[hospital] == hospital.replace("field hospital", GLOSSARY_FORMS["ka"])
    stats = json.loads(
        alerti18n("status", "--format", "json", "--project", str(root), env=env).stdout
    )
    for row in (s for s in stats if s["doc"] in DOCS):
        assert row["machine"] == row["machine_high"] > 0 and row["machine_low"] == 0


def test_run_drafts_every_language_offline(built: dict[str, Path], tmp_path: Path) -> None:
    env = environment(tmp_path)
    root = four_language_project(tmp_path / "project")
    for package in built.values():
        assert alerti18n("models", "install", str(package), env=env).returncode == 0
    ran = offline("run", "--project", str(root), env=env)
    assert "skipping" not in ran.stderr and "Traceback" not in ran.stderr
    assert ran.returncode in (0, 1), ran.stderr  # 1: the checks found errors in drafts
    for lang in LANGS:
        for doc in DOCS:
            path = root / "locales" / lang / f"{doc}.po"
            po = [e for e in read_po(path) if e.msgid and not e.obsolete]
            assert po and all(marks.machine_draft(e) for e in po), (lang, doc)
            assert (root / "build" / lang / f"{doc}.html").is_file()
