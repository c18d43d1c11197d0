"""The check registry: ids are unique, each check says where it applies, titles for reports."""

from __future__ import annotations

import pytest

from alerti18n.checks import CHECKS
from alerti18n.checks.base import base_language, register


def test_every_language_gets_exactly_one_typography_rule_set() -> None:
    rules = ("typography", "fr-typography", "hy-punctuation")
    for lang in ("fr", "fr_CA", "hy", "uk", "ar", "de", "zh-Hant"):
        applying = [r for r in rules if CHECKS[r].applies_to(lang)]
        assert len(applying) == 1, (lang, applying)
    assert CHECKS["fr-typography"].applies_to("fr-CA")
    assert not CHECKS["fr-typography"].applies_to("hy")


def test_every_check_has_a_one_line_title_and_a_known_severity() -> None:
    for check in CHECKS.values():
        assert check.title and "\n" not in check.title, check.id
        assert check.severity in ("error", "warning"), check.id


def test_an_id_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        register("numbers", "error")(lambda unit: iter(()))


@pytest.mark.parametrize(("lang", "base"), [("fr", "fr"), ("fr_CA", "fr"), ("zh-Hant", "zh")])
def test_base_language(lang: str, base: str) -> None:
    assert base_language(lang) == base
