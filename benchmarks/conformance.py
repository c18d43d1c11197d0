"""Import conformance on public documents: prints the table the docs keep
(docs/reference/import-conformance.md).

Every DOCX, ODT and HTML document that ``make test`` unpacks into
``.venv/testdata/conformance/`` (python-docx's, odfpy's and ezodf's test files;
newspaper4k's, trafilatura's and html-text's saved pages: see
tests/support/testdata.py) goes through import -> extract -> update -> a marked
pseudo-translation -> build -> re-import in one project, and is measured as
tests/support/conformance.py says. Prints one line per document that is not
kept whole (or all of them with ``--all``), then the totals::

    .venv/bin/python benchmarks/conformance.py [--all] [--jobs N] [--json FILE] [FOLDER]

tests/e2e/test_conformance.py asserts the goals on the same documents.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))

from support.conformance import Result, documents, measure  # noqa: E402
from support.testdata import CONFORMANCE_DOCS  # noqa: E402


def row(result: Result) -> str:
    """One document's line: what failed, and why."""
    if result.outcome != "imported":
        first = result.message.strip().splitlines()[-1] if result.message.strip() else ""
        return f"{result.doc}: {result.outcome}: {first}"
    problems = []
    if not result.structure_kept:
        changed = result.changed
        lost = ", ".join(
            f"{c} {result.ours.get(c, 0)}/{result.original.get(c, 0)}" for c in changed
        )
        problems.append(f"structure: {lost}")
    if not result.identical:
        problems.append(f"text {result.similarity:.1%} ({result.difference})")
    if not result.translated:
        problems.append(f"translated {result.landed}/{result.entries}")
    if not result.reimport_kept:
        problems.append(f"re-import kept {result.kept}/{result.entries}")
    if result.recall is not None and result.recall < 0.95:
        problems.append(f"article recall {result.recall:.0%}")
    said = f" [{len(result.warnings)} warning(s)]" if result.warnings else " [no warning]"
    return f"{result.doc}: " + ("; ".join(problems) or "ok") + (said if problems else "")


def totals(results: list[Result]) -> list[str]:
    """The table's rows, by format and in all: what happened to the documents, then each
    measure over the documents imported."""
    kinds = sorted({r.kind for r in results}) + ["all"]
    lines = ["| | " + " | ".join(kinds) + " |", "|---|" + "---|" * len(kinds)]

    def imported(r: Result) -> bool:
        return r.outcome == "imported"

    def cell(kind: str, test: Callable[[Result], bool], of_imported: bool) -> str:
        docs = [r for r in results if kind in ("all", r.kind)]
        docs = [r for r in docs if imported(r)] if of_imported else docs
        return f"{sum(1 for r in docs if test(r))}/{len(docs)}"

    measures: list[tuple[str, Callable[[Result], bool], bool]] = [
        ("documents", lambda r: True, False),
        ("imported", imported, False),
        ("cleanly refused", lambda r: r.outcome == "refused", False),
        ("crashed", lambda r: r.outcome == "crashed", False),
        ("structure kept (of those imported)", lambda r: r.structure_kept, True),
        ("text identical to pandoc's round trip", lambda r: r.identical, True),
        ("every sentence's translation in the output", lambda r: r.translated, True),
        ("re-import keeps every translation", lambda r: r.reimport_kept, True),
        ("losses with no warning at all", lambda r: r.silent, False),
    ]
    for name, test, of_imported in measures:
        row = " | ".join(cell(k, test, of_imported) for k in kinds)
        lines.append(f"| {name} | {row} |")
    recalls = [r.recall for r in results if r.recall is not None]
    if recalls:
        lines.append(
            f"\narticle recall (newspaper4k's expected texts, {len(recalls)} pages): "
            f"mean {sum(recalls) / len(recalls):.1%}, lowest {min(recalls):.1%}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CONFORMANCE_DOCS)
    parser.add_argument("--all", action="store_true", help="a line for every document")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write every result there")
    args = parser.parse_args()
    files = documents(args.folder)
    if not files:
        print(f"no documents under {args.folder}: run make test first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as where:
        results = measure(files, Path(where), args.jobs)
    for result in results:
        if args.all or not result.ok or result.outcome != "imported":
            print(row(result))
    print()
    print("\n".join(totals(results)))
    if args.json:
        args.json.write_text(
            json.dumps([r.__dict__ for r in results], indent=1, ensure_ascii=False), "utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
