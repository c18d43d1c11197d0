"""alerti18n's PO reader and writer against GNU msgcat, on folders of real PO files.

For every ``.po``/``.pot`` file under the folders given, runs ``msgcat
--force-po -o OUT FILE`` (``--force-po`` so that a header-only catalog is
written too) and, where msgcat accepts the file, compares its output with
alerti18n's read + write (``parse_po`` then ``format_po``). A file that
differs only by alerti18n's deliberate differences (see
:mod:`alerti18n.po.pofile`: unknown flags kept, an obsolete entry with a
translator comment kept, CRLF read as LF) is counted apart, with the
difference named. Files msgcat refuses should be refused too. Prints the
counts and every file that differs, that alerti18n refuses or crashes on,
or that it reads although msgcat refuses it.

    .venv/bin/python benchmarks/po_conformance.py [--jobs N] [--show N] [FOLDER...]

Without a folder it measures Django's PO files (1,226 catalogs in some 100
languages, written by its translators), which ``make test`` unpacks into
``.venv/testdata/po/django`` from Django's wheel (hash-pinned in
requirements-testdata.lock; see tests/support/testdata.py): anyone can run it after
``make test``. tests/test_pofile_conformance.py checks the same files one by
one, and our own catalogs of every construct of the format.

Other public PO files can be measured too; this script downloads nothing.
Such sets, and how to gather them (``export`` writes a repository's
.po/.pot files at a commit, ``/`` in paths becoming ``_``)::

    export() {  # REPOSITORY COMMIT FOLDER
        mkdir -p "$3"; git -C "$1" ls-tree -r --name-only "$2" | grep -E '\\.pot?$' |
        while read -r f; do git -C "$1" show "$2:$f" > "$3/$(echo "$f" | tr / _)"; done
    }
    # GNU gettext 0.21's test suite keeps its PO files as here-documents (639 files)
    git clone https://github.com/autotools-mirror/gettext  # tag v0.21
    python benchmarks/po_conformance.py --extract-gettext gettext/gettext-tools/tests data/gettext
    # Translate Toolkit keeps its test PO files in Python strings (651), and 32 .po files
    git clone https://github.com/translate/translate  # b48f273fd27f941bb4b6930b0202efe6299d74d9
    python benchmarks/po_conformance.py --extract-python translate/tests data/translate-tests
    export translate b48f273fd27f data/translate-files
    # Vim: 44 catalogs, many in legacy charsets (BIG5, CP932, GBK, EUC-JP, CP125x...), and
    # up to 4 older versions of each (git log --format=%h -- FILE | awk 'NR%12==6' | head -4)
    git clone https://github.com/vim/vim  # b3526a91b82779c2d9e2f3ca330039143cc36862
    # Window Maker: HEAD (774e6962) and the last commits before 2001-01-01 (a8ab5174),
    # 2004-01-01 (0b42849a), 2006-06-01 (4e8423d1), 2008-06-01 (e4800e84), 2009-01-01
    # (0c469de0): 331 files, in a dozen charsets, some with CRLF ends
    git clone https://github.com/window-maker/wmaker
    # Debian packaging (debconf templates): ParrotSec/tasksel 4ce641b0, Zugschlus/debian-pdns
    # 30679eca, TheJonny/debian-ssmtp d4631356, RomanHargrave/debian-proftpd c81d6ceb
    # Projects: git/git 1a3e64c6 and hexchat/hexchat b544ac33 (111 files)
    # 15 of Vim's UTF-8 catalogs converted with msgconv -t (SHIFT_JIS, CP932, EUC-JP, BIG5,
    # BIG5-HKSCS, CP950, GBK, GB18030, GB2312, CP949, EUC-KR; JOHAB, KOI8-R, KOI8-U and
    # CP866 by Python's codecs with "?" for what they cannot hold)

These sets are not part of the repository (their licences are their
projects'); measure them where you gathered them.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polib

from alerti18n.core.errors import PoFileError
from alerti18n.po.pofile import format_po, parse_po, unknown_flags

#: The Django set ``make test`` unpacks (tests/support/testdata.py): the default folder.
DJANGO_PO = Path(__file__).resolve().parent.parent / ".venv" / "testdata" / "po" / "django"

_HEREDOC = re.compile(rb"^\s*cat\s+(?:<<(\\?)EOF\s*>\s*(\S+)|>\s*(\S+)\s*<<(\\?)EOF)\s*$")


VERDICTS = ("identical", "deliberate", "differs", "our-error", "crash", "both-reject", "we-accept")


@dataclass
class Outcome:
    """What became of one input file."""

    path: Path
    accepted: bool
    verdict: str  # identical, deliberate, differs, our-error, crash, both-reject, we-accept
    detail: str = ""


def msgcat(path: Path, out: Path) -> bytes | None:
    """msgcat's output for ``path``, or None when msgcat rejects it."""
    out.unlink(missing_ok=True)
    result = subprocess.run(
        ["msgcat", "--force-po", "-o", str(out), str(path)],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C"},
    )
    if result.returncode != 0 or not out.exists():
        return None
    return out.read_bytes()


