"""pofile against GNU msgcat: Django's translators' catalogs, and our own files of every construct.

Two sets of files go through the same check:

* the 1,200-odd PO files of Django's wheel, written by its translators
  (``make test`` unpacks them, see tests/support/testdata.py);
* catalogs this module writes itself (``OWN``): every construct of the
  PO format that gettext reads, the legacy charsets whose second byte can be
  a backslash, and files msgcat refuses.

Where msgcat accepts a file, alerti18n's read + write gives msgcat's bytes,
but for the deliberate differences of DELIBERATE; where msgfmt --check
accepts the file, it accepts alerti18n's output too. Where msgcat refuses a
file, alerti18n raises a PoFileError naming the file and the line, but for
READ_ANYWAY; where msgcat reads one, so does alerti18n, but for
REFUSED_ANYWAY. Each deliberate difference is named by what it is, with its
reason, and detected in the file where it applies (never by file name).
"""

from __future__ import annotations

import codecs
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from support.msgcat import _first_msgstr, _header_flags, msgcat_view
from support.testdata import DJANGO_PO
from support.tools import msgfmt_check, require_testdata, require_tool

from alerti18n.core.errors import PoFileError
from alerti18n.po._parse import DEFAULT_DOMAIN
from alerti18n.po.pofile import FORMAT_LANGUAGES, entry_domain, format_po, parse_po, unknown_flags

pytestmark = pytest.mark.slow

# ------------------------------------------------------ deliberate differences ---

# Written otherwise than msgcat writes them.
DELIBERATE = {
    "unknown-flag": (
        "flags gettext does not know (Weblate's max-length:N) are kept, after the known ones; "
        "msgcat drops them"
    ),
    "crlf": (
        "CRLF line ends become LF; msgcat keeps a CR at the end of comment lines, so its output "
        "mixes line ends"
    ),
    "commented-obsolete": (
        "an obsolete entry without translation is kept when it has a translator comment "
        "(alerti18n's merge makes them to keep a translator's note); msgcat drops it"
    ),
}
# Refused by msgcat, read by alerti18n.
READ_ANYWAY = {
    "obsolete-duplicate": (
        "an obsolete entry repeats an active msgid: Weblate writes such files, msgcat and "
        "msgmerge refuse them; alerti18n keeps every copy (fmt and update drop none)"
    ),
    "utf-8-bom": "a UTF-8 byte order mark (some Windows editors write one); msgcat refuses it",
}
# Read by msgcat, refused by alerti18n.
REFUSED_ANYWAY = {
    "nul": "a NUL in a string: gettext silently cuts the string there, losing the rest",
}
_NUL = re.compile(rb"\\(?:0{1,3}(?![0-7])|x0+(?![0-9A-Fa-f]))")


def deliberate_differences(data: bytes, po: polib.POFile, theirs: bytes) -> set[str]:
    """The keys of DELIBERATE that apply to a file msgcat wrote as ``theirs``."""
    found = set()
    if b"\r\n" in data and b"\r" in theirs:
        found.add("crlf")
    if unknown_flags(_header_flags(po)):
        found.add("unknown-flag")
    for entry in po:
        if entry.obsolete and not _first_msgstr(entry):
            if entry.tcomment:
                found.add("commented-obsolete")
        elif unknown_flags(entry.flags):
            found.add("unknown-flag")
    return found


def read_anyway(data: bytes, po: polib.POFile) -> set[str]:
    """The keys of READ_ANYWAY that apply to a catalog alerti18n read but msgcat refuses."""
    found = {"utf-8-bom"} if data.startswith(codecs.BOM_UTF8) else set()
    active = {(entry_domain(e), e.msgctxt, e.msgid) for e in po if not e.obsolete}
    if po.metadata or po.header:
        active.add((DEFAULT_DOMAIN, None, ""))
    if any((entry_domain(e), e.msgctxt, e.msgid) in active for e in po if e.obsolete):
        found.add("obsolete-duplicate")
    return found


def refused_anyway(data: bytes) -> set[str]:
    """The keys of REFUSED_ANYWAY that apply to a file msgcat reads."""
    return {"nul"} if b"\0" in data or _NUL.search(data) else set()


# ----------------------------------------------------------------- gettext tools ---

_ENV = {**os.environ, "LC_ALL": "C"}


