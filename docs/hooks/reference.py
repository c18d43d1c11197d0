"""MkDocs hook: the reference pages' generated parts, made from the code at build time.

A page asks for a part with a line ``<!-- generated: NAME -->``; the hook replaces it with
Markdown made from the registries and definitions in ``src/alerti18n``: every command's
``--help``, the checks, the engine settings, the config keys, the error classes, the entry
states, the marks, the output formats, the data files' own documentation. What the code
cannot say (an example for each check, a sentence for each config key) is in
``reference.toml`` beside this file, and the build fails when the two disagree: a check
without an example or whose example finds nothing, a config key, engine setting,
environment variable or entry state with no description, a description of something the
code no longer has. So the reference cannot drift from the code: ``make docs`` (``mkdocs
build --strict``) stops with the reason.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SRC = REPO / "src" / "alerti18n"
MARKER = re.compile(r"^<!-- generated: ([a-z-]+) -->$", re.MULTILINE)


def data() -> dict[str, Any]:
    """``reference.toml``: what the code cannot say about itself."""
    return tomllib.loads((HERE / "reference.toml").read_text(encoding="utf-8"))


def code(text: str) -> str:
    """``text`` as a Markdown code span (a fence longer than any backtick run inside)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def cell(text: str) -> str:
    """``text`` for a table cell: pipes escaped, one line."""
    return " ".join(text.split()).replace("|", "\\|")


