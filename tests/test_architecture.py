"""The package's shape: its import graph, and a test file for every module.

Imports: the layers, the independence of the six middle packages and the absence of
import cycles are import-linter contracts (``[tool.importlinter]`` in pyproject.toml, run by
``make lint`` and here); import-linter reads every import statement, those inside functions
included, and the tests below show each contract refusing what it forbids.

Tests mirror the package: every module with code has a test file named after it in
the folder of its package (``alerti18n.stages.build`` -> ``tests/stages/test_build.py``,
``alerti18n.pipeline`` -> ``tests/test_pipeline.py``, a package's ``__init__`` ->
``tests/mt/test_mt.py``, leading underscores dropped: ``checks._util`` ->
``tests/checks/test_util.py``), or is listed in ``TESTED_IN`` with the file that tests
it, whose docstring names it.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.tools import REPO

PACKAGE = REPO / "src" / "alerti18n"
TESTS = REPO / "tests"
#: Modules tested in a file not named after them: the module -> that file (whose docstring
#: names the module).
TESTED_IN = {
    "alerti18n": "test_environment.py",  # the package root: __version__
    "alerti18n.checks": "checks/test_report.py",  # the registry's run_checks, check_project
    "alerti18n.importing._checks": "importing/test_importer.py",  # through the command
    "alerti18n.importing._inlines": "importing/test_structure.py",  # emphasis, via the rewrite
    "alerti18n.importing.html": "importing/test_docx.py",  # import a web page, through the command
    "alerti18n.importing.odt": "importing/test_docx.py",  # LibreOffice's ODT, through the command
    "alerti18n.importing.office": "importing/test_docx.py",  # what DOCX and ODT import shares
    "alerti18n.po._decode": "po/test_pofile_errors.py",  # charsets and decoding, via read_po
    "alerti18n.po._lex": "po/test_pofile_errors.py",  # the strict reader's lexer, via read_po
    "alerti18n.po._parse": "po/test_pofile_errors.py",  # its grammar, through read_po
    "alerti18n.po._uax14": "po/test_pofile.py",  # the pure-Python breaker, against libunistring
    "alerti18n.po._wrap": "po/test_pofile.py",  # gettext's line breaking, through write_po
    "alerti18n.po._write": "po/test_pofile.py",  # write-po.c's entry and flag rules, via write_po
    "alerti18n.text._emphasis": "text/test_inline.py",  # CommonMark emphasis, via visible_text()
}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contracts on the ``alerti18n`` package in ``root``."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "lint-imports is in the test extra"
    return subprocess.run(
        [lint, "--no-cache", "--no-logo", str(REPO / "pyproject.toml")],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
    )


def _package_of_layers(root: Path) -> None:
    """An ``alerti18n`` package with one empty module in each package the contracts name."""
    package = root / "alerti18n"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "pipeline.py").write_text("", encoding="utf-8")
    for name in LAYERED:
        (package / name).mkdir()
        (package / name / "__init__.py").write_text("", encoding="utf-8")
        (package / name / "a.py").write_text("", encoding="utf-8")


#: The packages of the layers contract (besides the module ``pipeline``).
LAYERED = (
    "cli stages reports catalog memory mt checks output importing text language po core".split()
)

#: What each contract must refuse: a file of the package and what is written in it.
BREAKS = {
    "a lower layer imports a higher one, inside a function": (
        "core/a.py",
        "def f():\n    from alerti18n.po import a\n",
        "Each layer imports only from the layers below it BROKEN",
    ),
    "a layer imports the pipeline": (
        "stages/a.py",
        "from alerti18n import pipeline\n",
        "Each layer imports only from the layers below it BROKEN",
    ),
    "one middle package imports another": (
        "catalog/a.py",
        "from alerti18n.mt import a\n",
        "The six middle packages are independent of one another BROKEN",
    ),
    "two modules import each other, one of them inside a function": (
        "text/b.py",
        "def f():\n    from alerti18n.text import a\n",
        "No import cycle between the modules of a package BROKEN",
    ),
    "a package the layers do not name": (
        "extra/__init__.py",
        "",
        "Each layer imports only from the layers below it BROKEN",
    ),
}


def test_the_package_keeps_its_import_contracts() -> None:
    """The layer order, the independent middle packages and no import cycle (pyproject.toml's
    ``[tool.importlinter]``, also run by ``make lint``)."""
    result = _lint_imports(REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("case", BREAKS, ids=list(BREAKS))
def test_each_contract_refuses_what_it_forbids(tmp_path: Path, case: str) -> None:
    """import-linter reads imports inside functions too: each break below is one it must see."""
    _package_of_layers(tmp_path)
    assert _lint_imports(tmp_path).returncode == 0  # the empty layers keep every contract
    path, text, broken = BREAKS[case]
    if path == "text/b.py":
        (tmp_path / "alerti18n" / "text" / "a.py").write_text(
            "from alerti18n.text import b\n", encoding="utf-8"
        )
    (tmp_path / "alerti18n" / path).parent.mkdir(exist_ok=True)
    (tmp_path / "alerti18n" / path).write_text(text, encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout


def expected_test_file(module: str, package: bool = False) -> str:
    """The path, under tests/, of the test file of ``module`` by the naming rule (no mapping);
    ``package``: the module is a package's ``__init__``."""
    parts = module.split(".")[1:]
    if not parts:  # the root package
        return "test_alerti18n.py"
    folders = parts if package else parts[:-1]
    return "/".join([*folders, "test_" + parts[-1].lstrip("_") + ".py"])


