"""glossary in any language: inflected forms from the profile's stem rule, severity, columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from alerti18n.checks.glossary import word_matches
from alerti18n.checks.testing import findings, passes
from alerti18n.cli.main import main
from alerti18n.core.errors import ConfigError
from alerti18n.language.glossary import load_glossary

CSV = (
    "en,uk,ru,ar,de,es,note,severity\n"
    "Lemkin Institute,Інститут Лемкіна,Институт Лемкина,معهد ليمكين,Lemkin-Institut,"
    "Instituto Lemkin,name,\n"
    "humanitarian pause,гуманітарна пауза,гуманитарная пауза,هدنة إنسانية,humanitäre Pause,"
    "pausa humanitaria,,warning\n"
    "Ilham Aliyev,Ільгам Алієв,Ильхам Алиев,إلهام علييف,Ilham Alijew,Ilham Aliyev,person name,\n"
)
EN = "The Lemkin Institute calls for a humanitarian pause."
EN_SIGNED = "The statement was signed by the Lemkin Institute and criticised by Ilham Aliyev."


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    path = tmp_path_factory.mktemp("g") / "glossary.csv"
    path.write_text(CSV, encoding="utf-8")
    return load_glossary(path, "en", ["en", "uk", "ru", "ar", "de", "es"])


@pytest.mark.parametrize(
    ("lang", "source", "target"),
    [
        ("uk", EN, "Інститут Лемкіна закликає до гуманітарної паузи."),
        ("ru", EN, "Институт Лемкина призывает к гуманитарной паузе."),
        ("ar", EN, "يدعو معهد ليمكين إلى هدنة إنسانية."),
        ("de", EN, "Das Lemkin-Institut fordert eine humanitäre Pause."),
        ("es", EN, "El Instituto Lemkin pide una pausa humanitaria."),
        # instrumental and genitive of approved names
        ("uk", EN_SIGNED, "Заяву підписав Інститут Лемкіна, а розкритикував Ільгам Алієв."),
        ("uk", EN_SIGNED, "Заяву підписано Інститутом Лемкіна й розкритиковано Ільгамом Алієвим."),
        (
            "ru",
            EN_SIGNED,
            "Заявление подписано Институтом Лемкина и раскритиковано Ильхамом Алиевым.",
        ),
        # Arabic clitics: "according to the Lemkin Institute", "for the humanitarian pause"
        ("ar", EN_SIGNED, "وقّع البيان معهدُ ليمكين، وانتقده إلهام علييف."),
        ("ar", EN, "وفقاً لمعهد ليمكين، لا بد من هدنة إنسانية."),
    ],
)
def test_inflected_forms_pass(glossary, lang, source, target):
    assert passes("glossary", source, target, lang, glossary=glossary), findings(
        "glossary", source, target, lang, glossary=glossary
    )


@pytest.mark.parametrize(
    ("lang", "target", "term", "severity"),
    [
        ("uk", "Інститут Лемкіна закликає до перемир'я.", "humanitarian pause", "warning"),
        ("ru", "Институт Лемко призывает к гуманитарной паузе.", "Lemkin Institute", "error"),
        ("ar", "يدعو المعهد إلى هدنة إنسانية.", "Lemkin Institute", "error"),
        ("ar", "يدعو معهد ليمكين إلى وقف إطلاق النار.", "humanitarian pause", "warning"),
        ("de", "Das Lemkin-Institut fordert eine Feuerpause.", "humanitarian pause", "warning"),
    ],
)
def test_missing_forms_take_the_glossary_severity(glossary, lang, target, term, severity):
    [finding] = findings("glossary", EN, target, lang, glossary=glossary)
    assert f"“{term}”" in finding.message and finding.severity == severity


def test_stem_rule_does_not_match_other_words():
    assert not word_matches("паузою", "пауза", "fr")  # French allows only its endings
    assert word_matches("паузою", "пауза", "uk")
    assert not word_matches("павза", "пауза", "uk")
    assert not word_matches("гуманітарний", "гуманний", "uk")


@pytest.mark.parametrize(
    ("content", "line", "message", "hint"),
    [
        ("en,ua,note\nLemkin Institute,Інститут Лемкіна,\n", 1, "column 'ua'", "did you mean 'uk'"),
        (
            "en,uk,severity\nLemkin Institute,Інститут Лемкіна,fatal\n",
            2,
            "severity 'fatal'",
            "warning",
        ),
    ],
)
def test_bad_columns_are_errors(tmp_path: Path, content, line, message, hint):
    path = tmp_path / "glossary.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_glossary(path, "en", ["en", "uk"])
    assert info.value.line == line and message in info.value.message
    assert hint in (info.value.hint or "") and info.value.exit_code == 2


def test_unknown_column_fails_the_check_command(basic_project):
    project = basic_project
    glossary = project / "locales" / "glossary.csv"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("en,hy,fr", "en,hy,ua", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--project", str(project)])
    assert result.exit_code == 2, result.output
    assert "glossary column 'ua'" in result.output and "glossary.csv:1" in result.output
