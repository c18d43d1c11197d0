"""Generate the po4a configuration used by ``benchmarks/bench_cycle.py``.

po4a has no "every file in a folder" rule, so its configuration lists each
document. The layout it assumes, relative to the folder po4a runs in::

    src/<doc>.md             source documents
    pot/documents.pot        one template for every document
    po/<lang>.po             one catalog per language
    out/<lang>/<doc>.md      translated documents

Every document is read by the ``text`` module in Markdown mode
(``-o markdown``) and written whatever its translated share (``-k 0``), so
po4a does the same work as an alerti18n build: extract, merge, write.

    python benchmarks/po4a/po4a_config.py SRC_DIR [--lang fr] [-o po4a.cfg]
"""

from __future__ import annotations

import argparse
from pathlib import Path


def po4a_config(names: list[str], lang: str = "fr") -> str:
    """The text of a po4a.cfg for documents ``src/<name>`` (names with their suffix)."""
    lines = [
        f"[po4a_langs] {lang}",
        "[po4a_paths] pot/documents.pot $lang:po/$lang.po",
        '[options] opt:"-o markdown" opt:"-k 0"',
        "",
    ]
    lines += [f"[type: text] src/{name} $lang:out/$lang/{name}" for name in sorted(names)]
    return "\n".join(lines) + "\n"


def write_config(source_dir: Path, target: Path, lang: str = "fr") -> int:
    """Write a po4a.cfg covering every ``*.md`` of ``source_dir``; return how many."""
    names = sorted(p.name for p in source_dir.glob("*.md") if p.is_file())
    target.write_text(po4a_config(names, lang), encoding="utf-8")
    return len(names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source_dir", type=Path)
    parser.add_argument("--lang", default="fr")
    parser.add_argument("-o", "--output", type=Path, default=Path("po4a.cfg"))
    args = parser.parse_args()
    count = write_config(args.source_dir, args.output, args.lang)
    print(f"wrote {args.output} ({count} documents)")


if __name__ == "__main__":
    main()
