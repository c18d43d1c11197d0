"""One language's memory searched directly: exact before fuzzy, plural units by rule, ties."""

from __future__ import annotations

from alerti18n.memory.cache import Parsed
from alerti18n.memory.plurals import PluralUnit
from alerti18n.memory.search import Memory, choose, memory_of
from alerti18n.memory.tmx import TmUnit
from alerti18n.text.matcher import THRESHOLD, score

OLD = "Azerbaijan cut the gas supply on 12 September."
NEW = "Azerbaijan cut the gas supply on 13 September."
RULE = "nplurals=2;plural=(n>1);"


def test_the_same_sentence_then_the_closest_one_above_the_threshold() -> None:
    memory = Memory([TmUnit(OLD, "[hy] old", "hy", "alert")])
    exact = memory.lookup(OLD, "report")
    assert exact is not None and exact.exact and exact.score == 100.0
    near = memory.lookup(NEW, "report")
    assert near is not None and not near.exact and near.score == score(OLD, NEW) >= THRESHOLD
    assert memory.lookup("Bread is rationed in every town.", "report") is None


def test_a_plural_unit_answers_only_its_two_sources_and_its_rule() -> None:
    unit = PluralUnit("One day.", "Days.", ("օր", "օրեր"), RULE, "hy", "alert")
    memory = memory_of([Parsed([], plurals=[unit])])
    found = memory.lookup_plural("One day.", "Days.", "report", RULE)
    assert found is not None and found.unit == unit and found.exact
    assert memory.lookup_plural("One day.", "Days.", "report", "nplurals=1;plural=0;") is None
    assert memory.lookup_plural("One day.", "Weeks.", "report", RULE) is None
    assert memory.lookup("One day.", "report") is None  # a plural unit is no sentence unit


def test_ties_go_to_reviewed_then_recent_then_same_document() -> None:
    plain = TmUnit(OLD, "a", "hy", "other", False, "20240101T000000Z")
    recent = TmUnit(OLD, "b", "hy", "other", False, "20250101T000000Z")
    same_doc = TmUnit(OLD, "c", "hy", "alert", False, "20250101T000000Z")
    reviewed = TmUnit(OLD, "d", "hy", "other", True, "20200101T000000Z")
    assert choose([plain, recent], "alert") is recent
    assert choose([plain, recent, same_doc], "alert") is same_doc
    assert choose([plain, recent, same_doc, reviewed], "alert") is reviewed
