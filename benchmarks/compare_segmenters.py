"""Compare sentence segmenters (sentencex, pysbd) on English, French and Armenian.

Each case is a short text with its expected sentences (written by us, with the
traps an alert contains: abbreviations, dates, quotes, the stray ". ").
Prints a Markdown table: cases right, per library and language, raw and after
alerti18n's repairs (abbreviation list, punctuation-only pieces joined).

    python benchmarks/compare_segmenters.py      (pysbd is optional: pip install pysbd)
"""

from __future__ import annotations

import time

import sentencex

from alerti18n.text.segment import split_sentences

CASES: dict[str, list[list[str]]] = {
    "en": [
        ["Dr. Smith met the U.S. envoy.", "He left on Sept. 21."],
        ["The crisis goes on. .", "Nothing else."],
        ["He is “only” targeting the “junta.”", "These claims are false."],
        ["Wars of 2016, 2020 and 2022 left 3.5 million displaced.", "There is no reason."],
        ["See e.g. the report by Mr. Aliyev.", "It was published."],
        ["Call now!", "Is anyone listening?", "We are."],
    ],
    "fr": [
        ["M. Dupont est arrivé le 3 sept. à Paris.", "Il est reparti."],
        ["Il a dit\u00a0: «\u00a0Non\u00a0!\u00a0»", "Puis il est parti."],
        ["Mme Martin et le Dr Petit, cf. p. 4, ont signé.", "Rien d’autre."],
        ["Les guerres de 2016, 2020 et 2022 ont fait 3,5 millions de déplacés.", "Aucune raison."],
        ["La crise continue. .", "Rien de plus."],
    ],
    "hy": [
        ["Ադրբեջանը անջատել է էլեկտրաէներգիան։", "Կան չհաստատված հաղորդումներ։"],
        ["Ինչո՞ւ է աշխարհը լռում։", "Մենք կոչ ենք անում գործել։"],
        ["2016, 2020 և 2022 թթ. պատերազմներում։", "Պատճառ չկա։"],
        ["Իլհամ Ալիևը հայտարարել է «միայն» ահաբեկիչների մասին։", "Դա սուտ է։"],
    ],
}


def _sentencex(text: str, lang: str) -> list[str]:
    return [s.strip() for s in sentencex.segment(lang, text) if s.strip()]


def _ours(text: str, lang: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


def _pysbd():
    try:
        import pysbd
    except ImportError:
        return None

    def run(text: str, lang: str) -> list[str]:
        try:
            seg = pysbd.Segmenter(language=lang, clean=False)
        except ValueError:
            return []
        return [s.strip() for s in seg.segment(text) if s.strip()]

    return run


def main() -> None:
    tools = {"sentencex (raw)": _sentencex, "alerti18n (sentencex + repairs)": _ours}
    pysbd = _pysbd()
    if pysbd:
        tools["pysbd 0.3 (raw)"] = pysbd
    print("| segmenter | en | fr | hy | µs per case |")
    print("|---|---|---|---|---|")
    for name, func in tools.items():
        cells = []
        for lang in ("en", "fr", "hy"):  # warm-up: first calls load rules
            func(" ".join(CASES[lang][0]), lang)
        start = time.perf_counter()
        runs = 0
        for lang in ("en", "fr", "hy"):
            ok = sum(func(" ".join(case), lang) == case for case in CASES[lang])
            runs += len(CASES[lang])
            cells.append(f"{ok}/{len(CASES[lang])}")
        elapsed = (time.perf_counter() - start) / runs * 1e6
        print(f"| {name} | {' | '.join(cells)} | {elapsed:.0f} |")


if __name__ == "__main__":
    main()