def _has_code(path: Path) -> bool:
    """Whether a module holds more than a docstring (and ``from __future__`` imports)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
        if not (docstring or future):
            return True
    return False


def untested(package: Path, tests: Path, tested_in: dict[str, str]) -> list[str]:
    """Modules of ``package`` with code but no test file, as "module: why"."""
    found = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if not _has_code(path):
            continue
        is_package = path.name == "__init__.py"
        name = tested_in.get(module, expected_test_file(module, is_package))
        test = tests / name
        if not test.is_file():
            found.append(f"{module}: no tests/{name}")
        elif module in tested_in:
            doc = ast.get_docstring(ast.parse(test.read_text(encoding="utf-8"))) or ""
            if not re.search(rf"(?<![\w.]){re.escape(module)}(?!\w|\.\w)", doc):
                found.append(f"{module}: the docstring of tests/{name} does not name it")
    return found


def test_every_module_has_a_test_file() -> None:
    assert untested(PACKAGE, TESTS, TESTED_IN) == []
    # the mapping is for modules the naming rule does not cover, and only those
    by_rule = {
        m: expected_test_file(m, (PACKAGE.parent / m.replace(".", "/")).is_dir()) for m in TESTED_IN
    }
    assert [m for m, name in by_rule.items() if (TESTS / name).is_file()] == []


def test_a_module_without_tests_is_named(tmp_path: Path) -> None:
    package, tests = tmp_path / "alerti18n", tmp_path / "tests"
    (package / "stages").mkdir(parents=True)
    tests.mkdir()
    (package / "__init__.py").write_text('"""Docstring only."""\n', encoding="utf-8")
    (package / "stages" / "__init__.py").write_text('"""Stages."""\n', encoding="utf-8")
    (package / "stages" / "build.py").write_text("X = 1\n", encoding="utf-8")
    (package / "_wrap.py").write_text("X = 1\n", encoding="utf-8")
    (tests / "test_other.py").write_text('"""Tests of something else."""\n', encoding="utf-8")
    assert untested(package, tests, {"alerti18n._wrap": "test_other.py"}) == [
        "alerti18n._wrap: the docstring of tests/test_other.py does not name it",
        "alerti18n.stages.build: no tests/stages/test_build.py",
    ]
    (tests / "stages").mkdir()
    (tests / "stages" / "test_build.py").write_text('"""Build."""\n', encoding="utf-8")
    (tests / "test_other.py").write_text('"""Tests of alerti18n._wrap."""\n', encoding="utf-8")
    assert untested(package, tests, {"alerti18n._wrap": "test_other.py"}) == []


def readme_module_map() -> str:
    """The ``src/alerti18n/`` block of the README's Development section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Development", 1)[1].split("```", 2)[1]
    return block.split("docs/", 1)[0]  # the package's part, before the other folders


def test_the_readme_module_map_matches_the_tree() -> None:
    """Every module is in the map, and the map names no module that does not exist."""
    block = readme_module_map()
    files = {p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py")}
    missing = sorted(
        str(f)
        for f in files
        if f.name != "__init__.py"
        and f.parts[0] != "checks"  # the checks are one registry, named as checks/
        and not re.search(rf"(?<![\w/.]){re.escape(f.name)}\b", block)
    )
    assert missing == []
    for folder in {f.parts[0] for f in files if len(f.parts) > 1}:
        assert f"{folder}/" in block, folder
    named = set(re.findall(r"(?<![\w/.])(\w+\.py)\b", block))
    assert named - {f.name for f in files} == set()