def rst_to_md(text: str) -> str:
    """A docstring's reStructuredText bits as Markdown: roles and double backticks."""
    text = re.sub(r":[a-z]+:`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def agree(what: str, in_code: set[str], described: set[str]) -> None:
    """Fail the build unless the code's names and the described names are the same."""
    missing, stale = sorted(in_code - described), sorted(described - in_code)
    if missing or stale:
        raise PluginError(
            f"docs/hooks/reference.toml [{what}]: "
            + "; ".join(
                part
                for part in (
                    f"describe {', '.join(missing)}" if missing else "",
                    f"remove {', '.join(stale)} (no longer in the code)" if stale else "",
                )
                if part
            )
        )


# ----------------------------------------------------------------------------- checks ---


def checks() -> str:
    """Every registered check: a table, then each check with a real example."""
    from alerti18n.checks import CHECKS

    examples = data()["checks"]
    agree("checks", set(CHECKS), set(examples))
    rows = [
        "| check | severity | looks at | languages | what it reports |",
        "|---|---|---|---|---|",
    ]
    sections = []
    for check in CHECKS.values():
        rows.append(
            f"| [{check.id}](#{check.id}) | {check.severity} | {scope(check)} | "
            f"{languages(check)} | {cell(check.title)} |"
        )
        sections.append(check_section(check, examples[check.id]))
    return "\n".join(rows) + "\n\n" + "\n\n".join(sections) + "\n"


def scope(check: Any) -> str:
    """Which entries a check looks at, in words."""
    special = {"any": "every entry", "document": "a whole document, in each language"}
    return special.get(check.scope, f"{check.scope} entries")


def languages(check: Any) -> str:
    if check.langs:
        return ", ".join(check.langs)
    if check.except_langs:
        return "all but " + ", ".join(check.except_langs)
    return "all"


def check_section(check: Any, example: dict[str, Any]) -> str:
    """One check: its title, docstring and an example run through the real check."""
    from alerti18n.core.errors import escape_controls

    doc = (check.func.__doc__ or "").strip().split("\n", 1)
    more = rst_to_md(" ".join(doc[1].split())) if len(doc) > 1 else ""
    lang = example["lang"]
    report = run_example(check.id, example)
    if not report.strip() or "0 error(s), 0 warning(s)" in report:
        raise PluginError(
            f"docs/hooks/reference.toml [checks.{check.id}]: the example finds nothing"
        )
    state = "fuzzy, " if example.get("fuzzy") else ""
    lines = [
        f"### {check.id}",
        "",
        f"**{check.title}** Severity: {check.severity}; looks at {scope(check)}; "
        f"languages: {languages(check)}." + (f" {more}" if more else ""),
        "",
        f"Example ({state}`{lang}`):",
        "",
    ]
    if "previous" in example:
        lines.append(f"- source before it changed: {code(example['previous'])}")
    if "message" in example:
        lines += [
            f"- the document's front matter: `channel: sms`, `parts: {example['parts']}`",
            f"- its message in `{lang}`: {code(example['message'])}",
        ]
    else:
        lines += [
            f"- source: {code(example['source'])}",
            f"- translation: {code(escape_controls(example['target']))}",
        ]
    if example.get("glossary"):
        terms = ", ".join(f"{s} → {t}" for s, t in example["glossary"].items())
        lines.append(f"- glossary: {terms}")
    lines += ["", "`alerti18n check` reports:", "", "```text", report.rstrip(), "```"]
    return "\n".join(lines)


def run_example(check_id: str, example: dict[str, Any]) -> str:
    """What ``alerti18n check`` prints for a one-entry catalog holding the example, or, for a
    check of a whole document, for the example's message (see :func:`document_example`)."""
    import polib

    from alerti18n.checks import CHECKS, format_text, run_checks
    from alerti18n.checks.testing import catalog, entry
    from alerti18n.language.glossary import Glossary, Term

    if CHECKS[check_id].scope == "document":
        return document_example(CHECKS[check_id], example)
    lang = example["lang"]
    item = entry(
        example["source"],
        example["target"],
        fuzzy=example.get("fuzzy", False),
        previous=example.get("previous"),
        occurrence="source/alert.md:9",
    )
    po = polib.pofile(str(catalog([item], lang)))
    terms = tuple(Term(s, {lang: t}) for s, t in example.get("glossary", {}).items())
    found = run_checks(
        po, Path(f"locales/{lang}/alert.po"), lang, glossary=Glossary(terms), only={check_id}
    )
    return format_text(found)


def document_example(check: Any, example: dict[str, Any]) -> str:
    """A check of a whole document in one language (``sms-parts``): its module's
    ``message_findings(path, line, lang, message, parts)`` judges the example's message."""
    import importlib

    from alerti18n.checks import format_text

    judge = getattr(importlib.import_module(check.func.__module__), "message_findings", None)
    if judge is None:
        raise PluginError(f"{check.id}: a document check whose module has no message_findings")
    lang = example["lang"]
    path = Path(f"locales/{lang}/alert.po")
    return format_text(judge(path, 0, lang, example["message"], example["parts"]))


# ------------------------------------------------------------------------ configuration ---


def config_keys() -> str:
    """The keys of ``[tool.alerti18n]``, with the defaults the loader really gives."""
    from alerti18n.core import config

    described = data()["config"]
    agree("config", set(config._KNOWN_KEYS), set(described))
    defaults = loader_defaults()
    rows = ["| key | default | meaning |", "|---|---|---|"]
    for key in sorted(config._KNOWN_KEYS, key=list(described).index):
        shown = defaults.get(key, "—")
        rows.append(f"| `{key}` | {shown} | {cell(described[key])} |")
    return "\n".join(rows) + "\n"


def loader_defaults() -> dict[str, str]:
    """What :func:`load_project` makes of a config that names only the target languages."""
    from alerti18n.core.config import load_project

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "alerti18n.toml").write_text('target-languages = ["fr"]\n', encoding="utf-8")
        (root / "locales").mkdir()
        (root / "locales" / "glossary.csv").write_text("en,fr\n", encoding="utf-8")
        project = load_project(root)
        resolved = project.root

        def rel(path: Path | None) -> str:
            return "" if path is None else path.relative_to(resolved).as_posix()

        values = {
            "source-language": project.source_language,
            "source-dir": rel(project.source_dir),
            "locales-dir": rel(project.locales_dir),
            "build-dir": rel(project.build_dir),
            "dist-dir": rel(project.dist_dir),
            "glossary": rel(project.glossary),
        }
        shown = {key: code(toml_value(value)) for key, value in values.items()}
        shown["name"] = f"the catalogs' name, else {code(toml_value(project.name))}"
        shown["target-languages"] = "none: required"
        return shown


