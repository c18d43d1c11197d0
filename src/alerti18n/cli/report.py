"""What the commands print: summaries, the status table, the progress bar, ``run``'s report.

The CLI (:mod:`alerti18n.cli.main`) parses options and calls the library; the
results come here to be shown. Summaries and tables go to standard output,
the progress bar to standard error. Nothing here calls the library or
decides an exit code.

Everything shown goes through :func:`echo` (messages, tables, JSON) or the
log handler :func:`setup_logging` installs, and both pass it through
:func:`terminal_safe`: a file name, a PO string, a document or a server's
message is outside text, and a terminal acts on some characters instead of
showing them (ESC starts sequences that recolour, retitle or clear the screen,
bidirectional controls reverse what follows). Those are written as ``\\uXXXX``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from alerti18n.core.errors import escape_controls

if TYPE_CHECKING:
    from alerti18n.core.config import Project
    from alerti18n.core.errors import AlertI18nError
    from alerti18n.reports.analysis import Analysis, LanguageAnalysis
    from alerti18n.reports.stats import Stats, Unreadable
    from alerti18n.reports.timeline import Progress
    from alerti18n.stages.verify import Verified


def terminal_safe(text: str, lines: bool = False) -> str:
    """``text`` as a terminal may show it (:func:`alerti18n.core.errors.escape_controls`)."""
    return escape_controls(text, lines)


def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
    """Print ``text`` (lines) to standard output, or standard error; see :func:`terminal_safe`."""
    click.echo(terminal_safe(text, lines=True), err=err, nl=nl)


def data(payload: bytes) -> None:
    """``payload`` on standard output byte for byte: data (a TMX file), not a message."""
    sys.stdout.flush()
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()


def error(message: str) -> None:
    """The one ``error: …`` line of a failed command, on standard error."""
    echo(f"error: {terminal_safe(message)}", err=True)


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {terminal_safe(record.getMessage())}"


def setup_logging(verbose: bool) -> None:
    """The library's log as ``warning: …`` lines on stderr (``info: …`` too when verbose)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    root = logging.getLogger("alerti18n")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    root.propagate = False


def show_written(stage: str, written: list[Path], project: Project) -> None:
    """``stage: wrote <file>`` per file, relative to the project; or that nothing changed."""
    if not written:
        echo(f"{stage}: nothing changed")
    for path in written:
        echo(f"{stage}: wrote {path.relative_to(project.root)}")


def show_built(built: list) -> None:
    """``built <lang>/<doc>`` per page set, with how much of it fell back to the source."""
    for item in built:
        note = f" ({item.fallbacks} of {item.total} in source language)" if item.fallbacks else ""
        echo(f"built {item.lang}/{item.doc}{note}")


def show_verified(result: Verified) -> None:
    """What ``verify`` checked: the files, and who signed (or that nobody was checked)."""
    echo(f"verify: {result.files} file(s) match {result.folder / 'manifest.json'}")
    signed = result.signed
    if signed is None:
        echo(
            "verify: not signed: this shows the files are unchanged since the manifest "
            "was written, not who wrote it",
            err=True,
        )
    elif result.signer_checked:
        echo(f"verify: signed by {signed.principal} ({signed.key_type} key {signed.fingerprint})")
    else:
        echo(
            f"verify: signature good, by {signed.key_type} key {signed.fingerprint}, but its "
            "signer was NOT checked: give --allowed-signers with the publisher's key",
            err=True,
        )


def show_formatted(changed: list[Path], check_only: bool) -> None:
    """The catalogs ``fmt`` rewrote, or with ``--check`` would rewrite (and how to do it)."""
    for path in changed:
        echo(f"{'would reformat' if check_only else 'reformatted'} {path}")
    if check_only and changed:
        echo("hint: the same command without --check rewrites them", err=True)


def show_filled(results: list) -> None:
    """The memory's exact and fuzzy matches, and how many catalogs it wrote."""
    exact = sum(r.exact for r in results)
    fuzzy = sum(r.fuzzy for r in results)
    written = [r for r in results if r.written]
    echo(f"tm: {exact} exact, {fuzzy} fuzzy match(es) filled in {len(written)} catalog(s)")


