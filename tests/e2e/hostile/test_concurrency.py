"""A translator saves a catalog while a command works on it: the save is never lost.

``update`` used to read a catalog, merge for seconds, then rename its result over the
newer file and exit 0 (2 of 7 saves lost on a 16-document project). Now every command
that rewrites a file people edit (update, tm fill, pretranslate, review, fmt, extract)
keeps a file saved meanwhile, writes nothing over it, finishes the others and exits 1:
"locales/fr/x.po changed while update ran; ... run it again".

First each command, with the save placed deterministically between the command's read
and its write (``save_during``: the translator's save happens just as the command stages
its replacement); then a real concurrent saver, a thread saving catalogs over and over
while a real ``update`` process runs on 16 documents, many times: no save may be lost.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from support.hostile import EXE, error_line, run

from alerti18n.core import files

DOC = "field-hospital"  # a document of the basic fixture (tests/roots/basic)
SAVED = b"# saved by a translator while the command ran\n"


def editor_save(path: Path, data: bytes) -> None:
    """A save as Poedit, vim or Emacs make it: a new file renamed over the old one."""
    tmp = path.with_name(f".{path.name}.editor")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@pytest.fixture
def save_during(monkeypatch) -> Callable[[Path], bytes]:
    """Arm a translator's save of ``path`` for the moment the command stages its new version
    of it (after the command read it); returns the bytes the translator saves."""

    def arm(path: Path) -> bytes:
        saved = SAVED + path.read_bytes()
        real = files.stage_write

        def staging(target: Path, *args: object, **kwargs: object) -> Path | None:
            if target == path and path.read_bytes() != saved:
                editor_save(path, saved)
            return real(target, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(files, "stage_write", staging)
        return saved

    return arm


def change_source(project: Path, doc: str = DOC, sentence: str = "One more sentence.") -> None:
    source = project / "source" / f"{doc}.md"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


def assert_kept(project: Path, command: str, path: Path, saved: bytes, *args: str) -> None:
    """The command exits 1 naming ``path``, which holds the translator's save."""
    outcome = run(project, *command.split(), *args)
    line = error_line(outcome, code=1, words=(f"changed while {command} ran",))
    assert path.relative_to(project).as_posix() in line and "run" in line
    assert path.read_bytes() == saved
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_update(basic_project: Path, save_during) -> None:
    project = basic_project
    change_source(project)
    assert run(project, "extract").code == 0
    fr, hy = project / f"locales/fr/{DOC}.po", project / f"locales/hy/{DOC}.po"
    saved = save_during(fr)
    assert_kept(project, "update", fr, saved)
    assert b"One more sentence." in hy.read_bytes()  # the other catalogs were merged
    outcome = run(project, "update")  # run again: the save is merged, not skipped
    assert outcome.code == 0, outcome.stderr
    assert fr.read_bytes().startswith(SAVED) and b"One more sentence." in fr.read_bytes()


def test_extract(basic_project: Path, save_during) -> None:
    change_source(basic_project)
    pot = basic_project / f"locales/{DOC}.pot"
    assert_kept(basic_project, "extract", pot, save_during(pot))


def test_review(basic_project: Path, save_during) -> None:
    fr = basic_project / f"locales/fr/{DOC}.po"
    other = basic_project / "locales/fr/water-points.po"
    before = other.read_bytes()
    assert_kept(basic_project, "review", fr, save_during(fr), "--lang", "fr", "--by", "Ani")
    assert other.read_bytes() != before and b"# reviewed: Ani" in other.read_bytes()


def test_fmt(basic_project: Path, save_during) -> None:
    fr = basic_project / f"locales/fr/{DOC}.po"
    other = basic_project / "locales/fr/water-points.po"
    for path in (fr, other):  # CRLF line ends: fmt rewrites both
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert_kept(basic_project, "fmt", fr, save_during(fr))
    assert b"\r\n" not in other.read_bytes()


def test_tm_fill(basic_project: Path, save_during) -> None:
    """water-points' French has the sentence that the new one of field-hospital repeats."""
    project = basic_project
    sentence = "Do not drink tap water!"
    assert sentence.encode() in (project / "locales/fr/water-points.po").read_bytes()
    change_source(project, DOC, sentence)
    for command in ("extract", "update"):
        assert run(project, command).code == 0
    fr = project / f"locales/fr/{DOC}.po"
    assert_kept(project, "tm fill", fr, save_during(fr), "--lang", "fr")
    assert run(project, "tm", "fill", "--lang", "fr").code == 0  # again: now it fills
    assert fr.read_bytes().startswith(SAVED) and b"# tm: exact" in fr.read_bytes()


