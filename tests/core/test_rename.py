"""Renames that lose no save (alerti18n.core._rename): create only where nothing is,
replace only what was expected, and put back a save that came in the last microseconds."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from alerti18n.core import _rename, files
from alerti18n.core.files import read_stamped, stage_write


def _editor_save(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + "~")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _staged(path: Path, data: bytes) -> Path:
    staged = stage_write(path, data)
    assert staged is not None
    return staged


def _stage_over(path: Path, data: bytes):
    return _staged(path, data), read_stamped(path)[1]


@pytest.mark.parametrize("links", [True, False], ids=["link", "no-hard-links"])
def test_create_never_replaces_a_file(tmp_path: Path, monkeypatch, links: bool) -> None:
    if not links:  # a file system without hard links (FAT, some shares): renameat2 NOREPLACE

        def no_link(*args: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_link)
    target = tmp_path / "new.po"
    staged = _staged(target, b"ours")
    assert _rename.create(staged, target) is True
    assert target.read_bytes() == b"ours" and not staged.exists()
    staged = _staged(tmp_path / "other.po", b"ours again")
    assert _rename.create(staged, target) is False
    assert target.read_bytes() == b"ours" and staged.read_bytes() == b"ours again"


def test_the_exchange_puts_back_a_save_that_came_after_the_check(tmp_path: Path) -> None:
    """The last window: a save between the check and the rename. With the exchange, the file
    taken away is checked after it, and a save found there goes back in place."""
    path = tmp_path / "fr.po"
    path.write_bytes(b"read")
    staged, stamp = _stage_over(path, b"the command's result")
    ours = staged.stat().st_ino
    _editor_save(path, b"saved after the check")
    assert _rename.replace_if(staged, path, lambda old: files._unchanged(old, stamp, True)) is False
    assert path.read_bytes() == b"saved after the check"
    assert staged.stat().st_ino == ours  # the command's file is back under its staged name

    staged, _ = _stage_over(path, b"the command's result")

    def newer_save_meanwhile(old: Path) -> bool:  # while checking, a newer save lands on path
        _editor_save(path, b"an even newer save")
        return False

    assert _rename.replace_if(staged, path, newer_save_meanwhile) is False
    assert path.read_bytes() == b"an even newer save"
