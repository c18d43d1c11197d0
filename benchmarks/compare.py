"""The cycle of this working tree against other commits, side by side, in one run.

Each REV is installed into a throwaway venv: its files (``git archive``), the
dependencies its ``requirements.lock`` pins (hash-checked; a commit older than
the lock gets this tree's lock, said in the output), then the package itself,
not editable, so it runs with compiled bytecode as a user's install does. This
tree runs from the venv of the Python running this script (byte-compiled
first). Then every version runs ``bench_cycle``'s scenarios on its own copy of
the corpus, and po4a runs its own, all interleaved round by round (the order
of the versions turns each round), so drift of a shared machine hits them all
alike:

* full cycle from scratch (extract; update hy,fr; build en,hy,fr × md,html,txt),
* the no-op re-run, the one-sentence edit then the cycle,
* like po4a (extract; update fr; build fr × md) from scratch,
* po4a's full cycle and po4a after the same edit.

It prints the medians and, for each REV, REV's time over this tree's (above 1:
this tree is faster), and this tree's goal ratios against po4a.

    .venv/bin/python benchmarks/compare.py REV [REV ...] [--runs 3] [--corpus DIR]
        [--venvs DIR]

``--venvs DIR`` keeps the venvs there (one per commit) and reuses them on the
next run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_cycle import (
    CORPUS,
    CYCLE,
    ENV,
    LIKE_PO4A,
    REPO,
    Alerti18nProject,
    Po4aProject,
    Sample,
    compile_package,
    machine_info,
)

SCENARIOS = ("full", "noop", "edit", "like")


def commit_of(rev: str) -> str:
    """The full hash of ``rev``."""
    out = subprocess.run(
        ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"not a commit: {rev}")
    return out.stdout.strip()


def install(commit: str, venvs: Path) -> tuple[Path, str]:
    """A venv with ``commit`` installed (made once per commit); its CLI and the lock used."""
    home = venvs / commit[:12]
    cli = home / "venv" / "bin" / "alerti18n"
    note = home / "lock-used.txt"
    if cli.exists() and note.exists():
        return cli, note.read_text(encoding="utf-8")
    shutil.rmtree(home, ignore_errors=True)
    source = home / "src"
    source.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=REPO, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    lock = source / "requirements.lock"
    used = f"{commit[:7]}'s requirements.lock"
    if not lock.exists():
        lock, used = REPO / "requirements.lock", "this tree's requirements.lock (it has none)"
    venv = home / "venv"
    print(f"installing {commit[:7]} into {venv} ({used})", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps"]
    subprocess.run([*pip, "--require-hashes", "-r", str(lock)], check=True, env=ENV)
    subprocess.run([*pip, "--no-build-isolation", str(source)], check=True, env=ENV)
    note.write_text(used, encoding="utf-8")
    return cli, used


class Version:
    """One version of alerti18n, its project and its samples per scenario."""

    def __init__(self, label: str, cli: Path, root: Path, corpus: Path) -> None:
        self.label = label
        self.project = Alerti18nProject(root, corpus, cli=cli)
        self.samples: dict[str, list[Sample]] = {name: [] for name in SCENARIOS}

    def round(self, number: int) -> None:
        project = self.project
        project.reset()
        self.samples["full"].append(project.cycle(CYCLE))
        self.samples["noop"].append(project.cycle(CYCLE))
        project.edit(number)
        self.samples["edit"].append(project.cycle(CYCLE))
        project.restore()
        project.reset()
        self.samples["like"].append(project.cycle(LIKE_PO4A))

    def median(self, scenario: str) -> float:
        return statistics.median(s.seconds for s in self.samples[scenario])

    def cpu(self, scenario: str) -> float:
        return statistics.median(s.cpu for s in self.samples[scenario])


def measure(versions: list[Version], po4a: Po4aProject, runs: int) -> dict[str, list[Sample]]:
    """Every version's scenarios and po4a's, interleaved; returns po4a's samples."""
    theirs: dict[str, list[Sample]] = {"po4a": [], "po4a-edit": []}
    for number in range(1, runs + 1):
        shift = (number - 1) % len(versions)
        for version in versions[shift:] + versions[:shift]:
            print(f"round {number}/{runs}: {version.label}", file=sys.stderr)
            version.round(number)
        theirs["po4a"].append(po4a.cycle())
        po4a.edit(number)
        theirs["po4a-edit"].append(po4a.rerun())
        po4a.restore()
    return theirs


