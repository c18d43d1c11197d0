"""Speed guards that noise cannot break: each scenario's work counted, not timed.

For the full cycle from scratch, its no-op re-run, a one-sentence edit, ``status --html``,
``check`` and a PDF/DOCX build, the commands run in-process (Click's runner) and these are
counted: files opened (an audit hook on ``open``: sources, catalogs), documents parsed
(``segment.parse_document``), catalogs parsed (the PO parser, ``po._decode.parse``, by file),
Markdown parses and HTML renders of pages (``render.markdown_tokens``, ``render.render_html``),
image scans (``media.named_images``), PDF renders (``pdf.html_to_pdf``: WeasyPrint),
fontconfig loads (``fonts._fontconfig``: the glyph check's font list, once per process),
subprocesses started (an audit hook on ``subprocess.Popen``: pandoc; ``ldconfig`` would be
``find_library``'s) and fuzzy-match queries (``matcher.FuzzyIndex.search``). Each count is
asserted exactly, from the project's shape (documents, languages, formats), so a change that
parses, reads or renders anything twice fails here on any machine, however fast. The no-op's
floor is start-up: each of its stages, in a fresh interpreter, must import no library that
loads language data or renders (``HEAVY``).

The worker pool is kept in this process (``workers.PARALLEL_FROM``), so that the work done in
worker processes is counted too: the counts are those of a serial run, which does the same
work.
"""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support.projects import BASIC, DATA, cli, copy_root, finish_french

from alerti18n.core import workers
from alerti18n.language import glossary, pagestrings
from alerti18n.output import fonts, pdf, render
from alerti18n.po import _decode
from alerti18n.text import matcher, media, segment

LANGS = ("hy", "fr")
CYCLE = (("extract",), ("update", "--lang", "hy,fr"), ("build", "--format", "md,html,txt"))
EDITED = "Collect water in clean containers with a lid."


@dataclass
class Work:
    """What the commands run inside :func:`counting` did."""

    root: Path
    opened: collections.Counter[str] = field(default_factory=collections.Counter)
    parsed: collections.Counter[str] = field(default_factory=collections.Counter)  # catalogs
    documents: int = 0
    markdown: int = 0
    pages: int = 0
    image_scans: int = 0
    pdfs: int = 0
    fontconfig: int = 0
    matched: int = 0
    glossaries: int = 0  # glossary files parsed
    term_indexes: int = 0  # glossary term indexes built
    subprocesses: list[str] = field(default_factory=list)

    def opened_under(self, folder: str, *suffixes: str) -> dict[str, int]:
        """Files opened under ``root/folder`` with one of ``suffixes``: name -> times."""
        return {
            name: n
            for name, n in self.opened.items()
            if name.startswith(f"{folder}/") and name.endswith(suffixes)
        }

    @property
    def catalogs_opened(self) -> dict[str, int]:
        return self.opened_under("locales", ".po", ".pot")

    @property
    def sources_opened(self) -> dict[str, int]:
        return self.opened_under("source", ".md")

    @property
    def project_catalogs_parsed(self) -> dict[str, int]:
        return {name: n for name, n in self.parsed.items() if name.startswith("locales/")}

    @property
    def outputs_read(self) -> list[str]:
        """Files under build/ opened that are not the temporaries a write stages."""
        staged = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")
        return [
            name
            for name in self.opened
            if name.startswith("build/") and not staged.fullmatch(name.rsplit("/", 1)[-1])
        ]


_RECORDING: list[Work] = []
_HOOKED: list[bool] = []


def _audit(event: str, args: tuple) -> None:
    if not _RECORDING:
        return
    work = _RECORDING[-1]
    if event == "open" and isinstance(args[0], (str, Path)):
        path = Path(args[0])
        if path.is_relative_to(work.root):
            work.opened[path.relative_to(work.root).as_posix()] += 1
    elif event == "subprocess.Popen":
        work.subprocesses.append(Path(str(args[0])).name)


