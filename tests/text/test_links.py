"""The link rule (alerti18n.text.links): which link targets and image sources an output may
carry, applied to inline Markdown, whole source documents, markdown-it's tokens and pandoc's
document tree. The end-to-end cases (every format, a beacon server) are in
tests/e2e/hostile/test_images_links.py."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from alerti18n.core.pandoc import pandoc
from alerti18n.text.links import (
    clean,
    clean_document,
    clean_pandoc,
    clean_tokens,
    link_allowed,
    scheme_of,
    tag_problem,
)
from alerti18n.text.segment import _parser


def project_image(src: str) -> bool:
    return src == "media/map.png"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://lemkininstitute.com/sos", True),
        ("http://example.org", True),
        ("mailto:alerts@example.org", True),
        ("tel:+37410000000", True),
        ("../other.md#section", True),
        ("#top", True),
        ("?page=2", True),
        ("//example.org/x", True),  # network-relative: http(s) of the page
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" \tjavascript:alert(1)", False),
        ("java\nscript:alert(1)", False),  # browsers drop line breaks and tabs in URLs
        ("javascript&#58;alert(1)", False),  # a character reference is decoded first
        ("javascript&colon;alert(1)", False),
        ("vbscript:msgbox(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("file:///etc/passwd", False),
        ("vnd.sun.star.script:Standard.Module1.Main?language=Basic&location=document", False),
        ("ms-word:ofe|u|https://example.org/x.docx", False),
        ("macappstore://x", False),
        ("C:\\Windows\\win.ini", False),
    ],
)
def test_one_allow_list_of_schemes(url: str, allowed: bool) -> None:
    assert link_allowed(url) is allowed
    assert (scheme_of(url) is None or scheme_of(url) in {"http", "https", "mailto", "tel"}) is (
        allowed
    )


@pytest.mark.parametrize(
    ("text", "cleaned", "problems"),
    [
        ("Read [this](javascript:alert(1)) now.", "Read this now.", 1),
        (
            "Read [this](https://x.org/a_(b) 'T') now.",
            "Read [this](https://x.org/a_(b) 'T') now.",
            0,
        ),
        ("[a](javascript\\:x) [b](<vbscript:y>)", "a b", 2),
        ("![map](media/map.png) ![b](http://127.0.0.1:1/b.png)", "![map](media/map.png) b", 1),
        ("![p](/etc/passwd) ![q](../../etc/passwd) ![f](file:///etc/passwd)", "p q f", 3),
        ("![d](data:image/png;base64,AAAA)", "d", 1),
        ("Go <javascript:alert(1)> or <https://x.org> or <a@b.org>.", None, 1),
        ('<b onmouseover="alert(1)">x</b>', "x</b>", 1),
        (
            '<img src="media/map.png" alt="m"> <img src=http://x/y>',
            '<img src="media/map.png" alt="m"> ',
            1,
        ),
        ("<img/src=x/onerror=alert(1)>", "", 1),
        ('<a href="JaVa&#x53;cript:x">y</a> <a href="https://x.org">z</a>', None, 1),
        ("<script>alert(1)</script>", "alert(1)", 2),
        ('<span style="background:url(http://x/y)">s</span>', "s</span>", 1),
        ("`[x](javascript:y)` and `<script>`", "`[x](javascript:y)` and `<script>`", 0),
        ("[![map](media/map.png)](javascript:x)", "![map](media/map.png)", 1),
        ("[ref][label] stays to its definition", "[ref][label] stays to its definition", 0),
    ],
)
def test_clean_keeps_the_text_of_what_it_refuses(
    text: str, cleaned: str | None, problems: int
) -> None:
    result = clean(text, project_image)
    if cleaned is not None:
        assert result.text == cleaned
    assert len(result.problems) == problems, result.problems
    assert clean(result.text, project_image).problems == []  # once is enough


def test_a_refused_autolink_and_tag_leave_their_text() -> None:
    result = clean("Go <javascript:alert(1)> or <https://x.org>.", project_image)
    assert result.text == "Go javascript:alert(1) or <https://x.org>."
    assert result.problems == [
        "link to javascript:alert(1) removed: only http, https, mailto, tel and relative "
        "links are kept; its text stays"
    ]


def test_removed_markup_keeps_its_line_breaks() -> None:
    text = "A [link](\njavascript:x) and\n<b\nonclick=x>bold</b>."
    result = clean(text, project_image)
    assert result.text.count("\n") == text.count("\n")
    assert "javascript" not in result.text and "onclick" not in result.text


def test_tag_problems_name_what_is_wrong() -> None:
    assert tag_problem("<b>", project_image) is None
    assert tag_problem('<a href="#top">', project_image) is None
    assert tag_problem("</script>", project_image) is not None
    assert "onload" in (tag_problem("<svg onload=alert(1)>", project_image) or "")
    assert "srcset" in (tag_problem('<img src="media/map.png" srcset="x 2x">', project_image) or "")
    assert tag_problem('<meta http-equiv="refresh" content="0;url=x">', project_image)


SOURCE = """\
---
title: Alert
---

