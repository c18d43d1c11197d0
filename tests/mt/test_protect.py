"""Placeholders: what is shielded from MT, how it comes back, what gets reported."""

from __future__ import annotations

import zipfile
from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm
from hypothesis import given
from hypothesis import strategies as st
from support.argos_factory import build_argosmodel, top_folder

from alerti18n.language.glossary import Glossary, Term
from alerti18n.mt.protect import Restored, placeholder, protect, restore

GLOSSARY = Glossary(
    (
        Term("Lemkin Institute for Genocide Prevention", {"fr": "Institut Lemkin"}),
        Term("Azerbaijan", {"fr": "Azerbaïdjan", "hy": "Ադրբեջան"}),
        Term("genocide", {"fr": "génocide"}),
        Term("Artsakh", {}),
    )
)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Run `cargo build --release` now.", "`cargo build --release`"),
        (
            "See https://lemkininstitute.com/alerts?id=2, then act.",
            "https://lemkininstitute.com/alerts?id=2",
        ),
        ("Write to info@lemkininstitute.com.", "info@lemkininstitute.com"),
        ("Read <https://example.org/a> today.", "<https://example.org/a>"),
        ("This is <b>urgent</b>.", "<b>"),
    ],
    ids=["code", "url", "email", "autolink", "html"],
)
def test_protected_spans_leave_the_text(text: str, kept: str) -> None:
    protected = protect(text)
    assert kept not in protected.text and placeholder(1) in protected.text
    assert restore(protected.text, protected).text == text


def test_link_text_stays_translatable() -> None:
    text = 'See [the full report](https://example.org/r_1 "Report") and ![a map](map.png).'
    protected = protect(text)
    assert "the full report" in protected.text and "a map" in protected.text
    assert "example.org" not in protected.text and "map.png" not in protected.text
    # a model translating the link text and spacing the placeholders still gives a link
    output = protected.text.replace("the full report", "le rapport complet")
    output = output.replace("a map", "une carte").replace(placeholder(2), f" {placeholder(2)}")
    restored = restore(output, protected)
    assert restored.text == (
        'See [le rapport complet](https://example.org/r_1 "Report") and ![une carte](map.png).'
    )
    assert restored.problems == []


def test_hard_line_break_is_one_slot_and_comes_back_in_place() -> None:
    hard_break = "\\\n"  # as a msgid holds it: a backslash, then a newline
    protected = protect(f"Lemkin Institute{hard_break}Washington, DC")
    assert "\\" not in protected.text and "\n" not in protected.text
    assert [slot.kind for slot in protected.slots] == ["break"]
    restored = restore("Institut Lemkin  qzx1Q Washington (DC)", protected)
    assert restored == Restored(f"Institut Lemkin{hard_break}Washington (DC)", [])
    dropped = restore("Institut Lemkin Washington", protected)
    assert dropped.problems == [f"MT dropped break {hard_break!r}"]


def test_glossary_terms_come_back_in_target_form() -> None:
    text = "The Lemkin Institute for Genocide Prevention warns Azerbaijan of genocide in Artsakh."
    protected = protect(text, GLOSSARY, "fr")
    assert "Lemkin" not in protected.text and "Azerbaijan" not in protected.text
    assert "Artsakh" in protected.text  # no approved French form: left to MT
    restored = restore(protected.text, protected)
    assert restored.text == "The Institut Lemkin warns Azerbaïdjan of génocide in Artsakh."
    assert (
        "Ադրբեջան"
        in restore(protect(text, GLOSSARY, "hy").text, protect(text, GLOSSARY, "hy")).text
    )


def test_an_approved_form_is_placed_as_written_and_keeps_what_the_model_glued_to_it() -> None:
    """Armenian: the model never sees the term, so it cannot inflect it; letters it puts right
    after the placeholder (a case ending) stay after the approved form."""
    protected = protect("Azerbaijan closed the road.", GLOSSARY, "hy")
    assert protected.text == f"{placeholder(1)} closed the road."
    assert restore(f"{placeholder(1)}ը փակեց ճանապարհը։", protected).text == (
        "Ադրբեջանը փակեց ճանապարհը։"
    )
    assert restore(f"{placeholder(1)} փակեց", protected).text == "Ադրբեջան փակեց"  # uninflected
    dropped = restore("Փակեց ճանապարհը։", protected)
    assert dropped.problems == [
        "MT dropped term 'Azerbaijan': its approved form 'Ադրբեջան' could not be placed; "
        "put it in, inflected as the sentence needs"
    ]


