"""alerti18n's cycle against po4a and Translate Toolkit's md2po, on one corpus, in one run.

Scenarios, each a median over ``--runs`` rounds (rounds interleave the
scenarios, so drift of the machine hits them all alike):

* alerti18n full cycle from scratch, each command a subprocess of the CLI:
  ``extract``; ``update --lang hy,fr``; ``build --format md,html,txt`` (en, hy, fr);
* the same three commands again with nothing changed (no-op re-run);
* one sentence of one document edited, then the three commands;
* po4a's full cycle from scratch (``po4a po4a.cfg``: the 112 documents, one
  language, text module in Markdown mode, ``-k 0`` so every output is written),
  and po4a again after the same one-sentence edit (it has no incremental mode:
  it re-reads every document and catalog);
* alerti18n doing po4a's work only (``update --lang fr``, ``build --lang fr
  --format md``), for a like-for-like ratio;
* ``md2po`` over the source folder (extraction only), and alerti18n ``extract``
  alone from scratch, for the comparison with it;
* alerti18n's full cycle at 1x, 2x and 4x the corpus (documents duplicated
  under new names), ``--scale-runs`` rounds each.

Peak RSS is the largest resident set of any process of a scenario, and CPU s
the user + system time of its processes, both from each child's rusage
(``os.wait4``); CPU time is less disturbed than wall time by other load.
Prints Markdown tables and the machine.

The commands run as an installed program runs: with compiled bytecode (the
package is byte-compiled first, and ``PYTHONDONTWRITEBYTECODE`` is not passed
on). ``benchmarks/compare.py`` runs these scenarios for other commits side by
side.

    .venv/bin/python benchmarks/bench_cycle.py [--runs 5] [--scale-runs 3] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
#: The team's shared corpus: beside the checkout, or where ALERTI18N_SHARED says.
SHARED = Path(os.environ.get("ALERTI18N_SHARED") or REPO.parent / "shared")
CORPUS = SHARED / "corpus" / "markdown" / "rust-book"
BIN = Path(sys.executable).parent
#: The environment of every command: as a user's, bytecode written and read.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
EDITED_DOC = "ch04-01-what-is-ownership.md"
EDITED_SENTENCE = "Let’s explore some of those situations now."
CYCLE = (
    ("extract", ["extract"]),
    ("update", ["update", "--lang", "hy,fr"]),
    ("build", ["build", "--format", "md,html,txt"]),
)
#: The work po4a does: one language, Markdown out.
LIKE_PO4A = (
    ("extract", ["extract"]),
    ("update", ["update", "--lang", "fr"]),
    ("build", ["build", "--lang", "fr", "--format", "md"]),
)


def _load_po4a_config() -> Callable[[Path, Path, str], int]:
    spec = importlib.util.spec_from_file_location("po4a_config", HERE / "po4a" / "po4a_config.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_config


@dataclass
class Sample:
    """One measured run of a scenario: wall seconds per step, peak RSS in KiB."""

    steps: dict[str, float] = field(default_factory=dict)
    peak_kib: int = 0
    cpu: float = 0.0  # user + system seconds of the children

    @property
    def seconds(self) -> float:
        return sum(self.steps.values())


def run(cmd: Sequence[str | Path], cwd: Path, sample: Sample, step: str) -> None:
    """Run one command, add its wall time to ``sample`` under ``step``; fail loudly."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(c) for c in cmd], cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{err.decode()}")
    sample.steps[step] = sample.steps.get(step, 0.0) + elapsed
    sample.peak_kib = max(sample.peak_kib, usage.ru_maxrss)
    sample.cpu += usage.ru_utime + usage.ru_stime


def remove(*paths: Path) -> None:
    """Delete files and folders if present."""
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


class Alerti18nProject:
    """An ``alerti18n init`` project whose source/ holds ``copies`` of the corpus."""

    def __init__(
        self, root: Path, corpus: Path, copies: int = 1, cli: Path = BIN / "alerti18n"
    ) -> None:
        self.root = root
        self.corpus = corpus
        self.cli = cli
        subprocess.run([str(cli), "init", str(root)], check=True, capture_output=True, env=ENV)
        source = root / "source"
        (source / "example.md").unlink()
        for path in sorted(corpus.glob("*.md")):
            shutil.copyfile(path, source / path.name)
            for copy in range(2, copies + 1):
                shutil.copyfile(path, source / f"{path.stem}--copy{copy}.md")
        self.documents = len(list(source.glob("*.md")))

    def reset(self) -> None:
        """Forget every catalog, output and incremental state (keep config and glossary)."""
        locales = self.root / "locales"
        remove(self.root / ".alerti18n", self.root / "build", *locales.glob("*.pot"))
        remove(*(p for p in locales.iterdir() if p.is_dir()))

    def cycle(self, steps: Sequence[tuple[str, list[str]]] = CYCLE) -> Sample:
        sample = Sample()
        for step, args in steps:
            run([self.cli, *args], self.root, sample, step)
        return sample

    def edit(self, round_no: int) -> None:
        """Change one sentence of one document (differently in every round)."""
        path = self.root / "source" / EDITED_DOC
        text = (self.corpus / EDITED_DOC).read_text(encoding="utf-8")
        assert EDITED_SENTENCE in text, f"{EDITED_DOC} no longer holds the edited sentence"
        new = EDITED_SENTENCE.replace("now.", f"now, in round {round_no}.")
        path.write_text(text.replace(EDITED_SENTENCE, new, 1), encoding="utf-8")

    def restore(self) -> None:
        shutil.copyfile(self.corpus / EDITED_DOC, self.root / "source" / EDITED_DOC)