def msgcat_view(po: polib.POFile) -> polib.POFile:
    """``po`` less what alerti18n keeps deliberately and msgcat drops.

    That is flags gettext does not know and obsolete entries without a
    translation (alerti18n keeps those with a translator comment).
    """
    for entry in list(po):
        first = entry.msgstr_plural.get(0, "") if entry.msgstr_plural else entry.msgstr
        if entry.obsolete and not first:
            po.remove(entry)
            continue
        unknown = unknown_flags(entry.flags)
        entry.flags = [f for f in entry.flags if f not in unknown]
    return po


def deliberate_reasons(data: bytes, path: Path) -> list[str]:
    """Which of alerti18n's deliberate differences from msgcat a file shows."""
    reasons = ["CRLF line ends"] if b"\r\n" in data else []
    po = parse_po(data, path)
    for entry in po:
        first = entry.msgstr_plural.get(0, "") if entry.msgstr_plural else entry.msgstr
        if entry.obsolete and not first and entry.tcomment:
            reasons.append("obsolete entry without translation kept for its comment")
        elif unknown_flags(entry.flags):
            reasons.append("unknown flag kept")
    return sorted(set(reasons))


def first_difference(ours: bytes, theirs: bytes) -> str:
    a, b = ours.split(b"\n"), theirs.split(b"\n")
    for number, (x, y) in enumerate(zip(a, b, strict=False), 1):
        if x != y:
            return f"line {number}: ours {x[:70]!r} / msgcat {y[:70]!r}"
    return f"ours has {len(a)} lines, msgcat {len(b)}"


def judge(path: Path) -> Outcome:
    data = path.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        theirs = msgcat(path, Path(tmp) / "out.po")
        if theirs is not None and b"\r\n" in data:
            lf = Path(tmp) / path.name  # alerti18n reads CRLF as LF; msgcat keeps some CRs
            lf.write_bytes(data.replace(b"\r\n", b"\n"))
            reference = msgcat(lf, Path(tmp) / "out.po")
        else:
            reference = theirs
    try:
        ours: bytes | None = format_po(parse_po(data, path))
        error = ""
    except PoFileError as exc:
        ours, error = None, exc.format_message()
    except Exception as exc:  # noqa: BLE001 - a bug in alerti18n: report it, go on
        return Outcome(path, theirs is not None, "crash", f"{type(exc).__name__}: {exc}")
    if theirs is None:
        if ours is None:
            return Outcome(path, False, "both-reject")
        return Outcome(path, False, "we-accept")
    if ours is None:
        return Outcome(path, True, "our-error", error)
    if ours == theirs:
        return Outcome(path, True, "identical")
    view = format_po(msgcat_view(parse_po(data, path)))
    if view == reference:
        return Outcome(path, True, "deliberate", ", ".join(deliberate_reasons(data, path)))
    return Outcome(path, True, "differs", first_difference(view, reference or b""))