def policy_keys() -> str:
    """``[tool.alerti18n.policy.LANG]``: the fields of LanguagePolicy and their defaults."""
    from alerti18n.core.config import LanguagePolicy

    return settings_table("policy", LanguagePolicy)


def tm_keys() -> str:
    """``[tool.alerti18n.tm]``: the fields of the memory's trust policy."""
    from alerti18n.memory.tm import TrustPolicy

    return settings_table("tm", TrustPolicy)


def signing_keys() -> str:
    """``[tool.alerti18n.signing]``: the keys the loader accepts (``SIGNING_KEYS``)."""
    from alerti18n.core.config import SIGNING_KEYS

    described = data()["signing"]
    agree("signing", set(SIGNING_KEYS), set(described))
    rows = ["| key | default | meaning |", "|---|---|---|"]
    rows += [f"| `{key}` | (none) | {cell(described[key])} |" for key in SIGNING_KEYS]
    return "\n".join(rows) + "\n"


def analysis_keys() -> str:
    """``[tool.alerti18n.analysis]``: the keys the report accepts, then its band keys."""
    from alerti18n.reports import analysis

    described = data()["analysis"]
    agree("analysis", set(analysis._ANALYSIS_KEYS), set(described))
    rows = ["| key | default | meaning |", "|---|---|---|"]
    rows += [f"| `{key}` | (none) | {cell(described[key])} |" for key in sorted(described)]
    bands = ", ".join(code(key) for key in analysis.KEYS)
    return "\n".join(rows) + f"\n\nThe band keys, from done to new: {bands}.\n"


def settings_table(section: str, cls: type) -> str:
    described = data()[section]
    names = {f.name.replace("_", "-"): f for f in dataclasses.fields(cls)}
    agree(section, set(names), set(described))
    rows = ["| key | default | meaning |", "|---|---|---|"]
    for key, found in names.items():
        rows.append(f"| `{key}` | {code(toml_value(found.default))} | {cell(described[key])} |")
    return "\n".join(rows) + "\n"


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    return "(none)" if value is None else str(value)


def mt_keys() -> str:
    """``[tool.alerti18n.mt]``: ``engine``, then every engine's settings (the registry's)."""
    from alerti18n.mt import engine_types

    described = data()["mt"]
    types = engine_types()
    seen: dict[str, tuple[Any, list[str], object]] = {}
    for name, kind in types.items():
        defaults = {f.name: f.default for f in dataclasses.fields(kind.options)}
        for found in kind.options.settings():
            if found.name in seen:
                seen[found.name][1].append(name)
            else:
                seen[found.name] = (found, [name], defaults[found.name])
    no_help = {s.key for s, _, _ in seen.values() if s.help is None}
    agree("mt", no_help, set(described))
    default = next(name for name, kind in types.items() if kind.default)
    rows = [
        "| key | engines | type | default | command-line option | meaning |",
        "|---|---|---|---|---|---|",
        f"| `engine` | — | text | {code(toml_value(default))} | `--engine` | "
        + cell("; ".join(f"`{n}`: {k.help}" for n, k in types.items()))
        + " |",
    ]
    for found, engines, value in seen.values():
        engines_shown = "all" if len(engines) == len(types) else ", ".join(engines)
        option = f"`--{found.key}`" if found.help else "—"
        meaning = found.help or described[found.key]
        rows.append(
            f"| `{found.key}` | {engines_shown} | {kind_of(found)} | {code(toml_value(value))} | "
            f"{option} | {cell(meaning)} |"
        )
    return "\n".join(rows) + "\n"