def _counting(
    wrapped: list[tuple[object, str, object]],
    owner: object,
    name: str,
    count: Callable[..., None],
) -> None:
    """Wrap ``owner.name`` so each call is counted by ``count(*args)``, then made as it was
    (the original is noted in ``wrapped``, to be put back)."""
    real = getattr(owner, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        count(*args)
        return real(*args, **kwargs)  # type: ignore[operator]

    wrapped.append((owner, name, real))
    setattr(owner, name, wrapper)


@contextmanager
def counting(root: Path) -> Iterator[Work]:
    """Count the work of what runs inside (see the module docstring)."""
    work = Work(root.resolve())
    wrapped: list[tuple[object, str, object]] = []

    def catalog(data: bytes, path: Path) -> None:
        where = Path(path).resolve()
        name = where.relative_to(work.root).as_posix() if where.is_relative_to(work.root) else ""
        work.parsed[name or f"shipped:{where.name}"] += 1

    def add(attribute: str) -> Callable[..., None]:
        def count(*_: object) -> None:
            setattr(work, attribute, getattr(work, attribute) + 1)

        return count

    _counting(wrapped, _decode, "parse", catalog)
    _counting(wrapped, segment, "parse_document", add("documents"))
    _counting(wrapped, render, "markdown_tokens", add("markdown"))
    _counting(wrapped, render, "render_html", add("pages"))
    _counting(wrapped, media, "named_images", add("image_scans"))
    _counting(wrapped, pdf, "html_to_pdf", add("pdfs"))
    _counting(wrapped, fonts, "_fontconfig", add("fontconfig"))
    _counting(wrapped, matcher.FuzzyIndex, "search", add("matched"))
    _counting(wrapped, matcher.FuzzyIndex, "best", add("matched"))
    _counting(wrapped, glossary, "load_glossary", add("glossaries"))
    _counting(wrapped, glossary, "TermIndex", add("term_indexes"))
    # each process reads the shipped page catalogs once: count them as a new process would
    pagestrings.template.cache_clear()
    pagestrings._read_catalog.cache_clear()
    fonts._has_glyph.cache_clear()  # fontconfig's fonts, looked up once per process
    if not _HOOKED:  # an audit hook cannot be removed: it counts only while recording
        sys.addaudithook(_audit)
        _HOOKED.append(True)
    _RECORDING.append(work)
    try:
        yield work
    finally:
        _RECORDING.clear()
        for owner, name, real in reversed(wrapped):
            setattr(owner, name, real)


@pytest.fixture(autouse=True)
def _in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "PARALLEL_FROM", 10**9)


def _fresh_project(tmp_path: Path) -> Path:
    """The basic fixture's documents and every segmentation golden document, no catalog."""
    root = copy_root(BASIC, tmp_path)
    for path in [*root.glob("locales/*.pot"), *(root / "locales").glob("*/*.po")]:
        path.unlink()
    for path in sorted((DATA / "segment").glob("*.md")):
        shutil.copyfile(path, root / "source" / path.name)
    return root


def _run(root: Path, *commands: tuple[str, ...]) -> None:
    for command in commands:
        cli(root, *command)


def test_full_cycle_parses_each_document_once_and_no_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _fresh_project(tmp_path)
    documents = sorted(p.relative_to(root).as_posix() for p in (root / "source").glob("*.md"))
    with counting(root) as extract:
        _run(root, CYCLE[0])
    assert extract.documents == len(documents) > 15
    assert extract.sources_opened == dict.fromkeys(documents, 1)
    assert extract.parsed == {}
    assert extract.catalogs_opened == {}
    templates = sorted(p.relative_to(root).as_posix() for p in root.glob("locales/*.pot"))
    assert len(templates) == len(documents)

    with counting(root) as update:
        _run(root, CYCLE[1])
    # a new catalog is made from the bytes extract wrote: each template read once, only its
    # header parsed, and no catalog read (there is none yet)
    assert update.catalogs_opened == dict.fromkeys(templates, 1)
    assert update.project_catalogs_parsed == dict.fromkeys(templates, 1)
    assert update.documents == update.markdown == update.matched == 0
    assert update.sources_opened == {}

    with counting(root) as build:
        _run(root, CYCLE[2])
    assert build.documents == 0  # extract's saved parse
    assert build.project_catalogs_parsed == {}  # update's saved translations
    assert build.catalogs_opened == {}
    # each source read once: its images, the index's title and date, its pages from one read
    assert build.sources_opened == dict.fromkeys(documents, 1)
    assert build.outputs_read == []  # what it wrote is recorded as written, never read back
    assert build.fontconfig == 1  # the glyph check's font list, once for every page
    # one parse per document: its untranslated languages' pages are the source's page with
    # its sentences marked, read from the same parse (output.pageparse); but inline-html.md's
    # list items open with "**`", where a mark would let the run close too, so its source
    # page and its marked page are parsed apart
    assert build.markdown == len(documents) + 1
    assert build.pages == len(documents) * (1 + len(LANGS))
    assert build.subprocesses == []
    # the shipped page strings: the template and the page languages, each read once
    assert all(n == 1 for n in build.parsed.values())


