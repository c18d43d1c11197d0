"""Command line: parse options, call one library function, report, exit.

What each command prints is in :mod:`alerti18n.cli.report`; the heavy modules
are imported inside the commands that need them, so ``--help`` and a no-op
run start fast.

Exit codes: 0 success, 1 a check or policy failed, 2 bad input (any
:class:`~alerti18n.core.errors.AlertI18nError` is shown as one line, no traceback).
"""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from alerti18n.cli import report
from alerti18n.core.config import Project, load_project
from alerti18n.core.errors import AlertI18nError
from alerti18n.core.files import os_error
from alerti18n.core.lock import project_lock
from alerti18n.output import formats as output_formats

# Each command imports the stages it runs, so a command starts with no more than it uses
# (the output formats' registry is imported above: build's --format help lists them).

project_option = click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder (holds pyproject.toml [tool.alerti18n] or alerti18n.toml).",
)


class AlertGroup(click.Group):
    """The one place where a library error becomes a message and an exit code.

    Every command and sub-group runs inside the root group's :meth:`invoke`, so
    an :class:`~alerti18n.core.errors.AlertI18nError` raised anywhere below is shown
    as one ``error: …`` line on standard error (control characters escaped, see
    :func:`~alerti18n.cli.report.terminal_safe`) and ends the program through
    Click's own :meth:`click.Context.exit` with the error's exit code.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AlertI18nError as exc:
            report.error(exc.format_message())
            ctx.exit(exc.exit_code)
        except (BrokenPipeError, KeyboardInterrupt):
            raise
        except OSError as exc:  # the system's answer from below the file gate (a library's file)
            error = os_error(exc, Path(exc.filename or "."), "go on", AlertI18nError)
            report.error(error.format_message())
            ctx.exit(error.exit_code)


def command(writes: bool) -> Callable:
    """Decorator: add --project, load the project, take the lock, exit with the returned code."""

    def decorate(func: Callable) -> Callable:
        @project_option
        @functools.wraps(func)
        def wrapper(project_dir: Path, **kwargs: Any) -> None:
            project = load_project(project_dir)
            if writes:
                with project_lock(project.root, func.__name__):
                    code = func(project, **kwargs)
            else:
                code = func(project, **kwargs)
            click.get_current_context().exit(code or 0)

        return wrapper

    return decorate


def _languages(value: tuple[str, ...]) -> list[str] | None:
    langs = [code.strip() for item in value for code in item.split(",") if code.strip()]
    return langs or None


lang_option = click.option(
    "--lang", "langs", multiple=True, help="Target language(s), e.g. --lang fr or --lang hy,fr."
)


@click.group(cls=AlertGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Also report what each stage wrote.")
@click.version_option(package_name="alerti18n")
def main(verbose: bool) -> None:
    """Translate urgent alerts into every language through gettext catalogs.

    Typical cycle: extract -> update -> pretranslate -> (translators edit PO
    files) -> check -> review -> build / release.  'alerti18n run' does the
    automatic part in one go.
    """
    report.setup_logging(verbose)
    # A catalog read makes millions of objects that live until the command ends; collecting
    # them every 700 allocations (Python's default) took an eighth of a million-entry update.
    gc.set_threshold(100_000, 50, 100)


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
@click.option(
    "--name",
    default=None,
    help="Project name for catalog headers and the index page [default: the folder's name].",
)
def init(directory: Path, source_language: str, targets: str, name: str | None) -> None:
    """Create a new project folder (config, source/, locales/, glossary)."""
    langs = [t.strip() for t in targets.split(",") if t.strip()]

    from alerti18n.stages import init as scaffold

    for path in scaffold.init_project(directory, source_language, langs, name):
        report.echo(f"created {path}")


@main.command()
@command(writes=True)
def extract(project: Project) -> int:
    """Split source documents into sentences and write locales/<doc>.pot."""
    from alerti18n.stages.extract import extract as extract_documents

    written = extract_documents(project)
    report.show_written("extract", written, project)
    return 0


@main.command()
@lang_option
@command(writes=True)
def update(project: Project, langs: tuple[str, ...]) -> int:
    """Create or merge locales/<lang>/<doc>.po from the templates, keeping every translation."""
    from alerti18n.stages.update import update as update_catalogs

    written = update_catalogs(project, _languages(langs))
    report.show_written("update", written, project)
    return 0


@main.command()
@lang_option
@click.option(
    "--format",
    "formats",
    default=",".join(output_formats.default_formats()),
    show_default=True,
    help="Comma-separated output formats: "
    + ", ".join(f"{f.name} ({f.help})" for f in output_formats.FORMATS.values())
    + ".",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: the project's build folder).",
)
@command(writes=True)
def build(project: Project, langs: tuple[str, ...], formats: str, out: Path | None) -> int:
    """Build every document in each language: <out>/<lang>/<doc>.<format>."""
    chosen = output_formats.choose(formats.split(","))
    from alerti18n.stages import build as build_stage

    results = build_stage.build(project, _languages(langs), chosen, out.resolve() if out else None)
    report.show_built(results)
    return 0


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--as", "name", default=None, help="Document name: source/NAME.md [default: the file's stem]."
)
@command(writes=True)
def import_(project: Project, file: Path, name: str | None) -> int:
    """Convert a .docx, .odt or .html file into source/<name>.md (replacing an older import)."""
    from alerti18n.importing.importer import import_document

    result = import_document(project, file, name)
    report.show_written("import", [result.markdown, *result.media], project)
    return 0


@main.command()
@lang_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write a self-contained dashboard page (progress, checks, policy, analysis) to "
    "this file.",
)
@click.option(
    "--analysis",
    is_flag=True,
    help="Show the analysis report instead: words and segments by band (reviewed, translated, "
    "memory matches, machine drafts, new) per language and document, and the hours they take "
    "at the project's analysis.words-per-hour.",
)
@command(writes=False)
def status(
    project: Project, langs: tuple[str, ...], fmt: str, html_out: Path | None, analysis: bool
) -> int:
    """Show, per document and language, how much is translated, fuzzy and untranslated.

    Languages behind an amended document are listed after the table ("outdated since
    version N") with the sentences that changed; --format json also carries each one's
    time to publish. A catalog that cannot be read is reported at the end (exit 2);
    every other one is still shown.
    """
    from alerti18n.po.pofile import reading_once

    with reading_once():  # the dashboard and the table read each catalog once
        return _status(project, _languages(langs), fmt, html_out, analysis)


def _status(
    project: Project, chosen: list[str] | None, fmt: str, html_out: Path | None, analysis: bool
) -> int:
    if html_out is not None:
        from alerti18n.reports.dashboard import write_dashboard

        # the dashboard notes each catalog's content in the state (see dashboard.last_changed)
        with project_lock(project.root, "status"):
            written = write_dashboard(project, html_out, chosen)
        report.echo(f"status: wrote {written}", err=True)
    if analysis:
        from alerti18n.reports.analysis import analyse

        with project_lock(project.root, "status"):  # its caches note files in the state
            found = analyse(project, chosen, keep_going=True)
        report.show_analysis(found, fmt)
        return max((la.problem.exit_code for la in found.languages if la.problem), default=0)
    from alerti18n.reports import stats
    from alerti18n.reports.timeline import project_progress

    unreadable: list[stats.Unreadable] = []
    counts = stats.status(project, chosen, unreadable)
    problems: list[AlertI18nError] = []  # release histories that cannot be read
    progress = project_progress(project, chosen, problems)  # amendments, time to publish
    report.show_status(project, chosen, counts, unreadable, fmt, progress, problems)
    errors = [u.error for u in unreadable] + problems
    return max((error.exit_code for error in errors), default=0)


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
    from alerti18n.reports.channels import project_findings

    chosen = {c.strip() for c in only.split(",") if c.strip()} or None
    findings = project_findings(project, _languages(langs), chosen)
    if fmt == "json":
        report.echo(checks.format_json(findings, project.root))
    else:
        report.echo(checks.format_text(findings, project.root), nl=False)
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
    from alerti18n.stages.review import review as mark_reviewed

    count = mark_reviewed(project, lang, by, all_clean=all_clean)
    report.echo(f"review: {count} entr{'y' if count == 1 else 'ies'} marked reviewed by {by}")
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
@click.option(
    "--sign",
    "key",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Sign each manifest.json with this SSH private key (ssh-keygen -Y sign); "
    "see docs/how-to/sign-and-verify.md.",
)
@command(writes=True)
def release(project: Project, out: Path | None, allow_draft: bool, key: Path | None) -> int:
    """Publish every document and language into dist/<doc>/<version>/ if the policy passes."""
    from alerti18n.reports import policy
    from alerti18n.stages import release as releasing

    verdicts = policy.evaluate(project)
    report.echo(policy.format_table(verdicts), nl=False)
    folder = out.resolve() if out else None
    for manifest in releasing.release(project, folder, allow_draft, verdicts, key):
        report.echo(f"release: wrote {manifest.parent}{' (signed)' if key else ''}")
    return 0


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--allowed-signers",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="OpenSSH allowed-signers file naming the publisher's key; without it the signature "
    "is checked against the manifest, but not who made it.",
)
@click.option(
    "--identity",
    default=None,
    help="The signer's identity in the allowed-signers file [default: the one its key has].",
)
def verify(directory: Path, allowed_signers: Path | None, identity: str | None) -> None:
    """Check a release folder: its signature (OpenSSH), then every file's SHA-256.

    Exit 1 naming the first file that differs from the signed manifest, or a
    file it does not list; exit 0 when everything matches.
    """
    from alerti18n.stages.verify import verify_release

    report.show_verified(verify_release(directory, allowed_signers, identity))


@main.command()
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; list the files that would change and exit 1 if any.",
)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@project_option
def fmt(check_only: bool, files: tuple[Path, ...], project_dir: Path) -> None:
    """Rewrite PO/POT files in the canonical form msgcat writes (losslessly).

    Without FILES, every catalog of the project (see --project) is formatted.
    """
    from alerti18n.po.pofile import fmt_files

    if files:
        changed = fmt_files(list(files), check=check_only)
    else:
        project = load_project(project_dir)
        paths = project.files.catalogs()
        if check_only:
            changed = fmt_files(paths, check=True)
        else:
            with project_lock(project.root, "fmt"):
                changed = fmt_files(paths, root=project.root)
    report.show_formatted(changed, check_only)
    click.get_current_context().exit(1 if check_only and changed else 0)


models_dir_option = click.option(
    "--models-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Argos packages folder (default: $ARGOS_PACKAGES_DIR, else Argos' own folder).",
)


class EngineCommand(click.Command):
    """A command whose --engine and engine options come from the MT engine registry.

    They are made when the command parses its arguments or shows its help, so
    that no other command imports the engines.
    """

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        if not getattr(self, "_engine_params", False):
            self.params.extend(engine_params())
            self._engine_params = True
        return super().get_params(ctx)


def engine_params() -> list[click.Parameter]:
    """--engine, then each engine setting that has a help text, as click options."""
    from alerti18n.mt import engine_types, settings

    types = engine_types()
    found: list[click.Parameter] = [
        click.Option(
            ["--engine"],
            type=click.Choice(list(types)),
            default=None,
            help="; ".join(f"{name}: {kind.help}" for name, kind in types.items()) + ".",
        )
    ]
    for setting in settings().values():
        if setting.help is None:
            continue
        kind: click.ParamType | type = setting.kind
        if setting.choices:
            kind = click.Choice(list(setting.choices))
        elif setting.kind is int:
            kind = click.IntRange(int(setting.minimum or 0))
        elif setting.kind is float:
            kind = click.FloatRange(
                setting.minimum or 0, setting.maximum, min_open=setting.positive
            )
        found.append(click.Option([f"--{setting.key}"], type=kind, default=None, help=setting.help))
    return found


@main.command(cls=EngineCommand)
@lang_option
@click.option("--dry-run", is_flag=True, help="Count what would be translated; write nothing.")
@models_dir_option
@command(writes=True)
def pretranslate(project: Project, langs: tuple[str, ...], dry_run: bool, **mt: Any) -> int:
    """Fill untranslated entries with machine drafts (fuzzy, never over human work).

    Offline with the default engine; with --engine libretranslate, the
    sentences go to the server --url (or mt.url) names, and nowhere else.
    """
    from alerti18n.mt import engine_options
    from alerti18n.stages.pretranslate import pretranslate as fill

    options = engine_options(project, **mt)  # the engine options given, see engine_params
    start = time.perf_counter()
    with report.progress_bar("pretranslate") as progress:
        summaries = fill(
            project, _languages(langs), dry_run=dry_run, progress=progress, options=options
        )
    report.show_translated(summaries, time.perf_counter() - start, dry_run)
    return 0


@main.group()
def models() -> None:
    """List, install and remove offline translation packages (Argos .argosmodel)."""


@models.command("list")
@models_dir_option
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also show which package serves each of this project's pairs [default: the project "
    "in the current folder, if there is one].",
)
def models_list(models_dir: Path | None, project_dir: Path | None) -> None:
    """Installed packages (pair, version, size, location), and the project's pairs."""
    from alerti18n.mt import packages as argos_models
    from alerti18n.mt import routes

    project = _project_if_any(project_dir)
    served = None
    if project is not None:
        models_dir, served = routes.project_routes(project, models_dir)
    found = argos_models.list_packages(models_dir)
    report.show_packages(argos_models.packages_dir(models_dir), found, served)


def _project_if_any(project_dir: Path | None) -> Project | None:
    """The project ``--project`` names, else the current folder's if it has one."""
    from alerti18n.core.config import find_config

    if project_dir is not None:
        return load_project(project_dir)
    try:
        find_config(Path(".").resolve())
    except AlertI18nError:
        return None
    return load_project(".")


@models.command("install")
@click.argument("package", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from-index",
    "from_index",
    nargs=2,
    metavar="FROM TO",
    default=None,
    help="Download FROM->TO from the Argos package index (the only networked command).",
)
@models_dir_option
def models_install(
    package: Path | None, from_index: tuple[str, str] | None, models_dir: Path | None
) -> None:
    """Install a package from a .argosmodel file, or --from-index FROM TO."""
    from alerti18n.mt import packages as argos_models

    if (package is None) == (from_index is None):
        raise click.UsageError("give either PACKAGE or --from-index FROM TO")

    if from_index:
        pkg = argos_models.install_from_index(*from_index, models_dir=models_dir)
    else:
        assert package is not None  # one of the two, checked above
        pkg = argos_models.install_file(package, models_dir=models_dir)
    report.echo(f"installed {pkg.pair} {pkg.name} {pkg.version} in {pkg.path}")


@models.command("remove")
@click.argument("name")
@models_dir_option
def models_remove(name: str, models_dir: Path | None) -> None:
    """Remove an installed package (folder name, or FROM-TO when only one matches)."""
    from alerti18n.mt import packages as argos_models

    report.echo(f"removed {argos_models.remove_package(name, models_dir)}")


@main.command()
@models_dir_option
@command(writes=True)
def run(project: Project, models_dir: Path | None) -> int:
    """Run the pipeline: extract, update, tm fill, pretranslate, build, check.

    Languages without a translation package are skipped with a warning.
    Exits 1 when the checks find an error.
    """
    from alerti18n import checks, pipeline

    findings = pipeline.run(project, report.RunReport(project), models_dir)
    return 1 if checks.has_errors(findings) else 0


@main.group()
def tm() -> None:
    """Translation memory: fill from it, import TMX/PO memories, export TMX, list, remove."""


@tm.command("fill")
@lang_option
@command(writes=True)
def tm_fill(project: Project, langs: tuple[str, ...]) -> int:
    """Fill untranslated entries from the memory (exact and fuzzy matches, marked '# tm:')."""
    from alerti18n.memory import tm

    report.show_filled(tm.fill(project, _languages(langs)))
    return 0


@tm.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@command(writes=True)
def tm_import(project: Project, files: tuple[Path, ...]) -> int:
    """Import TMX 1.4 or PO files into locales/tm/ (all are checked before any is stored)."""
    from alerti18n.memory import tm

    report.show_imported(tm.import_files(project, list(files)), project)
    return 0


@tm.command("export")
@click.option("--lang", default=None, help="Only this target language.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="TMX file to write (default: standard output).",
)
@command(writes=False)
def tm_export(project: Project, lang: str | None, output: Path | None) -> int:
    """Write the memory (catalogs and imported memories) as TMX 1.4b."""
    from alerti18n.memory import tm

    if output is None:
        report.data(tm.export(project, lang))
    else:
        tm.export_to(project, output, lang)
        report.echo(f"tm: wrote {output}", err=True)
    return 0


@tm.command("list")
@command(writes=False)
def tm_list(project: Project) -> int:
    """List the imported memories and their units per language."""
    from alerti18n.memory import tm

    report.show_memories(tm.list_imported(project), tm.tm_dir(project), project)
    return 0


@tm.command("remove")
@click.argument("name")
@command(writes=True)
def tm_remove(project: Project, name: str) -> int:
    """Remove an imported memory (its name as 'tm list' shows it)."""
    from alerti18n.memory import tm

    report.echo(f"tm: removed {tm.remove(project, name).relative_to(project.root)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    main()
