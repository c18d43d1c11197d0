"""A hostile Argos package index, through ``alerti18n models install --from-index``.

A real web server on 127.0.0.1 serves a folder holding ``index.json`` and packages built at
test time; :class:`~support.faultproxy.FaultProxy` in front of it spoils answers on demand.
The index and each download have an overall deadline and a size cap, only ``http(s)`` links
are followed, entries with unsafe metadata are passed over, and a downloaded package is
checked like any other: one line, exit 2, nothing installed.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.argos_factory import build_argosmodel, rewrite_zip, top_folder
from support.faultproxy import FaultProxy
from support.projects import invoke

from alerti18n.core.errors import ModelError
from alerti18n.mt import packages as models


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A static web server on 127.0.0.1 over a folder: (its URL, the folder)."""
    folder = tmp_path_factory.mktemp("index-site")
    good = build_argosmodel(folder / "good.argosmodel", layers=(1, 1))
    padding = {f"{top_folder(good)}/model/padding.bin": bytes(64 << 20)}  # 60 times its size
    rewrite_zip(good, folder / "bomb.argosmodel", add=padding)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder
    server.shutdown()
    server.server_close()


def entry(links: list[str], **changes: object) -> dict:
    meta = {"package_version": "1.0", "from_code": "en", "to_code": "fr", "type": "translate"}
    return {**meta, "links": links, **changes}


def publish(folder: Path, name: str, entries: list) -> str:
    (folder / name).write_text(json.dumps(entries), encoding="utf-8")
    return name


def test_a_valid_index_entry_installs(site: tuple[str, Path], tmp_path: Path) -> None:
    url, folder = site
    index = publish(folder, "good.json", [entry([f"{url}/good.argosmodel"])])
    installed = models.install_from_index("en", "fr", tmp_path, timeout=10, url=f"{url}/{index}")
    assert installed.pair == "en->fr"


@pytest.mark.parametrize(
    ("misbehave", "says"),
    [("trickle", "no answer within 1 s"), ("endless", "it sent more than 16 MiB")],
)
def test_a_trickling_or_endless_index_is_cut_off(
    site: tuple[str, Path], tmp_path: Path, misbehave: str, says: str
) -> None:
    url, folder = site
    index = publish(folder, "slow.json", [entry([f"{url}/good.argosmodel"])])
    with FaultProxy(url, misbehave=misbehave) as proxy, pytest.raises(ModelError, match=says):
        models.install_from_index("en", "fr", tmp_path / "m", timeout=1, url=f"{proxy.url}/{index}")
    assert not (tmp_path / "m").exists()


def test_links_to_local_files_are_never_followed(site: tuple[str, Path], tmp_path: Path) -> None:
    url, folder = site
    local = folder / "good.argosmodel"
    index = publish(folder, "local.json", [entry([local.as_uri(), "ftp://127.0.0.1/x"])])
    with pytest.raises(ModelError, match=r"could not download en->fr from \[\]"):
        models.install_from_index("en", "fr", tmp_path / "m", timeout=5, url=f"{url}/{index}")
    assert not (tmp_path / "m").exists()


def test_entries_with_unsafe_metadata_are_passed_over(
    site: tuple[str, Path], tmp_path: Path
) -> None:
    url, folder = site
    good = f"{url}/good.argosmodel"
    entries = [
        entry([good], to_code="../../fr"),
        entry([good], package_version="9.9\nmt: x"),
        entry(good),  # links as a string
        "not an entry",
        [entry([good])],
    ]
    index = publish(folder, "unsafe.json", entries)
    with pytest.raises(ModelError, match="the Argos index has no en->fr package"):
        models.install_from_index("en", "fr", tmp_path / "m", timeout=5, url=f"{url}/{index}")
    publish(folder, "deep.json", [])
    (folder / "deep.json").write_text("[" * 100_000)
    with pytest.raises(ModelError, match="invalid package index: nested too deeply"):
        models.install_from_index("en", "fr", tmp_path / "m", timeout=5, url=f"{url}/deep.json")


def test_a_downloaded_zip_bomb_is_refused_through_the_command(
    site: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, folder = site
    (folder / "bomb-index").mkdir(exist_ok=True)
    publish(folder / "bomb-index", "index.json", [entry([f"{url}/bomb.argosmodel"])])
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", f"{url}/bomb-index/")
    result = invoke(
        None, "models", "install", "--from-index", "en", "fr", "--models-dir", str(tmp_path / "m")
    )
    assert result.exit_code == 2, result.output
    (line,) = result.output.splitlines()
    assert line.startswith("error: ") and "times its size" in line
    assert not (tmp_path / "m").exists() or list((tmp_path / "m").iterdir()) == []
