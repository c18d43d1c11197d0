"""The manual tells the truth: its commands parse, its tutorial runs, its manifest is complete.

The reference pages are generated from the code when ``make docs`` builds the site (see
``docs/hooks/reference.py``), so they cannot drift; what is written by hand is held here:

- every ``alerti18n …`` command line in a shell block of ``docs/`` or the README, and every
  inline ``alerti18n …`` command, names commands and options that exist, with values their
  types accept (Click parses each one as the program would, without running it);
- the first-alert tutorial (``docs/tutorials/first-alert.md``) runs, block by block, on a
  new project in a temporary folder, with the translations its table tells the reader to type;
- every key of the ``manifest.json`` that tutorial's ``release`` writes is on the manifest
  reference page;
- the hook that writes the generated parts stops the build when its descriptions and the code
  disagree.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import click
import polib
import pytest
from support.tools import REPO

from alerti18n.cli.main import main

DOCS = REPO / "docs"
TUTORIAL = DOCS / "tutorials" / "first-alert.md"
MANIFEST_PAGE = DOCS / "reference" / "manifest.md"
#: Where the tutorial stops for the reader to translate: the table after it says what to type.
TRANSLATE = re.compile(r"<!-- tutorial-test: translate (\w+)/([\w-]+) -->")
SHELL_BLOCK = re.compile(r"^( *)```(?:sh|bash|shell)\n(.*?)^\1```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"(?<!`)`(alerti18n [a-z][^`]*)`(?!`)")
#: Words that stand for a value in prose (`alerti18n COMMAND --help`): not a command line.
PLACEHOLDER = re.compile(r"\b[A-Z]{3,}\b(?![\w.])")


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md")) + [REPO / "README.md"]


def shell_lines(block: str) -> Iterator[str]:
    """A shell block's logical lines: continuations joined, here-document bodies left out."""
    end = None
    pending = ""
    for line in block.splitlines():
        if end is not None:
            end = None if line.strip() == end else end
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        line, pending = pending + line, ""
        heredoc = re.search(r"<<-?\s*'?\"?(\w+)", line)
        if heredoc:
            end = heredoc.group(1)
        yield line


def invocations(line: str) -> Iterator[list[str]]:
    """The argument lists of each ``alerti18n`` command in a shell line."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    words: list[str] = []
    for token in [*lexer, ";"]:
        if token and set(token) <= set(";&|()<>"):
            if words and Path(words[0]).name == "alerti18n":
                yield words[1:]
            words = []
        else:
            words.append(token)


def command_lines() -> list[tuple[str, str]]:
    """(where, line) for every alerti18n command line of the docs and the README.

    A command in running text (`alerti18n review`) names a command, perhaps with some of its
    options, so it is checked as if ``--help`` followed it: the command and the options it
    shows must exist, the rest may be left out.
    """
    found = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        where = page.relative_to(REPO).as_posix()
        for match in SHELL_BLOCK.finditer(text):
            for line in shell_lines(match.group(2)):
                if "alerti18n" in line:
                    found.append((where, line.strip()))
        for match in INLINE.finditer(text):
            if not PLACEHOLDER.search(match.group(1)):
                found.append((where, match.group(1) + " --help"))
    return found


def problem(args: list[str]) -> str | None:
    """What Click says is wrong with ``alerti18n ARGS``, or None: parsed as the program would
    (every option, choice and type), down to the subcommand, nothing run."""
    try:
        ctx = main.make_context("alerti18n", list(args), resilient_parsing=False)
        command: click.Command = main
        while isinstance(command, click.Group) and unparsed(ctx):
            name, *rest = unparsed(ctx)
            sub = command.get_command(ctx, name)
            if sub is None:
                return f"no command {name!r}"
            ctx = sub.make_context(name, rest, parent=ctx)
            command = sub
    except click.exceptions.Exit:
        return None  # --help or --version
    except click.ClickException as exc:
        return exc.format_message()
    return None


def unparsed(ctx: click.Context) -> list[str]:
    """What a group left for its subcommand (Click 8 keeps the name apart, Click 9 will not)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return [*getattr(ctx, "protected_args", []), *ctx.args]


def test_the_docs_have_command_lines() -> None:
    lines = command_lines()
    assert len(lines) > 60
    assert {where for where, _ in lines} >= {
        "README.md",
        "docs/tutorials/first-alert.md",
        "docs/how-to/review-and-release.md",
    }


def test_every_command_line_in_the_docs_parses() -> None:
    wrong = [
        f"{where}: {line}: {found}"
        for where, line in command_lines()
        for args in invocations(line)
        if (found := problem(args))
    ]
    assert wrong == []


def test_a_wrong_command_line_is_named() -> None:
    """The check above can fail: an unknown option, a bad choice, an unknown command."""
    assert problem(["status", "--format", "json"]) is None
    assert problem(["tm", "export", "--lang", "fr", "-o", "x.tmx"]) is None
    assert "No such option" in (problem(["build", "--formats", "md"]) or "")
    assert "'yaml' is not one of" in (problem(["status", "--format", "yaml"]) or "")
    assert problem(["tm", "purge"]) == "no command 'purge'"
    assert [list(a) for a in invocations("cd x && alerti18n extract && alerti18n update # c")] == [
        ["extract"],
        ["update"],
    ]
    block = "cat > a.md <<'END'\nalerti18n nonsense\nEND\nalerti18n \\\n  check --only x"
    assert list(shell_lines(block)) == ["cat > a.md <<'END'", "alerti18n    check --only x"]


