"""Bad input: one-line message naming file and line, exit code 2, no file touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.projects import invoke

from alerti18n.text.segment import parse_document

DOC = "field-hospital"  # a document of the basic fixture project (tests/roots/basic)
HEADER = (
    'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
)

BAD_CATALOGS = {
    "merge-conflict": (
        HEADER + '<<<<<<< HEAD\nmsgid "A"\nmsgstr "B"\n=======\nmsgid "A"\nmsgstr "C"\n'
        ">>>>>>> theirs\n",
        "merge conflict",
        7,
    ),
    "unterminated": (HEADER + 'msgid "A\nmsgstr "B"\n', "unterminated", 7),
    "bad-escape": (HEADER + 'msgid "A\\q"\nmsgstr "B"\n', "escape", 7),
    "stray-line": (HEADER + 'msgid "A"\nmsgstr "B"\nhello there\n', "", 9),
    "duplicate": (HEADER + 'msgid "A"\nmsgstr "B"\n\nmsgid "A"\nmsgstr "C"\n', "duplicate", 10),
    "no-header": ('msgid "A"\nmsgstr "B"\n', "header", None),
    "unknown-charset": (HEADER.replace("UTF-8", "KLINGON-8"), "charset", None),
    "wrong-language": (HEADER.replace("Language: fr", "Language: hy"), "hy", None),
    "plural-count": (
        HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n',
        "plural",
        None,
    ),
}


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".alerti18n" not in p.parts
    }


def prepare(project: Path) -> None:
    """Change the source so that a successful update would rewrite every catalog."""
    source = project / "source" / f"{DOC}.md"
    source.write_text(source.read_text() + "\nOne more sentence.\n", encoding="utf-8")
    assert invoke(project, "extract").exit_code == 0


def check_rejected(project: Path, data: bytes, words: str, line: int | None) -> None:
    prepare(project)
    po = project / "locales" / "fr" / f"{DOC}.po"
    po.write_bytes(data)
    before = snapshot(project)
    result = invoke(project, "update")
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert message.startswith(f"error: {po}:")
    if line:
        assert message.startswith(f"error: {po}:{line}:")
    assert words.lower() in message.lower()
    assert snapshot(project) == before  # hy/…po not rewritten either


@pytest.mark.parametrize(("name", "case"), BAD_CATALOGS.items(), ids=list(BAD_CATALOGS))
def test_broken_catalog_is_rejected_untouched(basic_project: Path, name: str, case) -> None:
    text, words, line = case
    check_rejected(basic_project, text.encode("utf-8"), words, line)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (HEADER.encode() + b'msgid "A"\nmsgstr "\xff\xfe"\n', "invalid UTF-8"),
        (b"", "empty"),
        (b"\xde\x12\x04\x95\x00\x00\x00\x00" + bytes(range(256)), ""),
    ],
    ids=["invalid-utf8", "empty", "binary-mo"],
)
def test_unreadable_catalog_is_rejected_untouched(
    basic_project: Path, data: bytes, words: str
) -> None:
    check_rejected(basic_project, data, words, None)


def test_bom_and_crlf_are_accepted_and_normalised(basic_project: Path) -> None:
    project = basic_project
    po = project / "locales" / "fr" / f"{DOC}.po"
    original = po.read_bytes()
    po.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    assert invoke(project, "update").exit_code == 0
    assert po.read_bytes() == original


def test_unknown_language_never_becomes_a_path(basic_project: Path) -> None:
    project = basic_project
    for bad in ("../../etc", "fr/../../x", "xx-notreal", "klingon"):
        result = invoke(project, "update", "--lang", bad)
        assert result.exit_code == 2 and "language" in result.output
    assert not (project.parent / "etc").exists()


def test_empty_source_document(basic_project: Path) -> None:
    project = basic_project
    (project / "source" / "empty.md").write_text("  \n")
    result = invoke(project, "extract")
    assert (
        result.exit_code == 2 and "empty.md" in result.output and "empty document" in result.output
    )


@pytest.mark.slow
def test_ten_megabyte_document(tmp_path: Path) -> None:
    paragraph = (
        "The Lemkin Institute urges the international community to act. "
        "Azerbaijan has cut all electricity, natural gas, and telecommunication services. "
        "There are unconfirmed reports of atrocities and massacres.\n\n"
    )
    path = tmp_path / "big.md"
    path.write_text(paragraph * (10_000_000 // len(paragraph)), encoding="utf-8")
    assert path.stat().st_size > 9_900_000
    doc = parse_document(path)
    assert len(doc.segments) == 3 * (10_000_000 // len(paragraph))
