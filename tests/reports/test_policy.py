"""The release policy: each document and language passes, or fails with its reasons."""

from __future__ import annotations

from pathlib import Path

from support.projects import small_project

from alerti18n.core.config import load_project
from alerti18n.po import marks
from alerti18n.po.pofile import read_po, write_po
from alerti18n.reports.policy import evaluate, format_table

TEXT = "# Notice\n\nThe road is open.\n\nWater is rationed for 12 days.\n"
POLICIES = """
[tool.alerti18n.policy."*"]
min-translated = 60
reviewed = false
no-errors = true

[tool.alerti18n.policy.hy]
min-translated = 0
reviewed = true
no-errors = false
"""


def project_with(tmp_path: Path, fr: dict[str, str]) -> Path:
    root = small_project(tmp_path, TEXT, langs="fr,hy")
    config = root / "alerti18n.toml"
    text = config.read_text().split('[tool.alerti18n.policy."*"]')[0]
    config.write_text(text + POLICIES)
    path = root / "locales" / "fr" / "alert.po"
    po = read_po(path)
    for msgid, msgstr in fr.items():
        entry = po.find(msgid)
        entry.msgstr = msgstr
        if msgid == "Notice":
            marks.set_mark(entry, marks.MT, "argos translate-en_fr-1_0 1.0 sha=0")
    write_po(po, path)
    return root


def test_each_rule_gives_its_reason(tmp_path: Path) -> None:
    root = project_with(tmp_path, {"Notice": "Avis"})
    verdicts = {v.lang: v for v in evaluate(load_project(root))}
    assert verdicts["fr"].reasons == ["33.3% translated, policy needs 60%"]
    assert verdicts["fr"].engines == ["argos translate-en_fr-1_0 1.0"]
    assert verdicts["hy"].reasons == ["3 segment(s) not reviewed"]  # 0% needed, review needed
    assert not verdicts["fr"].passed and not verdicts["hy"].passed
    table = format_table(list(verdicts.values()))
    assert table.splitlines()[0].split() == ["document", "lang", "result", "why"]
    assert "alert                        fr    FAIL   33.3% translated, policy needs 60%" in table


def test_check_errors_fail_only_where_the_policy_says(tmp_path: Path) -> None:
    broken = "L'eau est rationnée."  # the source's 12 is missing: an error
    root = project_with(
        tmp_path,
        {
            "Notice": "Avis",
            "The road is open.": "La route est ouverte.",
            "Water is rationed for 12 days.": broken,
        },
    )
    (fr,) = [v for v in evaluate(load_project(root), ["fr"])]
    assert fr.stats.percent == 100
    assert fr.reasons == ["1 check error(s)"]
    hy_root = project_with(tmp_path / "hy", {})
    hy = read_po(hy_root / "locales" / "hy" / "alert.po")
    for entry in hy:
        entry.msgstr = "Ջուրը"  # the same error, where no-errors is off
        marks.set_mark(entry, marks.REVIEWED, f"Ani 2026-11-30 sha={marks.fingerprint(entry)}")
    write_po(hy, hy_root / "locales" / "hy" / "alert.po")
    project = load_project(hy_root)
    (verdict,) = evaluate(project, ["hy"])
    assert verdict.passed, verdict.reasons
    from alerti18n.checks import ERROR, check_project

    assert [f.check for f in check_project(project, ["hy"]) if f.severity == ERROR] == [
        "numbers"
    ]  # the error is there; the policy for hy does not count it
