"""Command line: parse options, call one library function, report, exit.

Exit codes: 0 success, 1 a check or policy failed, 2 bad input (any
:class:`~alerti18n.errors.AlertI18nError` is shown as one line, no traceback).
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from alerti18n import pipeline, scaffold
from alerti18n.config import Project, load_project
from alerti18n.errors import AlertI18nError
from alerti18n.fsutil import project_lock


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    root = logging.getLogger("alerti18n")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    root.propagate = False


def command(writes: bool) -> Callable:
    """Decorator: add --project, load the project, take the lock, turn errors into exit codes."""

    def decorate(func: Callable) -> Callable:
        @click.option(
            "--project",
            "project_dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=".",
            show_default=True,
            help="Project folder (holds pyproject.toml [tool.alerti18n] or alerti18n.toml).",
        )
        @functools.wraps(func)
        def wrapper(project_dir: Path, **kwargs: Any) -> None:
            try:
                project = load_project(project_dir)
                if writes:
                    with project_lock(project.root, func.__name__):
                        code = func(project, **kwargs)
                else:
                    code = func(project, **kwargs)
            except AlertI18nError as exc:
                click.echo(f"error: {exc.format_message()}", err=True)
                sys.exit(exc.exit_code)
            sys.exit(code or 0)

        return wrapper

    return decorate


def _languages(value: tuple[str, ...]) -> list[str] | None:
    langs = [code.strip() for item in value for code in item.split(",") if code.strip()]
    return langs or None


lang_option = click.option(
    "--lang", "langs", multiple=True, help="Target language(s), e.g. --lang fr or --lang hy,fr."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Also report what each stage wrote.")
@click.version_option(package_name="alerti18n")
def main(verbose: bool) -> None:
    """Translate urgent alerts into every language through gettext catalogs.

    Typical cycle: extract -> update -> pretranslate -> (translators edit PO
    files) -> check -> review -> build / release.  'alerti18n run' does the
    automatic part in one go.
    """
    _setup_logging(verbose)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--source-language", default="en", show_default=True)
@click.option(
    "--target",
    "targets",
    default="hy,fr",
    show_default=True,
    help="Comma-separated target languages.",
)
def init(directory: Path, source_language: str, targets: str) -> None:
    """Create a new project folder (config, source/, locales/, glossary)."""
    try:
        created = scaffold.init_project(
            directory, source_language, [t.strip() for t in targets.split(",") if t.strip()]
        )
    except AlertI18nError as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    for path in created:
        click.echo(f"created {path}")


@main.command()
@command(writes=True)
def extract(project: Project) -> int:
    """Split source documents into sentences and write locales/<doc>.pot."""
    written = pipeline.extract(project)
    _report("extract", written, project)
    return 0


@main.command()
@lang_option
@command(writes=True)
def update(project: Project, langs: tuple[str, ...]) -> int:
    """Create or merge locales/<lang>/<doc>.po from the templates, keeping every translation."""
    written = pipeline.update(project, _languages(langs))
    _report("update", written, project)
    return 0


@main.command()
@lang_option
@click.option(
    "--format",
    "formats",
    default="md,html,txt",
    show_default=True,
    help="Comma-separated output formats: md, html, txt.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: the project's build folder).",
)
@command(writes=True)
def build(project: Project, langs: tuple[str, ...], formats: str, out: Path | None) -> int:
    """Build every document in each language: <out>/<lang>/<doc>.{md,html,txt}."""
    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = set(chosen) - set(pipeline.FORMATS)
    if unknown:
        raise AlertI18nError(
            f"unknown format(s): {', '.join(sorted(unknown))}",
            hint=f"choose from {', '.join(pipeline.FORMATS)}",
        )
    results = pipeline.build(project, _languages(langs), chosen, out.resolve() if out else None)
    for built in results:
        note = (
            f" ({built.fallbacks} of {built.total} in source language)" if built.fallbacks else ""
        )
        click.echo(f"built {built.lang}/{built.doc}{note}")
    return 0


@main.command()
@lang_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@command(writes=False)
def status(project: Project, langs: tuple[str, ...], fmt: str) -> int:
    """Show, per document and language, how much is translated, fuzzy and untranslated."""
    stats = pipeline.status(project, _languages(langs))
    if fmt == "json":
        click.echo(json.dumps([s.to_dict() for s in stats], ensure_ascii=False, indent=2))
        return 0
    header = (
        f"{'document':<28} {'lang':<5} {'done':>6} {'reviewed':>8} {'fuzzy':>6} "
        f"{'(mt)':>5} {'untransl.':>9} {'words done':>12}"
    )
    click.echo(header)
    for s in stats:
        click.echo(
            f"{s.doc:<28} {s.lang:<5} {s.percent:>5.1f}% {s.reviewed:>8} {s.fuzzy:>6} "
            f"{s.machine:>5} {s.untranslated:>9} {s.words_translated:>5}/{s.words:<6}"
        )
    return 0


@main.command()
@lang_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--only", default="", help="Comma-separated check ids to run (default: all).")
@command(writes=False)
def check(project: Project, langs: tuple[str, ...], fmt: str, only: str) -> int:
    """Run the quality checks on every catalog; exit 1 if any error is found."""
    from alerti18n import checks

    chosen = {c.strip() for c in only.split(",") if c.strip()} or None
    findings = checks.check_project(project, _languages(langs), chosen)
    if fmt == "json":
        click.echo(checks.format_json(findings, project.root))
    else:
        click.echo(checks.format_text(findings, project.root), nl=False)
    return 1 if checks.has_errors(findings) else 0


@main.command()
@click.option("--lang", required=True, help="Target language to review.")
@click.option("--by", "by", required=True, help="Reviewer's name, recorded in each entry.")
@click.option(
    "--all-clean", is_flag=True, help="Only mark entries that have no unwaived check finding."
)
@command(writes=True)
def review(project: Project, lang: str, by: str, all_clean: bool) -> int:
    """Mark translated entries of a language as reviewed by a second person."""
    from alerti18n.review import review as mark_reviewed

    count = mark_reviewed(project, lang, by, all_clean=all_clean)
    click.echo(f"review: {count} entr{'y' if count == 1 else 'ies'} marked reviewed by {by}")
    return 0


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Release folder (default: the project's dist folder).",
)
@click.option(
    "--allow-draft",
    is_flag=True,
    help="Publish failing languages too, each page marked as a draft.",
)
@command(writes=True)
def release(project: Project, out: Path | None, allow_draft: bool) -> int:
    """Publish every document and language into dist/<doc>/<version>/ if the policy passes."""
    from alerti18n import release as releasing

    verdicts = releasing.evaluate(project)
    click.echo(releasing.format_table(verdicts), nl=False)
    folder = out.resolve() if out else None
    for manifest in releasing.release(project, folder, allow_draft, verdicts):
        click.echo(f"release: wrote {manifest.parent}")
    return 0


@main.command()
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; list the files that would change and exit 1 if any.",
)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project whose catalogs to format when no FILES are given.",
)
def fmt(check_only: bool, files: tuple[Path, ...], project_dir: Path) -> None:
    """Rewrite PO/POT files in the canonical form msgcat writes (losslessly)."""
    from alerti18n.pofile import fmt_files

    try:
        if files:
            changed = fmt_files(list(files), check=check_only)
        else:
            project = load_project(project_dir)
            paths = sorted(project.locales_dir.rglob("*.po")) + sorted(
                project.locales_dir.rglob("*.pot")
            )
            if check_only:
                changed = fmt_files(paths, check=True)
            else:
                with project_lock(project.root, "fmt"):
                    changed = fmt_files(paths)
    except AlertI18nError as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    for path in changed:
        click.echo(f"{'would reformat' if check_only else 'reformatted'} {path}")
    sys.exit(1 if check_only and changed else 0)


@main.command()
@command(writes=True)
def run(project: Project) -> int:
    """Run the pipeline: extract, update, build."""
    _report("extract", pipeline.extract(project), project)
    _report("update", pipeline.update(project), project)
    for built in pipeline.build(project):
        click.echo(
            f"built {built.lang}/{built.doc}"
            + (
                f" ({built.fallbacks} of {built.total} in source language)"
                if built.fallbacks
                else ""
            )
        )
    return 0


def _report(stage: str, written: list[Path], project: Project) -> None:
    if not written:
        click.echo(f"{stage}: nothing changed")
    for path in written:
        click.echo(f"{stage}: wrote {path.relative_to(project.root)}")


if __name__ == "__main__":  # pragma: no cover
    main()
