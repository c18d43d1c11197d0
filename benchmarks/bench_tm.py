"""The matcher and the translation memory against msgmerge and Translate Toolkit, in one run.

Both parts use the 112 Rust-book chapters of ``../shared/corpus/markdown/rust-book``,
split into sentences by ``alerti18n extract``, with a pseudo-translation ``T <msgid>``
for every sentence. Edits are scripted with a fixed seed, so the truth is known:

* each sentence is kept (70%), deleted (5%) or edited once (25%): a word
  replaced, deleted or inserted, a number changed, "not" added, or ``*x*``
  turned into ``_x_``;
* sentences of held-out chapters are inserted as new sentences (1 per 10).

**(a) update's matching vs msgmerge.** The old catalogs are the translated
originals, the new templates the edited ones. For each tool: recall (edited
sentences given their true predecessor as ``#| msgid``), precision (true
predecessors among all fuzzy matches, new sentences matched to anything
counting as wrong), and CPU time: ``alerti18n update --lang fr`` (one
subprocess) against one ``msgmerge --previous`` per catalog (children's
rusage), plus the merge alone in this process.

**(b) memory lookup.** The memory is every chapter's translated sentences
(one PO compendium), then 10 copies of it. The new document set is 20 edited
chapters with empty catalogs. alerti18n: ``tm fill --lang fr`` with the
compendium imported into ``locales/tm/`` (import timed apart); Translate
Toolkit: ``pot2po --tm COMPENDIUM -s 70``; gettext: ``msgmerge --compendium``,
one run per document. Counted: exact and fuzzy fills, and fuzzy fills whose
memory sentence is the true predecessor.

    .venv/bin/python benchmarks/bench_tm.py [--docs 20] [--skip-pot2po-10x]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = REPO.parent / "shared" / "corpus" / "markdown" / "rust-book"
BIN = Path(sys.executable).parent
EXE = str(BIN / "alerti18n")
SEED = 14


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], **kw) -> tuple[float, float]:
    """Run ``cmd``; (wall s, CPU s of it and its children)."""
    cpu, wall = children_cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kw)
    return time.perf_counter() - wall, children_cpu() - cpu


def extract_corpus(work: Path) -> dict[str, list[str]]:
    """Sentences of every chapter, via alerti18n extract."""
    root = work / "corpus"
    subprocess.run([EXE, "init", str(root), "--target", "fr"], check=True, capture_output=True)
    (root / "source" / "example.md").unlink()
    for path in sorted(CORPUS.glob("*.md")):
        shutil.copy(path, root / "source" / path.name)
    subprocess.run([EXE, "extract", "--project", str(root)], check=True, capture_output=True)
    return {
        pot.stem: [e.msgid for e in polib.pofile(str(pot)) if e.msgid]
        for pot in sorted((root / "locales").glob("*.pot"))
    }


_WORDS = "system value memory function program thread type data error module".split()


def edit(sentence: str, rng: random.Random) -> str | None:
    """One scripted edit of ``sentence``; None when it cannot be applied."""
    words = sentence.split(" ")
    kind = rng.choice(["replace", "delete", "insert", "number", "not", "markup"])
    if kind == "markup":
        changed = re.sub(r"\*(\w[^*]*)\*", r"_\1_", sentence, count=1)
        return changed if changed != sentence else None
    if kind == "number":
        changed = re.sub(r"\d+", lambda m: str(int(m.group(0)) + 1), sentence, count=1)
        return changed if changed != sentence else sentence.rstrip(".") + " in 2024."
    if kind == "not":
        changed = re.sub(r"\b(is|are|can|will|does)\b", r"\1 not", sentence, count=1)
        return changed if changed != sentence else None
    if len(words) < 4:
        return None
    i = rng.randrange(1, len(words) - 1)
    if kind == "replace":
        words[i] = rng.choice(_WORDS)
    elif kind == "delete":
        del words[i]
    else:
        words.insert(i, rng.choice(_WORDS))
    return " ".join(words)


def history(
    sentences: dict[str, list[str]], docs: list[str], new_pool: list[str], rng: random.Random
) -> dict[str, list[tuple[str, str | None]]]:
    """Per document: (new sentence, its true predecessor or None) in order."""
    out = {}
    for doc in docs:
        seen: set[str] = set()
        rows: list[tuple[str, str | None]] = []
        for sentence in sentences[doc]:
            roll = rng.random()
            if roll < 0.05:
                continue
            new = edit(sentence, rng) if roll < 0.30 else sentence
            new = new or sentence
            if rng.random() < 0.1 and new_pool:
                fresh = new_pool.pop()
                if fresh not in seen:
                    rows.append((fresh, None))
                    seen.add(fresh)
            if new not in seen:
                rows.append((new, sentence))
                seen.add(new)
        out[doc] = rows
    return out


def write_catalog(
    path: Path,
    entries: list[tuple[str, str]],
    lang: str | None,
    revised: str = "2023-09-22 10:00+0000",
) -> None:
    """A plain catalog (or template, without ``lang``) of ``entries`` (msgid, msgstr)."""
    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Project-Id-Version": "bench",
        "PO-Revision-Date": revised,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if lang:
        po.metadata["Language"] = lang
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    for msgid, msgstr in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def score_merge(results: dict[str, polib.POFile], truth: dict) -> dict[str, float]:
    edited = right = matched = 0
    for doc, rows in truth.items():
        by_id = {e.msgid: e for e in results[doc] if not e.obsolete}
        for new, old in rows:
            entry = by_id.get(new)
            is_edit = old is not None and old != new
            edited += is_edit
            if old == new or entry is None or "fuzzy" not in entry.flags:
                continue
            matched += 1
            right += is_edit and entry.previous_msgid == old
    return {
        "edited": edited,
        "recall": 100 * right / max(edited, 1),
        "precision": 100 * right / max(matched, 1),
        "matches": matched,
    }


def part_a(work: Path, sentences: dict[str, list[str]], docs: list[str], truth: dict) -> None:
    from alerti18n.catalog.merge import merge

    root = work / "a"
    subprocess.run([EXE, "init", str(root), "--target", "fr"], check=True, capture_output=True)
    (root / "source" / "example.md").unlink()
    gnu = work / "a-gnu"
    for doc in docs:
        (root / "source" / f"{doc}.md").write_text("x\n", encoding="utf-8")
        old = [(s, f"T {s}") for s in sentences[doc]]
        write_catalog(root / "locales" / "fr" / f"{doc}.po", old, "fr")
        write_catalog(root / "locales" / f"{doc}.pot", [(n, "") for n, _ in truth[doc]], None)
        write_catalog(gnu / f"{doc}.po", old, "fr")
        write_catalog(gnu / f"{doc}.pot", [(n, "") for n, _ in truth[doc]], None)
    # in process: the merge alone
    pos = {d: polib.pofile(str(root / "locales" / "fr" / f"{d}.po")) for d in docs}
    pots = {d: polib.pofile(str(root / "locales" / f"{d}.pot")) for d in docs}
    cpu = time.process_time()
    ours = {d: merge(pos[d], pots[d]) for d in docs}
    merge_cpu = time.process_time() - cpu
    wall, update_cpu = run([EXE, "update", "--lang", "fr", "--project", str(root)])
    theirs = {}
    gnu_wall = gnu_cpu = 0.0
    for doc in docs:
        w, c = run(
            [
                "msgmerge",
                "--previous",
                "-q",
                str(gnu / f"{doc}.po"),
                str(gnu / f"{doc}.pot"),
                "-o",
                str(gnu / f"{doc}.out.po"),
            ]
        )
        gnu_wall, gnu_cpu = gnu_wall + w, gnu_cpu + c
        theirs[doc] = polib.pofile(str(gnu / f"{doc}.out.po"))
    cli_result = {d: polib.pofile(str(root / "locales" / "fr" / f"{d}.po")) for d in docs}
    a, b, c = score_merge(ours, truth), score_merge(theirs, truth), score_merge(cli_result, truth)
    assert a == c, "the CLI and the library merge differ"
    print(f"\n(a) update vs msgmerge: {len(docs)} chapters, {a['edited']} edited sentences")
    print("| tool | recall % | precision % | fuzzy matches | CPU s | wall s |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| alerti18n update (CLI) | {a['recall']:.1f} | {a['precision']:.1f} | "
        f"{a['matches']} | {update_cpu:.2f} | {wall:.2f} |"
    )
    print(f"| alerti18n merge alone (in process) | | | | {merge_cpu:.2f} | |")
    print(
        f"| msgmerge --previous (1 run per catalog) | {b['recall']:.1f} | "
        f"{b['precision']:.1f} | {b['matches']} | {gnu_cpu:.2f} | {gnu_wall:.2f} |"
    )


def count_fills(po: polib.POFile, rows: list[tuple[str, str | None]]) -> tuple[int, int, int]:
    truth = dict(rows)
    exact = fuzzy = right = 0
    for e in po:
        if not e.msgid or e.obsolete or not e.msgstr:
            continue
        if "fuzzy" in e.flags and e.msgstr != f"T {e.msgid}":
            fuzzy += 1
            right += e.msgstr == f"T {truth.get(e.msgid)}"
        else:
            exact += 1
    return exact, fuzzy, right


def part_b(
    work: Path, sentences: dict[str, list[str]], truth: dict, copies: int, pot2po: bool
) -> None:
    memory = [(s, f"T {s}") for doc in sorted(sentences) for s in sentences[doc]]
    memory = list(dict(memory).items())
    base = work / f"b{copies}"
    comps = []
    for k in range(copies):
        comps.append(base / f"compendium{k}.po")
        write_catalog(comps[-1], memory, "fr")
    one = base / "compendium-all.po"  # the copies in one file, for pot2po's single --tm
    text = comps[0].read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    one.write_text(header + "\n\n" + "\n".join([body] * copies), encoding="utf-8")
    root = base / "project"
    subprocess.run([EXE, "init", str(root), "--target", "fr"], check=True, capture_output=True)
    (root / "source" / "example.md").unlink()
    pots = base / "pots"
    for doc, rows in truth.items():
        (root / "source" / f"{doc}.md").write_text("x\n", encoding="utf-8")
        write_catalog(root / "locales" / f"{doc}.pot", [(n, "") for n, _ in rows], None)
        write_catalog(pots / f"{doc}.pot", [(n, "") for n, _ in rows], None)
    subprocess.run(
        [EXE, "update", "--lang", "fr", "--project", str(root)], check=True, capture_output=True
    )
    import_wall, import_cpu = run([EXE, "tm", "import", *map(str, comps), "--project", str(root)])
    wall, cpu = run([EXE, "tm", "fill", "--lang", "fr", "--project", str(root)])
    ours = [
        count_fills(polib.pofile(str(root / "locales" / "fr" / f"{d}.po")), r)
        for d, r in truth.items()
    ]
    rows_out = [("alerti18n tm fill", wall, cpu, ours)]
    empty = base / "empty.po"
    write_catalog(empty, [], "fr")
    gnu_wall = gnu_cpu = 0.0
    gnu = []
    for doc, rows in truth.items():
        args = ["msgmerge", "--previous", "-q"]
        for comp in comps:
            args += ["--compendium", str(comp)]
        out = base / "gnu" / f"{doc}.po"
        out.parent.mkdir(exist_ok=True)
        w, c = run([*args, str(empty), str(pots / f"{doc}.pot"), "-o", str(out)])
        gnu_wall, gnu_cpu = gnu_wall + w, gnu_cpu + c
        gnu.append(count_fills(polib.pofile(str(out)), rows))
    rows_out.append(("msgmerge --compendium (1 run per document)", gnu_wall, gnu_cpu, gnu))
    if pot2po:
        out = base / "tt"
        templates = base / "tt-templates"  # pot2po needs a template: empty catalogs
        for doc in truth:
            write_catalog(templates / f"{doc}.po", [], "fr")
        w, c = run(
            [
                str(BIN / "pot2po"),
                "--progress=none",
                "-i",
                str(pots),
                "-o",
                str(out),
                "-t",
                str(templates),
                "--tm",
                str(one),
                "-s",
                "70",
            ]
        )
        tt = [count_fills(polib.pofile(str(out / f"{d}.po")), r) for d, r in truth.items()]
        rows_out.append(("Translate Toolkit pot2po --tm -s 70", w, c, tt))
    sentences_new = sum(len(r) for r in truth.values())
    print(
        f"\n(b) memory of {len(memory) * copies} units ({copies}x {len(memory)}), "
        f"{len(truth)} new documents, {sentences_new} sentences; "
        f"tm import took {import_wall:.2f} s wall, {import_cpu:.2f} s CPU"
    )
    print(
        "| tool | wall s | CPU s | exact | fuzzy | fuzzy from the true predecessor | "
        "wall vs alerti18n |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, w, c, counts in rows_out:
        e, f, r = (sum(x[i] for x in counts) for i in range(3))
        print(f"| {name} | {w:.2f} | {c:.2f} | {e} | {f} | {r} | {w / wall:.1f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=20, help="new documents in part (b)")
    parser.add_argument("--history-docs", type=int, default=80, help="chapters in part (a)")
    parser.add_argument("--skip-pot2po-10x", action="store_true")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} is missing: the benchmark needs the shared corpus")
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="bench-tm-") as tmp:
        work = Path(tmp)
        sentences = extract_corpus(work)
        names = sorted(sentences)
        print(
            f"corpus: {len(names)} chapters, {sum(map(len, sentences.values()))} sentences; "
            f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
        )
        docs = names[: args.history_docs]
        held_out = [s for d in names[args.history_docs :] for s in sentences[d]]
        known = {s for d in docs for s in sentences[d]}
        pool = [s for s in held_out if s not in known]
        rng.shuffle(pool)
        truth = history(sentences, docs, pool, rng)
        part_a(work, sentences, docs, truth)
        new_docs = {d: truth[d] for d in rng.sample(docs, args.docs)}
        part_b(work, sentences, new_docs, 1, True)
        part_b(work, sentences, new_docs, 10, not args.skip_pot2po_10x)


if __name__ == "__main__":
    main()
