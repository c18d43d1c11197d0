"""Large inputs against GNU gettext's nearest job on the same files, side by side, in one run.

Two inputs, generated here with a fixed seed (nothing is downloaded):

* **a catalog of N entries** (default 1,000,000) in a project of one document:
  ``locales/big.pot`` and ``locales/fr/big.po`` in msgcat's form, French
  sentences made from 40 sentence patterns with numbers, names and places
  (``data/`` of nothing: the patterns are below). The catalog holds 80%
  translated entries (1 in 50 of them marked reviewed), 10% fuzzy ones (with
  their previous msgid) and 10% untranslated ones. The template has the same
  sentences, except that 1 in 10,000 was edited (a word changed), 1 in 10,000
  is new and 1 in 10,000 is gone, so ``update`` merges, matches and obsoletes.
  Jobs: ``alerti18n status --lang fr`` against ``msgfmt --statistics``;
  ``alerti18n check --lang fr`` against ``msgfmt --check``; ``alerti18n update
  --lang fr`` against ``msgmerge --previous`` (its output written to a file);
* **a glossary of R rows** (default 100,000): ``locales/glossary.csv`` with
  R terms (one in 50 a proper name) and their French forms, and a document of
  2,000 sentences that use some of them, translated with the approved forms.
  Job: ``alerti18n extract`` + ``alerti18n check`` (the glossary read, its
  terms found in every sentence for the template's notes, then the glossary
  check of every translation) against ``msgfmt --check`` on the glossary
  written as a PO compendium (one entry per row: gettext has no glossary, and
  reading and checking the same terms is its nearest job).

Each job runs ``--runs`` times (default 3), alternating alerti18n and gettext;
the table gives the median wall time, the ratio, and the peak resident set
of each (GNU time's ``%M``; ``?`` without ``/usr/bin/time``). The goal: each
alerti18n job within 3× of gettext's.

    .venv/bin/python benchmarks/bench_large.py [--entries 1000000] [--rows 100000]
        [--runs 3] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench_cycle import ENV, compile_package, machine_info

BIN = Path(sys.executable).parent
SEED = 21
#: (English, French) sentence patterns; {n} a number, {p} a place, {w} a name.
PATTERNS = (
    ("The shelter in {p} opens at {n} o'clock.", "L’abri de {p} ouvre à {n} heures."),
    ("Water is handed out in {p} every day.", "L’eau est distribuée à {p} chaque jour."),
    ("{w} coordinates the teams in {p}.", "{w} coordonne les équipes à {p}."),
    ("The road to {p} is closed.", "La route de {p} est fermée."),
    (
        "Bring your papers and {n} days of medicine.",
        "Apportez vos papiers et {n} jours de médicaments.",
    ),
    ("The convoy left {p} with {n} families.", "Le convoi a quitté {p} avec {n} familles."),
    ("Call {w} before you leave {p}.", "Appelez {w} avant de quitter {p}."),
    (
        "The clinic in {p} treats {n} patients a day.",
        "La clinique de {p} soigne {n} patients par jour.",
    ),
    ("Do not drink the water in {p}.", "Ne buvez pas l’eau de {p}."),
    ("Children under {n} go first.", "Les enfants de moins de {n} ans passent en premier."),
    ("The bridge near {p} was damaged.", "Le pont près de {p} a été endommagé."),
    ("{w} will answer your questions in {p}.", "{w} répondra à vos questions à {p}."),
    ("Buses leave {p} at {n} in the morning.", "Les bus quittent {p} à {n} heures du matin."),
    ("Keep a copy of this notice.", "Gardez une copie de cet avis."),
    ("The market in {p} is open again.", "Le marché de {p} est de nouveau ouvert."),
    ("Report missing people to {w}.", "Signalez les personnes disparues à {w}."),
    ("There are {n} beds left in {p}.", "Il reste {n} lits à {p}."),
    ("The power station in {p} is working.", "La centrale de {p} fonctionne."),
    ("Send a message to {w} when you arrive.", "Envoyez un message à {w} à votre arrivée."),
    ("The school in {p} is now a shelter.", "L’école de {p} sert désormais d’abri."),
    ("Food parcels weigh {n} kilograms.", "Les colis alimentaires pèsent {n} kilogrammes."),
    ("{w} has the list of names for {p}.", "{w} a la liste des noms pour {p}."),
    ("The curfew in {p} starts at {n}.", "Le couvre-feu à {p} commence à {n} heures."),
    ("Phones can be charged in {p}.", "Les téléphones peuvent être rechargés à {p}."),
    ("The field hospital has {n} doctors.", "L’hôpital de campagne compte {n} médecins."),
    ("Leave {p} by the northern road.", "Quittez {p} par la route du nord."),
    ("Blankets are handed out by {w}.", "Les couvertures sont distribuées par {w}."),
    ("The well in {p} is safe to use.", "Le puits de {p} peut être utilisé sans danger."),
    ("Each family gets {n} litres of water.", "Chaque famille reçoit {n} litres d’eau."),
    ("The office of {w} is in {p}.", "Le bureau de {w} se trouve à {p}."),
    ("Trucks will reach {p} in {n} hours.", "Les camions atteindront {p} dans {n} heures."),
    ("Stay away from the river near {p}.", "Éloignez-vous de la rivière près de {p}."),
    ("The radio station in {p} broadcasts news.", "La radio de {p} diffuse les nouvelles."),
    ("Volunteers meet {w} in {p}.", "Les bénévoles retrouvent {w} à {p}."),
    ("The camp in {p} can hold {n} people.", "Le camp de {p} peut accueillir {n} personnes."),
    ("Medicine is stored in {p}.", "Les médicaments sont stockés à {p}."),
    ("Wash your hands before meals.", "Lavez-vous les mains avant les repas."),
    ("The registration desk closes at {n}.", "Le bureau d’inscription ferme à {n} heures."),
    ("{w} drives the ambulance to {p}.", "{w} conduit l’ambulance jusqu’à {p}."),
    ("Tents arrive in {p} on day {n}.", "Les tentes arrivent à {p} le jour {n}."),
)
SYLLABLES = "ka ri mo ta lu ne sa vo di pe ra go mi ze lo ba ti fu".split()


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def _sentence(rng: random.Random, index: int) -> tuple[str, str]:
    """One (English, French) pair; the index makes every English sentence distinct."""
    en, fr = PATTERNS[index % len(PATTERNS)]
    values = {
        "n": str(rng.randrange(2, 100)),
        "p": _name(rng, 3),
        "w": f"{_name(rng, 2)} {_name(rng, 3)}",
    }
    en, fr = en.format(**values), fr.format(**values)
    return f"{en[:-1]}, notice {index}.", f"{fr[:-1]}, avis {index}."


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


HEADER = """\
# {title}
# Copyright (C) the publisher of the source text; translations by alerti18n contributors.
msgid ""
msgstr ""
"Project-Id-Version: large big\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: 2026-01-01 00:00+0000\\n"
"PO-Revision-Date: {revised}\\n"
"Last-Translator: alerti18n contributors\\n"
"Language-Team: {team}\\n"
{language}"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
{plural}"""


def write_catalog(root: Path, entries: int) -> dict[str, int]:
    """The project, its template and its French catalog (see the module docstring)."""
    rng = random.Random(SEED)
    subprocess.run([str(BIN / "alerti18n"), "init", str(root), "--target", "fr", "--name",
                    "large"], check=True, capture_output=True, env=ENV)  # fmt: skip
    (root / "source" / "example.md").unlink()
    (root / "source" / "big.md").write_text("# Big\n\nA large catalog.\n", encoding="utf-8")
    (root / "locales" / "glossary.csv").write_text("en,fr,note\n", encoding="utf-8")
    (root / "locales" / "fr").mkdir(exist_ok=True)
    pot = [HEADER.format(title="Translation template for “Big” (source/big.md).",
                         revised="YEAR-MO-DA HO:MI+ZONE", team="none", language="",
                         plural="")]  # fmt: skip
    po = [HEADER.format(title="French translation of “Big” (source/big.md).",
                        revised="2026-01-02 00:00+0000", team="French <fr>",
                        language='"Language: fr\\n"\n',
                        plural='"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n')]  # fmt: skip
    counts = dict.fromkeys(("translated", "fuzzy", "untranslated", "edited", "new", "gone"), 0)
    for index in range(entries):
        en, fr = _sentence(rng, index)
        where = (
            f"#. paragraph {index // 4 + 1}, sentence {index % 4 + 1}\n"
            f"#: source/big.md:{index + 3}\n"
        )
        fate = rng.random()
        if fate < 0.0001:  # gone from the template: obsolete after update
            counts["gone"] += 1
        elif fate < 0.0002:  # edited in the template: a fuzzy match for update
            counts["edited"] += 1
            pot.append(
                f'{where}msgid {_quote(en.replace(" the ", " that ", 1) + " ")}\nmsgstr ""\n'
            )
        else:
            pot.append(f'{where}msgid {_quote(en)}\nmsgstr ""\n')
        if rng.random() < 0.0001:
            new_en, _ = _sentence(rng, entries + index)
            counts["new"] += 1
            pot.append(f'#. paragraph new\n#: source/big.md:1\nmsgid {_quote(new_en)}\nmsgstr ""\n')
        state = rng.random()
        if state < 0.8:
            counts["translated"] += 1
            reviewed = "# reviewed: Second Reader 2026-01-03\n" if rng.random() < 0.02 else ""
            po.append(f"{reviewed}{where}msgid {_quote(en)}\nmsgstr {_quote(fr)}\n")
        elif state < 0.9:
            counts["fuzzy"] += 1
            old = en.replace(" in ", " at ", 1)
            fuzzy = f"#, fuzzy\n#| msgid {_quote(old)}\n"
            po.append(f"{where}{fuzzy}msgid {_quote(en)}\nmsgstr {_quote(fr)}\n")
        else:
            counts["untranslated"] += 1
            po.append(f'{where}msgid {_quote(en)}\nmsgstr ""\n')
    (root / "locales" / "big.pot").write_text("\n".join(pot), encoding="utf-8")
    (root / "locales" / "fr" / "big.po").write_text("\n".join(po), encoding="utf-8")
    return counts


def write_glossary(root: Path, rows: int, sentences: int = 2000) -> None:
    """A project whose glossary has ``rows`` terms and whose document uses some of them."""
    rng = random.Random(SEED + 1)
    subprocess.run([str(BIN / "alerti18n"), "init", str(root), "--target", "fr", "--name",
                    "glossary"], check=True, capture_output=True, env=ENV)  # fmt: skip
    (root / "source" / "example.md").unlink()
    terms = []
    seen = set()
    while len(terms) < rows:
        proper = rng.random() < 0.02
        words = rng.choice((1, 1, 2, 2, 3))
        source = " ".join(_name(rng, rng.choice((2, 3))).lower() for _ in range(words))
        source = source.title() if proper else source
        if source in seen:
            continue
        seen.add(source)
        terms.append((source, f"{source}-fr"))
    lines = ["en,fr,note"] + [f"{en},{fr},row {i}" for i, (en, fr) in enumerate(terms)]
    (root / "locales" / "glossary.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    compendium = [
        HEADER.format(
            title="The glossary as a compendium.",
            revised="2026-01-02 00:00+0000",
            team="French <fr>",
            language='"Language: fr\\n"\n',
            plural='"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n',
        )
    ]
    compendium += [
        f"#. row {i}\nmsgid {_quote(en)}\nmsgstr {_quote(fr)}\n" for i, (en, fr) in enumerate(terms)
    ]
    (root / "glossary.po").write_text("\n".join(compendium), encoding="utf-8")
    paragraphs = []
    for index in range(sentences):
        en, _ = _sentence(rng, index)
        term = rng.choice(terms)[0]
        paragraphs.append(f"{en[:-1]}, says the {term} team.")
    document = "# Glossary test\n\n" + "\n\n".join(paragraphs) + "\n"
    (root / "source" / "terms.md").write_text(document, encoding="utf-8")


#: GNU time reports a command's own peak memory; ``os.wait4`` reports at least the size of
#: the process that forked it (this one, about 1 GB once it has written the catalog).
GNU_TIME = Path("/usr/bin/time")


def run(cmd: Sequence[str | Path], cwd: Path, ok: Sequence[int] = (0,)) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB; -1 when GNU time is missing) of one command; output
    discarded."""
    measured = GNU_TIME.exists()
    prefix = [str(GNU_TIME), "-f", "%M", "-o", str(cwd / ".peak-rss")] if measured else []
    start = time.perf_counter()
    proc = subprocess.run([*prefix, *map(str, cmd)], cwd=cwd, env=ENV,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    seconds = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n"
                         f"{proc.stderr.decode()[-2000:]}")  # fmt: skip
    if not measured:
        return seconds, -1
    peak = (cwd / ".peak-rss").read_text().split()
    (cwd / ".peak-rss").unlink()
    return seconds, int(peak[-1])