@dataclass(frozen=True)
class Msgcat:
    """What msgcat made of a file: its output (None: refused), its first error line."""

    output: bytes | None
    error_line: int | None
    stderr: str


def run_msgcat(path: Path, out: Path) -> Msgcat:
    """``msgcat --force-po`` (so that a header-only catalog is written too) on ``path``."""
    out.unlink(missing_ok=True)
    command = [require_tool("msgcat"), "--force-po", "-o", str(out), str(path)]
    result = subprocess.run(command, capture_output=True, env=_ENV)
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode == 0:
        return Msgcat(out.read_bytes(), None, stderr)
    match = re.search(rf"^{re.escape(str(path))}:(\d+):", stderr, re.MULTILINE)
    return Msgcat(None, int(match.group(1)) if match else None, stderr)


def msgfmt_accepts(path: Path) -> bool:
    command = [require_tool("msgfmt"), "--check", "-o", os.devnull, str(path)]
    return subprocess.run(command, capture_output=True, env=_ENV).returncode == 0


def check_against_msgcat(
    source: Path, theirs: Msgcat, original_passes_msgfmt: bool, scratch: Path
) -> set[str]:
    """The whole check on one file; returns the keys of the deliberate differences it shows."""
    data = source.read_bytes()
    try:
        po = parse_po(data, source)
        ours = format_po(po)
    except PoFileError as error:
        assert error.path == source and error.hint, error
        assert error.line is not None, f"no line in {error}; msgcat: {theirs.stderr}"
        assert str(error).startswith(f"{source}:{error.line}: ")
        if theirs.output is None:
            return set()
        reasons = refused_anyway(data)
        assert reasons, f"msgcat reads {source}, alerti18n refuses it: {error}"
        return reasons
    if theirs.output is None:
        reasons = read_anyway(data, po)
        assert reasons, f"msgcat refuses {source}, alerti18n reads it:\n{theirs.stderr}"
        return reasons
    found = deliberate_differences(data, po, theirs.output)
    if not found:
        assert ours == theirs.output, first_difference(ours, theirs.output)
    else:
        assert ours != theirs.output, f"no difference left, although {sorted(found)} apply"
        lf = scratch / ("lf-" + source.name)
        lf.write_bytes(data.replace(b"\r\n", b"\n"))
        reference = run_msgcat(lf, scratch / "lf-msgcat.po").output
        assert reference is not None
        view = format_po(msgcat_view(parse_po(data, source)))
        assert view == reference, first_difference(view, reference)
    assert format_po(parse_po(ours, source)) == ours, "writing what was written changes it"
    if original_passes_msgfmt:
        out = scratch / ("ours" + source.suffix)
        out.write_bytes(ours)
        msgfmt_check(out)
    return found


def first_difference(ours: bytes, theirs: bytes) -> str:
    a, b = ours.split(b"\n"), theirs.split(b"\n")
    for number, (x, y) in enumerate(zip(a, b, strict=False), 1):
        if x != y:
            return f"line {number}: ours {x[:90]!r}, msgcat {y[:90]!r}"
    return f"ours has {len(a)} lines, msgcat {len(b)}"


# -------------------------------------------------------- Django's catalogs ---

DJANGO_FILES = sorted(DJANGO_PO.rglob("*.po")) or [DJANGO_PO / "missing.po"]


@dataclass(frozen=True)
class Judged:
    msgcat: Msgcat
    msgfmt: bool


@pytest.fixture(scope="module")
def django_msgcat(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Judged]:
    """msgcat and msgfmt --check on every Django file, several processes at a time."""
    require_testdata(DJANGO_PO)
    outputs = tmp_path_factory.mktemp("django-msgcat")

    def judge(numbered: tuple[int, Path]) -> Judged:
        number, path = numbered
        return Judged(run_msgcat(path, outputs / f"{number}.po"), msgfmt_accepts(path))

    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        judged = list(pool.map(judge, enumerate(DJANGO_FILES)))
    return dict(zip(DJANGO_FILES, judged, strict=True))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scratch")


@pytest.mark.parametrize(
    "path", DJANGO_FILES, ids=[p.relative_to(DJANGO_PO).as_posix() for p in DJANGO_FILES]
)
def test_django_catalog_as_msgcat_writes_it(
    path: Path, django_msgcat: dict[Path, Judged], scratch: Path
) -> None:
    judged = django_msgcat[path]
    check_against_msgcat(path, judged.msgcat, judged.msgfmt, scratch)


