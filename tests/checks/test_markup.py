"""markup and urls."""

from __future__ import annotations

from alerti18n.checks.testing import fails, findings, passes

EN = "Read the [Lemkin Institute statement](https://www.lemkininstitute.com/sos) **now**."
FR = (
    "Lisez la [déclaration de l’Institut "
    "Lemkin](https://www.lemkininstitute.com/sos) **maintenant**."
)
HY = "Կարդացեք [Լեմկինի ինստիտուտի հայտարարությունը](https://www.lemkininstitute.com/sos) **հիմա**։"


def test_markup_kept():
    assert passes("markup", EN, FR, "fr")
    assert passes("markup", EN, HY, "hy")
    assert passes(
        "markup", "Run `alerti18n check` *today*.", "Lancez `alerti18n check` *aujourd’hui*."
    )


def test_markup_link_dropped_or_changed():
    dropped = FR.replace("[", "").replace("](https://www.lemkininstitute.com/sos)", "")
    [finding] = findings("markup", EN, dropped, "fr")
    assert "https://www.lemkininstitute.com/sos is missing" in finding.message
    assert finding.severity == "error"
    assert fails("markup", EN, FR.replace("/sos", "/sos2"), "fr")


def test_markup_emphasis_and_code():
    assert fails("markup", EN, HY.replace("**", ""), "hy")
    assert fails("markup", "Run `check` now.", "Lancez `vérifier` maintenant.")
    assert fails("markup", "It is *only* them.", "Ce sont **seulement** eux.")


def test_urls():
    en = "Details: https://www.lemkininstitute.com/statements or contact info@lemkininstitute.com."
    fr = "Détails : https://www.lemkininstitute.com/statements ou info@lemkininstitute.com."
    assert passes("urls", en, fr, "fr")
    assert fails("urls", en, fr.replace("statements", "declarations"), "fr")
    url, mail = findings("urls", en, "Détails : écrivez-nous.", "fr")
    assert "https://www.lemkininstitute.com/statements is missing" in url.message
    assert "info@lemkininstitute.com is missing" in mail.message


def test_urls_leave_link_targets_to_markup():
    dropped = FR.replace("(https://www.lemkininstitute.com/sos)", "(https://x.org)")
    assert passes("urls", EN, dropped, "fr")
    assert fails("markup", EN, dropped, "fr")


def test_an_added_or_changed_attribute_is_an_added_tag() -> None:
    source = "Hold <b>every</b> line."
    assert passes("markup", source, "Tenez <b>chaque</b> ligne.")
    [added, missing] = sorted(
        f.message for f in findings("markup", source, 'Tenez <b onmouseover="x">chaque</b> ligne.')
    )
    assert added.startswith('inline HTML <b onmouseover="x"> is not in the source')
    assert missing.startswith("inline HTML <b> is missing or changed")
    image = 'See <img src="map.png" alt="map">.'
    assert fails("markup", image, 'Voir <img src="http://127.0.0.1:9/b.png" alt="carte">.')


def test_links_the_link_rule_refuses_are_reported_as_such() -> None:
    [finding] = findings("markup", "Read it now.", "Lisez-le [maintenant](javascript:alert(1)).")
    assert "javascript:alert(1) is not allowed" in finding.message
    for target in ("vbscript:x", "data:text/html,x", "vnd.sun.star.script:M.Main"):
        assert fails("markup", "Read it now.", f"Lisez-le [maintenant]({target}).")
    assert fails("markup", "Read it now.", "Lisez-le <javascript:alert(1)>.")
    assert fails("markup", "See the map.", "Voir ![la carte](http://127.0.0.1:9/b.png).")
    assert fails("markup", EN, FR.replace("https://www.lemkininstitute.com/sos", "javascript:x"))


def test_a_footnote_reference_is_markup_that_must_stay() -> None:
    source = "The siege has lasted nine months.[^1]"
    assert passes("markup", source, "Le siège dure depuis neuf mois.[^1]", "fr")
    [finding] = findings("markup", source, "Le siège dure depuis neuf mois.", "fr")
    assert finding.message == (
        "footnote reference [^1] is missing: keep it where the sentence refers to the note"
    )
    [finding] = findings("markup", source, "Le siège dure.[^1] Neuf mois.[^2]", "fr")
    assert "footnote reference [^2] is not in the source" in finding.message
    # a note's label is no number of the sentence
    assert passes("numbers", "Food cannot enter.[^2]", "Rien n’entre.[^2]", "fr")