# ------------------------------------------------------------------------ the tutorial ---


def tutorial_steps() -> list[str | dict[str, str]]:
    """The tutorial as it runs: each shell block, and the translation the reader types."""
    text = TUTORIAL.read_text(encoding="utf-8")
    steps: list[str | dict[str, str]] = []
    position = 0
    marks = list(TRANSLATE.finditer(text))
    for match in SHELL_BLOCK.finditer(text):
        for mark in marks:
            if position <= mark.start() < match.start():
                steps.append(
                    {"catalog": f"{mark.group(1)}/{mark.group(2)}.po", **table(text, mark)}
                )
        steps.append(match.group(2))
        position = match.end()
    return steps


def table(text: str, mark: re.Match[str]) -> dict[str, str]:
    """The msgid -> msgstr rows of the first table after ``mark`` (code spans, escapes undone)."""
    rows = {}
    for line in text[mark.end() :].strip().splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip().strip("`").replace("\\*", "*") for c in line.strip("|").split("|")]
        rows[cells[0]] = cells[1]
    assert rows, "the translation table follows the marker"
    return rows


def run_block(block: str, cwd: Path, env: dict[str, str]) -> Path:
    """Run one shell block as the reader would; return the folder it leaves the shell in."""
    where = cwd / ".." / ".tutorial-cwd"
    script = f"set -euo pipefail\n{block}\npwd > {shlex.quote(str(where))}\n"
    done = subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{block}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    return Path(where.read_text(encoding="utf-8").strip())


@pytest.mark.slow
@pytest.mark.pandoc
@pytest.mark.weasyprint
def test_the_first_alert_tutorial_runs(tmp_path: Path) -> None:
    """Every block of the tutorial, in order, in a scratch folder; then what it promises."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    env.pop("SOURCE_DATE_EPOCH", None)
    cwd = scratch
    for step in tutorial_steps():
        if isinstance(step, str):
            cwd = run_block(step, cwd, env)
            continue
        path = cwd / "locales" / step.pop("catalog")
        po = polib.pofile(str(path))
        assert {e.msgid for e in po} == set(step), "the table lists every sentence"
        for entry in po:
            entry.msgstr = step[entry.msgid]
        po.save()
    project = scratch / "water-alerts"
    assert cwd == project
    release = project / "dist" / "water" / "2025-03-01"
    assert sorted(p.name for p in (release / "fr").iterdir()) == [
        "water.docx",
        "water.html",
        "water.md",
        "water.pdf",
        "water.txt",
    ]
    assert "Eau coupée dans le nord" in (release / "fr" / "water.html").read_text("utf-8")
    manifest = json.loads((release / "manifest.json").read_text("utf-8"))
    assert [lang["draft"] for lang in manifest["languages"]] == [False, False]
    documented = MANIFEST_PAGE.read_text(encoding="utf-8")
    assert [key for key in key_paths(manifest) if f"`{key}`" not in documented] == []


def key_paths(value: object, prefix: str = "") -> list[str]:
    """``a.b``, ``a[].c`` for every key in a JSON value; the tool names under ``tools`` as
    ``tools.NAME``."""
    if prefix == "tools":
        return ["tools.NAME"]
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            found += key_paths(item, path) or [path]
        return found
    if isinstance(value, list):
        return [p for item in value for p in key_paths(item, f"{prefix}[]")]
    return []


def test_key_paths() -> None:
    value = {"a": 1, "b": [{"c": 2, "d": {"e": 3}}], "tools": {"x": "1"}, "f": []}
    assert sorted(set(key_paths(value))) == ["a", "b[].c", "b[].d.e", "f", "tools.NAME"]


# --------------------------------------------------- the generated reference's guards ---


def hook() -> ModuleType:
    """``docs/hooks/reference.py``, the MkDocs hook that writes the generated reference parts."""
    spec = importlib.util.spec_from_file_location("docs_reference", DOCS / "hooks" / "reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_reference_build_fails_when_docs_and_code_disagree() -> None:
    """What makes `make docs` stop: a described name the code lacks, a name not described,
    a check example the check does not report, a page asking for an unknown part."""
    from mkdocs.exceptions import PluginError

    from alerti18n.checks import CHECKS

    reference = hook()
    reference.agree("config", {"a", "b"}, {"a", "b"})
    with pytest.raises(PluginError, match=r"\[config\]: describe new-key; remove old-key"):
        reference.agree("config", {"a", "new-key"}, {"a", "old-key"})
    example = {"lang": "fr", "source": "The road is closed.", "target": "La route est fermée."}
    with pytest.raises(PluginError, match=r"\[checks.markup\]: the example finds nothing"):
        reference.check_section(CHECKS["markup"], example)
    page = type("Page", (), {"file": type("File", (), {"src_path": "x.md"})()})()
    with pytest.raises(PluginError, match="no generated part named 'nothing'"):
        reference.on_page_markdown("# X\n\n<!-- generated: nothing -->\n", page)
    shown = reference.on_page_markdown("<!-- generated: tm-keys -->", page)
    assert "`trust-reviewed-exact` | `false`" in shown