def show_translated(summaries: list, seconds: float, dry_run: bool = False) -> None:
    """Pretranslate's totals over every catalog, how long it took, the drafts' confidence and,
    per language, the glossary terms the drafts carry in their approved form."""
    translated = sum(s.translated for s in summaries)
    skipped = sum(s.skipped for s in summaries)
    cached = sum(s.from_cache for s in summaries)
    warnings = sum(s.warnings for s in summaries)
    refused = sum(s.refused for s in summaries)
    withheld = sum(s.withheld for s in summaries)
    verb = "would translate" if dry_run else "translated"
    echo(
        f"pretranslate: {verb} {translated}, skipped {skipped} (human or fuzzy), "
        f"from cache {cached}, placeholder warnings {warnings}, "
        + (f"refused {refused} (control characters), " if refused else "")
        + (f"withheld {withheld} (low confidence), " if withheld else "")
        + f"{seconds:.1f} s"
    )
    if dry_run or not translated:
        return
    bands = {band: sum(s.bands[band] for s in summaries) for band in summaries[0].bands}
    echo("pretranslate: confidence: " + ", ".join(f"{n} {band}" for band, n in bands.items() if n))
    usage = _term_usage(summaries)
    if usage:
        echo("pretranslate: glossary terms in their approved form: " + ", ".join(usage))


def _term_usage(summaries: list) -> list[str]:
    """``lang held/terms (rate%)`` per language that had glossary terms to draft."""
    found: dict[str, list[int]] = {}
    for s in summaries:
        counts = found.setdefault(s.lang, [0, 0])
        counts[0] += s.terms_held
        counts[1] += s.terms
    return [
        f"{lang} {held}/{terms} ({100 * held / terms:.0f}%)"
        for lang, (held, terms) in found.items()
        if terms
    ]


@contextlib.contextmanager
def progress_bar(label: str, stream: TextIO | None = None) -> Iterator[Callable[[int, int], None]]:
    """A progress callback (done, total) that shows a bar once there is work.

    Only on a terminal (``stream``, default stderr): in a log or a pipe a bar
    is noise, and an error must stay the one line there.
    """
    bar = None
    out = stream or sys.stderr

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total and out.isatty():
            bar = click.progressbar(length=total, label=label, file=out)
            bar.__enter__()
        if bar is not None:
            bar.update(done - bar.pos)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def show_status(
    project: Project,
    langs: list[str] | None,
    stats: list[Stats],
    unreadable: list[Unreadable],
    fmt: str,
    progress: dict[tuple[str, str], Progress] | None = None,
    problems: list[AlertI18nError] | None = None,
) -> None:
    """The progress as JSON or as a table, then one ``error:`` line per unreadable catalog.

    With ``progress``, each document's JSON row also says whether the language is behind
    an amendment (``outdated``) and its ``time_to_publish``; the table is followed by the
    outdated languages and the sentences that changed. ``problems`` (release histories
    that cannot be read) are ``error:`` lines too.
    """
    progress = progress or {}
    if fmt == "json":
        rows = [
            {
                **s.to_dict(),
                **(progress[s.doc, s.lang].to_dict() if (s.doc, s.lang) in progress else {}),
            }
            for s in stats
        ]
        echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _status_table(project, langs, stats, unreadable)
        _outdated(progress)
    failures = [u.error for u in unreadable] + list(problems or ())
    for message in dict.fromkeys(failure.format_message() for failure in failures):
        error(message)


