"""The file gate: what may be read, atomic change-aware writes, a file saved meanwhile kept,
full disks and read-only folders as one-line errors, and no other module touching files."""

from __future__ import annotations

import ast
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.disk import fill, full_disk, read_only
from support.tools import REPO

from alerti18n.core import _rename
from alerti18n.core.errors import AlertI18nError, ChangedMeanwhile, FileError, SourceError
from alerti18n.core.files import (
    ABSENT,
    Stamp,
    atomic_write,
    commit_write,
    digest,
    existing,
    read_input,
    read_stamped,
    remove_leftovers,
    stage_write,
    walk,
)


def test_atomic_write_only_when_changed(tmp_path: Path) -> None:
    path = tmp_path / "a" / "f.po"
    assert atomic_write(path, b"one") is True
    stamp = path.stat().st_mtime_ns
    time.sleep(0.01)
    assert atomic_write(path, b"one") is False
    assert path.stat().st_mtime_ns == stamp
    assert atomic_write(path, b"two") is True and path.read_bytes() == b"two"
    assert [p.name for p in path.parent.iterdir()] == ["f.po"]  # no temp file left


def test_refuses_to_write_through_a_link_out_of_the_project(tmp_path: Path) -> None:
    root, outside = tmp_path / "project", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "build").symlink_to(outside, target_is_directory=True)
    with pytest.raises(AlertI18nError, match="outside the project"):
        atomic_write(root / "build" / "x.html", b"x", root)
    assert list(outside.iterdir()) == []


# --- reading: only regular files, capped, never through a link out ---------------------------


def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"x.{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    return path


@pytest.mark.parametrize(
    ("kind", "words"),
    [("fifo", "FIFO"), ("zero", "device"), ("folder", "folder"), ("socket", "socket")],
)
def test_only_a_regular_file_is_read(tmp_path: Path, kind: str, words: str) -> None:
    path = _special(tmp_path, kind)
    start = time.monotonic()
    for prefix in (None, 10):  # neither blocks (a FIFO) nor runs forever (/dev/zero)
        with pytest.raises(SourceError, match=f"is (a|an) {words}.*not a file"):
            read_input(path, error=SourceError, prefix=prefix)
    assert time.monotonic() - start < 5
    with pytest.raises(FileError, match=f"{words}|outside the project"):  # /dev/zero is outside
        existing(path, tmp_path)


def test_a_file_over_the_cap_is_refused_cleanly(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.po"
    path.write_bytes(b"#" * (2 * 1024 * 1024 + 1))
    monkeypatch.setenv("ALERTI18N_MAX_INPUT_MB", "2")
    with pytest.raises(FileError, match="file too large .*at most 2,097,152") as info:
        read_input(path)
    assert "ALERTI18N_MAX_INPUT_MB" in info.value.format_message()
    assert read_input(path, prefix=5) == b"#####"  # a prefix is read whatever the size
    monkeypatch.setenv("ALERTI18N_MAX_INPUT_MB", "3")
    assert len(read_input(path)) == 2 * 1024 * 1024 + 1


def test_a_link_is_read_only_inside_the_root(tmp_path: Path) -> None:
    root, outside = tmp_path / "project", tmp_path / "secret.txt"
    root.mkdir()
    outside.write_text("secret")
    (root / "inner.txt").write_text("inner")
    (root / "in.po").symlink_to(root / "inner.txt")
    (root / "out.po").symlink_to(outside)
    assert read_input(root / "in.po", root) == b"inner"
    with pytest.raises(FileError, match="leads outside the project"):
        read_input(root / "out.po", root)
    with pytest.raises(FileError, match="leads outside the project"):
        existing(root / "out.po", root)
    assert existing(root / "in.po", root) == root / "in.po"
    assert existing(root / "none.po", root) is None


def test_the_stamp_keeps_a_digest_only_for_a_file_changed_just_before(tmp_path: Path) -> None:
    path = tmp_path / "f.po"
    path.write_bytes(b"fresh")
    assert read_stamped(path)[1].digest == digest(b"fresh")  # its times may not tell
    old = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(old, old))
    stamp = read_stamped(path)[1]
    assert stamp.mtime_ns == old and stamp.digest is None  # a later change moves its times


