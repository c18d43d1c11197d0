"""alerti18n.core.clock: the one clock (SOURCE_DATE_EPOCH or the system's), ISO instants and the
PO header dates read back."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from alerti18n.cli.main import main
from alerti18n.core import clock
from alerti18n.core.errors import ConfigError

EPOCH = 1741000000  # 2025-03-03 11:06:40 UTC


def test_now_is_source_date_epoch_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert clock.now() == dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc)
    assert clock.iso(clock.now()) == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(EPOCH))


def test_now_is_the_system_clock_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    moment = clock.now()
    after = dt.datetime.now(dt.timezone.utc)
    assert before <= moment <= after and moment.tzinfo is not None


def test_a_clock_that_is_not_a_number_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ConfigError) as caught:
        clock.now()
    assert "SOURCE_DATE_EPOCH" in caught.value.format_message() and caught.value.exit_code == 2


def test_the_command_line_says_so_in_one_line(tmp_path: Path) -> None:
    """Before the one clock, a stage stamping a header died with a ValueError traceback."""
    root = tmp_path / "p"
    assert CliRunner().invoke(main, ["init", str(root), "--target", "fr"]).exit_code == 0
    result = CliRunner().invoke(
        main, ["extract", "--project", str(root)], env={"SOURCE_DATE_EPOCH": "soon"}
    )
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: SOURCE_DATE_EPOCH is not a number of seconds")
    assert "Traceback" not in result.output and result.exception is not None
    assert not (root / "locales" / "example.pot").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-04T10:15:00Z", dt.datetime(2025, 3, 4, 10, 15, tzinfo=dt.timezone.utc)),
        ("2025-03-04 10:15+0000", dt.datetime(2025, 3, 4, 10, 15, tzinfo=dt.timezone.utc)),
        ("2025-03-04 12:15+0200", dt.datetime(2025, 3, 4, 10, 15, tzinfo=dt.timezone.utc)),
        ("2025-03-04 05:15-0500", dt.datetime(2025, 3, 4, 10, 15, tzinfo=dt.timezone.utc)),
        ("2025-03-04", dt.datetime(2025, 3, 4, tzinfo=dt.timezone.utc)),
        ("YEAR-MO-DA HO:MI+ZONE", None),  # a template's placeholder
        ("2025-02-30 10:00+0000", None),
        ("", None),
        (None, None),
    ],
)
def test_instants_and_po_dates_are_read_back(text: str | None, expected: object) -> None:
    assert clock.parse_instant(text) == expected


def test_iso_round_trips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert clock.parse_instant(clock.iso(clock.now())) == clock.now()