Results = dict[str, dict[str, list[tuple[float, int]]]]


def catalog_round(big: Path, work: Path, number: int, results: Results) -> None:
    """status, check and update on the big catalog, each beside gettext's job (the order
    alternates round by round)."""
    cli = BIN / "alerti18n"
    po, pot = big / "locales" / "fr" / "big.po", big / "locales" / "big.pot"
    jobs = [
        ("status (1 catalog)", [cli, "status", "--lang", "fr"], (0,),
         ["msgfmt", "--statistics", "-o", "/dev/null", po]),
        ("check (1 catalog)", [cli, "check", "--lang", "fr"], (0, 1),
         ["msgfmt", "--check", "-o", "/dev/null", po]),
        ("update (merge into 1 catalog)", [cli, "update", "--lang", "fr"], (0,),
         ["msgmerge", "--previous", "-q", "-o", work / "merged.po", po, pot]),
    ]  # fmt: skip
    for label, ours, ok, theirs in jobs:
        print(f"round {number}: {label}", file=sys.stderr)
        shutil.copyfile(work / "big.po.orig", po)  # update rewrote it
        shutil.rmtree(big / ".alerti18n", ignore_errors=True)
        order = ((ours, ok), (theirs, (0,)))
        for cmd, codes in order if number % 2 else order[::-1]:
            side = "alerti18n" if cmd is ours else "gettext"
            results.setdefault(label, {}).setdefault(side, []).append(run(cmd, big, codes))


