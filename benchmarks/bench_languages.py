"""The alert's full cycle in 1, 5, 10 and 20 target languages: does the cost per language stay flat?

For each language count, a fresh project holds the shipped alert
(``source/sos-alert-artsakh-2.md``) and the shipped glossary, with the first
N languages of :data:`LANGUAGES` (CLDR codes in ten scripts: Arabic, Cyrillic,
Han, Devanagari, Latin, Hebrew, Japanese, Georgian, Greek, Hangul, Thai) as
targets. Every stage is a subprocess of the CLI:

``extract``; ``update`` (creates one catalog per language); then, with
``--catalogs copied`` (the default), every catalog's msgstrs are filled from
the shipped French catalog, so ``build`` renders translated text and ``check``
runs every content check (findings included); ``build --format md,html,txt``
(the source language and N targets); ``check`` (exit 1 on findings is
expected). With ``--catalogs empty`` the catalogs stay empty.

Wall and CPU seconds (user + system of the process and the workers it
waited for, from ``os.wait4``) per stage; the median of ``--runs`` rounds,
the language counts interleaved within a round so that drift of the machine
hits them all alike. "per language" divides the stage's time by N;
"marginal" is (time at N − time at 1) / (N − 1), the cost each added language
brings once start-up is paid. Flat means the marginal cost does not grow with N.

    .venv/bin/python benchmarks/bench_languages.py [--runs 3] [--catalogs copied|empty]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
DOC = "sos-alert-artsakh-2"
#: Target languages, ordered so that every prefix mixes scripts and directions.
LANGUAGES = (
    *("ar", "ru", "zh", "hi", "de"),
    *("fa", "he", "uk", "ja", "ka"),
    *("el", "ko", "th", "es", "tr", "pt", "it", "pl", "vi", "sw"),
)
COUNTS = (1, 5, 10, 20)
STAGES = ("extract", "update", "build", "check")


def _config(langs: tuple[str, ...]) -> str:
    targets = ", ".join(f'"{lang}"' for lang in langs)
    return (
        "[tool.alerti18n]\n"
        'name = "bench"\nsource-language = "en"\n'
        f"target-languages = [{targets}]\n"
        'glossary = "locales/glossary.csv"\n'
    )


def make_project(root: Path, langs: tuple[str, ...]) -> Path:
    """A fresh project: the shipped alert and glossary, ``langs`` as targets, no catalogs."""
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    (root / "locales").mkdir()
    shutil.copy(REPO / "source" / f"{DOC}.md", root / "source")
    shutil.copy(REPO / "locales" / "glossary.csv", root / "locales")
    (root / "pyproject.toml").write_text(_config(langs), encoding="utf-8")
    return root


def fill_from_french(root: Path, langs: tuple[str, ...]) -> None:
    """Give every catalog the shipped French msgstrs (what a translated catalog costs)."""
    french = {e.msgid: e for e in polib.pofile(str(REPO / "locales" / "fr" / f"{DOC}.po"))}
    for lang in langs:
        path = root / "locales" / lang / f"{DOC}.po"
        po = polib.pofile(str(path))
        for entry in po:
            source = french.get(entry.msgid)
            if source is not None and not source.obsolete:
                entry.msgstr = source.msgstr
                entry.msgstr_plural = dict(source.msgstr_plural)
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
        po.save()


def run(args: list[str], root: Path, ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Run ``alerti18n ARGS`` in ``root``: (wall seconds, CPU seconds)."""
    cmd = [str(BIN / "alerti18n"), *args, "--project", str(root)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def cycle(root: Path, langs: tuple[str, ...], copied: bool) -> dict[str, tuple[float, float]]:
    """One full cycle in a fresh project: (wall, CPU) per stage."""
    make_project(root, langs)
    times = {"extract": run(["extract"], root), "update": run(["update"], root)}
    if copied:
        fill_from_french(root, langs)
    times["build"] = run(["build", "--format", "md,html,txt"], root)
    times["check"] = run(["check"], root, ok=(0, 1))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--catalogs", choices=("copied", "empty"), default="copied")
    args = parser.parse_args()
    samples: dict[int, list[dict[str, tuple[float, float]]]] = {n: [] for n in COUNTS}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="alerti18n-langs-") as tmp:
        for _ in range(args.runs):
            for n in COUNTS:
                langs = LANGUAGES[:n]
                samples[n].append(cycle(Path(tmp) / f"p{n}", langs, args.catalogs == "copied"))

    def med(n: int, stage: str, which: int) -> float:
        return statistics.median(s[stage][which] for s in samples[n])

    def total(n: int, which: int) -> float:
        return statistics.median(sum(s[st][which] for st in STAGES) for s in samples[n])

    print(f"catalogs: {args.catalogs}; median of {args.runs} rounds; seconds\n")
    head = " | ".join(f"{st} wall / CPU" for st in STAGES)
    print(f"| languages | {head} | cycle wall / CPU | CPU per language | marginal CPU |")
    print("|---:|" + "---:|" * (len(STAGES) + 3))
    for n in COUNTS:
        cells = " | ".join(f"{med(n, st, 0):.2f} / {med(n, st, 1):.2f}" for st in STAGES)
        marginal = (total(n, 1) - total(1, 1)) / (n - 1) if n > 1 else float("nan")
        shown = f"{marginal:.3f}" if n > 1 else "—"
        print(
            f"| {n} | {cells} | {total(n, 0):.2f} / {total(n, 1):.2f} "
            f"| {total(n, 1) / n:.3f} | {shown} |"
        )
    print("\n| languages | " + " | ".join(f"{st} marginal wall / CPU" for st in STAGES) + " |")
    print("|---:|" + "---:|" * len(STAGES))
    for n in COUNTS[1:]:
        cells = " | ".join(
            f"{(med(n, st, 0) - med(1, st, 0)) / (n - 1):.3f} / "
            f"{(med(n, st, 1) - med(1, st, 1)) / (n - 1):.3f}"
            for st in STAGES
        )
        print(f"| {n} | {cells} |")
    print(f"\nlanguages: {', '.join(LANGUAGES)}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; {platform.platform()}; "
        f"whole run {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