def _status_table(
    project: Project,
    langs: list[str] | None,
    stats: list[Stats],
    unreadable: list[Unreadable],
) -> None:
    """One line per document and language, in project order; unreadable catalogs say so."""
    echo(
        f"{'document':<28} {'lang':<5} {'done':>6} {'reviewed':>8} {'fuzzy':>6} "
        f"{'(mt)':>5} {'hi/lo':>7} {'(tm)':>5} {'untransl.':>9} {'words done':>12}"
    )
    lines = {
        (s.doc, s.lang): f"{s.doc:<28} {s.lang:<5} {s.percent:>5.1f}% {s.reviewed:>8} "
        f"{s.fuzzy:>6} {s.machine:>5} {f'{s.machine_high}/{s.machine_low}':>7} {s.memory:>5} "
        f"{s.untranslated:>9} {s.words_translated:>5}/{s.words:<6}"
        for s in stats
    }
    for u in unreadable:
        lines[u.doc, u.lang] = f"{u.doc:<28} {u.lang:<5} unreadable catalog (see the error below)"
    for source in project.documents():
        doc = project.doc_name(source)
        for lang in project.select_languages(langs):
            if (doc, lang) in lines:
                echo(lines[doc, lang])


def _outdated(progress: dict[tuple[str, str], Progress]) -> None:
    """Each language behind an amended document, and the sentences that changed since."""
    behind = [p.lag for p in progress.values() if p.lag is not None and p.lag.outdated]
    if not behind:
        return
    echo("\nOutdated since their last release (new or changed sentences not translated):")
    for lag in behind:
        echo(f"{lag.doc:<28} {lag.lang:<5} {lag.summary()}")
        pending = set(lag.pending)
        for old, new in lag.changes.changed:
            if new in pending:
                echo(f"    changed: {old}\n          -> {new}")
        for sentence in lag.changes.added:
            if sentence in pending:
                echo(f"    new:     {sentence}")
        for sentence in lag.changes.removed:
            echo(f"    removed: {sentence}")


def show_analysis(analysis: Analysis, fmt: str) -> None:
    """The analysis report as JSON, or a table per language: bands down, documents across,
    each cell ``words (segments)``; then one ``error:`` line per language it could not read."""
    if fmt == "json":
        echo(json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2))
    else:
        for language in analysis.languages:
            _analysis_table(language, analysis.words_per_hour)
        _analysis_legend(analysis.words_per_hour)
    for language in analysis.languages:
        if language.problem is not None:
            error(language.problem.format_message())


def _analysis_table(language: LanguageAnalysis, rates: dict[str, float]) -> None:
    """One language's documents (rows) by band (columns): words, then segments."""
    from alerti18n.output.render import autonym
    from alerti18n.reports.analysis import BANDS

    name = f"{language.lang} ({autonym(language.lang)})"
    if language.problem is not None or language.total is None:
        echo(f"{name}: cannot be analysed (see the error below)")
        return
    total = language.total.total
    echo(f"{name}: {total.words} words in {total.segments} segments")
    rows = [*language.documents, language.total]
    names = [*(d.doc for d in language.documents), "all documents"]
    for what in ("words", "segments"):
        heads = [what, *(b.short for b in BANDS), "total"]
        table = [
            [
                name,
                *(str(getattr(r.bands[b.key], what)) for b in BANDS),
                str(getattr(r.total, what)),
            ]
            for name, r in zip(names, rows, strict=True)
        ]
        if what == "words" and rates:
            heads.append("hours")
            for line, r in zip(table, rows, strict=True):
                line.append(f"{r.hours:.2f}")
        widths = [max(len(cell) for cell in column) for column in zip(heads, *table, strict=True)]
        for line in [heads, *table]:
            cells = [f"{line[0]:<{widths[0]}}"]
            cells += [f"{cell:>{width}}" for cell, width in zip(line[1:], widths[1:], strict=True)]
            echo("  ".join(cells))
    echo()


def _analysis_legend(rates: dict[str, float]) -> None:
    """What the text tables' short band names mean, and how the hours are computed."""
    import textwrap

    legend = (
        "100% to 75–84%: waiting, with a memory match or a draft of its own that scores that "
        "much; mt-high, mt-low, mt-none: machine drafts by confidence (none: no score); new: "
        "nothing to start from"
    )
    if rates:
        given = ", ".join(f"{key} {rate:g}" for key, rate in rates.items())
        legend += f". Hours: words / words per hour, for {given} (other bands take no time)"
    echo(textwrap.fill(legend + ".", 96, break_on_hyphens=False))