def test_pretranslate(basic_project: Path, tmp_path: Path, save_during, monkeypatch) -> None:
    from support.argos_factory import build_argosmodel

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    package = build_argosmodel(tmp_path / "en_fr.argosmodel", copy=True)
    assert run(None, "models", "install", str(package)).code == 0
    change_source(basic_project, "water-points", "A new sentence for the machine.")
    for command in ("extract", "update"):
        assert run(basic_project, command).code == 0
    fr = basic_project / f"locales/fr/{DOC}.po"
    other = basic_project / "locales/fr/water-points.po"
    before = other.read_bytes()
    assert_kept(basic_project, "pretranslate", fr, save_during(fr), "--lang", "fr")
    assert other.read_bytes() != before and b"# mt: argos" in other.read_bytes()


# --- a real concurrent saver ------------------------------------------------------------------

DOCS = 16
SENTENCES = 40


def many_documents(tmp_path: Path) -> Path:
    root = tmp_path / "many"
    assert run(None, "init", str(root), "--target", "fr,hy", "--name", "many").code == 0
    (root / "source" / "example.md").unlink()
    for d in range(DOCS):
        lines = [f"# Document {d}", ""]
        lines += [f"Sentence {s} of document {d} says something new." for s in range(SENTENCES)]
        (root / "source" / f"doc{d:02}.md").write_text("\n\n".join(lines) + "\n", "utf-8")
    for command in ("extract", "update"):
        assert run(root, command).code == 0
    return root


class Saver(threading.Thread):
    """A translator saving catalogs in turn, each save adding a numbered comment line to what
    is in the file at that moment (so every save is in every later version of the file)."""

    def __init__(self, catalogs: list[Path]) -> None:
        super().__init__(daemon=True)
        self.catalogs = catalogs
        self.saves: dict[Path, list[int]] = {path: [] for path in catalogs}
        self.stop = threading.Event()
        self.number = 0

    def run(self) -> None:
        while not self.stop.is_set():
            for path in self.catalogs:
                self.number += 1
                editor_save(path, f"# save {self.number}\n".encode() + path.read_bytes())
                self.saves[path].append(self.number)
            time.sleep(0.003)


def lost_saves(saver: Saver) -> dict[str, list[int]]:
    """The saves missing from their file; only saves made before the file is read count
    (the saver notes a save once it is on disk, and may go on saving meanwhile)."""
    lost = {}
    for path, all_numbers in saver.saves.items():
        numbers = list(all_numbers)
        text = path.read_text(encoding="utf-8")
        missing = [n for n in numbers if f"# save {n}\n" not in text]
        if missing:
            lost[path.name] = missing
    return lost


def test_no_save_is_lost_while_update_runs(tmp_path: Path) -> None:
    root = many_documents(tmp_path)
    catalogs = [
        root / "locales/fr/doc03.po",
        root / "locales/hy/doc11.po",
        root / "locales/fr/doc15.po",
    ]
    saver = Saver(catalogs)
    codes = []
    for attempt in range(6):
        for d in range(DOCS):  # every catalog is to be merged again
            path = root / "source" / f"doc{d:02}.md"
            path.write_text(path.read_text("utf-8") + f"\nAdded in round {attempt}.\n", "utf-8")
        assert run(root, "extract").code == 0
        if attempt == 0:
            saver.start()
        done = subprocess.run(
            [EXE, "update", "--project", str(root)], capture_output=True, text=True
        )
        codes.append(done.returncode)
        assert done.returncode in (0, 1), done.stderr
        if done.returncode == 1:
            assert "changed while update ran" in done.stderr.splitlines()[-1]
        assert lost_saves(saver) == {}, done.stderr
    saver.stop.set()
    saver.join()
    assert lost_saves(saver) == {}
    assert 1 in codes  # the saves did land while update worked
    assert sum(len(n) for n in saver.saves.values()) > 50
    done = subprocess.run([EXE, "update", "--project", str(root)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr  # nobody saving: every catalog merged
    for path in catalogs:
        assert "Added in round 5." in path.read_text("utf-8")
    assert lost_saves(saver) == {}
