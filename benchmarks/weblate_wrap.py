"""How often Weblate writes an edited msgstr exactly as alerti18n (msgcat) does.

When a translator saves in Weblate, Translate Toolkit re-quotes that entry's msgstr with the
component's "Long lines wrapping" width (``po_line_wrap``: 77, or 65535 for "only at newlines"),
and leaves every other entry's lines as it read them (tests/test_weblate.py). This script takes
every translated singular entry of real PO files, quotes its msgstr as Translate Toolkit does at
each width, and counts how often the lines equal those ``alerti18n fmt`` writes: the share of
Weblate edits that reach the repository already in alerti18n's form.

    .venv/bin/python benchmarks/weblate_wrap.py [FOLDER...]

Without a folder it reads the team's French and Armenian catalogs (``../shared/corpus/po``)
and Django's (``.venv/testdata/po/django``, unpacked by ``make test``). It measures the
Translate Toolkit installed beside it; to measure the one a Weblate release pins, run it in a
venv with that version.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polib
from translate.__version__ import sver as toolkit_version
from translate.storage.pypo import PoWrapper, pounit

from alerti18n.core.errors import AlertI18nError
from alerti18n.po.pofile import format_po, read_po

REPO = Path(__file__).resolve().parent.parent
FOLDERS = [REPO.parent / "shared" / "corpus" / "po", REPO / ".venv" / "testdata" / "po" / "django"]
WIDTHS = (77, 65535)


def msgstr_lines(text: str) -> list[str]:
    """The lines from ``msgstr`` on, of a PO text with one entry."""
    lines = text.splitlines()
    return lines[next(n for n, line in enumerate(lines) if line.startswith("msgstr")) :]


def ours(entry: polib.POEntry) -> list[str]:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=entry.msgid, msgstr=entry.msgstr))
    return msgstr_lines(format_po(po).decode("utf-8").split("\n\n", 1)[1])


def theirs(entry: polib.POEntry, width: int) -> list[str]:
    unit = pounit(wrapper=PoWrapper(width))
    unit.source = entry.msgid
    unit.target = entry.msgstr
    return msgstr_lines(str(unit))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=FOLDERS)
    args = parser.parse_args(argv)
    paths = sorted(p for folder in args.folders for p in folder.rglob("*.po"))
    if not paths:
        print("no PO files under " + ", ".join(map(str, args.folders)), file=sys.stderr)
        return 2
    total = wrapped = 0
    same = dict.fromkeys(WIDTHS, 0)
    same_wrapped = dict.fromkeys(WIDTHS, 0)
    for path in paths:
        try:
            po = read_po(path)
        except AlertI18nError:
            continue
        for entry in po:
            if entry.obsolete or not entry.msgid or entry.msgid_plural or not entry.msgstr:
                continue
            expected = ours(entry)
            total += 1
            wrapped += len(expected) > 1
            for width in WIDTHS:
                if theirs(entry, width) == expected:
                    same[width] += 1
                    same_wrapped[width] += len(expected) > 1
    print(f"Translate Toolkit {toolkit_version}: {total} msgstrs from {len(paths)} files")
    for width in WIDTHS:
        share, share_wrapped = same[width] / total, same_wrapped[width] / wrapped
        print(
            f"  po_line_wrap {width:>5}: as alerti18n writes it {share:6.1%}; "
            f"of the {wrapped} msgcat writes over several lines {share_wrapped:6.1%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
