"""A command's rewrites: all staged first, each replaced only if unchanged, the rest finished,
exit 1 naming what a person saved meanwhile; what the state records is what was written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alerti18n.core import files
from alerti18n.core import state as state_module
from alerti18n.core.commits import Commits
from alerti18n.core.errors import ChangedMeanwhile
from alerti18n.core.files import digest, read_stamped
from alerti18n.core.state import State


def _editor_save(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + "~")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def test_a_saved_file_is_kept_the_others_written_then_exit_1(tmp_path: Path) -> None:
    root = tmp_path
    a, b = root / "locales" / "fr" / "a.po", root / "locales" / "fr" / "b.po"
    a.parent.mkdir(parents=True)
    a.write_bytes(b"a as read")
    b.write_bytes(b"b as read")
    stamps = {p: read_stamped(p)[1] for p in (a, b)}
    with pytest.raises(ChangedMeanwhile) as info, Commits("update", root) as commits:
        commits.stage(a, b"a merged", stamps[a])
        commits.stage(b, b"b merged", stamps[b])
        _editor_save(a, b"a saved by a translator")
        assert commits.commit() == [b]
        assert not commits.ok(a) and commits.ok(b)
    assert info.value.exit_code == 1
    assert info.value.format_message() == (
        "locales/fr/a.po changed while update ran; nothing was written over it (run 'update' again)"
    )
    assert a.read_bytes() == b"a saved by a translator" and b.read_bytes() == b"b merged"
    assert sorted(p.name for p in a.parent.iterdir()) == ["a.po", "b.po"]


def test_a_failure_before_the_commit_replaces_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError), Commits("update", tmp_path) as commits:
        commits.stage(path, b"new", read_stamped(path)[1])
        commits.stage(tmp_path / "b.po", b"new", None)
        raise RuntimeError("the next catalog was broken")
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"] and path.read_bytes() == b"old"


def test_the_state_records_what_was_written_not_a_save_right_after(
    tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(b"old")
    real = files.commit_write

    def then_a_save(*args: object, **kwargs: object) -> bool:
        done = real(*args, **kwargs)  # type: ignore[arg-type]
        _editor_save(path, b"an older buffer saved over the merge")
        return done

    monkeypatch.setattr(files, "commit_write", then_a_save)
    state = State(tmp_path / "state.json", tmp_path)
    with Commits("update", tmp_path) as commits:
        commits.write(path, b"merged", read_stamped(path)[1])
    state.record("update", "fr/a", "inputs", [path], commits.known)
    assert commits.known[str(path)] == ([], digest(b"merged"))
    # the save is not taken for the merge: the next update merges it
    assert not state.fresh("update", "fr/a", "inputs", [path])


def test_a_file_staged_by_a_worker_is_known_without_reading_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``build`` stages its pages in worker processes; adopted, they are committed and known
    (stat key and the digest of the bytes written) as if staged here, and the state records
    them without opening them."""
    page, same = tmp_path / "page.html", tmp_path / "same.html"
    same.write_bytes(b"unchanged")
    staged = files.stage_write(page, b"<p>new</p>", tmp_path, durable=False)
    assert staged is not None and files.stage_write(same, b"unchanged", tmp_path) is None
    with Commits("build", None) as commits:
        commits.adopt(page, staged, digest(b"<p>new</p>"), durable=False)
        commits.adopt(same, None, digest(b"unchanged"))
        assert commits.commit() == [page]
    assert page.read_bytes() == b"<p>new</p>" and not staged.exists()
    for path, data in ((page, b"<p>new</p>"), (same, b"unchanged")):
        assert commits.known[str(path)] == (files.stat_key(os.stat(path)), digest(data))
    opened: list[Path] = []
    real = state_module.read_input

    def reading(path: Path, *args: object, **kwargs: object) -> bytes:
        opened.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(state_module, "read_input", reading)
    state = State(tmp_path / "state.json", tmp_path)
    state.record("build", "fr/page", "inputs", [page, same], commits.known)
    assert opened == []
    state.record("build", "fr/other", "inputs", [same])  # not known: read to be fingerprinted
    assert opened == [same]
    assert state.recall("build", "fr/page") == {
        "inputs": "inputs",
        "outputs": {str(page): digest(b"<p>new</p>"), str(same): digest(b"unchanged")},
        "stats": {str(p): files.stat_key(os.stat(p)) for p in (page, same)},
    }