def kind_of(found: Any) -> str:
    """A setting's type and range in words, from the setting's own definition."""
    names = {int: "whole number", str: "text", Path: "path"}
    number = getattr(found, "number", "a number of seconds").removeprefix("a ")
    text = number if found.kind is float else names.get(found.kind, found.kind.__name__)
    if found.choices:
        text += ": " + ", ".join(f"`{c}`" for c in found.choices)
    if found.minimum is not None:
        text += f", at least {found.minimum:g}"
    if getattr(found, "maximum", None) is not None:
        text += f", at most {found.maximum:g}"
    if found.positive:
        text += ", more than 0"
    return text


def environment() -> str:
    """Every environment variable the code reads by name, with what it does."""
    described = data()["environment"]
    read = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text("utf-8")
        read |= set(re.findall(r"environ\.get\(\s*\"([A-Z_0-9]+)\"", text))
        # environ.get(NAME), NAME = "VARIABLE" a constant of the same module
        for constant in re.findall(r"environ\.get\(\s*([A-Z][A-Z_0-9]*)\s*[,)]", text):
            read |= set(re.findall(rf"^{constant}\s*(?::[^=]+)?=\s*\"([A-Z_0-9]+)\"", text, re.M))
    read -= {"PATH"}  # only passed on to pandoc
    agree("environment", read, set(described) - {"https_proxy"})
    rows = ["| variable | meaning |", "|---|---|"]
    rows += [f"| `{name}` | {cell(text)} |" for name, text in described.items()]
    return "\n".join(rows) + "\n"


def data_file_header(name: str) -> Callable[[], str]:
    """The documentation at the top of a data file of ``language/data/``, as it stands."""

    def make() -> str:
        path = SRC / "language" / "data" / name
        lines = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            lines.append(line)
        return "```toml\n" + "\n".join(lines) + "\n```\n"

    return make


def output_formats() -> str:
    """The output format registry: what ``build --format`` takes and ``release`` publishes."""
    from alerti18n.output.formats import FORMATS

    rows = [
        "| format | files | what | `build` makes it by default | `release` publishes it | "
        "shows images | uses, when present |",
        "|---|---|---|---|---|---|---|",
    ]
    for fmt in FORMATS.values():
        rows.append(
            f"| `{fmt.name}` | `<lang>/<doc>{fmt.suffix}` | {cell(fmt.help)} | "
            f"{yes(fmt.default)} | {yes(fmt.released)} | {yes(fmt.shows_images)} | "
            f"{code(fmt.reference) if fmt.reference else '—'} |"
        )
    return "\n".join(rows) + "\n"


def yes(flag: bool) -> str:
    return "yes" if flag else "no"


# ------------------------------------------------------------ errors, states and marks ---


def exit_codes() -> str:
    """Each error class of ``core/errors.py`` (and the MT ones) with its exit code."""
    from alerti18n.core import errors
    from alerti18n.mt import engine

    classes: list[type[errors.AlertI18nError]] = [
        errors.AlertI18nError,
        *all_subclasses(errors.AlertI18nError),
    ]
    rows = ["| exit code | error | when |", "|---|---|---|"]
    for cls in sorted(classes, key=lambda c: (c.exit_code, c is not errors.AlertI18nError)):
        if cls.__module__ not in (errors.__name__, engine.__name__):
            continue
        doc = re.split(r"(?<=\.)\s+(?=[A-Z`])", " ".join((cls.__doc__ or "").split()))[0]
        rows.append(f"| {cls.exit_code} | `{cls.__name__}` | {cell(rst_to_md(doc))} |")
    return "\n".join(rows) + "\n"


def all_subclasses(cls: type[Any]) -> list[type[Any]]:
    found: list[type[Any]] = []
    for sub in cls.__subclasses__():
        found += [sub, *all_subclasses(sub)]
    return list(dict.fromkeys(found))