def test_walk_skips_hidden_names_follows_inner_links_refuses_outer_ones(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "src" / "sub").mkdir(parents=True)
    (root / "src" / "a.md").write_text("a")
    (root / "src" / "sub" / "b.md").write_text("b")
    (root / "src" / ".hidden.md").write_text("h")
    (root / "src" / ".#lock.md").symlink_to("user@host.1:2")  # an editor's lock: broken link
    (root / "src" / "loop").symlink_to(root / "src", target_is_directory=True)
    (root / "src" / "c.txt").write_text("c")
    (root / "shared").mkdir()
    (root / "shared" / "d.md").write_text("d")
    (root / "src" / "shared").symlink_to(root / "shared", target_is_directory=True)
    (root / "build").mkdir()
    (root / "build" / "page.md").write_text("built")
    (root / "src" / "out").symlink_to(root / "build", target_is_directory=True)
    found = walk(root / "src", ".md", root, {root / "build"})
    assert [p.relative_to(root / "src").as_posix() for p in found] == [
        "a.md",
        "shared/d.md",  # a link to a folder inside the project is followed (once: not "loop")
        "sub/b.md",
    ]  # and a folder left out is left out even through a link (out -> build)
    assert walk(root / "src", ".md", root, {root / "src" / "sub", root / "build"}) == [
        root / "src" / "a.md",
        root / "src" / "shared" / "d.md",
    ]
    (root / "src" / "evil").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(FileError, match="leads outside the project"):
        walk(root / "src", ".md", root, set())
    (root / "src" / "evil").unlink()
    os.mkfifo(root / "src" / "pipe.md")
    with pytest.raises(FileError, match="FIFO"):
        walk(root / "src", ".md", root, set())


# --- writing over a file someone saved meanwhile -------------------------------------------


def _stage_over(path: Path, data: bytes) -> tuple[Path, Stamp]:
    """A command that read ``path`` (its stamp) and staged ``data`` to replace it."""
    stamp = read_stamped(path)[1]
    staged = stage_write(path, data)
    assert staged is not None
    return staged, stamp


def _editor_save(path: Path, data: bytes) -> None:
    """What most editors do: a new file renamed over the old one."""
    tmp = path.with_name(path.name + "~")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "no-exchange"])
def test_a_file_saved_meanwhile_is_kept(tmp_path: Path, monkeypatch, exchange: bool) -> None:
    if not exchange:  # as on a system without renameat2: check, then rename
        monkeypatch.setattr(_rename, "_renameat2", lambda: None)
    path = tmp_path / "fr.po"
    path.write_bytes(b"read by the command")
    staged, stamp = _stage_over(path, b"the command's result")
    _editor_save(path, b"the translator's save")
    assert commit_write(staged, path, expected=stamp) is False
    assert path.read_bytes() == b"the translator's save"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fr.po"]  # nothing staged is left
    staged, stamp = _stage_over(path, b"the command's result")  # unchanged: replaced
    assert commit_write(staged, path, expected=stamp) is True
    assert path.read_bytes() == b"the command's result"


def test_an_in_place_save_with_its_times_set_back_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_bytes(b"version 1")
    staged, stamp = _stage_over(path, b"the command's result")
    with open(path, "r+b") as handle:  # same size, same inode, modification time restored
        handle.write(b"version 2")
    os.utime(path, ns=(stamp.mtime_ns, stamp.mtime_ns))
    assert commit_write(staged, path, expected=stamp) is False  # the change time tells
    assert path.read_bytes() == b"version 2"


def test_where_the_times_cannot_tell_the_digest_does(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_bytes(b"version 2")
    st = path.stat()
    # a stamp whose times match the file now, but taken when it held "version 1"
    stamp = Stamp(
        st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, digest(b"version 1")
    )
    staged = stage_write(path, b"the command's result")
    assert staged is not None
    assert commit_write(staged, path, expected=stamp) is False
    assert path.read_bytes() == b"version 2"


def test_a_file_that_appeared_meanwhile_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "new.po"
    staged = stage_write(path, b"the command's new catalog")
    assert staged is not None
    path.write_bytes(b"created by a translator meanwhile")
    assert commit_write(staged, path, expected=ABSENT) is False
    assert path.read_bytes() == b"created by a translator meanwhile"
    assert atomic_write(tmp_path / "other.po", b"new", expected=ABSENT) is True
    with pytest.raises(ChangedMeanwhile, match="changed while"):
        atomic_write(tmp_path / "other.po", b"newer", expected=ABSENT)


# --- full disks, read-only folders ---------------------------------------------------------


def test_a_full_disk_is_one_line_and_leaves_the_file_whole(tmp_path: Path) -> None:
    with full_disk(tmp_path / "disk", 1024) as filler:
        if filler is None:  # no mount here: a file that may not grow is what a full disk does
            code = (
                "from pathlib import Path; from alerti18n.core.files import atomic_write\n"
                "from alerti18n.core.errors import FileError\n"
                "try:\n    atomic_write(Path('f.po'), b'x' * 100_000)\n"
                "except FileError as e:\n    print(e.format_message())\n"
            )
            from support.disk import file_size_limit

            (tmp_path / "f.po").write_bytes(b"old")
            done = subprocess.run(
                [sys.executable, "-c", code],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                **file_size_limit(10_000),
            )
            assert "cannot write: File too large" in done.stdout, done.stderr
            assert (tmp_path / "f.po").read_bytes() == b"old"
            return
        path = tmp_path / "disk" / "f.po"
        path.write_bytes(b"old")
        fill(filler)
        with pytest.raises(FileError) as info:
            atomic_write(path, b"x" * 100_000)
        message = info.value.format_message()
        assert "No space left on device" in message and "free some space" in message
        assert "\n" not in message
        assert path.read_bytes() == b"old"
        assert sorted(p.name for p in path.parent.iterdir()) == [".filler", "f.po"]


def test_a_read_only_folder_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "f.po").write_bytes(b"old")
    with read_only(folder):
        with pytest.raises(FileError, match="cannot write: (Read-only|Permission|Operation)"):
            atomic_write(folder / "f.po", b"new")
        with pytest.raises(FileError, match="cannot write"):
            atomic_write(folder / "sub" / "g.po", b"new")
    assert (folder / "f.po").read_bytes() == b"old"
    assert sorted(p.name for p in folder.iterdir()) == ["f.po"]