def glossary_round(glossary: Path, rows: int, number: int, results: Results) -> None:
    """extract + check with the big glossary, beside msgfmt --check on it as a compendium."""
    print(f"round {number}: glossary", file=sys.stderr)
    cli = BIN / "alerti18n"
    for path in [glossary / ".alerti18n", *glossary.glob("locales/*.pot"),
                 glossary / "locales" / "fr"]:  # fmt: skip
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    extract, rss = run([cli, "extract"], glossary)
    run([cli, "update"], glossary)
    catalog = glossary / "locales" / "fr" / "terms.po"
    _fill_with_approved_forms(catalog, glossary / "locales" / "glossary.csv")
    check, rss_check = run([cli, "check", "--lang", "fr"], glossary, (0, 1))
    sides = results.setdefault(f"extract + check ({rows} glossary rows)", {})
    sides.setdefault("alerti18n", []).append((extract + check, max(rss, rss_check)))
    sides.setdefault("gettext", []).append(
        run(["msgfmt", "--check", "-o", "/dev/null", "glossary.po"], glossary)
    )


def table(results: Results) -> list[str]:
    """The Markdown table: medians, ratios, peak RSS."""
    lines = [
        "| job | alerti18n s | gettext s | alerti18n / gettext | peak RSS MiB (ours; theirs) |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, sides in results.items():
        ours = statistics.median(s for s, _ in sides["alerti18n"])
        theirs = statistics.median(s for s, _ in sides["gettext"])
        rss = "; ".join(
            f"{max(r for _, r in sides[s]) / 1024:.0f}" if min(r for _, r in sides[s]) >= 0 else "?"
            for s in ("alerti18n", "gettext")
        )
        lines.append(f"| {label} | {ours:.2f} | {theirs:.2f} | {ours / theirs:.2f}× | {rss} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="keep the projects here (default: temp)")
    args = parser.parse_args()
    for tool in ("msgfmt", "msgmerge"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (Debian package gettext)")
    compile_package(Path(sys.executable))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="alerti18n-large-"))
    work.mkdir(parents=True, exist_ok=True)
    results: Results = {}
    try:
        big, glossary = work / "big", work / "glossary"
        if not (big / "locales" / "fr" / "big.po").exists():
            shutil.rmtree(big, ignore_errors=True)
            print(f"writing a catalog of {args.entries} entries", file=sys.stderr)
            print(write_catalog(big, args.entries), file=sys.stderr)
        if not (glossary / "locales" / "glossary.csv").exists():
            shutil.rmtree(glossary, ignore_errors=True)
            write_glossary(glossary, args.rows)
        shutil.copyfile(big / "locales" / "fr" / "big.po", work / "big.po.orig")
        for number in range(1, args.runs + 1):
            catalog_round(big, work, number, results)
            glossary_round(glossary, args.rows, number, results)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{args.entries} entries, {args.rows} glossary rows; median of {args.runs} runs.\n")
    print("\n".join([*table(results), "", *machine_info()]))


def _fill_with_approved_forms(catalog: Path, glossary: Path) -> None:
    """Translate every entry of ``catalog`` with the glossary's forms (as a translator would),
    so ``check`` has translations to check."""
    import polib

    forms = {}
    for line in glossary.read_text(encoding="utf-8").splitlines()[1:]:
        en, fr, _ = line.split(",", 2)
        forms[en] = fr
    po = polib.pofile(str(catalog), wrapwidth=79)
    for entry in po:
        found = re.search(r"says the (.+) team\.$", entry.msgid)
        term = found.group(1) if found else ""
        entry.msgstr = entry.msgid.replace(term, forms[term]) if term in forms else entry.msgid
    po.save()


if __name__ == "__main__":
    main()
