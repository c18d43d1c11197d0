"""Which SVG images are static pictures (alerti18n.text.svg): the rest is neither imported nor
copied beside a page."""

from __future__ import annotations

import pytest

from alerti18n.text.svg import svg_problem

OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
STATIC = (
    f'{OPEN}<title>Map</title><defs><linearGradient id="g"><stop offset="0"/></linearGradient>'
    '</defs><rect width="10" height="10" fill="url(#g)" style="stroke:url(#g)"/>'
    '<use xlink:href="#g"/><a href="https://example.org"><text>x</text></a>'
    '<image href="data:image/png;base64,iVBORw0KGgo="/>'
    '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
    "<!-- a comment --></svg>"
)


def test_a_static_picture_passes() -> None:
    assert svg_problem(STATIC.encode()) is None


@pytest.mark.parametrize(
    ("svg", "words"),
    [
        (f"{OPEN}<script>alert(1)</script></svg>", "<script>"),
        (f'{OPEN}<rect onclick="alert(1)"/></svg>', "event handler"),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler"),
        (f"{OPEN}<foreignObject><p>x</p></foreignObject></svg>", "<foreignObject>"),
        (f'{OPEN}<set attributeName="href" to="javascript:alert(1)"/></svg>', "<set>"),
        (f'{OPEN}<animate attributeName="x"/></svg>', "<animate>"),
        (f'{OPEN}<image href="http://127.0.0.1:9/beacon.png"/></svg>', "outside the file"),
        (f'{OPEN}<image xlink:href="file:///etc/passwd"/></svg>', "outside the file"),
        (f'{OPEN}<use href="other.svg#x"/></svg>', "outside the file"),
        (f'{OPEN}<a href="javascript:alert(1)"><text>x</text></a></svg>', "outside the file"),
        (f'{OPEN}<rect style="fill:url(http://x/y#z)"/></svg>', "a style loads"),
        (f"{OPEN}<style>@import url(http://x/y.css);</style></svg>", "imports"),
        (f"{OPEN}<rect fill=\"url('http://x/p')\"/></svg>", "a style loads"),
        (
            '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + f"{OPEN}<text>&x;</text></svg>",
            "DTD",
        ),
        (f'<?xml-stylesheet href="http://x/y.css"?>{OPEN}</svg>', "processing instruction"),
        (
            f'{OPEN}<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script></svg>',
            "<script>",
        ),
        ("<html><body>not svg</body></html>", "not <svg>"),
        ("<svg", "not well-formed"),
    ],
)
def test_active_or_outside_reaching_svg_is_refused(svg: str, words: str) -> None:
    problem = svg_problem(svg.encode())
    assert problem is not None and words in problem, problem
