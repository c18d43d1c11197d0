"""``update``'s merge against msgmerge on real edit history: two versions of a Markdown book.

Give two folders holding the same chapters at two dates (for the figures in
docs/explanation/benchmarks.md, 40 chapters of the Rust book, ``rust-lang/book`` at 63825d5
(2024-10-12) and 9175448 (2026-07-13), ``src/ch*.md``; the script reads them from the
command line, nothing is committed). Each chapter is split into sentences by
``alerti18n extract``; the old version's sentences get a pseudo-translation ``T <msgid>``
(one French catalog per chapter), the new version's make the templates, and both tools
merge: ``alerti18n update --lang fr`` (one process) and ``msgmerge --previous`` (one process
per catalog).

The truth: per chapter, the old and new sentence lists are aligned by difflib; in each
replaced block, a new sentence's predecessor is the old sentence of the block most like it
(difflib ratio at least 0.5), else it has none (a new sentence). Recall: edited sentences
given their predecessor as ``#| msgid``; precision: right predecessors among all fuzzy
matches (a new sentence matched to anything counts as wrong). CPU: user + system time of
the processes (``os.wait4``), best of ``--runs`` (default 3), alternating the tools.

    .venv/bin/python benchmarks/bench_merge.py OLD_DIR NEW_DIR [--chapters 40] [--runs 3]
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib
from bench_cycle import ENV, compile_package
from bench_tm import write_catalog

BIN = Path(sys.executable).parent
#: The old catalogs' revision date (the older book version's day).
OLD_DATE = "2024-10-12 10:00+0000"


def run(cmd: list[str | Path], cwd: Path | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one command (its children included)."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{cmd} failed:\n{err.decode()}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def sentences_of(folder: Path, names: list[str], work: Path) -> dict[str, list[str]]:
    """Each chapter's sentences (msgids), as ``alerti18n extract`` finds them."""
    root = work / f"extract-{folder.name}"
    subprocess.run([str(BIN / "alerti18n"), "init", str(root), "--target", "fr"], check=True,
                   capture_output=True, env=ENV)  # fmt: skip
    (root / "source" / "example.md").unlink()
    for name in names:
        shutil.copyfile(folder / f"{name}.md", root / "source" / f"{name}.md")
    run([BIN / "alerti18n", "extract"], root)
    return {
        name: [e.msgid for e in polib.pofile(str(root / "locales" / f"{name}.pot")) if e.msgid]
        for name in names
    }


def truth_of(old: list[str], new: list[str]) -> dict[str, str | None]:
    """New sentence -> its predecessor (itself when unchanged; None when it is new)."""
    result: dict[str, str | None] = {}
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            sentence = new[j]
            if tag == "equal":
                result.setdefault(sentence, old[i1 + j - j1])
                continue
            best, score = None, 0.5
            for candidate in old[i1:i2]:
                ratio = difflib.SequenceMatcher(a=candidate, b=sentence).ratio()
                if ratio >= score:
                    best, score = candidate, ratio
            result.setdefault(sentence, best)
    return result


def score(results: dict[str, polib.POFile], truth: dict[str, dict[str, str | None]]) -> dict:
    edited = right = matched = 0
    for name, rows in truth.items():
        entries = {e.msgid: e for e in results[name] if not e.obsolete}
        for new, old in rows.items():
            entry = entries.get(new)
            is_edit = old is not None and old != new
            edited += is_edit
            if old == new or entry is None or "fuzzy" not in entry.flags:
                continue
            matched += 1
            right += is_edit and entry.previous_msgid == old
    return {
        "edited": edited,
        "recall": 100 * right / max(edited, 1),
        "precision": 100 * right / max(matched, 1),
        "matches": matched,
    }


def setup(root: Path, gnu: Path, old: dict, new: dict) -> None:
    """Both tools' inputs: the old catalogs (translated) and the new templates."""
    for folder in (root, gnu):
        shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([str(BIN / "alerti18n"), "init", str(root), "--target", "fr"], check=True,
                   capture_output=True, env=ENV)  # fmt: skip
    (root / "source" / "example.md").unlink()
    for name in old:
        (root / "source" / f"{name}.md").write_text("x\n", encoding="utf-8")
        translated = [(s, f"T {s}") for s in old[name]]
        template = [(s, "") for s in new[name]]
        for folder, po_path in ((root / "locales", root / "locales" / "fr"), (gnu, gnu)):
            write_catalog(po_path / f"{name}.po", translated, "fr", OLD_DATE)
            write_catalog(folder / f"{name}.pot", template, None, OLD_DATE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--chapters", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    names = sorted(
        p.stem
        for p in args.old.glob("*.md")
        if (args.new / p.name).exists() and p.read_bytes() != (args.new / p.name).read_bytes()
    )[: args.chapters]
    compile_package(Path(sys.executable))
    work = Path(tempfile.mkdtemp(prefix="alerti18n-merge-"))
    try:
        old, new = sentences_of(args.old, names, work), sentences_of(args.new, names, work)
        truth = {name: truth_of(old[name], new[name]) for name in names}
        root, gnu = work / "project", work / "gnu"
        ours_cpu, gnu_cpu = [], []
        for _ in range(args.runs):
            setup(root, gnu, old, new)
            ours_cpu.append(run([BIN / "alerti18n", "update", "--lang", "fr"], root)[1])
            total = 0.0
            for name in names:
                out = gnu / f"{name}.out.po"
                total += run(["msgmerge", "--previous", "-q", gnu / f"{name}.po",
                              gnu / f"{name}.pot", "-o", out])[1]  # fmt: skip
            gnu_cpu.append(total)
        ours = {n: polib.pofile(str(root / "locales" / "fr" / f"{n}.po")) for n in names}
        theirs = {n: polib.pofile(str(gnu / f"{n}.out.po")) for n in names}
        a, b = score(ours, truth), score(theirs, truth)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sentences = sum(len(s) for s in new.values())
    print(f"{len(names)} chapters, {sentences} sentences, {a['edited']} edited; best of "
          f"{args.runs} runs\n")  # fmt: skip
    print("| tool | recall % | precision % | fuzzy matches | CPU s |")
    print("|---|---:|---:|---:|---:|")
    print(f"| alerti18n update | {a['recall']:.1f} | {a['precision']:.1f} | {a['matches']} | "
          f"{min(ours_cpu):.2f} |")  # fmt: skip
    print(f"| msgmerge --previous (a run per catalog) | {b['recall']:.1f} | {b['precision']:.1f} "
          f"| {b['matches']} | {min(gnu_cpu):.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
