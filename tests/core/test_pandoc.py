"""alerti18n.core.pandoc: the pinned pandoc binary, run with a clean environment and a date."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from alerti18n.core.errors import AlertI18nError
from alerti18n.core.pandoc import _NO_DATE_EPOCH, epoch_of, pandoc, run_pandoc

pytestmark = pytest.mark.pandoc


def test_pandoc_converts_on_standard_input() -> None:
    out = run_pandoc(["-f", "markdown", "-t", "json"], b"Some *text*.")
    blocks = json.loads(out)["blocks"]
    assert blocks[0]["t"] == "Para"
    assert {"t": "Emph", "c": [{"t": "Str", "c": "text"}]} in blocks[0]["c"]


def test_a_failure_is_bad_input_naming_the_file(tmp_path) -> None:
    where = tmp_path / "alert.docx"
    with pytest.raises(AlertI18nError) as caught:
        run_pandoc(["-f", "docx", "-t", "json"], b"not a zip", what=where)
    assert caught.value.path == where
    assert "pandoc could not convert it" in str(caught.value)


def test_the_epoch_is_the_document_date_at_midnight_utc() -> None:
    moment = dt.datetime(2023, 9, 22, tzinfo=dt.timezone.utc)
    assert epoch_of(dt.date(2023, 9, 22)) == int(moment.timestamp())
    assert epoch_of(None) == _NO_DATE_EPOCH
    assert epoch_of(dt.date(1970, 1, 2)) == _NO_DATE_EPOCH  # no zip entry can carry that


def test_the_binary_is_the_pinned_wheels() -> None:
    assert "pypandoc" in pandoc()