def entry_states() -> str:
    """The states of :class:`EntryState`, with what each means and where it counts."""
    from alerti18n.po.entrystate import EntryState

    described = data()["states"]
    agree("states", {s.value for s in EntryState}, set(described))
    rows = [
        "| state | waits for a person (fuzzy) | published by `build` | how an entry gets there |",
        "|---|---|---|---|",
    ]
    for found in EntryState:
        published = yes(found.is_translated)
        rows.append(
            f"| {found.value} | {yes(found.is_fuzzy)} | {published} | "
            f"{cell(described[found.value])} |"
        )
    return "\n".join(rows) + "\n"


def marks() -> str:
    """The marks alerti18n keeps in translator comments, from :mod:`alerti18n.po.marks`."""
    from alerti18n.po import marks as module

    doc = module.__doc__ or ""
    items = re.findall(r"^``(# [^`]+)``\n((?:    .+\n?)+)", doc, re.MULTILINE)
    names = {line.split(":")[0][2:] for line, _ in items}
    expected = {module.MT, module.MT_WARNING, module.TM, module.REVIEWED, module.WAIVE}
    if names != expected:
        raise PluginError(f"alerti18n.po.marks: its docstring documents {names}, not {expected}")
    out = []
    for line, text in items:
        out += [f"`{line}`", f":   {rst_to_md(' '.join(text.split()))}", ""]
    return "\n".join(out)


def manifest_tools() -> str:
    """The packages whose versions ``release`` records (``OUTPUT_SHAPING``)."""
    from alerti18n.stages.release import OUTPUT_SHAPING

    return ", ".join(f"`{name}`" for name in OUTPUT_SHAPING) + "\n"


def cli() -> str:
    """Every command's ``--help`` text, as the installed program prints it (100 columns)."""
    import click

    from alerti18n.cli.main import main

    rows = ["| command | what it does |", "|---|---|"]
    sections: list[str] = []

    def visit(command: click.Command, parent: click.Context | None, name: str) -> None:
        ctx = click.Context(
            command, parent=parent, info_name=name, terminal_width=100, max_content_width=100
        )
        path = ctx.command_path
        anchor = path.replace(" ", "-")
        if parent is not None:
            summary = command.get_short_help_str(limit=300).replace("<", "&lt;")
            rows.append(f"| [`{path}`](#{anchor}) | {cell(summary)} |")
        level = "#" * min(2 + path.count(" "), 4)
        sections.append(f"{level} {path} {{ #{anchor} }}\n\n```text\n{command.get_help(ctx)}\n```")
        if isinstance(command, click.Group):
            for sub in command.list_commands(ctx):
                found = command.get_command(ctx, sub)
                if found is not None and not found.hidden:
                    visit(found, ctx, sub)

    visit(main, None, "alerti18n")
    return "\n".join(rows) + "\n\n" + "\n\n".join(sections) + "\n"


GENERATORS: dict[str, Callable[[], str]] = {
    "cli": cli,
    "manifest-tools": manifest_tools,
    "checks": checks,
    "config-keys": config_keys,
    "policy-keys": policy_keys,
    "tm-keys": tm_keys,
    "signing-keys": signing_keys,
    "analysis-keys": analysis_keys,
    "mt-keys": mt_keys,
    "environment": environment,
    "profiles-toml": data_file_header("profiles.toml"),
    "scripts-toml": data_file_header("scripts.toml"),
    "output-formats": output_formats,
    "exit-codes": exit_codes,
    "entry-states": entry_states,
    "marks": marks,
}


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Replace each ``<!-- generated: NAME -->`` line of a page with its part."""

    def part(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in GENERATORS:
            raise PluginError(f"{page.file.src_path}: no generated part named {name!r}")
        return GENERATORS[name]()

    return MARKER.sub(part, markdown)
