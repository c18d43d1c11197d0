"""SMS encoding, counting and splitting, against the GSM 7-bit table of 3GPP TS 23.038.

The reference table below is transcribed from 3GPP TS 23.038 ("Alphabets and
language-specific information", section 6.2.1 "GSM 7 bit Default Alphabet",
and 6.2.1.1 "GSM 7 bit default alphabet extension table"), laid out as the
specification prints it: one string per column (high 3 bits of the septet),
one character per row (low 4 bits). It is written here independently of
``alerti18n.text.sms``, so that the module is checked against the published
table, not against itself. Part sizes (160/153 septets, 70/67 UCS-2 units)
are those of 3GPP TS 23.040, section 9.2.3.24.1 (concatenated short messages:
a 6-octet user data header in each part).
"""

from __future__ import annotations

import math
import re

import pytest

from alerti18n.text import sms

ESC = "\x1b"
#: TS 23.038, 6.2.1: columns 0x00-0x70, rows 0x0-0xF (LF and CR as themselves, ESC at 0x1B).
COLUMNS = (
    "@£$¥èéùìòÇ\nØø\rÅå",
    "Δ_ΦΓΛΩΠΨΣΘΞ" + ESC + "ÆæßÉ",
    " !\"#¤%&'()*+,-./",
    "0123456789:;<=>?",
    "¡ABCDEFGHIJKLMNO",
    "PQRSTUVWXYZÄÖÑÜ§",
    "¿abcdefghijklmno",
    "pqrstuvwxyzäöñüà",
)
#: TS 23.038, 6.2.1.1: the extension table's characters, by the septet that follows ESC.
EXTENSION = {
    0x0A: "\f",
    0x14: "^",
    0x28: "{",
    0x29: "}",
    0x2F: "\\",
    0x3C: "[",
    0x3D: "~",
    0x3E: "]",
    0x40: "|",
    0x65: "€",
}
#: The septet of each character of the default alphabet, from the table above.
SEPTET = {
    char: 16 * col + row for col, chars in enumerate(COLUMNS) for row, char in enumerate(chars)
}


def reference_septets(text: str) -> int | None:
    """Septets of ``text`` in GSM-7 by the published table; None when it is not GSM-7."""
    count = 0
    for char in text:
        if char in SEPTET and char != ESC:
            count += 1
        elif char in EXTENSION.values():
            count += 2
        else:
            return None
    return count


#: Short-message editions of one alert, as translators wrote them (French with its
#: typography: no-break space before the colon, typographic apostrophes).
MESSAGES = {
    "en": "Alert: tap water in the northern district is not safe to drink. Boil it for at "
    "least one minute or collect water at the school yard (07:00-19:00). Do not drink tap "
    "water.",
    "hy": "Զգուշացում․ հյուսիսային շրջանի ծորակի ջուրը խմելու համար անվտանգ չէ։ Եռացրեք այն "
    "առնվազն մեկ րոպե կամ ջուր վերցրեք դպրոցի բակում (07:00-19:00)։ Մի՛ խմեք ծորակի ջուրը։",
    "fr": "Alerte\u00a0: l’eau du robinet du quartier nord n’est pas potable. Faites-la bouillir "
    "au moins une minute ou prenez de l’eau dans la cour de l’école (7 h-19 h). Ne buvez pas "
    "l’eau du robinet.",
}


def test_the_default_alphabet_is_the_published_one() -> None:
    assert all(len(column) == 16 for column in COLUMNS)
    assert "".join(COLUMNS) == sms.GSM7_BASIC
    assert set(sms.GSM7_EXTENSION) == set(EXTENSION.values())
    for char in SEPTET:
        if char == ESC:
            assert sms.encoding(char) is sms.UCS2  # the escape itself is no character
        else:
            assert sms.encoding(char) is sms.GSM7 and sms.units(char) == 1, repr(char)
    for char in EXTENSION.values():
        assert sms.encoding(char) is sms.GSM7 and sms.units(char) == 2, repr(char)


@pytest.mark.parametrize(
    "char",
    ["ç", "â", "ê", "ô", "œ", "’", "«", "»", "\u00a0", "\u202f", "–", "`", "Ա", "ж", "ع", "中"],
)
def test_a_character_outside_the_table_makes_the_message_ucs2(char: str) -> None:
    assert reference_septets(char) is None
    assert sms.encoding("Boil the water " + char) is sms.UCS2