class Po4aProject:
    """A po4a layout (see benchmarks/po4a/po4a_config.py) over a copy of the corpus."""

    def __init__(self, root: Path, corpus: Path) -> None:
        self.root = root
        self.corpus = corpus
        (root / "src").mkdir(parents=True)
        for path in sorted(corpus.glob("*.md")):
            shutil.copyfile(path, root / "src" / path.name)
        self.documents = _load_po4a_config()(root / "src", root / "po4a.cfg", "fr")

    def cycle(self) -> Sample:
        remove(self.root / "pot", self.root / "po", self.root / "out")
        (self.root / "po").mkdir()  # po4a's msginit does not create it
        return self.rerun()

    def rerun(self) -> Sample:
        """po4a again over the catalogs and outputs it left (what it does after an edit)."""
        sample = Sample()
        run(["po4a", "po4a.cfg"], self.root, sample, "po4a")
        written = len(list((self.root / "out" / "fr").glob("*.md")))
        assert written == self.documents, f"po4a wrote {written} of {self.documents} documents"
        return sample

    def edit(self, round_no: int) -> None:
        """The same one-sentence edit as :meth:`Alerti18nProject.edit`."""
        text = (self.corpus / EDITED_DOC).read_text(encoding="utf-8")
        new = EDITED_SENTENCE.replace("now.", f"now, in round {round_no}.")
        path = self.root / "src" / EDITED_DOC
        path.write_text(text.replace(EDITED_SENTENCE, new, 1), encoding="utf-8")

    def restore(self) -> None:
        shutil.copyfile(self.corpus / EDITED_DOC, self.root / "src" / EDITED_DOC)


def md2po(source: Path, out: Path) -> Sample:
    """Translate Toolkit's md2po over a folder (one PO per document)."""
    remove(out)
    sample = Sample()
    run([BIN / "md2po", "--progress=none", "-i", source, "-o", out], out.parent, sample, "md2po")
    return sample


def median(samples: list[Sample], step: str | None = None) -> float:
    return statistics.median(s.steps[step] if step else s.seconds for s in samples)


def spread(samples: list[Sample]) -> str:
    values = [s.seconds for s in samples]
    return f"{min(values):.2f}–{max(values):.2f}"


def cpu(samples: list[Sample]) -> str:
    return f"{statistics.median(s.cpu for s in samples):.2f}"


def peak_mib(samples: list[Sample]) -> str:
    return f"{max(s.peak_kib for s in samples) / 1024:.0f}"


def _tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    except OSError:
        return "not installed"
    return out.strip().splitlines()[0] if out.strip() else "unknown"


def machine_info() -> list[str]:
    """Lines describing the machine and the tools measured."""
    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        mem_kib = int(handle.readline().split()[1])
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    from importlib.metadata import version

    return [
        f"- machine: {cpu}, {os.cpu_count()} cores, {mem_kib / 2**20:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; alerti18n {version('alerti18n')} ({commit}); "
        f"{_tool_version(['po4a', '--version'])}; "
        f"translate-toolkit {version('translate-toolkit')}",
    ]


def measure(corpus: Path, work: Path, runs: int) -> dict[str, list[Sample]]:
    """The side-by-side scenarios on one copy of the corpus, ``runs`` rounds."""
    project = Alerti18nProject(work / "alerti18n", corpus)
    po4a = Po4aProject(work / "po4a", corpus)
    results: dict[str, list[Sample]] = {}
    for round_no in range(1, runs + 1):
        print(f"round {round_no}/{runs}", file=sys.stderr)
        project.reset()
        results.setdefault("extract", []).append(project.cycle(CYCLE[:1]))
        project.reset()
        results.setdefault("full", []).append(project.cycle())
        results.setdefault("noop", []).append(project.cycle())
        project.edit(round_no)
        results.setdefault("edit", []).append(project.cycle())
        project.restore()
        project.reset()
        results.setdefault("like", []).append(project.cycle(LIKE_PO4A))
        results.setdefault("po4a", []).append(po4a.cycle())
        po4a.edit(round_no)
        results.setdefault("po4a-edit", []).append(po4a.rerun())
        po4a.restore()
        results.setdefault("md2po", []).append(md2po(project.root / "source", work / "md2po"))
    return results


