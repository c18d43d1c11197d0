"""Catalogs survive Weblate's storage layer, and the pre-commit hook keeps them in alerti18n's form.

Weblate keeps a bilingual gettext component in Translate Toolkit's PO store, and writes it back
through the same store when it commits what translators saved. Read in Weblate 5.14.3
(``weblate/formats/ttkit.py``, ``weblate/trans/models/translation.py``,
``weblate/trans/file_format_params.py``), a save is:

1. ``translate.storage.po.pofile()``, then ``store.parse(bytes)`` of the file on disk;
2. the store's wrapper width set from the component's "Long lines wrapping" parameter
   (``po_line_wrap``: 77 by default, 65535 for "only at newlines");
3. for each pending change: the unit's ``target`` set (also for an approval, which keeps the text),
   ``markfuzzy(state == fuzzy)``, and, unless the new state is fuzzy, the previous msgid cleared;
4. ``updateheader(add=True, ...)`` with Last-Translator, Plural-Forms, Language,
   PO-Revision-Date, Language-Team and X-Generator;
5. ``store.serialize()`` into a temporary file that replaces the catalog.

:func:`weblate_save` makes exactly those calls. The catalogs come from alerti18n's own commands
(update, tm fill, pretranslate with a real Argos package built here, review, a waiver as the README
shows it), and the tests check what survives. They run with the Translate Toolkit this project
locks; Weblate 5.14 pins 3.16 and its development branch 3.19, which wrap the header and the edited
entries a little differently (docs/weblate.md). No assertion depends on that: Weblate leaves the
other entries' lines as it read them, and ``alerti18n fmt`` rewraps what it wrote.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from support.argos_factory import build_argosmodel
from support.projects import cli, invoke, small_project
from support.tools import REPO, msgfmt_check, require_tool
from translate.storage.po import pofile

from alerti18n.po import marks
from alerti18n.po.entrystate import EntryState, state
from alerti18n.po.pofile import format_po, parse_po, read_po, write_po

pytestmark = pytest.mark.slow

EXE = str(Path(sys.executable).parent / "alerti18n")
HOOK = REPO / "contrib" / "pre-commit"

TEXT = """# Urgent alert

The situation in the region has deteriorated sharply over the past seventy-two hours, \
according to several independent observers on the ground.

At least 120,000 people remain cut off from food, fuel and medicine.

Contact the desk at once.

Lemkin Institute\\
Washington, DC

This sentence will be removed.

