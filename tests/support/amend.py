"""An alert released, then amended: the basic fixture's field-hospital notice, a number changed
and a sentence added, each step at a time the test sets (SOURCE_DATE_EPOCH, the one clock)."""

from __future__ import annotations

import time
from pathlib import Path

from click.testing import CliRunner, Result

from alerti18n.cli.main import main
from alerti18n.po.pofile import read_po, write_po
from support.projects import finish_french

DOC = "field-hospital"
#: The sentence whose number the amendment changes, before and after.
OLD = "Its generators and medical supplies arrived by road on March 12."
NEW = "Its generators and medical supplies arrived by road on March 13."
#: The sentence it adds, as a paragraph of its own.
ADDED = "A second ward for children opens on March 20."
#: How each language's translator catches up with the amendment.
CATCH_UP = {
    "fr": {
        NEW: "Ses groupes électrogènes et son matériel médical sont arrivés par la route le "
        "13 mars.",
        ADDED: "Un second service, réservé aux enfants, ouvre le 20 mars.",
    },
    "hy": {
        NEW: "Նրա գեներատորներն ու բժշկական պարագաները ցամաքային ճանապարհով հասել են մարտի 13-ին։",
        ADDED: "Մարտի 20-ին բացվում է երեխաների երկրորդ բաժանմունքը։",
    },
}
#: The first version's translations of the changed sentence, which a notice page still shows.
FIRST_TEXT = {"fr": "le 12 mars", "hy": "մարտի 12-ին"}

#: The clock at each step (seconds since 1970, UTC): reviewed and released on 3 March 2025,
#: amended on 4 March at 13:00 (a whole minute: POT-Creation-Date keeps minutes).
REVIEWED = 1741000000
RELEASED = 1741003200
AMENDED = 1741093200


def run(root: Path | None, *args: str, epoch: int, code: int = 0) -> Result:
    """The CLI on ``root`` (None: a command without a project) with the clock at ``epoch``;
    asserts the exit code."""
    project = ["--project", str(root)] if root is not None else []
    result = CliRunner().invoke(main, [*args, *project], env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.exit_code == code, result.output
    return result


def release_first(root: Path) -> None:
    """Version 1: the French finished, both languages reviewed, released."""
    finish_french(root)
    for lang in ("hy", "fr"):
        run(root, "review", "--lang", lang, "--by", "Second Reader", epoch=REVIEWED)
    run(root, "release", epoch=RELEASED)


def amend(root: Path, epoch: int = AMENDED) -> None:
    """Change the number, add the sentence, then extract and update at ``epoch``."""
    path = root / "source" / f"{DOC}.md"
    text = path.read_text(encoding="utf-8")
    assert OLD in text
    text = text.replace(OLD, NEW).replace("Look for the signs", f"{ADDED}\n\nLook for the signs")
    path.write_text(text, encoding="utf-8")
    run(root, "extract", epoch=epoch)
    run(root, "update", epoch=epoch)


def set_policy(root: Path, lang: str, rule: str) -> None:
    """``[tool.alerti18n.policy.<lang>] outdated = rule`` in the project's config."""
    config = root / "pyproject.toml"
    table = f'\n[tool.alerti18n.policy.{lang}]\noutdated = "{rule}"\n'
    config.write_text(config.read_text(encoding="utf-8") + table, encoding="utf-8")


def catch_up(root: Path, lang: str, epoch: int) -> None:
    """The translator of ``lang`` translates what the amendment changed and saves the catalog at
    ``epoch``, as Poedit does (PO-Revision-Date, fuzzy flags cleared)."""
    path = root / "locales" / lang / f"{DOC}.po"
    po = read_po(path)
    done = set()
    for entry in po:
        if not entry.obsolete and entry.msgid in CATCH_UP[lang]:
            entry.msgstr = CATCH_UP[lang][entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            done.add(entry.msgid)
    assert done == set(CATCH_UP[lang])
    po.metadata["PO-Revision-Date"] = time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(epoch))
    write_po(po, path)
