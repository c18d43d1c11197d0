"""alerti18n.po.header: the author line and date stamps of every header alerti18n writes."""

from __future__ import annotations

import time

import pytest

from alerti18n.po.header import HEADER_AUTHOR, now_stamp


def test_the_stamp_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1695340800")
    assert now_stamp() == time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(1695340800))


def test_the_stamp_is_the_clock_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime())
    stamp = now_stamp()
    after = time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime())
    assert stamp in {before, after}


def test_no_invented_person_in_headers() -> None:
    assert HEADER_AUTHOR == "alerti18n contributors"