def show_imported(imported: list[tuple[Path, dict[str, int]]], project: Project) -> None:
    """Each memory file stored by ``tm import``, with its units per language."""
    for path, counts in imported:
        units = ", ".join(f"{lang}: {n}" for lang, n in sorted(counts.items()))
        echo(f"tm: imported {path.relative_to(project.root)} ({units})")


def show_memories(found: list, folder: Path, project: Project) -> None:
    """The imported memories (name, units per language, origin), or that there is none."""
    if not found:
        echo(f"no imported memory in {folder.relative_to(project.root)}")
    for item in found:
        units = ", ".join(f"{lang}: {n}" for lang, n in sorted(item.units.items()))
        echo(f"{item.name:<28} {units:<24} from {item.imported_from or '?'}")


def show_packages(folder: Path, packages: list, routes: list | None = None) -> None:
    """The packages folder, one line per installed translation package, then (with ``routes``)
    which package serves each of the project's pairs, and the quality figures it gives."""
    echo(f"packages folder: {folder}")
    if not packages:
        echo("no translation package installed")
    for pkg in packages:
        about = _package_about(pkg.info)
        echo(
            f"{pkg.pair:<8} {pkg.name:<28} {pkg.version:<8} {pkg.size / 1e6:8.1f} MB  {pkg.path}"
            + (f"  ({about})" if about else "")
        )
    if routes is None:
        return
    echo("project pairs:")
    for route in routes:
        echo(f"{route.pair:<10} {route.kind:<13} {_served_by(route)}")


def _package_about(info: object) -> str:
    """A multilingual package's family and language count, and any package's licence."""
    parts = []
    family = getattr(info, "family", None)
    if family is not None:
        parts.append(f"{family.title}, {len(getattr(info, 'languages', ()))} languages")
    licence = getattr(info, "licence", "") or (family.licence if family is not None else "")
    if licence:
        parts.append(licence)
    return ", ".join(parts)


def _served_by(route: object) -> str:
    """The legs of a route (package, version, the family's codes) and their quality figures."""
    legs = getattr(route, "legs", ())
    if not legs:
        return "no package: see docs/how-to/choose-a-model.md"
    shown = []
    for leg in legs:
        text = f"{leg.package.name} {leg.package.version}"
        tokens = [*leg.affixes.source_tokens, leg.affixes.source_text.strip()]
        codes = " ".join(t for t in [*tokens, *leg.affixes.target_tokens] if t)
        if leg.package.info.multilingual and codes:
            text += f" [{codes}]"
        figures = leg.package.info.figures(leg.from_code, leg.to_code)
        if figures:
            text += " " + ", ".join(f"{name} {value:g}" for name, value in figures.items())
            source = leg.package.info.quality_source
            text += f" ({source})" if source else ""
        shown.append(text if len(legs) == 1 else f"{leg.pair}: {text}")
    return " + ".join(shown)


class RunReport:
    """What ``run`` shows after each stage (see :class:`alerti18n.pipeline.Report`)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def written(self, stage: str, paths: list[Path]) -> None:
        show_written(stage, paths, self.project)

    def filled(self, results: list) -> None:
        show_filled(results)

    def translating(self) -> contextlib.AbstractContextManager[Callable[[int, int], None]]:
        return progress_bar("pretranslate")

    def translated(self, summaries: list, seconds: float) -> None:
        show_translated(summaries, seconds)

    def built(self, built: list) -> None:
        if not built:
            echo("build: nothing changed")
        show_built(built)

    def checked(self, findings: list) -> None:
        from alerti18n import checks

        errors = sum(f.severity == checks.ERROR and not f.waived for f in findings)
        warnings = sum(f.severity == checks.WARNING and not f.waived for f in findings)
        echo(f"check: {errors} error(s), {warnings} warning(s); details: alerti18n check")
