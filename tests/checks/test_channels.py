"""The sms-parts check: an error past the parts allowed, a warning when only the numbered
messages overflow, nothing when the message fits."""

from __future__ import annotations

from pathlib import Path

from alerti18n.checks import CHECKS, ERROR, WARNING, run_checks
from alerti18n.checks.base import DOCUMENT
from alerti18n.checks.channels import message_findings
from alerti18n.text import sms

PATH = Path("locales/hy/alert.po")


def test_it_is_a_registered_document_check_that_entries_never_run() -> None:
    import polib

    check = CHECKS["sms-parts"]
    assert check.scope == DOCUMENT and check.severity == ERROR
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Boil it.", msgstr="Եռացրեք։"))
    assert run_checks(po, PATH, "hy", only={"sms-parts"}) == []


def test_a_message_over_its_parts_is_an_error_that_says_how_it_was_counted() -> None:
    text = "Ա" * 135  # UCS-2: three parts of 67
    (finding,) = message_findings(PATH, 0, "hy", text, 2)
    assert finding.severity == ERROR and finding.check == "sms-parts"
    assert finding.message == (
        "hy: the message takes 3 SMS parts (UCS-2, 135 UTF-16 code units: 70 fit in one "
        "message, 67 in each part of a longer one); the document allows 2: shorten it, or "
        "raise parts"
    )
    assert message_findings(PATH, 0, "hy", text, 3) == []


def test_numbered_messages_that_need_one_more_part_are_a_warning() -> None:
    # 306 septets: two parts of 153 as one SMS; cut between words into messages of 156
    # (160 less "1/3 "), the three long words need three
    text = " ".join(["a" * 100, "b" * 100, "c" * 104])
    assert len(sms.phone_parts(text)) == 2 and len(sms.numbered(text)) == 3
    (finding,) = message_findings(PATH, 0, "en", text, 2)
    assert finding.severity == WARNING
    assert "needs 3 as separate numbered messages" in finding.message
    assert message_findings(PATH, 0, "en", text, 3) == []