def test_ucs2_counts_utf16_code_units() -> None:
    assert sms.units("Ա" * 70) == 70
    assert sms.units("Ա😀") == 3  # an emoji is a surrogate pair
    assert sms.units("ab😀", sms.UCS2) == len("ab😀".encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    ("length", "parts"), [(160, 1), (161, 2), (306, 2), (307, 3), (153 * 255, 255)]
)
def test_gsm7_parts_at_160_and_153(length: int, parts: int) -> None:
    assert len(sms.phone_parts("a" * length)) == parts


@pytest.mark.parametrize(("length", "parts"), [(70, 1), (71, 2), (134, 2), (135, 3)])
def test_ucs2_parts_at_70_and_67(length: int, parts: int) -> None:
    assert len(sms.phone_parts("Ա" * length)) == parts


def test_an_escape_or_a_surrogate_pair_is_never_cut() -> None:
    text = "a" * 152 + "€" + "b" * 20  # the euro's two septets would straddle 153
    parts = sms.phone_parts(text)
    assert parts[0] == "a" * 152 and parts[1].startswith("€")
    text = "Ա" * 66 + "😀" + "Բ" * 10
    parts = sms.phone_parts(text)
    assert parts[0] == "Ա" * 66 and parts[1].startswith("😀")


@pytest.mark.parametrize("lang", MESSAGES)
def test_an_alert_is_counted_and_cut_as_a_phone_does(lang: str) -> None:
    text = MESSAGES[lang]
    septets = reference_septets(text)
    enc = sms.encoding(text)
    assert (enc is sms.GSM7) == (septets is not None)
    length = septets if septets is not None else len(text.encode("utf-16-le")) // 2
    assert sms.units(text) == length
    expected = 1 if length <= enc.single else math.ceil(length / enc.part)
    parts = sms.phone_parts(text)
    assert len(parts) == expected
    assert "".join(parts) == text
    assert all(sms.units(part, enc) <= enc.part for part in parts)


def test_the_armenian_and_french_editions_take_three_parts_the_english_two() -> None:
    """Armenian letters are never GSM-7; French typography (’, the no-break space) is not
    either: both are UCS-2, 67 units a part, while the English fits 153 septets a part."""
    assert [sms.encoding(MESSAGES[lang]).name for lang in ("en", "hy", "fr")] == [
        "GSM-7",
        "UCS-2",
        "UCS-2",
    ]
    assert {lang: len(sms.phone_parts(text)) for lang, text in MESSAGES.items()} == {
        "en": 2,
        "hy": 3,
        "fr": 3,
    }


@pytest.mark.parametrize("lang", MESSAGES)
def test_numbered_messages_fit_one_sms_each_and_keep_the_words_whole(lang: str) -> None:
    text = MESSAGES[lang]
    enc = sms.encoding(text)
    messages = sms.numbered(text, lang)
    total = len(messages)
    assert total >= 2
    for index, message in enumerate(messages, 1):
        assert message.startswith(f"{index}/{total} ")
        assert sms.units(message, enc) <= enc.single  # one SMS, number included
    pieces = [message.split(" ", 1)[1] for message in messages]
    # nothing lost, nothing added, and no word cut in two (that would make two words)
    assert " ".join(pieces).split() == text.split()


def test_numbering_costs_four_characters_then_five_or_six() -> None:
    assert len(sms.numbering(3, 9)) == 4
    assert len(sms.numbering(3, 12)) == 5 and len(sms.numbering(12, 12)) == 6
    words = " ".join(["word"] * 600)  # about 3,000 septets: more than 9 messages
    messages = sms.numbered(words)
    assert len(messages) >= 10
    assert all(re.match(rf"\d+/{len(messages)} ", m) for m in messages)
    assert all(sms.units(m) <= 160 for m in messages)


def test_a_message_that_fits_is_not_numbered_and_a_long_word_is_cut() -> None:
    assert sms.numbered("Boil the water.") == ["Boil the water."]
    assert sms.numbered("") == []
    long = "x" * 400  # no place between words: cut at the limit
    messages = sms.numbered(long)
    assert "".join(m.split(" ", 1)[1] for m in messages) == long
    assert all(len(m) <= 160 for m in messages)
