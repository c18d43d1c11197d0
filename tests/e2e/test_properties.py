"""Property test: no sequence of edits and commands ever loses a human translation.

A hypothesis state machine edits the source (change, insert, delete, swap
sentences and paragraphs), plays translator (translates or edits entries),
and runs extract + update, the memory fill, pretranslate and fmt in any order. After every step each
translation a human ever wrote is still in the catalog: active, fuzzy with
its previous msgid, or obsolete.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from alerti18n.core.config import load_project
from alerti18n.memory import tm
from alerti18n.po import marks
from alerti18n.po.pofile import fmt_files, read_po, write_po
from alerti18n.stages.extract import extract
from alerti18n.stages.pretranslate import pretranslate
from alerti18n.stages.update import update

pytestmark = pytest.mark.slow

WORDS = (
    "alert Artsakh council civilians no never 2023 routes urgent shelling drone gas internet "
    "reports massacres children homes military exit corridors government elected body crime "
    "history region soldiers population world hatred ranks future women men boys justice "
    "witness leaders experts warnings disaster blindness community safety access law"
).split()
sentence = st.lists(st.sampled_from(WORDS), min_size=2, max_size=7).map(
    lambda words: " ".join(words).capitalize() + "."
)


class ReverseEngine:
    """A deterministic stand-in engine (the real Argos path: test_stages_pretranslate)."""

    engine, package, version, calls = "test", "reverse", "1.0", 0
    key = "test-reverse-1.0"

    def check(self) -> None:
        """Serves every pair."""

    def translate(self, texts, progress=None) -> list[str]:  # noqa: ANN001
        self.calls += 1
        return [" ".join(reversed(t.split())) for t in texts]


class EditSession(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="alerti18n-prop-"))
        (self.root / "source").mkdir()
        (self.root / "locales").mkdir()
        (self.root / "alerti18n.toml").write_text(
            '[tool.alerti18n]\nsource-language = "en"\ntarget-languages = ["fr"]\nglossary = ""\n',
            encoding="utf-8",
        )
        self.paragraphs = [["First alert sentence.", "Second one here."], ["Council met."]]
        self.human: set[str] = set()
        self.counter = 0
        self.write_source()
        self.project = load_project(self.root)
        self.cycle()

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def po_path(self) -> Path:
        return self.root / "locales" / "fr" / "doc.po"

    def write_source(self) -> None:
        text = "# Title\n\n" + "\n\n".join(" ".join(p) for p in self.paragraphs if p) + "\n"
        (self.root / "source" / "doc.md").write_text(text, encoding="utf-8")

    def cycle(self) -> None:
        extract(self.project)
        update(self.project)

    @rule(data=st.data(), new=sentence)
    def change_sentence(self, data: st.DataObject, new: str) -> None:
        para = data.draw(st.integers(0, len(self.paragraphs) - 1))
        if self.paragraphs[para]:
            i = data.draw(st.integers(0, len(self.paragraphs[para]) - 1))
            self.paragraphs[para][i] = new
            self.write_source()

    @rule(new=st.lists(sentence, min_size=1, max_size=3))
    def insert_paragraph(self, new: list[str]) -> None:
        self.paragraphs.insert(len(self.paragraphs) // 2, new)
        self.write_source()

    @rule(data=st.data())
    def delete_paragraph(self, data: st.DataObject) -> None:
        if len(self.paragraphs) > 1:
            self.paragraphs.pop(data.draw(st.integers(0, len(self.paragraphs) - 1)))
            self.write_source()

    @rule(data=st.data())
    def swap_paragraphs(self, data: st.DataObject) -> None:
        i = data.draw(st.integers(0, len(self.paragraphs) - 1))
        j = data.draw(st.integers(0, len(self.paragraphs) - 1))
        self.paragraphs[i], self.paragraphs[j] = self.paragraphs[j], self.paragraphs[i]
        self.write_source()

    @rule()
    def extract_and_update(self) -> None:
        self.cycle()

    @rule()
    def pretranslate(self) -> None:
        pretranslate(self.project, ["fr"], engine_factory=lambda src, dst: ReverseEngine())

    @rule()
    def memory_fill(self) -> None:
        tm.fill(self.project, ["fr"])

    @rule()
    def fmt(self) -> None:
        fmt_files([self.po_path])

    @rule(data=st.data(), unfuzzy=st.booleans())
    def translate(self, data: st.DataObject, unfuzzy: bool) -> None:
        po = read_po(self.po_path)
        active = [e for e in po if not e.obsolete]
        if not active:
            return
        entry = data.draw(st.sampled_from(active))
        self.counter += 1
        self.human.discard(entry.msgstr)  # the translator replaces their own text
        entry.msgstr = f"traduction n° {self.counter} — « {entry.msgid} »"
        if unfuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
        write_po(po, self.po_path)
        self.human.add(entry.msgstr)

    @invariant()
    def no_translation_lost(self) -> None:
        po = read_po(self.po_path)
        present = set()
        for entry in po:
            if entry.msgstr:
                present.add(entry.msgstr)
                if entry.fuzzy and not entry.obsolete:
                    machine = any(m.kind in (marks.MT, marks.TM) for m in marks.marks(entry))
                    assert entry.previous_msgid is not None or machine or entry.msgstr in self.human
        missing = self.human - present
        assert not missing, f"lost translations: {missing}"


EditSession.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestEditSession = EditSession.TestCase
