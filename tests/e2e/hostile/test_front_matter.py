"""Hostile front matter and glossaries: refused at ``extract`` (and by every later command)
with one line naming the file and line, exit 2, no traceback, nothing written.

The front matter is read by :mod:`alerti18n.text.frontmatter` with a loader that refuses
anchors and aliases while it parses, so an alias bomb is never expanded; the glossary by
:mod:`alerti18n.language.glossary`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.projects import invoke, small_project

BOMB = (
    "---\ntitle: Alert\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]\n"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "---\n\n# Alert\n\nThe road is open.\n"
)
BAD_FRONT_MATTER = {
    "list-title": ("---\ntitle: [a, b]\n---\n\nThe road is open.\n", 2, "title is a list"),
    "alias-bomb": (BOMB, 3, "anchor"),
    "alias": ("---\ntitle: &t Alert\nauthor: *t\n---\n\nThe road is open.\n", 2, "anchor"),
}


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".alerti18n" not in p.parts
    }


def one_error(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in output, output
    assert lines[0].startswith("error: "), output
    return lines[0]


@pytest.mark.parametrize(("name", "case"), BAD_FRONT_MATTER.items(), ids=list(BAD_FRONT_MATTER))
def test_bad_front_matter_is_refused_by_extract_and_build(
    tmp_path: Path, name: str, case: tuple[str, int, str]
) -> None:
    text, line, words = case
    root = small_project(tmp_path, "# Alert\n\nThe road is open.\n")
    source = root / "source" / "alert.md"
    source.write_text(text, encoding="utf-8")
    before = snapshot(root)
    for command in ("extract", "build"):
        result = invoke(root, command)
        assert result.exit_code == 2, result.output
        message = one_error(result.output)
        assert message.startswith(f"error: {source}:{line}: ") and words in message
        assert snapshot(root) == before


def test_an_overlong_glossary_cell_is_one_error(tmp_path: Path) -> None:
    root = small_project(tmp_path, "# Alert\n\nThe road is open.\n")
    glossary = root / "locales" / "glossary.csv"
    glossary.write_text(f'en,fr\nroad,route\nwater,"{"x" * 200_000}"\n', encoding="utf-8")
    (root / "source" / "alert.md").write_text("# Alert\n\nThe road is closed.\n", encoding="utf-8")
    before = snapshot(root)
    for command in ("extract", "check"):
        result = invoke(root, command)
        assert result.exit_code == 2, result.output
        message = one_error(result.output)
        assert message.startswith(f"error: {glossary}:3: ") and "longer than" in message
        assert snapshot(root) == before