def test_a_regional_variant_takes_its_languages_approved_form() -> None:
    protected = protect("Azerbaijan acts.", GLOSSARY, "fr-CA")
    assert restore(protected.text, protected).text == "Azerbaïdjan acts."


def test_prose_shows_terms_and_hides_code_and_link_targets() -> None:
    text = "The genocide [report on genocide](https://x.org/genocide) and `genocide` code."
    protected = protect(text, GLOSSARY, "fr")
    assert protected.prose.count("genocide") == 2  # the text and the link's text, not the rest
    assert "https" not in protected.prose and "`" not in protected.prose


def test_problems_are_reported_not_hidden() -> None:
    protected = protect("Use `a`, `b` and `c`.")
    output = f"Utilisez {placeholder(1)}, {placeholder(1)} et {placeholder(9)}."
    restored = restore(output, protected)
    assert restored.text == f"Utilisez `a`, `a` et {placeholder(9)}."
    assert any("repeated code '`a`'" in p for p in restored.problems)
    assert any("dropped code '`b`'" in p for p in restored.problems)
    assert any("dropped code '`c`'" in p for p in restored.problems)
    assert any("invented" in p for p in restored.problems)


def test_restore_is_lenient_about_case_and_spaces() -> None:
    protected = protect("Call `x` now.")
    assert restore("Appelez qzx 1 Q maintenant.", protected).text == "Appelez `x` maintenant."


def test_text_that_looks_like_a_placeholder_is_left_alone() -> None:
    protected = protect("The code QZX1Q is `real`.")
    assert protected.text == "The code QZX1Q is `real`." and protected.slots == ()


@given(
    st.lists(
        st.sampled_from(
            ["word", "`co de`", "https://a.b/c_d", "x@y.org", "[link](u)", "Azerbaijan", " ", ", "]
        ),
        max_size=12,
    )
)
def test_protect_restore_roundtrip(parts: list[str]) -> None:
    text = " ".join(parts)
    protected = protect(text, GLOSSARY, "hy")
    restored = restore(protected.text, protected)
    assert restored.problems == []
    assert restored.text == text.replace("Azerbaijan", "Ադրբեջան")


@pytest.mark.parametrize("copy", [True, False], ids=["copy-model", "random-model"])
def test_what_survives_a_real_model(tmp_path: Path, copy: bool) -> None:
    """Through a real SentencePiece + CTranslate2 package, placeholders are whole pieces
    of ASCII: the copying model returns every one; the random model mostly loses them,
    and restore() then reports exactly what was lost."""
    package = build_argosmodel(tmp_path, copy=copy)
    zipfile.ZipFile(package).extractall(tmp_path)
    top = tmp_path / top_folder(package)
    sp = spm.SentencePieceProcessor(model_file=str(top / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(top / "model"))
    texts = [
        "See [the report](https://lemkininstitute.com/a_b) by `Lemkin` now.",
        "Write to info@lemkininstitute.com about Azerbaijan.",
    ]
    protected = [protect(t, GLOSSARY, "fr") for t in texts]
    for p in protected:  # every placeholder piece is in the vocabulary
        assert sp.unk_id() not in sp.encode(p.text)
    batch = [sp.encode(p.text, out_type=str) for p in protected]
    outputs = translator.translate_batch(batch, beam_size=2, max_decoding_length=80)
    for p, out in zip(protected, outputs, strict=True):
        restored = restore(sp.decode_pieces(out.hypotheses[0]), p)
        if copy:
            assert restored.problems == []
            assert restored.text == restore(p.text, p).text
        else:
            lost = [s for s in p.slots if s.target not in restored.text]
            assert len(restored.problems) >= len({s.source for s in lost}) > 0


def test_a_footnote_reference_is_shielded_and_comes_back() -> None:
    text = "The siege has lasted nine months.[^1] Food cannot enter.[^src]"
    protected = protect(text)
    assert "[^" not in protected.text and [s.kind for s in protected.slots] == ["footnote"] * 2
    output = protected.text.replace("The siege has lasted nine months.", "Le siège dure.")
    assert restore(output, protected).text == "Le siège dure.[^1] Food cannot enter.[^src]"
