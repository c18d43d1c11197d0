"""Scripts far from Latin (issue 24): CJK, Brahmic, Ethiopic, Southeast Asian, without false
alarms; each class of false alarm the issue names, on correct text, and a fault still caught."""

from __future__ import annotations

import pytest

from alerti18n.checks.testing import fails, findings, passes


@pytest.mark.parametrize(
    ("lang", "source", "target"),
    [
        ("ja", "The shelter is 5 km away.", "避難所は5 km先にある。"),
        ("ja", "COVID-19 spread in the camp.", "キャンプでCOVID-19が広がった。"),
        ("ko", "up to 3.5km", "3.5km까지"),
        ("ko", "The UN said so.", "UN은 그렇게 말했다."),
        ("zh", "The UN says 15% of them are children.", "联合国表示，其中15%是儿童。"),
        ("zh", "a 20 kg bag", "一袋20kg的米"),
    ],
)
def test_latin_units_and_acronyms_in_cjk_text_are_no_script_error(lang, source, target):
    assert passes("script", source, target, lang), findings("script", source, target, lang)


def test_a_latin_look_alike_inside_a_word_is_still_an_error():
    assert fails("script", "the school", "шкoла", "uk")  # Latin o
    assert fails("script", "Armenia", "Հայաստանo", "hy")  # Latin o at the end


@pytest.mark.parametrize(
    ("lang", "source", "target"),
    [
        ("ja", "30,000 people fled.", "3万人が避難した。"),
        ("ja", "30,000 people fled.", "３万人が避難した。"),
        ("zh", "30,000 people fled.", "3万人逃离。"),
        ("zh", "120 million people", "1.2亿人"),
        ("ko", "30,000 people fled.", "3만 명이 피란했다."),
        ("ko", "300 million won", "3억 원"),
        ("ja", "On 22 September 2023", "2023年9月22日に"),
        ("ko", "On 22 September 2023", "2023년 9월 22일에"),
        ("zh", "On 22 September 2023", "2023年9月22日"),
        ("hi", "120,000 people", "1,20,000 लोग"),
        ("hi", "120,000 people", "120,000 लोग"),
    ],
)
def test_cjk_and_indian_number_writing_is_the_same_number(lang, source, target):
    assert findings("numbers", source, target, lang) == []


def test_a_changed_cjk_number_is_still_caught():
    assert fails("numbers", "30,000 people fled.", "4万人が避難した。", "ja")
    assert fails("numbers", "30,000 people fled.", "3千人が避難した。", "ja")
    assert fails("numbers", "120,000 people", "12,000 लोग", "hi")


@pytest.mark.parametrize(
    ("lang", "source", "target"),
    [
        ("bn", "In this field, refugees need help.", "এই ক্ষেত্রে শরণার্থীদের সাহায্য দরকার।"),
        ("bn", "He went there.", "সে সেখানে গিয়েছিল।"),
        ("hi", "He went there.", "वह वहाँ गया।"),
        ("hi", "Refugees need the help of the state.", "शरणार्थियों को राज्य की मदद चाहिए।"),
        ("ta", "The refugees need water.", "அகதிகளுக்குத் தண்ணீர் தேவை."),
        ("my", "The refugees need help.", "ဒုက္ခသည်များ အကူအညီ လိုအပ်သည်။"),
        ("am", "The refugees need help.", "ስደተኞቹ እርዳታ ያስፈልጋቸዋል።"),
        ("th", "The refugees need help.", "ผู้ลี้ภัยต้องการความช่วยเหลือ"),
    ],
)
def test_words_with_combining_marks_are_whole_words(lang, source, target):
    for check in ("doubled-words", "script", "typography"):
        assert passes(check, source, target, lang), findings(check, source, target, lang)


def test_a_doubled_word_with_marks_is_caught_once():
    found = findings("doubled-words", "refugees need help", "শরণার্থীদের শরণার্থীদের সাহায্য", "bn")
    assert [f.message for f in found] == ["“শরণার্থীদের শরণার্থীদের”: the word is doubled; delete one"]


def test_quotes_come_from_cldr_and_a_default_says_so():
    # CLDR (ICU) gives Amharic « »: the English quotes are wrong there, by CLDR's rule
    messages = [f.message for f in findings("typography", "“aid”", "“እርዳታ”", "am")]
    assert messages == ["use Amharic quotes « » instead of “ ”"]
    assert passes("typography", "“aid”", "«እርዳታ»", "am")
    # a language ICU knows nothing of gets the default, and the message says it is one
    messages = [f.message for f in findings("typography", "“aid”", "«aid»", "tlh")]
    assert len(messages) == 1 and "default" in messages[0], messages
