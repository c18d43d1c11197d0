"""Hostile files where the project's inputs belong, and outputs aimed at the inputs.

Each input kind (a source document, a catalog, a template, the glossary, the config, an
imported memory, a page catalog, a reference document) is replaced by each hostile kind
of file: a FIFO (which blocked status, update and build forever), a device, a link to
/dev/zero (a MemoryError), a folder (a traceback in build), a socket, a link to a file
outside the project (read into the POT, and from there sent to MT servers), and a file
over the size cap. Every case: exit 2, one ``error:`` line, no traceback, nothing changed
in the project or outside it (``support.hostile.refuses``).
"""

from __future__ import annotations

import json
import os
import socket
import stat
from pathlib import Path

import pytest
from support.hostile import refuses, run

DOC = "field-hospital"  # a document of the basic fixture (tests/roots/basic)
#: Where each input kind is in the basic fixture, and a command that reads it.
INPUTS = {
    "source document": (f"source/{DOC}.md", ["extract"]),
    "catalog": (f"locales/fr/{DOC}.po", ["update"]),
    "template": (f"locales/{DOC}.pot", ["update"]),
    "glossary": ("locales/glossary.csv", ["check"]),
    "config": ("pyproject.toml", ["status"]),
    "imported memory": ("locales/tm/partner.tmx", ["tm", "fill"]),
    "page catalog": ("locales/pages/fr.po", ["build", "--format", "html"]),
    "reference document": ("reference.docx", ["build", "--format", "docx"]),
}
#: Each hostile kind of file, and the words its refusal says.
KINDS = {
    "fifo": "FIFO",
    "device": "device",
    "dev-zero": "outside the project",
    "folder": "folder",
    "socket": "socket",
    "link-out": "outside the project",
    "too-large": "too large",
}