Short line.
"""
SITUATION_BEFORE = (
    "The situation in the region has deteriorated sharply over the past seventy-two hours, "
    "according to several independent observers on the ground."
)
ADDRESS = "Lemkin Institute\\\nWashington, DC"
HUMAN = {
    "Urgent alert": "Alerte urgente",
    SITUATION_BEFORE: (
        "La situation dans la région s’est fortement dégradée au cours des soixante-douze "
        "dernières heures, selon plusieurs observateurs indépendants sur le terrain."
    ),
    "At least 120,000 people remain cut off from food, fuel and medicine.": (
        "Au moins 120 000 personnes restent privées de nourriture, de carburant et de médicaments."
    ),
    "Contact the desk at once.": "Contactez la rédaction immédiatement !",
    ADDRESS: "Institut Lemkin\\\nWashington (DC)",
    "This sentence will be removed.": "Cette phrase sera supprimée.",
    "Short line.": "Ligne courte.",
}
WAIVER = "fr-typography the desk's house style keeps a plain space before !"
#: The second version of the source: two sentences changed, one removed, four added.
LINK = "Read [the full report](https://example.org/report) and share it widely with colleagues."
CODE = "Run `alerti18n build` to print a copy for the desk."
SHARED = "Share this alert with your network."
TEXT2 = (
    TEXT.replace("seventy-two hours,", "seventy-two hours and nights,")
    .replace("120,000", "125,000")
    .replace("This sentence will be removed.\n\n", "")
    + f"\n{LINK}\n\n{CODE}\n\nIndependent observers confirm the blockade.\n\n{SHARED}\n"
)
SITUATION = SITUATION_BEFORE.replace("seventy-two hours,", "seventy-two hours and nights,")


@dataclass(frozen=True)
class Edit:
    """A change a Weblate user saves: new text (None keeps it, as approving does), fuzzy or not."""

    msgid: str
    target: str | None
    fuzzy: bool = False


#: A translator rewrites a machine draft, corrects an address, and approves a fuzzy entry.
EDITS = (
    Edit(LINK, "Lisez [le rapport complet](https://example.org/report) et partagez-le largement."),
    Edit(ADDRESS, "Institut Lemkin\\\nWashington, D.C."),
    Edit(SITUATION, None),
)
#: What the edits make of the entries, in alerti18n's terms.
EDITED_STATES = {
    LINK: (EntryState.MACHINE_DRAFT, EntryState.TRANSLATED),
    ADDRESS: (EntryState.REVIEWED, EntryState.TRANSLATED),
    SITUATION: (EntryState.FUZZY, EntryState.TRANSLATED),
}
#: The header fields Weblate sets on every save (Translation.update_units, as keyword arguments
#: of Translate Toolkit's updateheader), with the values a French component would write.
#: Plural-Forms is Weblate's own spelling of CLDR's French rule (weblate-language-data's plural
#: table): equivalent to the one Babel gives alerti18n, so Weblate picks it and writes it.
WEBLATE_HEADER = {
    "last_translator": "Nora Weber <nora@example.org>",
    "plural_forms": (
        "nplurals=3; plural=(n == 0 || n == 1) ? 0 : ((n != 0 && n % 1000000 == 0) ? 1 : 2);"
    ),
    "language": "fr",
    "PO_Revision_Date": "2026-11-30 18:04+0000",
    "language_team": "French <https://weblate.example.org/projects/small/alert/fr/>",
    "x_generator": "Weblate 5.14.3",
}
#: The same, as header field names.
HEADER_FIELDS = {
    "Last-Translator": WEBLATE_HEADER["last_translator"],
    "Plural-Forms": WEBLATE_HEADER["plural_forms"],
    "Language": WEBLATE_HEADER["language"],
    "PO-Revision-Date": WEBLATE_HEADER["PO_Revision_Date"],
    "Language-Team": WEBLATE_HEADER["language_team"],
    "X-Generator": WEBLATE_HEADER["x_generator"],
}
WIDTHS = pytest.mark.parametrize("width", [77, 65535], ids=["wrap-77", "wrap-newlines-only"])


def weblate_save(path: Path, edits: tuple[Edit, ...], width: int, lang: str = "fr") -> None:
    """Write ``edits`` into the catalog as Weblate commits pending changes (module docstring)."""
    store = pofile()
    store.settargetlanguage(lang)
    store.setsourcelanguage("en")
    store.parse(path.read_bytes())
    assert store.wrapper is not None
    store.wrapper.width = width
    units = {
        (unit.getcontext(), unit.source): unit
        for unit in store.units
        if not (unit.isheader() or unit.isblank() or unit.isobsolete())
    }
    for edit in edits:
        unit = units[("", edit.msgid)]
        unit.target = unit.target if edit.target is None else edit.target
        unit.markfuzzy(edit.fuzzy)
        if not edit.fuzzy:
            unit.prev_msgid, unit.prev_msgid_plural, unit.prev_msgctxt = [], [], []
    fields = dict(WEBLATE_HEADER)
    content_type = store.parseheader().get("Content-Type", "")
    if not content_type or "charset=CHARSET" in content_type or "charset=ASCII" in content_type:
        fields["Content_Type"] = "text/plain; charset=UTF-8"
    store.updateheader(add=True, **fields)
    staged = path.with_name(path.name + ".weblate")
    with staged.open("wb") as handle:
        store.serialize(handle)
    os.replace(staged, path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose French catalog carries every alerti18n mark, made by the real commands."""
    base = tmp_path_factory.mktemp("weblate")
    root = small_project(base, TEXT)
    po_path = root / "locales" / "fr" / "alert.po"
    translate(po_path, HUMAN)
    cli(root, "review", "--lang", "fr", "--by", "Ani Petrosyan")
    po = read_po(po_path)
    for entry in po:
        if entry.msgid == "Contact the desk at once.":
            marks.set_mark(entry, marks.WAIVE, WAIVER)  # what the README tells translators to add
    write_po(po, po_path)
    # a second document translates the sentence the memory will offer
    (root / "source" / "other.md").write_text(f"{SHARED}\n", encoding="utf-8")
    (root / "source" / "alert.md").write_text(TEXT2, encoding="utf-8")
    cli(root, "extract")
    cli(root, "update")
    translate(root / "locales" / "fr" / "other.po", {SHARED: "Partagez cette alerte."})
    cli(root, "tm", "fill", "--lang", "fr")
    package = build_argosmodel(base / "random.argosmodel", layers=(1, 1))
    models = base / "models"
    cli(None, "models", "install", str(package), "--models-dir", str(models))
    cli(root, "pretranslate", "--lang", "fr", "--models-dir", str(models), "--beam-size", "1")
    return root


