"""Plain text (``alerti18n.output.text``): what a reader of a ``.txt`` file sees of links,
tables, the HTML block structures import writes (tables with paragraphs and lists in their
cells, tables in tables, definition lists) and footnotes."""

from __future__ import annotations

from pathlib import Path

from alerti18n.output.render import rebuild_document
from alerti18n.output.text import render_text
from alerti18n.text.segment import parse_document

LINKS_AND_TABLE = """\
# Contacts

Read [the alert](https://www.lemkininstitute.com/alerts "Alerts") and
<https://example.org/a?b=1>, or write to <info@example.org>.
The address [https://example.org/](https://example.org/) is shown once, and
[*emphasised* text](/relative/page) keeps its target.

| Organisation | Ville | Téléphone |
|:-------------|:-----:|----------:|
| Լեմկինի ինստիտուտ | Érevan | 12 |
| Amnesty [site](https://amnesty.org) | Genève | 3456 |
| 国际特赦 | 東京 | 7 |
"""


def test_text_keeps_link_addresses_and_lays_out_tables(tmp_path: Path) -> None:
    path = tmp_path / "contacts.md"
    path.write_text(LINKS_AND_TABLE, encoding="utf-8")
    text = render_text(rebuild_document(parse_document(path), {}, "fr"))
    assert (
        "Read the alert (https://www.lemkininstitute.com/alerts) and "
        "https://example.org/a?b=1, or write to info@example.org. "
        "The address https://example.org/ is shown once, and "
        "emphasised text (/relative/page) keeps its target.\n"
    ) in text
    # columns padded to their widest cell by display width (CJK counts 2, Armenian and
    # accented Latin 1), aligned as the delimiter row says, the header under a rule
    table = text.split("\n\n")[2]
    assert table.splitlines() == [
        "Organisation                        Ville   Téléphone",
        "----------------------------------  ------  ---------",
        "Լեմկինի ինստիտուտ                   Érevan         12",
        "Amnesty site (https://amnesty.org)  Genève       3456",
        "国际特赦                             東京           7",
    ]


def test_display_width() -> None:
    from alerti18n.output.text import display_width

    assert display_width("Լեմկինի") == 7
    assert display_width("Érevan") == 6
    assert display_width("E\u0301revan") == 6  # combining accent takes no column
    assert display_width("東京") == 4


def test_built_text_file_keeps_links_and_table(basic_project: Path) -> None:
    from click.testing import CliRunner

    from alerti18n.cli.main import main

    project = basic_project
    (project / "source" / "contacts.md").write_text(LINKS_AND_TABLE, encoding="utf-8")
    args = ["build", "--lang", "fr", "--format", "txt", "--project", str(project)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    text = (project / "build" / "fr" / "contacts.txt").read_text(encoding="utf-8")
    assert "the alert (https://www.lemkininstitute.com/alerts)" in text
    assert "----------------------------------  ------  ---------\n" in text


STRUCTURES = """\
Casualties by month.[^src] See [the table](#t1).

<div id="t1"></div>

<table>
<caption>

Table 1.

</caption>
<thead>
<tr>
<th>

Month

</th>
<th style="text-align:right">

Dead

</th>
</tr>
</thead>
<tbody>
<tr>
<td>

June

</td>
<td style="text-align:right">

1,350

</td>
</tr>
<tr>
<td colspan="2">

The road was closed.

Nobody could leave.

- Food ran out.

<table>
<tr>
<td>

Inner

</td>
<td>

cell

</td>
</tr>
</table>

</td>
</tr>
</tbody>
</table>

<dl>
<dt>

Blockade

</dt>
<dd>

A siege that stops food.

Its second paragraph.

</dd>
</dl>

[^src]: Field team report.

    Checked twice.
"""


def test_html_block_structures_and_notes_as_text(tmp_path: Path) -> None:
    path = tmp_path / "structures.md"
    path.write_text(STRUCTURES, encoding="utf-8")
    text = render_text(rebuild_document(parse_document(path), {}, "fr"))
    assert text == (
        "Casualties by month.[1] See the table.\n\n"
        "Table 1.\n"
        "Month                  Dead\n"
        "--------------------  -----\n"
        "June                  1,350\n"
        "The road was closed.\n"
        "Nobody could leave.\n"
        "- Food ran out.\n"
        "Inner  cell\n\n"
        "Blockade\n"
        "    A siege that stops food.\n"
        "    Its second paragraph.\n\n"
        "[1] Field team report.\n\n"
        "    Checked twice.\n"
    )


def test_the_title_opens_the_text_unless_the_body_opens_with_it(tmp_path: Path) -> None:
    from alerti18n.output.page import PageInfo

    info = PageInfo("alert", "fr", ("en", "fr"), "Alerte sur le siège", "", None)
    path = tmp_path / "alert.md"
    for body in ("# Alerte sur le siège\n\nTexte.\n", "Texte.\n"):
        path.write_text(f"---\ntitle: Alert\n---\n\n{body}", encoding="utf-8")
        text = render_text(rebuild_document(parse_document(path), {}, "fr"), info=info)
        assert text == "Alerte sur le siège\n===================\n\nTexte.\n"
    untitled = PageInfo("alert", "fr", ("en", "fr"), "alert", "", None)
    path.write_text("Texte.\n", encoding="utf-8")
    assert render_text(rebuild_document(parse_document(path), {}, "fr"), info=untitled) == (
        "Texte.\n"
    )