def test_a_folder_where_a_file_is_written_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out.html").mkdir()
    with pytest.raises(FileError, match="is a folder, not a file"):
        atomic_write(tmp_path / "out.html", b"x")


def test_leftovers_of_a_killed_command_are_removed(tmp_path: Path) -> None:
    (tmp_path / "fr").mkdir()
    left = tmp_path / "fr" / ".doc.html.0123456789ab.tmp"
    left.write_bytes(b"half")
    (tmp_path / "fr" / ".keep.tmp").write_bytes(b"not ours")
    assert remove_leftovers(tmp_path) == [left]
    assert [p.name for p in (tmp_path / "fr").iterdir()] == [".keep.tmp"]


# --- the one gate ----------------------------------------------------------------------------

#: Methods that reach the file system (on a Path, a file, a zip member...).
_FILE_METHODS = {
    "open", "read_bytes", "read_text", "write_bytes", "write_text", "rglob", "glob", "iterdir",
    "unlink", "rmdir", "mkdir", "touch", "symlink_to", "hardlink_to", "rename",
}  # fmt: skip
#: Modules whose every function reaches the file system.
_FILE_MODULES = {"os": {"open", "replace", "rename", "remove", "unlink", "walk", "scandir",
                        "link", "mkdir", "makedirs", "rmdir", "listdir"},
                 "shutil": None, "tempfile": None}  # fmt: skip
_GATE = {"core/files.py", "core/_rename.py", "core/lock.py"}
#: Modules that still touch files themselves, and why.
_ALLOWED = {
    "mt/packages.py": "Argos packages: a folder of their own outside the project (their edge)",
    "mt/cache.py": "the SQLite MT cache in .alerti18n/: sqlite opens its file itself",
    "mt/libretranslate.py": "opener.open() is an HTTP request, not a file; package data (codes)",
    "mt/multilingual.py": "package data (families.toml)",
    "language/profiles.py": "package data (importlib.resources)",
    "text/sentences.py": "package data, read in workers without Babel",
    "importing/importer.py": "pandoc's scratch folder under .alerti18n/, and the media folder move",
    "importing/base.py": "images pandoc left in the scratch folder: an unsafe SVG is removed",
    "importing/html.py": "a page's images copied into the scratch folder (inside the page's)",
    "importing/office.py": "a package's media written into the scratch folder",
    "language/scripts.py": "package data (scripts.toml)",
    "mt/__init__.py": "EngineType.open() opens an engine, not a file",
    "mt/package_check.py": "members of a package zip (the packages' edge, as mt/packages.py)",
    "importing/_checks.py": "members of a zip package already read into memory",
    "stages/build.py": "empty output folders removed after their last page (rmdir)",
    "core/sshsig.py": "ssh-keygen -Y sign signs a file: a private scratch folder for it",
}  # fmt: skip


def _file_calls(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            found.add("open")
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            if owner in _FILE_MODULES:
                names = _FILE_MODULES[owner]
                if names is None or func.attr in names:
                    found.add(f"{owner}.{func.attr}")
            elif func.attr in _FILE_METHODS:
                found.add(func.attr)
    return found


def test_only_the_gate_touches_the_file_system() -> None:
    package = REPO / "src" / "alerti18n"
    offenders = {}
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        calls = _file_calls(path)
        if calls and name not in _GATE and name not in _ALLOWED:
            offenders[name] = sorted(calls)
    assert offenders == {}
    assert _file_calls(package / "core" / "files.py")  # the rule can see
    assert [name for name in _ALLOWED if not _file_calls(package / name)] == []  # none stale


def test_decode_utf8_drops_a_bom_and_names_the_line_of_a_bad_byte() -> None:
    from alerti18n.core.errors import ConfigError
    from alerti18n.core.files import decode_utf8

    assert decode_utf8(b"\xef\xbb\xbfa\nb", Path("g.csv"), ConfigError, "bad", "fix") == "a\nb"
    with pytest.raises(ConfigError) as raised:
        decode_utf8(b"a\nb\n\xff", Path("g.csv"), ConfigError, "not UTF-8", "save as UTF-8")
    assert raised.value.line == 3 and "not UTF-8" in raised.value.format_message()
