"""A short-message document in a real project: check counts it, build writes its parts.

The basic fixture gets an SMS edition of a water alert (``channel: sms``),
translated into Armenian and French as translators would (the French with
its typography); ``check`` counts each language's message as a phone does
and ``build --format sms`` writes the numbered parts, from the same text
(alerti18n.reports.channels, alerti18n.output.sms).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.projects import BASIC, cli, copy_root, invoke

from alerti18n.po.pofile import read_po, write_po
from alerti18n.text import sms

SENTENCES = {
    "Alert: tap water in the northern district is not safe to drink.": {
        "hy": "Զգուշացում․ հյուսիսային շրջանի ծորակի ջուրը խմելու համար անվտանգ չէ։",
        "fr": "Alerte\u00a0: l’eau du robinet du quartier nord n’est pas potable.",
    },
    "Boil it for at least one minute or collect water at the school yard (07:00-19:00).": {
        "hy": "Եռացրեք այն առնվազն մեկ րոպե կամ ջուր վերցրեք դպրոցի բակում (07:00-19:00)։",
        "fr": "Faites-la bouillir au moins une minute ou prenez de l’eau dans la cour de "
        "l’école (7 h-19 h).",
    },
    "Do not drink tap water.": {
        "hy": "Մի՛ խմեք ծորակի ջուրը։",
        "fr": "Ne buvez pas l’eau du robinet.",
    },
    "Water alert": {"hy": "Ջրի մասին զգուշացում", "fr": "Alerte à l’eau"},
}


def sms_project(where: Path, parts: int) -> Path:
    project = copy_root(BASIC, where)
    body = " ".join(s for s in SENTENCES if s.endswith("."))
    (project / "source" / "water-sms.md").write_text(
        "---\ntitle: Water alert\ndate: 2024-03-21\nlang: en\nchannel: sms\n"
        f"parts: {parts}\n---\n\n{body}\n",
        encoding="utf-8",
    )
    cli(project, "extract")
    cli(project, "update")
    for lang in ("hy", "fr"):
        path = project / "locales" / lang / "water-sms.po"
        po = read_po(path)
        for entry in po:
            if entry.msgid in SENTENCES:
                entry.msgstr = SENTENCES[entry.msgid][lang]
        write_po(po, path)
    return project


def message(lang: str) -> str:
    if lang == "en":
        return " ".join(s for s in SENTENCES if s.endswith("."))
    return " ".join(t[lang] for s, t in SENTENCES.items() if s.endswith("."))


def test_check_reports_the_languages_that_need_more_parts(tmp_path: Path) -> None:
    project = sms_project(tmp_path, parts=2)
    result = invoke(project, "check", "--only", "sms-parts", "--format", "json")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.output)
    assert {(f["path"], f["severity"]) for f in findings} == {
        ("locales/hy/water-sms.po", "error"),
        ("locales/fr/water-sms.po", "error"),
    }
    hy = next(f for f in findings if "/hy/" in f["path"])
    units = sms.units(message("hy"))
    assert hy["message"].startswith(f"hy: the message takes 3 SMS parts (UCS-2, {units} UTF-16")
    assert "the document allows 2" in hy["message"]
    # the whole check and the release policy see it too
    assert invoke(project, "check").exit_code == 1
    assert "sms-parts" in invoke(project, "check").output


def test_three_parts_pass_and_build_writes_what_check_counted(tmp_path: Path) -> None:
    project = sms_project(tmp_path, parts=3)
    assert invoke(project, "check", "--only", "sms-parts").exit_code == 0
    cli(project, "build", "--format", "sms")
    for lang in ("en", "hy", "fr"):
        written = (project / "build" / lang / "water-sms.sms.txt").read_text(encoding="utf-8")
        messages = written.rstrip("\n").split("\n\n")
        assert messages == sms.numbered(message(lang), lang)
        assert len(messages) <= 3
        assert [re.match(r"(\d+)/(\d+) ", m).groups() for m in messages] == [  # type: ignore[union-attr]
            (str(i), str(len(messages))) for i in range(1, len(messages) + 1)
        ]


@pytest.mark.parametrize(
    ("front", "error"),
    [
        ("channel: fax", ":5: front matter channel 'fax' is not a channel"),
        ("channel: sms\nparts: 0", ":6: front matter parts 0 is not a whole number"),
        ("parts: 2", ":5: front matter parts needs a channel"),
    ],
)
def test_a_bad_channel_is_bad_input_at_its_line(tmp_path: Path, front: str, error: str) -> None:
    project = copy_root(BASIC, tmp_path)
    (project / "source" / "bad.md").write_text(
        f"---\ntitle: Bad\ndate: 2024-03-21\nlang: en\n{front}\n---\n\nText.\n", encoding="utf-8"
    )
    result = invoke(project, "extract")
    assert result.exit_code == 2
    assert error in result.output
