"""state: what counts as "unchanged", with and without hashing."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from alerti18n.core.config import Project
from alerti18n.core.errors import FileError
from alerti18n.core.state import State, file_digest, project_state


def recorded(tmp_path: Path, content: bytes) -> tuple[Path, Path]:
    """An output recorded in a saved state file, both older than the state's write."""
    out = tmp_path / "out.txt"
    out.write_bytes(content)
    past = time.time_ns() - 10_000_000_000
    os.utime(out, ns=(past, past))
    state = State(tmp_path / "state.json")
    state.record("build", "unit", "inputs-1", [out])
    state.save()
    return out, tmp_path / "state.json"


def test_untouched_output_is_fresh_without_reading_it(tmp_path: Path) -> None:
    out, path = recorded(tmp_path, b"page")
    state = State(path)
    # a wrong recorded digest: a fresh answer cannot have come from hashing
    state.data["build"]["unit"]["outputs"][str(out)] = "not-the-digest"
    assert state.fresh("build", "unit", "inputs-1", [out])
    assert not state.fresh("build", "unit", "inputs-2", [out])


def test_same_size_edit_with_the_old_mtime_put_back_is_caught(tmp_path: Path) -> None:
    """A tool may restore the modification time; the change time still moves."""
    out, path = recorded(tmp_path, b"page")
    before = out.stat()
    time.sleep(0.01)
    out.write_bytes(b"PAGE")
    os.utime(out, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert out.stat().st_mtime_ns == before.st_mtime_ns
    assert out.stat().st_size == before.st_size
    assert not State(path).fresh("build", "unit", "inputs-1", [out])


def test_touched_but_unchanged_output_is_fresh_and_remembered(tmp_path: Path) -> None:
    out, path = recorded(tmp_path, b"page")
    os.utime(out)  # new times, same bytes
    state = State(path)
    assert state.fresh("build", "unit", "inputs-1", [out])
    assert state.dirty  # the new stat is kept, so the next run need not hash
    state.save()
    again = State(path)
    assert again.fresh("build", "unit", "inputs-1", [out])
    assert not again.dirty


def test_output_written_in_the_state_files_clock_tick_is_hashed(tmp_path: Path) -> None:
    """Git's "racy" case: same stat key, but not older than the state file."""
    out, path = recorded(tmp_path, b"page")
    stamp = path.stat().st_mtime_ns
    out.write_bytes(b"PAGE")  # same size; then both given the same time
    os.utime(out, ns=(stamp, stamp))
    state = State(path)
    state.data["build"]["unit"]["stats"][str(out)] = [
        out.stat().st_size,
        out.stat().st_mtime_ns,
        out.stat().st_ctime_ns,
        out.stat().st_ino,
    ]
    assert not state.fresh("build", "unit", "inputs-1", [out])


def test_file_digest_follows_changes_within_one_process(tmp_path: Path) -> None:
    path = tmp_path / "catalog.po"
    path.write_bytes(b"one")
    first = file_digest(path)
    path.write_bytes(b"two")
    assert file_digest(path) != first
    path.unlink()
    assert file_digest(path) == "absent"


def test_namespaces_keep_units_of_the_same_name_apart(tmp_path: Path) -> None:
    """A unit name ("fr/alert") means one thing in a stage's record, another in a memory."""
    path = tmp_path / "state.json"
    state = State(path)
    state.remember(namespace="titles", unit="fr/alert", value={"title": "Alerte"})
    state.remember(namespace="revised", unit="fr/alert", value={"shown": "2024-03-15"})
    state.save()
    again = State(path)
    assert again.recall(namespace="titles", unit="fr/alert") == {"title": "Alerte"}
    assert again.recall(namespace="revised", unit="fr/alert") == {"shown": "2024-03-15"}
    assert again.units("titles") == {"fr/alert": {"title": "Alerte"}}
    again.forget(namespace="titles", unit="fr/alert")
    assert again.recall("titles", "fr/alert") is None and again.dirty
    assert again.recall("revised", "fr/alert") == {"shown": "2024-03-15"}


def test_digest_of_a_known_file_reads_nothing_until_it_changes(tmp_path: Path) -> None:
    """A digest noted in the state answers while the file's stat key is the same."""
    source = tmp_path / "doc.md"
    source.write_bytes(b"Stay inside.")
    past = time.time_ns() - 10_000_000_000
    os.utime(source, ns=(past, past))
    state = State(tmp_path / "state.json")
    assert state.read_changed(source) == (file_digest(source), b"Stay inside.")
    state.save()
    again = State(tmp_path / "state.json")
    assert again.read_changed(source) == (file_digest(source), None)  # not read
    source.write_bytes(b"Stay indoors.")
    assert again.read_changed(source) == (file_digest(source), b"Stay indoors.")


def test_digest_of_an_output_comes_from_its_record(tmp_path: Path) -> None:
    out, path = recorded(tmp_path, b"page")
    state = State(path)
    state.data["build"]["unit"]["outputs"][str(out)] = "as-recorded"
    assert state.digest_of(out) == "as-recorded"  # the record, not the file
    assert state.digest_of(tmp_path / "gone.txt") == "absent"


def test_the_project_state_is_its_state_file(new_project: Project) -> None:
    """Every stage opens the same file, in the project's private folder."""
    state = project_state(new_project)
    assert state.path == new_project.state_file == new_project.root / ".alerti18n" / "state.json"
    state.remember("titles", "fr/example", {"title": "Exemple"})
    state.save()
    assert project_state(new_project).recall("titles", "fr/example") == {"title": "Exemple"}


def test_a_known_file_swapped_for_a_fifo_is_refused_not_read(tmp_path: Path) -> None:
    """``read_changed`` reads through the file gate: a changed stat key means the file is read,
    and a FIFO where a known source was is refused (it would block), never taken as known."""
    source = tmp_path / "doc.md"
    source.write_bytes(b"Stay inside.")
    past = time.time_ns() - 10_000_000_000
    os.utime(source, ns=(past, past))
    state = State(tmp_path / "state.json")
    state.read_changed(source)
    state.save()
    source.unlink()
    os.mkfifo(source)
    with pytest.raises(FileError, match="FIFO"):
        State(tmp_path / "state.json").read_changed(source)