def test_no_op_opens_no_source_or_catalog_and_parses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _fresh_project(tmp_path)
    _run(root, *CYCLE)
    with counting(root) as work:
        _run(root, *CYCLE)
    assert work.sources_opened == {}
    assert work.catalogs_opened == {}
    assert work.parsed == {}
    assert (work.documents, work.markdown, work.pages, work.image_scans) == (0, 0, 0, 0)
    assert (work.subprocesses, work.fontconfig) == ([], 0)
    assert not [name for name in work.opened if name.startswith("build/")]


#: Libraries a command with nothing to do must not import: each costs tens of milliseconds
#: of start-up (ICU and Babel load language data; the others render, parse or match).
HEAVY = ("icu", "babel", "markdown_it", "jinja2", "polib", "weasyprint", "lxml", "yaml")
_IMPORTED = """
import sys
from alerti18n.cli.main import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.mark.parametrize("command", [c[0] for c in CYCLE])
def test_no_op_imports_no_language_data_or_renderer(tmp_path: Path, command: str) -> None:
    """Each stage of the no-op, in a fresh interpreter, imports none of :data:`HEAVY`."""
    root = _fresh_project(tmp_path)
    _run(root, *CYCLE)
    args = next(c for c in CYCLE if c[0] == command)
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED, *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    imported = set(done.stdout.split())
    assert "alerti18n" in imported
    assert sorted(imported & set(HEAVY)) == []


def test_extract_of_an_edited_document_imports_no_icu_or_yaml(tmp_path: Path) -> None:
    """Parsing an English document without front matter needs neither ICU (its sentences are
    split by sentencex, its words by a regular expression) nor PyYAML: a one-sentence edit's
    extract, in a fresh interpreter, imports neither."""
    root = _fresh_project(tmp_path)
    _run(root, *CYCLE)
    path = root / "source" / "hard-breaks.md"
    assert not path.read_text(encoding="utf-8").startswith("---")
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED, *CYCLE[0]],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    imported = set(done.stdout.split())
    assert "markdown_it" in imported  # the document was parsed
    assert sorted(imported & {"icu", "yaml"}) == []


def test_no_op_update_reads_no_page_catalog(tmp_path: Path) -> None:
    """A project's page catalogs (locales/pages/) are merged with the shipped template once;
    while neither changes, ``update`` reads neither again."""
    root = copy_root(BASIC, tmp_path)
    pages = root / "locales" / "pages" / "fr.po"
    pages.parent.mkdir()
    shutil.copy(pagestrings.SHIPPED / "fr.po", pages)
    with counting(root) as first:
        _run(root, CYCLE[1])
    assert first.parsed["locales/pages/fr.po"] == 1
    assert first.parsed["shipped:pages.pot"] == 1
    with counting(root) as again:
        _run(root, CYCLE[1])
    assert again.parsed == {}
    assert again.catalogs_opened == {}
    pages.write_bytes(pages.read_bytes().replace(b"msgstr", b"msgstr", 1) + b"\n")  # touched
    with counting(root) as changed:
        _run(root, CYCLE[1])
    assert changed.project_catalogs_parsed == {"locales/pages/fr.po": 1}


def test_one_sentence_edit_redoes_one_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_root(BASIC, tmp_path)
    _run(root, *CYCLE)
    source = root / "source" / "water-points.md"
    text = source.read_text(encoding="utf-8")
    assert EDITED in text, "the basic fixture changed: update EDITED"
    source.write_text(
        text.replace(EDITED, EDITED.replace("clean", "clean, closed")), encoding="utf-8"
    )
    with counting(root) as extract:
        _run(root, CYCLE[0])
    assert extract.documents == 1
    assert extract.sources_opened == {"source/water-points.md": 1}
    assert extract.parsed == {}
    with counting(root) as update:
        _run(root, CYCLE[1])
    catalogs = [f"locales/{lang}/water-points.po" for lang in LANGS]
    assert update.project_catalogs_parsed == dict.fromkeys(
        ["locales/water-points.pot", *catalogs], 1
    )
    assert update.sources_opened == {}
    # the changed sentence looks for its predecessor once in each catalog
    assert update.matched == len(LANGS)
    with counting(root) as build:
        _run(root, CYCLE[2])
    assert build.documents == 0
    assert build.project_catalogs_parsed == {}
    assert build.pages == 1 + len(LANGS)  # the edited document's pages only
    assert build.markdown == 1 + len(LANGS)  # each language translated differently
    assert build.image_scans == 1  # the edited document's images, not every document's
    assert build.catalogs_opened == {}
    # the index is written again, from what the state noted of every other document
    assert build.sources_opened == {"source/water-points.md": 1}
    assert build.fontconfig == 1


def test_status_html_and_check_read_each_catalog_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_root(BASIC, tmp_path)
    _run(root, *CYCLE)
    catalogs = sorted(p.relative_to(root).as_posix() for p in root.glob("locales/*/*.po"))
    assert len(catalogs) == 2 * len(LANGS)
    with counting(root) as status:
        cli(root, "status", "--html", str(tmp_path / "dashboard.html"))
    # no template: before a first release, the time to publish is the catalogs' (their last
    # update); only an amended document's lag needs its template (reports/timeline.py)
    assert status.catalogs_opened == dict.fromkeys(catalogs, 1)
    assert status.project_catalogs_parsed == dict.fromkeys(catalogs, 1)
    assert (status.documents, status.markdown, status.pages) == (0, 0, 0)
    assert status.subprocesses == []
    with counting(root) as check:
        cli(root, "check", code=0)
    assert check.catalogs_opened == dict.fromkeys(catalogs, 1)
    assert check.project_catalogs_parsed == dict.fromkeys(catalogs, 1)
    assert (check.documents, check.markdown, check.pages) == (0, 0, 0)
    assert check.subprocesses == []


def test_check_after_extract_reads_no_glossary_until_it_changes(tmp_path: Path) -> None:
    """check answers each sentence's glossary terms from what extract found
    (``language/foundterms.py``): an unchanged glossary is neither read nor indexed; an
    edited one is, and its new form is checked."""
    root = copy_root(BASIC, tmp_path)
    _run(root, *CYCLE)
    finish_french(root)  # no fuzzy entry: no earlier source to search
    with counting(root) as check:
        cli(root, "check", "--lang", "fr", code=0)
    assert check.opened_under("locales", ".csv") == {}
    assert (check.glossaries, check.term_indexes) == (0, 0)
    path = root / "locales" / "glossary.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("hôpital de campagne", "clinique mobile"),
        encoding="utf-8",
    )
    with counting(root) as again:
        out = cli(root, "check", "--lang", "fr", code=1)
    # once for its digest (the records are another glossary's), once to read its rows
    assert again.opened_under("locales", ".csv") == {"locales/glossary.csv": 2}
    assert (again.glossaries, again.term_indexes) == (1, 1)
    assert "“field hospital” must be translated as “clinique mobile”" in out


def test_pdf_and_docx_are_made_once_per_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_root(BASIC, tmp_path)
    _run(root, CYCLE[0], CYCLE[1])
    pages = 2 * (1 + len(LANGS))
    with counting(root) as build:
        cli(root, "build", "--format", "pdf,docx")
    assert build.pdfs == pages
    # pandoc reads each page's Markdown, then writes its DOCX; WeasyPrint starts nothing
    assert collections.Counter(build.subprocesses) == {"pandoc": 2 * pages}
    with counting(root) as again:
        cli(root, "build", "--format", "pdf,docx")
    assert (again.pdfs, again.subprocesses, again.markdown) == (0, [], 0)
