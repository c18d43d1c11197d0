"""The package's shape: its import graph, and a test file for every module.

Imports: no module imports another that (directly or not) imports it back,
even inside a function; nothing imports ``cli``; only ``cli`` imports
``pipeline`` (``release`` runs the build stage itself, from ``stages.build``).

Tests mirror the package: every module with code has a test file named after it in
the folder of its package (``alerti18n.stages.build`` -> ``tests/stages/test_build.py``,
``alerti18n.pipeline`` -> ``tests/test_pipeline.py``, a package's ``__init__`` ->
``tests/mt/test_mt.py``, leading underscores dropped: ``checks._util`` ->
``tests/checks/test_util.py``), or is listed in ``TESTED_IN`` with the file that tests
it, whose docstring names it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from support.tools import REPO

PACKAGE = REPO / "src" / "alerti18n"
TESTS = REPO / "tests"
#: Modules tested in a file not named after them: the module -> that file (whose docstring
#: names the module).
TESTED_IN = {
    "alerti18n": "test_environment.py",  # the package root: __version__
    "alerti18n.checks": "checks/test_report.py",  # the registry's run_checks, check_project
    "alerti18n.importing._checks": "importing/test_importer.py",  # through the command
    "alerti18n.po._decode": "po/test_pofile_errors.py",  # charsets and decoding, via read_po
    "alerti18n.po._lex": "po/test_pofile_errors.py",  # the strict reader's lexer, via read_po
    "alerti18n.po._parse": "po/test_pofile_errors.py",  # its grammar, through read_po
    "alerti18n.po._uax14": "po/test_pofile.py",  # the pure-Python breaker, against libunistring
    "alerti18n.po._wrap": "po/test_pofile.py",  # gettext's line breaking, through write_po
    "alerti18n.po._write": "po/test_pofile.py",  # write-po.c's entry and flag rules, via write_po
    "alerti18n.text._emphasis": "text/test_inline.py",  # CommonMark emphasis, through visible()
}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports anywhere in its file (functions included)."""
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    found.add(full if full in files else base)
        graph[name] = {m for m in found if m in files and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_function_level_imports() -> None:
    graph = import_graph()
    assert "alerti18n.output.index" in graph["alerti18n.stages.build"]  # imported inside build()
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_cli_is_on_top_and_pipeline_just_below() -> None:
    graph = import_graph()
    assert not [name for name, deps in graph.items() if "alerti18n.cli.main" in deps]
    importers = sorted(name for name, deps in graph.items() if "alerti18n.pipeline" in deps)
    assert importers == ["alerti18n.cli.main"]


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


def test_lower_layers_never_import_a_stage() -> None:
    """Stages use the library; the library never reaches back into a stage."""
    graph = import_graph()
    allowed = {"alerti18n.cli.main", "alerti18n.pipeline"}
    offenders = {
        name: sorted(d for d in deps if d.startswith("alerti18n.stages"))
        for name, deps in graph.items()
        if name not in allowed and not name.startswith("alerti18n.stages")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert "alerti18n.stages.build" in graph["alerti18n.stages.release"]  # the rule can see


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