def translate(path: Path, texts: dict[str, str]) -> None:
    po = read_po(path)
    for entry in po:
        entry.msgstr = texts.get(entry.msgid, entry.msgstr)
    write_po(po, path)


@pytest.fixture
def weblate_project(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built project (a test may change it)."""
    return Path(shutil.copytree(built, tmp_path / "project"))


def catalog(weblate_project: Path) -> Path:
    return weblate_project / "locales" / "fr" / "alert.po"


def blocks(data: bytes) -> list[bytes]:
    """A catalog in entries: the text between blank lines."""
    return data.split(b"\n\n")


def block_key(block: bytes) -> tuple[bool, str]:
    """(obsolete, msgid) of one entry's text, as alerti18n reads it."""
    utf8 = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    entries = [e for e in parse_po(utf8 + block + b"\n", Path("block.po")) if e.msgid]
    assert len(entries) == 1, block
    return entries[0].obsolete, entries[0].msgid


def without_extracted_comments(block: bytes) -> bytes:
    return b"\n".join(line for line in block.split(b"\n") if not line.startswith(b"#."))


def states(path: Path) -> dict[tuple[bool, str], EntryState]:
    return {(e.obsolete, e.msgid): state(e) for e in read_po(path)}


def with_alerti18n_edits(before: bytes, path: Path, saved: Path) -> bytes:
    """The same edits made by alerti18n itself: what fmt should turn Weblate's file into.

    Besides the edited entries and the header fields (taken from Weblate's file), Translate
    Toolkit writes no ``#.`` lines in obsolete entries; `update` writes none either (as
    msgmerge), so for catalogs alerti18n wrote that changes nothing.
    """
    po = parse_po(before, path)
    edits = {edit.msgid: edit for edit in EDITS}
    for entry in po:
        if entry.obsolete:
            entry.comment = ""
        elif entry.msgid in edits:
            edit = edits[entry.msgid]
            entry.msgstr = entry.msgstr if edit.target is None else edit.target
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entry.previous_msgid = entry.previous_msgctxt = None
    po.metadata = read_po(saved).metadata
    return format_po(po)


def test_the_fixture_carries_every_mark(built: Path) -> None:
    """Without this the other tests could pass on a catalog that has nothing to lose."""
    po = read_po(catalog(built))
    untouched = [e for e in po if e.msgid not in {edit.msgid for edit in EDITS}]
    kinds = {mark.kind for e in untouched for mark in marks.marks(e)}
    assert kinds == {marks.MT, marks.MT_WARNING, marks.TM, marks.REVIEWED, marks.WAIVE}
    assert any(e.fuzzy and e.previous_msgid and not e.obsolete for e in untouched)
    assert not any(e.obsolete and e.comment for e in po)  # as msgmerge: no #. when obsolete
    assert {state(e) for e in untouched} >= {
        EntryState.MACHINE_DRAFT,
        EntryState.FUZZY,
        EntryState.REVIEWED,
        EntryState.OBSOLETE,
    }
    assert {msgid: state(po.find(msgid)) for msgid in EDITED_STATES} == {
        msgid: before for msgid, (before, _) in EDITED_STATES.items()
    }
    msgfmt_check(catalog(built))


@WIDTHS
def test_weblate_save_keeps_what_it_does_not_edit(weblate_project: Path, width: int) -> None:
    path = catalog(weblate_project)
    before = path.read_bytes()
    weblate_save(path, EDITS, width)
    after = path.read_bytes()
    msgfmt_check(path)
    edited = {edit.msgid for edit in EDITS}
    old, new = blocks(before), blocks(after)
    assert len(old) == len(new)
    for was, now in zip(old[1:], new[1:], strict=True):  # [0] is the header
        obsolete, msgid = block_key(was)
        assert block_key(now) == (obsolete, msgid)  # same entries, same order
        if obsolete:
            assert now == without_extracted_comments(was)  # Translate Toolkit drops only #. here
        elif msgid not in edited:
            assert now == was  # byte for byte: marks, flags, #| msgid, references, wrapping
    # the header: Weblate's fields set, the other fields and the header comment kept
    old_po, new_po = parse_po(before, path), read_po(path)
    assert new_po.header == old_po.header
    assert {k: new_po.metadata[k] for k in HEADER_FIELDS} == HEADER_FIELDS
    assert {k: v for k, v in new_po.metadata.items() if k not in HEADER_FIELDS} == {
        k: v for k, v in old_po.metadata.items() if k not in HEADER_FIELDS
    }
    # Weblate's changes to the edited entries: the text, the fuzzy flag, the previous msgid
    for edit in EDITS:
        entry = new_po.find(edit.msgid)
        old_entry = old_po.find(edit.msgid)
        assert entry.msgstr == (old_entry.msgstr if edit.target is None else edit.target)
        assert not entry.fuzzy and entry.previous_msgid is None
        assert entry.tcomment == old_entry.tcomment  # the marks stay; their sha says "edited"


@WIDTHS
def test_alerti18n_reads_weblate_save_as_its_own(weblate_project: Path, width: int) -> None:
    """status, check and the entry states see Weblate's file as alerti18n making the same edits."""
    path = catalog(weblate_project)
    before = path.read_bytes()
    states_before = states(path)
    weblate_save(path, EDITS, width)
    states_after = states(path)
    edited = {(False, msgid) for msgid in EDITED_STATES}
    assert {k: v for k, v in states_after.items() if k not in edited} == {
        k: v for k, v in states_before.items() if k not in edited
    }
    assert {msgid: states_after[(False, msgid)] for msgid in EDITED_STATES} == {
        msgid: after for msgid, (_, after) in EDITED_STATES.items()
    }
    twin = Path(shutil.copytree(weblate_project, weblate_project.parent / "twin"))
    catalog(twin).write_bytes(with_alerti18n_edits(before, path, path))
    assert report(weblate_project, "status") == report(twin, "status")
    assert report(weblate_project, "check") == report(twin, "check")


def report(weblate_project: Path, command: str) -> list[dict]:
    """``status``/``check --format json`` for French, without line numbers (wrapping moves them)."""
    result = invoke(weblate_project, command, "--lang", "fr", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    rows = json.loads(result.stdout)
    return [{k: v for k, v in row.items() if k != "line"} for row in rows]


@WIDTHS
def test_fmt_after_weblate_leaves_only_the_edits(weblate_project: Path, width: int) -> None:
    path = catalog(weblate_project)
    before = path.read_bytes()
    weblate_save(path, EDITS, width)
    saved = path.with_name("saved.po")
    shutil.copy(path, saved)
    cli(weblate_project, "fmt")
    formatted = path.read_bytes()
    assert formatted == with_alerti18n_edits(before, path, saved)
    assert invoke(weblate_project, "fmt", "--check").exit_code == 0
    msgfmt_check(path)
    # the diff against the catalog before Weblate: the header and the edited entries, nothing else
    edited = {edit.msgid for edit in EDITS}
    changed = {
        block_key(now)
        for was, now in zip(blocks(before)[1:], blocks(formatted)[1:], strict=True)
        if now != was and without_extracted_comments(now) != without_extracted_comments(was)
    }
    assert changed == {(False, msgid) for msgid in edited}
    # `update` keeps everything Weblate wrote, the header included: nothing to merge, no byte moves
    cli(weblate_project, "update")
    assert path.read_bytes() == formatted


def test_weblate_without_wrapping_needs_fmt(weblate_project: Path) -> None:
    """With "only wrap at newlines", every edited long msgstr comes back on one line."""
    path = catalog(weblate_project)
    weblate_save(path, EDITS, 65535)
    longest = max(len(line) for line in path.read_text(encoding="utf-8").splitlines())
    assert longest > 79
    checked = invoke(weblate_project, "fmt", "--check")
    assert checked.exit_code == 1 and f"would reformat {path}" in checked.output


# -------------------------------------------------------------- the pre-commit hook ---


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [require_tool("git"), "-C", str(repo), *args], capture_output=True, text=True
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def repo(weblate_project: Path) -> Path:
    """The project as a git repository with the hook installed and everything committed."""
    git(weblate_project, "init", "-q", "-b", "main")
    git(weblate_project, "config", "user.name", "Coordinator")
    git(weblate_project, "config", "user.email", "coordinator@example.org")
    hook = weblate_project / ".git" / "hooks" / "pre-commit"
    shutil.copy(HOOK, hook)
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    git(weblate_project, "add", "-A")
    commit = commit_in(weblate_project, "project")
    assert commit.returncode == 0, commit.stderr
    return weblate_project


def commit_in(repo: Path, message: str, exe: str = EXE) -> subprocess.CompletedProcess:
    env = {**os.environ, "ALERTI18N": exe}
    return subprocess.run(
        [require_tool("git"), "-C", str(repo), "commit", "-q", "-m", message],
        capture_output=True,
        text=True,
        env=env,
    )


def test_hook_refuses_a_catalog_fmt_would_change(repo: Path) -> None:
    path = catalog(repo)
    head = git(repo, "rev-parse", "HEAD").stdout
    weblate_save(path, EDITS, 65535)
    git(repo, "add", str(path))
    refused = commit_in(repo, "weblate")
    assert refused.returncode == 1
    assert "would reformat locales/fr/alert.po" in refused.stderr + refused.stdout
    assert "alerti18n fmt" in refused.stderr and "commit refused" in refused.stderr
    assert git(repo, "rev-parse", "HEAD").stdout == head
    # the hook checks what is staged, not the working tree
    cli(repo, "fmt")
    assert commit_in(repo, "still the staged file").returncode == 1
    git(repo, "add", str(path))
    accepted = commit_in(repo, "weblate, formatted")
    assert accepted.returncode == 0, accepted.stderr
    assert git(repo, "show", "HEAD:locales/fr/alert.po").stdout.encode() == path.read_bytes()
    assert git(repo, "status", "--porcelain").stdout == ""


def test_hook_takes_alerti18n_by_a_path_relative_to_the_repository(repo: Path) -> None:
    """As docs/weblate.md suggests (``ALERTI18N=.venv/bin/alerti18n``): the hook runs the
    check in a scratch folder, so it must resolve the path first."""
    (repo / "tools").mkdir()
    (repo / "tools" / "alerti18n").symlink_to(EXE)
    path = catalog(repo)
    weblate_save(path, EDITS, 65535)
    git(repo, "add", str(path))
    refused = commit_in(repo, "weblate", exe="tools/alerti18n")
    assert refused.returncode == 1
    assert "would reformat locales/fr/alert.po" in refused.stderr + refused.stdout
    cli(repo, "fmt")
    git(repo, "add", str(path))
    assert commit_in(repo, "formatted", exe="tools/alerti18n").returncode == 0


def test_hook_names_a_broken_catalog_and_ignores_other_files(repo: Path) -> None:
    (repo / "notes.txt").write_text("not a catalog\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    assert commit_in(repo, "notes").returncode == 0
    path = catalog(repo)
    path.write_text(path.read_text(encoding="utf-8") + 'msgid "dangling"\n', encoding="utf-8")
    git(repo, "add", str(path))
    refused = commit_in(repo, "broken")
    assert refused.returncode == 1
    assert re.search(r"locales/fr/alert\.po:\d+: ", refused.stderr), refused.stderr


def test_hook_without_alerti18n_refuses_and_says_why(repo: Path) -> None:
    path = catalog(repo)
    weblate_save(path, EDITS, 77)
    git(repo, "add", str(path))
    env = {**os.environ, "ALERTI18N": str(repo / "no-such-alerti18n")}
    result = subprocess.run(
        [require_tool("git"), "-C", str(repo), "commit", "-q", "-m", "x"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1 and "ALERTI18N" in result.stderr


def test_pre_commit_framework_entry_runs_the_check(repo: Path) -> None:
    """.pre-commit-hooks.yaml: its entry, run on the staged catalogs, fails as the hook does."""
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["language"] == "system" and hook.get("pass_filenames", True)
    pattern = re.compile(hook["files"])
    assert pattern.search("locales/fr/alert.po") and pattern.search("locales/alert.pot")
    assert not pattern.search("source/alert.md")
    entry = shlex.split(hook["entry"])
    assert entry[0] == "alerti18n"
    files = ["locales/alert.pot", "locales/fr/alert.po"]

    def run() -> subprocess.CompletedProcess:
        return subprocess.run([EXE, *entry[1:], *files], cwd=repo, capture_output=True, text=True)

    assert run().returncode == 0
    weblate_save(catalog(repo), EDITS, 65535)
    failed = run()
    assert failed.returncode == 1 and "would reformat locales/fr/alert.po" in failed.stdout


# ------------------------------------------- who runs `update`, and when (docs/weblate.md) ---


def weblate_clone(repo: Path, tmp_path: Path) -> Path:
    """A bare upstream for ``repo`` and Weblate's clone of it, where Weblate commits."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "origin", "main")
    weblate = tmp_path / "weblate"
    git(tmp_path, "clone", "-q", str(origin), str(weblate))
    git(weblate, "config", "user.name", "Weblate")
    git(weblate, "config", "user.email", "noreply@weblate.example.org")
    weblate_save(catalog(weblate), EDITS, 77)
    git(weblate, "commit", "-q", "-a", "-m", "Translated using Weblate (French)")
    return weblate


def coordinator_updates(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The coordinator changes a sentence, runs extract and update, commits (hook on), pushes.

    A later day than the catalogs' (SOURCE_DATE_EPOCH, 2031-01-01), as it is in real life:
    ``update`` then dates the template and the catalog anew.
    """
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1924992000")
    source = repo / "source" / "alert.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Short line.", "A short line."))
    cli(repo, "extract")
    cli(repo, "update")
    git(repo, "add", "-A")
    committed = commit_in(repo, "Update the catalogs")
    assert committed.returncode == 0, committed.stderr
    git(repo, "push", "-q", "origin", "main")


def test_update_after_weblate_pushed_rebases_cleanly_and_keeps_its_work(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = read_po(catalog(repo))
    expected = {e.msgid: e.target or before.find(e.msgid).msgstr for e in EDITS}
    weblate = weblate_clone(repo, tmp_path)
    git(weblate, "push", "-q", "origin", "main")  # `wlc lock`, then `wlc push`
    git(repo, "pull", "-q", "--ff-only", "origin", "main")
    coordinator_updates(repo, monkeypatch)
    # `wlc pull`: Weblate fetches and rebases onto upstream (weblate/vcs/git.py); nothing to replay
    git(weblate, "fetch", "-q")
    git(weblate, "rebase", "origin/main")
    assert git(weblate, "rev-parse", "HEAD").stdout == git(repo, "rev-parse", "HEAD").stdout
    po = read_po(catalog(weblate))
    assert {msgid: (po.find(msgid).msgstr, po.find(msgid).fuzzy) for msgid in expected} == {
        msgid: (text, False) for msgid, text in expected.items()
    }
    assert po.metadata["Last-Translator"] == WEBLATE_HEADER["last_translator"]
    changed = po.find("A short line.")
    assert changed.fuzzy and changed.previous_msgid == "Short line."
    assert changed.msgstr == HUMAN["Short line."]
    assert invoke(weblate, "fmt", "--check").exit_code == 0


def test_update_while_weblate_holds_a_commit_conflicts(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why the component is locked and pushed first: both sides rewrite the header."""
    weblate = weblate_clone(repo, tmp_path)  # committed in Weblate, not pushed
    coordinator_updates(repo, monkeypatch)
    git(weblate, "fetch", "-q")
    rebase = git(weblate, "rebase", "origin/main", check=False)
    assert rebase.returncode != 0
    assert "CONFLICT" in rebase.stdout + rebase.stderr
    assert "locales/fr/alert.po" in git(weblate, "diff", "--name-only", "--diff-filter=U").stdout
    text = catalog(weblate).read_text(encoding="utf-8")
    assert text.count("<<<<<<<") == 1  # one conflict, in the header; the entries merged
    conflict = text[text.index("<<<<<<<") : text.index(">>>>>>>")]
    assert "PO-Revision-Date" in conflict and "msgid" not in conflict