def measure_scale(corpus: Path, work: Path, scales: list[int], runs: int) -> dict[int, list]:
    """alerti18n's full cycle from scratch on ``scale`` copies of the corpus."""
    results: dict[int, list] = {}
    for scale in scales:
        project = Alerti18nProject(work / f"scale-{scale}", corpus, scale)
        samples = []
        for round_no in range(1, runs + 1):
            print(f"scale {scale}x round {round_no}/{runs}", file=sys.stderr)
            project.reset()
            samples.append(project.cycle())
        results[scale] = [project.documents, samples]
        remove(project.root)
    return results


def report(results: dict[str, list[Sample]], scale: dict[int, list], runs: int) -> str:
    """The Markdown tables."""
    full, po4a, md2po_s = median(results["full"]), median(results["po4a"]), median(results["md2po"])
    extract = median(results["extract"])
    rows = [
        ("alerti18n full cycle (extract; update hy,fr; build en,hy,fr × md,html,txt)", "full",
         f"po4a / this = {po4a / full:.1f}×"),
        ("alerti18n no-op re-run of the cycle", "noop",
         f"full / this = {full / median(results['noop']):.1f}×"),
        ("alerti18n one-sentence edit, then the cycle", "edit",
         f"full / this = {full / median(results['edit']):.1f}×; "
         f"po4a edit / this = {median(results['po4a-edit']) / median(results['edit']):.1f}×"),
        ("alerti18n like po4a (extract; update fr; build fr × md)", "like",
         f"po4a / this = {po4a / median(results['like']):.1f}×"),
        ("po4a full cycle (1 language, md, `-k 0`)", "po4a", "1.0× (reference)"),
        ("po4a after the same one-sentence edit (its catalogs and outputs in place)", "po4a-edit",
         f"po4a / this = {po4a / median(results['po4a-edit']):.1f}×"),
        ("alerti18n `extract` alone, from scratch", "extract",
         f"md2po / this = {md2po_s / extract:.1f}×"),
        ("Translate Toolkit `md2po` (extraction only)", "md2po", "1.0× (reference)"),
    ]  # fmt: skip
    lines = [
        f"| scenario | median s (n={runs}) | min–max s | ratio | CPU s | peak RSS MiB |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for label, key, ratio in rows:
        samples = results[key]
        lines.append(
            f"| {label} | {median(samples):.2f} | {spread(samples)} | {ratio} | "
            f"{cpu(samples)} | {peak_mib(samples)} |"
        )
    lines += [
        "",
        "| alerti18n stage (median s) | extract | update | build |",
        "|---|---:|---:|---:|",
    ]
    for label, key in (("full cycle", "full"), ("no-op", "noop"), ("one edit", "edit")):
        cells = " | ".join(f"{median(results[key], step):.2f}" for step, _ in CYCLE)
        lines.append(f"| {label} | {cells} |")
    if scale:
        base_docs, base = scale[min(scale)][0], median(scale[min(scale)][1])
        lines += [
            "",
            "| corpus | documents | full cycle median s | min–max s | vs 1× | s per 100 docs |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for factor, (docs, samples) in sorted(scale.items()):
            med = median(samples)
            lines.append(
                f"| {factor}× | {docs} | {med:.2f} | {spread(samples)} | "
                f"{med / base:.2f}× (docs {docs / base_docs:.0f}×) | {100 * med / docs:.2f} |"
            )
    return "\n".join(lines)


def compile_package(python: Path) -> None:
    """Byte-compile the alerti18n that ``python`` imports (an editable install has no .pyc)."""
    code = (
        "import alerti18n, compileall, os; "
        "compileall.compile_dir(os.path.dirname(alerti18n.__file__), quiet=1)"
    )
    subprocess.run([str(python), "-c", code], check=True, env=ENV)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds of the side-by-side (5)")
    parser.add_argument("--scale-runs", type=int, default=3, help="rounds per scale (3)")
    parser.add_argument("--scales", default="1,2,4", help="corpus multiples (1,2,4; '' = none)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--workdir", type=Path, help="keep the projects here (default: temp)")
    args = parser.parse_args()
    if shutil.which("po4a") is None:
        raise SystemExit("po4a is not installed (Debian package po4a)")
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus} is missing (give --corpus, or set ALERTI18N_SHARED)")
    compile_package(Path(sys.executable))
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="alerti18n-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = measure(args.corpus, work, args.runs)
        scale = measure_scale(args.corpus, work, scales, args.scale_runs)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    documents = len(list(args.corpus.glob("*.md")))
    print(f"Corpus: {args.corpus.name}, {documents} documents.\n")
    print(report(results, scale, args.runs))
    print()
    print("\n".join(machine_info()))


if __name__ == "__main__":
    main()