# Heading [x](javascript:alert(1))

| map | link |
|-----|------|
| ![a](http://127.0.0.1:9/a.png) | [b](vbscript:b) |

[label]: javascript:alert(2)

> [quoted]:
> file:///etc/passwd

See [label] and ![ok](media/map.png).

<div><img src="/etc/passwd"><a href="https://ok.org">ok</a></div>

```
[code](javascript:stays)
```
"""


def test_clean_document_names_each_line_and_keeps_the_lines() -> None:
    text, problems = clean_document(SOURCE, _parser().parse(SOURCE), project_image)
    assert text.count("\n") == SOURCE.count("\n")
    assert [problem.split(":")[0] for problem in problems] == ["5", "9", "9", "11", "13", "18"]
    assert "[label]: <>" in text and "> [quoted]:\n> <>" in text
    assert "[code](javascript:stays)" in text  # code is code
    assert "![ok](media/map.png)" in text and '<a href="https://ok.org">' in text
    for gone in ("javascript:alert", "vbscript", "127.0.0.1", "/etc/passwd"):
        assert gone not in text


def test_tokens_of_any_parser_reading_are_cleaned() -> None:
    """markdown-it told to take every link (as the renderer is): the rule decides."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    tokens = md.parse(
        "[a](javascript:x) ![b](http://x/b.png) ![map](media/map.png) <img src=/etc/passwd>\n"
        "\n<iframe src=https://x.org></iframe>\n"
    )
    problems = clean_tokens(tokens, project_image)
    html = md.renderer.render(tokens, md.options, {})
    assert len(problems) == 5
    assert "javascript" not in html and "http://x" not in html and "/etc/passwd" not in html
    assert "<iframe" not in html and '<img src="media/map.png" alt="map"' in html
    assert "<p>a b " in html


def test_pandoc_trees_are_cleaned() -> None:
    markdown = (
        "[a](javascript:x) [b](https://ok.org) ![c](/etc/passwd) ![map](media/map.png)\n\n"
        "<img src=x>\n"
    )
    done = subprocess.run(
        [pandoc(), "--sandbox", "-f", "gfm", "-t", "json"],
        input=markdown.encode(),
        capture_output=True,
        check=True,
    )
    ast = json.loads(done.stdout)
    problems = clean_pandoc(ast["blocks"], lambda url: "data:x" if project_image(url) else None)
    flat = json.dumps(ast)
    assert len(problems) == 2
    assert "javascript" not in flat and "/etc/passwd" not in flat and "RawBlock" not in flat
    assert "https://ok.org" in flat and '"data:x"' in flat


def test_path_rule_and_image_rule(tmp_path: Path) -> None:
    from alerti18n.text.media import image_rule, path_rule

    source = tmp_path / "source"
    (source / "media").mkdir(parents=True)
    (source / "media" / "map.png").write_bytes(b"png")
    (source / "media" / "out.png").symlink_to(tmp_path / "secret.png")
    (tmp_path / "secret.png").write_bytes(b"secret")
    doc = source / "sub" / "alert.md"
    by_path = path_rule(doc, source)
    assert by_path("../media/map.png") and by_path("img%20x.png")
    for refused in ("../../secret.png", "/etc/passwd", "http://x/a.png", "file:///a.png", "#x"):
        assert not by_path(refused), refused
    assert not by_path("data:image/png;base64,AA") and not by_path("C:\\x.png")
    top = source / "alert.md"
    by_file = image_rule(top, [((source / "media" / "map.png").resolve(), "media/map.png")])
    assert by_file("media/map.png") and by_file("./media/map.png")
    assert not by_file("media/out.png")  # a link out of source/ is not one of them
    assert not by_file("media/none.png")


def test_a_footnote_definition_is_no_link_definition() -> None:
    """``[^1]: Source: the team.`` is a note whose text starts with a colon-ended word, not a
    link reference definition to a ``source:`` address."""
    source = "A fact.[^1]\n\n[^1]: Source: the field team.\n\n[x]: javascript:alert(1)\n"
    text, problems = clean_document(source, _parser().parse(source), project_image)
    assert "[^1]: Source: the field team." in text and "[x]: <>" in text
    assert [problem.split(":")[0] for problem in problems] == ["5"]