def collect(folders: list[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        if folder.is_file():
            files.append(folder)
            continue
        files += sorted(p for p in folder.rglob("*") if p.suffix in (".po", ".pot") and p.is_file())
    return files


def extract_gettext_tests(tests: Path, out: Path) -> int:
    """Write the PO heredocs of gettext-tools/tests/* to ``out``; return how many."""
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for script in sorted(p for p in tests.iterdir() if p.is_file()):
        lines = script.read_bytes().split(b"\n")
        index = 0
        while index < len(lines):
            match = _HEREDOC.match(lines[index])
            index += 1
            if not match:
                continue
            quoted = (match.group(1) or match.group(4)) == b"\\"
            name = (match.group(2) or match.group(3)).decode("latin-1").split("/")[-1]
            body = []
            while index < len(lines) and lines[index] != b"EOF":
                body.append(lines[index])
                index += 1
            index += 1
            data = b"\n".join(body) + b"\n"
            if b"msgid" not in data or not quoted and re.search(rb"[$`]", data):
                continue  # not PO, or text the shell would expand
            if not quoted:
                data = data.replace(b"\\\\", b"\\")
            name = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
            if not name.endswith((".po", ".pot")):
                name += ".po"
            (out / f"{script.name}--{name}").write_bytes(data)
            count += 1
    for extra in tests.glob("*.po*"):
        if extra.suffix in (".po", ".pot"):
            shutil.copy(extra, out / extra.name)
            count += 1
    return count


def extract_python_strings(tests: Path, out: Path) -> int:
    """Write the string constants of the Python files under ``tests`` that hold a PO entry.

    Translate Toolkit's tests keep most of their PO inputs in such strings;
    each becomes ``<file>--<line>--<sha1>.po`` (UTF-8), duplicates once.
    """
    out.mkdir(parents=True, exist_ok=True)
    seen = set()
    for source in sorted(tests.rglob("*.py")):
        try:
            tree = ast.parse(source.read_bytes())
        except SyntaxError:
            continue
        stem = "_".join(source.relative_to(tests.parent).with_suffix("").parts)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str | bytes):
                continue
            value = node.value
            data = value.encode("utf-8") if isinstance(value, str) else value
            if b"msgid" not in data or b"msgstr" not in data:
                continue
            data += b"" if data.endswith(b"\n") else b"\n"
            digest = hashlib.sha1(data).hexdigest()[:10]
            if digest not in seen:
                seen.add(digest)
                (out / f"{stem}--{node.lineno}--{digest}.po").write_bytes(data)
    return len(seen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "folders", nargs="*", type=Path, help=f"folders or files to measure (default: {DJANGO_PO})"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--show", type=int, default=50, help="differing files to list")
    parser.add_argument(
        "--extract-gettext",
        nargs=2,
        type=Path,
        metavar=("TESTS", "OUT"),
        help="extract gettext-tools/tests heredocs into OUT, then stop",
    )
    parser.add_argument(
        "--extract-python",
        nargs=2,
        type=Path,
        metavar=("TESTS", "OUT"),
        help="extract the PO strings of Python test files into OUT, then stop",
    )
    args = parser.parse_args()
    if args.extract_gettext:
        print(extract_gettext_tests(*args.extract_gettext), "files written")
        return 0
    if args.extract_python:
        print(extract_python_strings(*args.extract_python), "files written")
        return 0
    if shutil.which("msgcat") is None:
        print("msgcat (GNU gettext) is required", file=sys.stderr)
        return 2
    folders = args.folders or [DJANGO_PO]
    missing = [folder for folder in folders if not folder.exists()]
    if missing:
        hint = " (`make test` unpacks it)" if missing == [DJANGO_PO] else ""
        print(f"{missing[0]}: no such folder{hint}", file=sys.stderr)
        return 2
    files = collect(folders)
    with ProcessPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(judge, files, chunksize=8))
    report(outcomes, args.show)
    return 0


def report(outcomes: list[Outcome], show: int) -> None:
    count = {verdict: 0 for verdict in VERDICTS}
    reasons: dict[str, int] = {}
    for outcome in outcomes:
        count[outcome.verdict] += 1
        if outcome.verdict == "deliberate":
            for reason in outcome.detail.split(", "):
                reasons[reason] = reasons.get(reason, 0) + 1
    accepted = sum(o.accepted for o in outcomes)

    def share(n: int) -> str:
        return f"{n} ({100 * n / accepted:.1f}%)" if accepted else str(n)

    print(f"files: {len(outcomes)}")
    print(f"msgcat accepts: {accepted}")
    print(f"  identical: {share(count['identical'])}")
    print(f"  identical but for deliberate differences: {share(count['deliberate'])}")
    for reason, n in sorted(reasons.items(), key=lambda item: -item[1]):
        print(f"    {reason}: {n} files")
    print(f"  differing: {count['differs']}")
    print(f"  refused by alerti18n: {count['our-error']}")
    print(f"  alerti18n crashed: {count['crash']}")
    print(f"msgcat rejects: {len(outcomes) - accepted}")
    print(f"  refused by alerti18n too: {count['both-reject']}")
    print(f"  read by alerti18n: {count['we-accept']}")
    shown = [o for o in outcomes if o.verdict in ("crash", "differs", "our-error", "we-accept")]
    for outcome in shown[:show]:
        print(f"{outcome.verdict}: {outcome.path}: {outcome.detail}")


if __name__ == "__main__":
    sys.exit(main())
