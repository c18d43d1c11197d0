"""alerti18n.importing.article: the main content of a web page (readability-lxml's choice,
taken whole from the page; the <main>/<article>/<body> rules as a fallback; a warning when
little of the page is kept), through ``alerti18n import`` with a real pandoc."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from support.projects import invoke

from alerti18n.importing.article import SMALL_SHARE, main_content, visible_size

pytestmark = pytest.mark.pandoc

ALERT = """
<h1>Urgent action: release Anna Petrosyan</h1>
<p>Human rights defender Anna Petrosyan was arrested on 12 September 2019 in Yerevan by
officers who did not show a warrant. She has been held incommunicado since then, and her
lawyer has been refused access to her three times.</p>
<p>Anna Petrosyan has documented the conditions of detention in three prisons for the last
five years. Her reports were cited by the United Nations Committee against Torture.</p>
<h2>What you can do</h2>
<ul><li>Write to the Prosecutor General and ask for her immediate release.</li>
<li>Ask that she be given access to her lawyer and her family without delay.</li></ul>
<table><tr><th>Killed</th><th>Injured</th></tr><tr><td>3</td><td>12</td></tr></table>
<p>Please act before 30 October 2019, in Armenian, English or your own language.</p>
"""

TEASERS = "".join(
    f"<article><h3>Teaser {n}</h3><p>TEASER-{n}: a short item, read more about it.</p></article>"
    for n in range(6)
)

#: The page of issue #23: no <main>, six teaser <article>s, the alert in a <div>.
TEASER_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Urgent action | Rights Watch</title></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<div class="layout"><div class="content">{ALERT}</div>
<div class="related">{TEASERS}</div></div>
<footer>FOOTER-TEXT</footer></body></html>
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    assert invoke(None, "init", str(root), "--target", "fr", "--name", "t").exit_code == 0
    for path in (root / "source").glob("*.md"):
        path.unlink()
    return root


def _import(project: Path, tmp_path: Path, page: str) -> tuple[str, str]:
    file = tmp_path / "page.html"
    file.write_text(page, encoding="utf-8")
    result = invoke(project, "import", str(file), "--as", "page")
    assert result.exit_code == 0, result.output
    return (project / "source" / "page.md").read_text("utf-8"), result.output


def test_the_alert_is_kept_not_a_teaser_article(project: Path, tmp_path: Path) -> None:
    """Issue #23: the longest of six teaser <article>s was kept and the alert dropped."""
    text, output = _import(project, tmp_path, TEASER_PAGE)
    assert "Anna Petrosyan was arrested on 12 September 2019" in text
    assert "## What you can do" in text
    assert "- Ask that she be given access to her lawyer" in text
    assert "| Killed | Injured |" in text and "| 3      | 12      |" in text
    assert "Please act before 30 October 2019" in text
    for gone in ("TEASER-", "FOOTER-TEXT", "Home"):
        assert gone not in text
    assert "of the page's visible text" not in output


def test_a_short_table_readability_would_clean_away_is_kept() -> None:
    """readability drops a table under 25 characters (casualty figures); only its choice of
    blocks is taken, so the figures stay."""
    from readability import Document

    page = TEASER_PAGE.replace("<th>Killed</th><th>Injured</th>", "<th>K</th><th>I</th>")
    assert ">12<" not in Document(page).summary(html_partial=True)  # what it would do alone
    found = main_content(lxml.html.document_fromstring(page))
    cells = [td.text for td in found.element.iter("td")]
    assert cells == ["3", "12"] and found.how == "readability"


def test_a_page_that_is_mostly_something_else_is_warned_about(
    project: Path, tmp_path: Path
) -> None:
    links = "".join(
        f'<li><a href="/n/{n}">Another story number {n} of the day</a></li>' for n in range(80)
    )
    page = (
        "<html><body><div><p>Our office is closed on Monday, and will open again on Tuesday "
        "morning at nine o'clock for the public.</p></div>"
        f"<div class='more'><ul>{links}</ul></div></body></html>"
    )
    root = lxml.html.document_fromstring(page)
    found = main_content(root)
    assert found.share < SMALL_SHARE
    assert found.page == visible_size(root.find("body"))
    _, output = _import(project, tmp_path, page)
    assert f"only {found.share:.0%} of the page's visible text was taken" in output
    assert "found by readability" in output


def test_the_rules_are_the_fallback_when_readability_finds_no_article() -> None:
    """A page readability keeps nothing of (its only text in a <main>'s heading): the
    <main> rule, named."""
    page = "<html><body><nav>Menu</nav><main><h1>Road closed</h1></main></body></html>"
    found = main_content(lxml.html.document_fromstring(page))
    assert found.how == "<main>" and found.element.text_content() == "Road closed"


def test_hidden_and_interactive_parts_are_dropped_from_the_article() -> None:
    page = TEASER_PAGE.replace(
        "<h2>What you can do</h2>",
        '<h2>What you can do</h2><p style="display: none">HIDDEN-STYLE</p>'
        "<div hidden>HIDDEN-ATTR</div><form><button>FORM-TEXT</button></form>"
        "<script>SCRIPT-TEXT</script>",
    )
    text = main_content(lxml.html.document_fromstring(page)).element.text_content()
    assert "What you can do" in text
    for gone in ("HIDDEN-STYLE", "HIDDEN-ATTR", "FORM-TEXT", "SCRIPT-TEXT"):
        assert gone not in text


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"x")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 that counts the requests it gets."""
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Counter.hits = []
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        thread.join()


def test_the_extractor_fetches_nothing_and_the_link_rule_still_applies(
    project: Path, tmp_path: Path, server: str
) -> None:
    page = TEASER_PAGE.replace(
        "<h2>What you can do</h2>",
        f'<link rel="stylesheet" href="{server}/style.css"><h2>What you can do</h2>'
        f'<p><img src="{server}/photo.png" alt="Photo"> See <a href="javascript:alert(1)">'
        f'this</a>.</p><iframe src="{server}/frame"></iframe>',
    ).replace("<head>", f'<head><base href="{server}/"><script src="{server}/a.js"></script>')
    text, output = _import(project, tmp_path, page)
    assert _Counter.hits == []
    assert "javascript:" not in text and "See this." in text
    assert "![" not in text  # an image on a server is not imported: shown as its text
    assert "javascript:" in output  # the link rule's warning names what it took out
