"""Segmentation golden files: hard constructs taken from the rust-book corpus.

Each ``tests/data/segment/<case>.md`` is a short excerpt of the corpus (MIT
licence) or, where the corpus has no instance of a construct (setext headings,
indented code), corpus sentences laid out in that construct. Next to it,
``<case>.md.expect.json`` lists the segments ``parse_document`` must produce:
``{"block", "line", "msgid"}`` in document order. A case named ``<name>.<lang>.md``
is segmented as a document in that language (``armenian-sentences.hy.md``,
written for these tests); the others as English. ``footnotes.md`` and
``html-structures.md`` (the HTML block structures ``import`` writes for what
GFM cannot say: complex tables, definition lists) were written for these tests.

Regenerate after an intended change of the segmentation rules with::

    ALERTI18N_UPDATE_GOLDEN=1 .venv/bin/pytest tests/text/test_segment_golden.py

and review every changed file by eye. Cases listed in :data:`KNOWN_BUGS` hold
hand-corrected expectations; they are marked as expected failures (strict, so
a fix makes them fail until they are removed from the list) and are never
regenerated, so a wrong output cannot be blessed by accident.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support.projects import DATA as TEST_DATA

from alerti18n.text.segment import Document, normalise, parse_document

DATA = TEST_DATA / "segment"
CASES = sorted(DATA.glob("*.md"))
UPDATE = os.environ.get("ALERTI18N_UPDATE_GOLDEN") == "1"

#: Cases whose expectation was corrected by hand because the segmenter is wrong.
KNOWN_BUGS: dict[str, str] = {}


def case_language(case: Path) -> str:
    """The language a case is segmented in: ``<name>.<lang>.md``, else English."""
    return case.suffixes[-2][1:] if len(case.suffixes) > 1 else "en"


def expect_path(case: Path) -> Path:
    """The golden file of a case."""
    return case.with_name(case.name + ".expect.json")


def actual(doc: Document) -> list[dict[str, object]]:
    """The golden-file form of a parsed document's segments."""
    return [{"block": s.block, "line": s.line, "msgid": s.text} for s in doc.segments]


def dump(segments: list[dict[str, object]]) -> str:
    """Serialise segments the way the golden files are written."""
    return json.dumps(segments, ensure_ascii=False, indent=1) + "\n"


def _param(case: Path) -> object:
    reason = KNOWN_BUGS.get(case.name)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason and not UPDATE else []
    return pytest.param(case, marks=marks, id=case.stem)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_golden_segments(case: Path) -> None:
    got = actual(parse_document(case, case_language(case)))
    golden = expect_path(case)
    if UPDATE:
        if case.name in KNOWN_BUGS:
            pytest.skip("hand-corrected expectation of a known bug: not regenerated")
        golden.write_text(dump(got), encoding="utf-8")
        return
    assert golden.exists(), f"no golden file: run with ALERTI18N_UPDATE_GOLDEN=1 ({golden.name})"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert got == expected


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.stem)
def test_spans_hold_their_msgid(case: Path) -> None:
    """Every segment's span is the exact source of its msgid (known bugs included)."""
    doc = parse_document(case, case_language(case))
    assert not doc.warnings
    for seg in doc.segments:
        span = doc.text[seg.start : seg.end]
        assert normalise(span.replace("\n>", "\n")) == seg.text, (seg.line, span)
        assert doc.text.count("\n", 0, seg.start) + 1 == seg.line


def test_every_case_has_a_golden_file_and_back() -> None:
    cases = {c.name for c in CASES}
    goldens = {p.name.removesuffix(".expect.json") for p in DATA.glob("*.md.expect.json")}
    assert cases == goldens
    assert set(KNOWN_BUGS) <= cases