def report(versions: list[Version], theirs: dict[str, list[Sample]], runs: int) -> str:
    """The Markdown tables: medians, ratios against each REV, this tree's goals."""
    this, others = versions[0], versions[1:]
    labels = " | ".join(v.label for v in versions)
    lines = [
        f"| scenario (median of {runs}, wall s; CPU s) | {labels} |",
        "|---|" + "---:|" * len(versions),
    ]
    for name in SCENARIOS:
        cells = " | ".join(f"{v.median(name):.2f}; {v.cpu(name):.2f}" for v in versions)
        lines.append(f"| {name} | {cells} |")
    po4a = statistics.median(s.seconds for s in theirs["po4a"])
    po4a_edit = statistics.median(s.seconds for s in theirs["po4a-edit"])
    po4a_cpu = statistics.median(s.cpu for s in theirs["po4a"])
    lines.append(f"| po4a full cycle | {po4a:.2f}; {po4a_cpu:.2f} |" + " |" * (len(versions) - 1))
    lines.append(f"| po4a after the edit | {po4a_edit:.2f} |" + " |" * (len(versions) - 1))
    if others:
        lines += [
            "",
            "| REV's time / this tree's (wall) | " + " | ".join(SCENARIOS) + " |",
            "|---|" + "---:|" * len(SCENARIOS),
        ]
        for other in others:
            cells = " | ".join(f"{other.median(n) / this.median(n):.2f}×" for n in SCENARIOS)
            lines.append(f"| {other.label} | {cells} |")
    lines += [
        "",
        "| goal (this tree) | ratio | goal |",
        "|---|---:|---:|",
        f"| po4a full / full cycle | {po4a / this.median('full'):.2f}× | ≥ 1.5× |",
        f"| po4a full / like po4a | {po4a / this.median('like'):.2f}× | ≥ 2.5× |",
        f"| po4a after the edit / edit | {po4a_edit / this.median('edit'):.2f}× | ≥ 8× |",
        f"| full / no-op | {this.median('full') / this.median('noop'):.1f}× | ≥ 12× |",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revs", nargs="+", help="commits to compare this tree with")
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--venvs", type=Path, help="keep the venvs here (default: temporary)")
    args = parser.parse_args()
    if shutil.which("po4a") is None:
        raise SystemExit("po4a is not installed (Debian package po4a)")
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus} is missing (give --corpus, or set ALERTI18N_SHARED)")
    work = Path(tempfile.mkdtemp(prefix="alerti18n-compare-"))
    venvs = args.venvs or Path(tempfile.mkdtemp(prefix="alerti18n-compare-venvs-"))
    try:
        compile_package(Path(sys.executable))
        head = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        versions = [Version(f"this ({head})", Path(sys.executable).parent / "alerti18n",
                            work / "this", args.corpus)]  # fmt: skip
        locks = []
        for rev in args.revs:
            commit = commit_of(rev)
            cli, used = install(commit, venvs)
            locks.append(f"- {commit[:7]}: dependencies from {used}")
            versions.append(Version(commit[:7], cli, work / commit[:12], args.corpus))
        po4a = Po4aProject(work / "po4a", args.corpus)
        theirs = measure(versions, po4a, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if args.venvs is None:
            shutil.rmtree(venvs, ignore_errors=True)
    documents = len(list(args.corpus.glob("*.md")))
    print(f"Corpus: {args.corpus.name}, {documents} documents; {args.runs} rounds.\n")
    print(report(versions, theirs, args.runs))
    print()
    print("\n".join([*machine_info(), *locks]))


if __name__ == "__main__":
    main()