def test_the_django_set_is_there_and_mostly_accepted(django_msgcat: dict[Path, Judged]) -> None:
    """The test above is worth something only if the set is whole and msgcat reads it."""
    assert len(DJANGO_FILES) > 1000
    assert sum(j.msgcat.output is not None for j in django_msgcat.values()) > 1000
    assert sum(j.msgfmt for j in django_msgcat.values()) > 1000


# ------------------------------------------------------------ our own files ---

HEADER = (
    "# Catalog written by test_pofile_conformance.py.\n"
    "#\n"
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: alerti18n-tests 1\\n"\n'
    '"Language: {lang}\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset={charset}\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)


def q(text: str) -> str:
    """``text`` as one PO string, escaped the plain way (msgcat does the wrapping)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + out.replace("\t", "\\t") + '"'


def header(lang: str = "fr", charset: str = "UTF-8") -> str:
    return HEADER.format(lang=lang, charset=charset)


@dataclass(frozen=True)
class Own:
    """A catalog of ours: its bytes, and what the check must find in it."""

    data: bytes
    suffix: str = ".po"
    refused: bool = False  # msgcat must refuse it
    deliberate: frozenset[str] = frozenset()  # the keys of the deliberate differences it shows
    line: int | None = None  # alerti18n's error line, where it is not the one msgcat names


def _entries_of_every_kind(text: str, lang_words: str) -> str:
    """Plural forms, context, previous strings, obsolete entries around ``text``."""
    long = " ".join([text] * 9)
    return (
        f"\n#. {lang_words}\n#: src/open.c:12 src/menu.c:7\n#, c-format\n"
        f'msgid "Open %s"\nmsgstr {q(text + " %s")}\n'
        f'\nmsgctxt {q(text)}\nmsgid "Context"\nmsgstr {q(text)}\n'
        f'\n#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\n'
        f"msgstr[0] {q('%d ' + text)}\nmsgstr[1] {q('%d ' + long)}\n"
        f'\n#, fuzzy\n#| msgctxt "old"\n#| msgid {q("Before " + text)}\n'
        f'msgid "Long"\nmsgstr {q(long + chr(10) + long)}\n'
        f'\n#~ msgctxt {q(text)}\n#~ msgid "Gone"\n#~ msgstr {q(text)}\n'
        f'\n#, fuzzy\n#~| msgid {q("Older " + long)}\n#~ msgid "Old"\n#~ msgstr {q(long)}\n'
    )


# Our own sentences, one per language of the legacy charsets below.
SENTENCES = {
    "zh_TW": "開啟檔案：軟體的許可與功能說明",
    "zh_CN": "打开文件：软件的许可与功能说明",
    "ja": "ファイルを開く：ソフトの表示能力について",
    "ko": "파일 열기: 소프트웨어 사용 허가",
    "ru": "Открыть файл: разрешения программы",
    "fr": "Ouvrir le fichier « café » : déjà là",
    "cs": "Otevřít soubor: příliš žluťoučký kůň",
    "el": "Άνοιγμα αρχείου: άδεια χρήσης",
    "tr": "Dosyayı aç: yazılım izinleri ğüşıöç",
    "et": "Ava fail: hind 5 € ja šokolaad",
}
# Charsets whose second byte can be 0x5C (a backslash), with where to look for such characters.
_CJK = [(0x4E00, 0x9FA5)]
BACKSLASH_CHARSETS = {
    "BIG5": ("zh_TW", _CJK, "許"),
    "BIG5-HKSCS": ("zh_TW", _CJK, "許"),
    "CP950": ("zh_TW", _CJK, "許"),
    "GBK": ("zh_CN", _CJK, ""),
    "GB18030": ("zh_CN", _CJK, ""),
    "SHIFT_JIS": ("ja", [(0x30A1, 0x30F6), *_CJK], "ソ表"),
    "CP932": ("ja", [(0x30A1, 0x30F6), *_CJK], "ソ表"),
    "JOHAB": ("ko", [(0xAC00, 0xD7A3)], ""),
}
OTHER_CHARSETS = {
    "EUC-JP": "ja",
    "EUC-KR": "ko",
    "CP949": "ko",
    "KOI8-R": "ru",
    "CP1251": "ru",
    "ISO-8859-5": "ru",
    "ISO-8859-1": "fr",
    "ISO-8859-2": "cs",
    "ISO-8859-7": "el",
    "ISO-8859-9": "tr",
    "ISO-8859-15": "et",
}


def backslash_characters(charset: str, count: int = 8) -> str:
    """``count`` characters whose encoding in ``charset`` ends with a backslash byte.

    The known examples first (BIG5 許 = B3 5C, SHIFT_JIS ソ = 83 5C, 表 = 95 5C),
    then the first others Python's codec gives in the language's script.
    """
    _, ranges, known = BACKSLASH_CHARSETS[charset]
    codec = codecs.lookup(charset).name
    found = list(known)
    for low, high in ranges:
        for point in range(low, high + 1):
            char = chr(point)
            try:
                encoded = char.encode(codec)
            except UnicodeEncodeError:
                continue
            if len(encoded) == 2 and encoded.endswith(b"\\") and char not in found:
                found.append(char)
    assert all(char.encode(codec).endswith(b"\\") for char in found)
    return "".join(found[:count])


def _charset_catalog(charset: str, lang: str, special: str) -> bytes:
    """A catalog in ``charset`` whose text holds ``special`` in strings, comments and references.

    The comment that ends in a double-byte character ending in 0x5C must not be
    joined to the next line: gettext lexes in the header's charset after it.
    """
    text = SENTENCES[lang] + (" " + special if special else "") + ' \\ "x"'
    comment_end = special[-1] if special else SENTENCES[lang][-1]
    body = header(lang, charset) + _entries_of_every_kind(text, SENTENCES[lang])
    body += f"\n# {SENTENCES[lang]} {comment_end}\n#: {special or 'f'}.c:3\n"
    body += f'msgid "Comment"\nmsgstr {q(special or text)}\n'
    body += f'\nmsgid {q(text)}\nmsgid_plural {q(text + "s")}\nmsgstr[0] {q(text)}\nmsgstr[1] ""\n'
    return body.encode(codecs.lookup(charset).name)


def _format_flags_catalog() -> str:
    """Every format language gettext knows, in every form, and the other flags."""
    out = header()
    for number, lang in enumerate(FORMAT_LANGUAGES):
        flags = [f"{lang}-format", f"no-{lang}-format", f"possible-{lang}-format"][number % 3 :]
        flags += ["impossible-" + FORMAT_LANGUAGES[number - 1] + "-format"]
        if number % 4 == 0:
            flags.insert(0, "fuzzy")
        if number % 5 == 0:
            flags += ["no-wrap" if number % 2 else "wrap", f"range: {number}..{number + 9}"]
        flags.reverse()
        text = f"Plain words for the {lang} language, " + "long enough to be wrapped " * 3
        out += f"\n#, {', '.join(flags)}\nmsgid {q(text)}\nmsgstr {q(text.upper())}\n"
    out += (
        '\n#, no-ellipsis-unicode-check, quote-unicode-check, range: 3..1\nmsgid "r"\nmsgstr "s"\n'
    )
    out += '\n#, fuzzy, c-format\n#, python-format\n#,  no-wrap\nmsgid "three lines"\nmsgstr "t"\n'
    out += '\n#, fuzzy\n#, c-format\nmsgid "fuzzy then format"\nmsgstr "f"\n'
    out += '\n#, range: 0..5\n#~ msgid "obsolete range"\n#~ msgstr "o"\n'
    out += '\n#, fuzzy, c-format\nmsgid "untranslated fuzzy"\nmsgstr ""\n'
    return out


def _references_catalog() -> str:
    """Long ``#:`` lines, with and without line numbers, with spaces, wrapped at column 79."""
    numbered = " ".join(f"./src/module_{i}/a_long_file_name.c:{i * 37}" for i in range(14))
    bare = " ".join(f"doc/page-{i}.md" for i in range(20))
    return (
        header()
        + f"\n#: {numbered}\n#: {bare}\n#: a.c : 2 b.c: 3 ./c.c:4 My File.c:007 a.c:2 :5 f:\n"
        + 'msgid "r"\nmsgstr "s"\n'
        + f'\n#: {"x" * 100}.c:1 {"y" * 30}.c\n#: README README README\nmsgid "t"\nmsgstr "u"\n'
    )


def own_files() -> dict[str, Own]:
    """Every construct of the PO format, in files of our own."""
    plain = 'msgid "Open"\nmsgstr "Ouvrir"\n'
    utf8 = header()
    template = header(charset="CHARSET").replace('"Language: fr\\n"\n', "")
    files = {
        "no-header-ascii": Own(b'#: a.c:1\nmsgid "Open"\nmsgstr ""\n\nmsgid "Close"\nmsgstr ""\n'),
        "no-header-template": Own(b'#: a.c:1\nmsgid "Open"\nmsgstr ""\n', ".pot"),
        "template-charset-placeholder": Own(f"{template}\n{plain}".encode(), ".pot"),
        "header-only": Own(utf8.encode()),
        "header-not-first": Own(f'{plain}\n{utf8}\nmsgid "b"\nmsgstr "é"\n'.encode()),
        "fuzzy-header": Own(utf8.replace("#\n", "#\n#, fuzzy\n").encode()),
        "one-line-entries": Own(
            f'{utf8}\nmsgid "a" msgstr "b"\nmsgctxt "m" msgid "c" "d" msgstr "e"\n'
            'msgid "one" msgid_plural "many" msgstr[0] "un" msgstr [ 1 ] "des" # note\n'
            'msgid\n"f"\nmsgstr\n"g"\n#~ msgid "old" msgstr "vieux"\n'.encode()
        ),
        "domains": Own(
            f'{utf8}\nmsgid "a"\nmsgstr "b"\n\n# dropped before a domain line\ndomain "second"\n'
            f'\n{header("de")}\nmsgid "a"\nmsgstr "ä"\n\ndomain "messages"\n\nmsgid "c"\n'
            'msgstr "ç"\n\ndomain "third"\nmsgid "x"\nmsgstr "y"\n# dropped at the end\n'.encode()
        ),
        "empty-msgid-not-header": Own(
            f'{utf8}\nmsgctxt "menu"\nmsgid ""\nmsgstr "vide"\n\nmsgctxt ""\nmsgid ""\n'
            'msgstr "x"\n\ndomain "other"\nmsgid ""\nmsgstr "no charset in this header"\n'.encode()
        ),
    }
    for charset, (lang, _, _) in BACKSLASH_CHARSETS.items():
        special = backslash_characters(charset)
        files[f"charset-{charset}"] = Own(_charset_catalog(charset, lang, special))
    for charset, lang in OTHER_CHARSETS.items():
        files[f"charset-{charset}"] = Own(_charset_catalog(charset, lang, ""))
    files |= {
        "utf-8-every-kind": Own(
            (utf8 + _entries_of_every_kind("Ouvrir « ça » — déjà", "mots")).encode()
        ),
        "references": Own(_references_catalog().encode()),
        "comment-ending-in-backslash": Own(
            f'{utf8}\n# see \\\nmsgid "a" msgstr "b"\nmsgid "c"\nmsgstr "d\\\ne"\n'.encode()
        ),
        "comments-of-every-kind": Own(
            f"{utf8}\n#\n#  two spaces\n#\ttab\n#.\n#. extracted\n#: a.c:1\n#,fuzzy\n"
            '#| msgid "prev"\nmsgid "a"\nmsgstr "b"\n'
            '\n# File: src/x.c, line: 4\nmsgid "Solaris reference"\nmsgstr "c"\n'
            '\n#~ # note\n#~ msgid "old"\n#~ msgstr "vieux"\n'.encode()
        ),
        "format-flags": Own(_format_flags_catalog().encode()),
        "escapes": Own(
            f'{utf8}\nmsgid "tab\\there \\"q\\" \\\\ \\a\\b\\f\\v\\r \\101\\x42 end\\n"\n'
            f'msgstr "x\\n\\ny\\n"\n\nmsgid {q("a" * 200)}\n'
            f"msgstr {q(' '.join(['mot'] * 40))}\n".encode()
        ),
        # The deliberate differences.
        "crlf": Own(
            f"{utf8}\n# note\n#: a.c:1\n{plain}".replace("\n", "\r\n").encode(),
            deliberate=frozenset({"crlf"}),
        ),
        "unknown-flags": Own(
            f'{utf8}\n#, c-format, max-length:40, badformat\nmsgid "a"\nmsgstr "b"\n'.encode(),
            deliberate=frozenset({"unknown-flag"}),
        ),
        "commented-obsolete": Own(
            f'{utf8}\n# keep me\n#~ msgid "a"\n#~ msgstr ""\n\n#~ msgid "b"\n'
            '#~ msgstr ""\n'.encode(),
            deliberate=frozenset({"commented-obsolete"}),
        ),
        "nul-escape": Own(
            f'{utf8}\nmsgid "a"\nmsgstr "before\\0after"\n'.encode(),
            deliberate=frozenset({"nul"}),
        ),
        "utf-8-bom": Own(
            codecs.BOM_UTF8 + f"{utf8}\n{plain}".encode(),
            refused=True,
            deliberate=frozenset({"utf-8-bom"}),
        ),
        "refused-obsolete-repeats-active": Own(
            f'{utf8}\n{plain}\n#~ msgid "Open"\n#~ msgstr "Ouvrir"\n'.encode(),
            refused=True,
            deliberate=frozenset({"obsolete-duplicate"}),
        ),
        "refused-obsolete-repeats-header": Own(
            f'{utf8}\n#~ msgid ""\n#~ msgstr "Language: de\\n"\n'.encode(),
            refused=True,
            deliberate=frozenset({"obsolete-duplicate"}),
        ),
        # Files msgcat refuses.
        "refused-non-ascii-without-header": Own(
            'msgid "a"\nmsgstr "café"\n'.encode(), refused=True
        ),
        "refused-non-ascii-without-charset": Own(
            f'{utf8.replace("charset=UTF-8", "")}\nmsgid "a"\nmsgstr "é"\n'.encode(), refused=True
        ),
        "refused-unknown-charset": Own(header(charset="KLINGON-8").encode(), refused=True),
        "refused-invalid-utf-8": Own(
            utf8.encode() + b'\nmsgid "a"\nmsgstr "caf\xe9"\n', refused=True
        ),
        "refused-invalid-big5": Own(
            header(charset="BIG5").encode() + b'\nmsgid "a"\nmsgstr "\xb3"\n', refused=True
        ),
        # msgcat names the line after the string, where its lexer stands; alerti18n the string's.
        "refused-unterminated": Own(
            f'{utf8}\nmsgid "a\nmsgstr "b"\n'.encode(), refused=True, line=12
        ),
        "refused-duplicate": Own(f"{utf8}\n{plain}\n{plain}".encode(), refused=True),
        # msgcat names the entry without msgstr; alerti18n the msgid after it ("second msgid in
        # one entry: the entry before it has no msgstr").
        "refused-missing-msgstr": Own(
            f'{utf8}\nmsgid "a"\n\nmsgid "b"\nmsgstr ""\n'.encode(), refused=True, line=14
        ),
        "refused-plural-without-forms": Own(
            f'{utf8}\nmsgid "a"\nmsgid_plural "b"\nmsgstr "x"\n'.encode(), refused=True
        ),
        "refused-unknown-keyword": Own(f'{utf8}\nmsgid "a"\nmsgtxt "b"\n'.encode(), refused=True),
    }
    return files


OWN = own_files()


@pytest.mark.parametrize("name", list(OWN))
def test_own_file_as_msgcat_writes_it(name: str, tmp_path: Path) -> None:
    case = OWN[name]
    source = tmp_path / (name + case.suffix)
    source.write_bytes(case.data)
    theirs = run_msgcat(source, tmp_path / "msgcat.po")
    assert (theirs.output is None) == case.refused, theirs.stderr
    found = check_against_msgcat(source, theirs, msgfmt_accepts(source), tmp_path)
    assert found == case.deliberate
    assert found <= set(DELIBERATE) | set(READ_ANYWAY) | set(REFUSED_ANYWAY)
    if case.refused and not found:
        with pytest.raises(PoFileError) as info:
            format_po(parse_po(case.data, source))
        assert info.value.line == (case.line or theirs.error_line or info.value.line), theirs.stderr
        assert case.line is None or case.line != theirs.error_line, "same line now: drop line="


def test_double_byte_samples_really_end_in_a_backslash() -> None:
    for charset in BACKSLASH_CHARSETS:
        sample = backslash_characters(charset)
        codec = codecs.lookup(charset).name
        assert len(sample) == 8 and all(c.encode(codec)[1:] == b"\\" for c in sample), charset