def plant(path: Path, kind: str, outside: Path) -> None:
    """Put a hostile ``kind`` of file at ``path`` (what was there is moved ``outside``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = outside / f"secret-{path.name}"
    if path.exists():
        os.replace(path, secret)
    else:
        secret.write_text("secret\n", encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        try:
            os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # what /dev/zero is
        except PermissionError:
            pytest.skip("only root may make a device node")
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
        (path / "inside.txt").write_text("x")
    elif kind == "socket":
        here = Path.cwd()
        os.chdir(path.parent)  # a socket's path may hold at most 108 bytes
        try:
            server = socket.socket(socket.AF_UNIX)
            server.bind(path.name)
            server.close()
        finally:
            os.chdir(here)
    elif kind == "link-out":
        path.symlink_to(secret)  # a real file with the real content, outside the project
    elif kind == "too-large":
        os.replace(secret, path)
        with open(path, "ab") as handle:
            handle.write(b"\n# " + b"x" * (1024 * 1024) + b"\n")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("what", list(INPUTS))
def test_a_hostile_file_where_an_input_belongs_is_refused(
    basic_project: Path, outside: Path, monkeypatch, what: str, kind: str
) -> None:
    monkeypatch.setenv("ALERTI18N_MAX_INPUT_MB", "1")
    where, command = INPUTS[what]
    plant(basic_project / where, kind, outside)
    # a FIFO runs as a real process with a time limit: a regression would block for ever
    refuses(
        basic_project,
        *command,
        words=(KINDS[kind],),
        watch=(outside,),
        subprocess=kind == "fifo",
    )


COMMANDS = [
    ["build"],
    ["check"],
    ["status"],
    ["update"],
    ["review", "--lang", "fr", "--by", "Ani"],
    ["tm", "fill"],
    ["release", "--allow-draft"],
]


@pytest.mark.parametrize("kind", ["folder", "fifo", "link-out"])
def test_every_command_classifies_a_catalog_path_alike(
    basic_project: Path, outside: Path, kind: str
) -> None:
    """``check`` warned where ``build`` crashed: now one classification, one refusal."""
    plant(basic_project / f"locales/fr/{DOC}.po", kind, outside)
    lines = set()
    for command in COMMANDS:
        line = refuses(basic_project, *command, words=(KINDS[kind],), watch=(outside,))
        lines.add(line.split(": ", 2)[1])  # the file named
    assert lines == {str(basic_project / f"locales/fr/{DOC}.po")}


# --- outputs aimed at inputs ----------------------------------------------------------------

INPUT_FILES = [
    f"locales/fr/{DOC}.po",
    f"locales/{DOC}.pot",
    f"source/{DOC}.md",
    "pyproject.toml",
    "locales/glossary.csv",
    ".alerti18n/state.json",
    "locales/new.html",
    "source/notes.html",
]


@pytest.mark.parametrize("where", INPUT_FILES)
@pytest.mark.parametrize(
    "command", [["status", "--html"], ["tm", "export", "-o"]], ids=["status-html", "tm-export"]
)
def test_an_output_file_never_replaces_an_input(
    basic_project: Path, command: list[str], where: str
) -> None:
    assert run(basic_project, "extract").code == 0  # so that the state file exists
    refuses(basic_project, *command, str(basic_project / where), words=("would",))


@pytest.mark.parametrize("where", ["source", "locales", "source/sub", "locales/fr", ".alerti18n"])
@pytest.mark.parametrize("command", ["build", "release"])
def test_an_output_folder_never_lies_among_the_inputs(
    basic_project: Path, command: str, where: str
) -> None:
    """``build --out source`` made the next extract read the pages as documents, and
    ``release --out source`` twice nested releases."""
    extra = ["--allow-draft"] if command == "release" else []
    refuses(basic_project, command, *extra, "--out", str(basic_project / where), words=("into",))


def test_a_release_is_never_written_into(basic_project: Path) -> None:
    dist = basic_project / "dist"
    assert run(basic_project, "release", "--allow-draft").code == 0
    manifest = next(dist.rglob("manifest.json"))
    version = manifest.parent
    assert json.loads(manifest.read_text())["document"] in (DOC, "water-points")
    for out in (version, version / "fr", version / "sub"):
        for command in (["release", "--allow-draft"], ["build"]):
            refuses(basic_project, *command, "--out", str(out), words=("into the release",))
    assert run(basic_project, "release", "--allow-draft").code == 0  # released again: fine


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("source-dir", "{outside}"),  # used to give a traceback
        ("build-dir", "{outside}"),  # a build wrote there, and a later one deleted there
        ("dist-dir", "../outside"),
        ("locales-dir", "{outside}/locales"),
        ("glossary", "{outside}/glossary.csv"),
        ("build-dir", "source"),
    ],
)
def test_a_config_never_points_outside_or_onto_the_inputs(
    basic_project: Path, outside: Path, key: str, value: str
) -> None:
    config = basic_project / "pyproject.toml"
    text = config.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"{key} ="))
    value = value.format(outside=outside)
    config.write_text(text.replace(line, f'{key} = "{value}"'), encoding="utf-8")
    (outside / "glossary.csv").write_text("en,fr\n", encoding="utf-8")
    for command in (["extract"], ["build"], ["release", "--allow-draft"]):
        refuses(basic_project, *command, words=(key,), watch=(outside,))


@pytest.mark.parametrize("kind", ["fifo", "device", "dev-zero"])
@pytest.mark.parametrize(
    "command", [["import", "x.html"], ["tm", "import", "x.tmx"], ["fmt", "x.po"]]
)
def test_a_hostile_file_named_on_the_command_line_is_refused(
    basic_project: Path, outside: Path, kind: str, command: list[str]
) -> None:
    """A file the user names may be outside the project, but it must be a regular file."""
    path = outside / command[-1]
    plant(path, kind, outside)
    words = "device" if kind == "dev-zero" else KINDS[kind]
    refuses(
        basic_project,
        *command[:-1],
        str(path),
        words=(words,),
        watch=(outside,),
        subprocess=kind == "fifo",
    )


@pytest.mark.parametrize("command", [["update"], ["build"], ["check"], ["tm", "fill"]])
def test_a_language_folder_linked_out_of_the_project_is_refused(
    basic_project: Path, outside: Path, command: list[str]
) -> None:
    """Not only the file: a link in a folder above it (locales/fr -> elsewhere) leads out too."""
    french = basic_project / "locales" / "fr"
    os.replace(french, outside / "fr")
    french.symlink_to(outside / "fr", target_is_directory=True)
    refuses(basic_project, *command, words=("outside the project",), watch=(outside,))


def test_pages_never_land_on_the_sources_whatever_the_folders_are_called(
    basic_project: Path,
) -> None:
    """A source folder named like a language, and ``build --out .``: fr/<doc>.md would be
    the French page and the source document at once."""
    config = basic_project / "pyproject.toml"
    config.write_text(
        config.read_text().replace('source-dir = "source"', 'source-dir = "fr"'), "utf-8"
    )
    os.replace(basic_project / "source", basic_project / "fr")
    refuses(basic_project, "build", "--out", str(basic_project), words=("into fr",))


def test_a_link_in_the_sources_never_makes_pages_documents(basic_project: Path) -> None:
    assert run(basic_project, "build", "--format", "md").code == 0
    (basic_project / "source" / "pages").symlink_to(basic_project / "build")
    outcome = run(basic_project, "extract")
    assert outcome.code == 0, outcome.stderr
    assert not list((basic_project / "locales").rglob("pages"))


def test_any_other_manifest_json_is_no_release(basic_project: Path) -> None:
    """A web app's manifest.json in a folder above is not an earlier release."""
    (basic_project.parent / "manifest.json").write_text('{"name": "an app"}', "utf-8")
    assert run(basic_project, "build", "--format", "md").code == 0


def test_an_output_name_too_long_for_the_system_is_one_line(
    basic_project: Path, outside: Path
) -> None:
    too_long = outside / ("x" * 300 + ".tmx")
    refuses(basic_project, "tm", "export", "-o", str(too_long), words=("name is too long",))
