"""LibreTranslate throughput: the same model in-process and behind a real server, one run.

Builds one random-weight Argos package (default 3+3 layers, d_model 256,
SentencePiece trained on the segments), then translates the same segments:

1. in-process (:class:`alerti18n.mt.argos.ArgosEngine`: length-sorted batches
   of ``--batch`` to CTranslate2's ``translate_batch``), with its thread split
   (:func:`alerti18n.mt.argos.thread_split`) and, as a second baseline, with
   one worker using every thread, as the engine did before December 2026;
2. through a real LibreTranslate server on 127.0.0.1 (``tests/ltserver.py``,
   the venv ``make test`` builds), with alerti18n's LibreTranslate engine
   sending ``--batch`` sentences per request and 1, 2 and 4 requests in flight.

Both decode greedily with the same ``max_decoding_length`` (256, the value
LibreTranslate's Argos uses and cannot be told otherwise); the server may run
``--inter-threads`` translations at once, each with ``--threads`` //
``--inter-threads`` CPU threads; in-process uses ``--threads`` threads.
Every path translates the same segments from scratch (the server's own
cache is off by default; ours is not used here).

Usage: ``python benchmarks/bench_libretranslate.py [--segments 200]``.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "src"))

from support.argos_factory import build_argosmodel, fixture_sentences  # noqa: E402
from support.ltserver import start_libretranslate  # noqa: E402

from alerti18n.mt import packages  # noqa: E402
from alerti18n.mt.argos import ArgosEngine, ArgosOptions, _Model, thread_split  # noqa: E402
from alerti18n.mt.libretranslate import LibreTranslateEngine  # noqa: E402
from alerti18n.mt.routes import find_leg  # noqa: E402

MAX_DECODING_LENGTH = 256  # what LibreTranslate's Argos uses (CTranslate2's default)


def shape(text: str) -> str:
    """``text`` without what LibreTranslate reformats (case of the first letter, final
    punctuation, underscores)."""
    return text.replace("_", " ").casefold().rstrip(".!?,;")


def segments(count: int) -> list[str]:
    """The basic fixture's sentences, then the Rust book's when ../shared is there, distinct."""
    found = list(dict.fromkeys(fixture_sentences()))
    if len(found) < count:
        from bench_pretranslate import corpus_segments

        if (REPO.parent / "shared").is_dir():
            found = corpus_segments(count)
    base = len(found)
    while len(found) < count:  # numbered copies: distinct, so no cache can answer
        found.append(f"{found[len(found) % base]} ({len(found)})")
    return found[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=200)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--d-model", type=int, default=256)
    parser.add_argument("--vocab", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--inter-threads", type=int, default=2)
    args = parser.parse_args()

    texts = segments(args.segments)
    rows: list[tuple[str, float]] = []
    agreement: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        package = build_argosmodel(
            work / "bench.argosmodel",
            layers=(args.layers, args.layers),
            d_model=args.d_model,
            texts=texts,
            vocab_size=args.vocab,
        )
        back = build_argosmodel(work / "back.argosmodel", "fr", "en", layers=(1, 1))
        options = ArgosOptions(
            batch_size=args.batch,
            beam_size=1,
            threads=args.threads,
            max_decoding_length=MAX_DECODING_LENGTH,
        )
        installed = packages.install_file(package, work / "models")
        leg = find_leg("en", "fr", [installed])
        assert leg is not None
        local = ArgosEngine(leg, options)
        workers, per_worker = thread_split(options.threads, options.device)
        local.translate(texts[:4])  # load the model
        started = time.perf_counter()
        ours = [draft.text for draft in local.translate(texts)]
        rows.append(
            (
                f"in-process ArgosEngine, batches of {args.batch}, "
                f"{workers} worker(s) × {per_worker} thread(s)",
                time.perf_counter() - started,
            )
        )
        # the engine's thread setting before December 2026: one worker with every thread
        before = ArgosEngine(leg, options)
        before._model = _Model(installed, options, split=(1, args.threads))
        before.translate(texts[:4])
        started = time.perf_counter()
        assert [draft.text for draft in before.translate(texts)] == ours  # the same output
        rows.append(
            (
                f"in-process, 1 worker × {args.threads} threads (before December 2026)",
                time.perf_counter() - started,
            )
        )

        inter = max(1, args.inter_threads)
        server = start_libretranslate(
            [package, back],
            work / "lt",
            beam_size=1,
            inter_threads=inter,
            mt_threads=max(1, args.threads // inter),
            threads=8,
        )
        try:
            for in_flight in (1, 2, 4):
                engine = LibreTranslateEngine(
                    server.url, "en", "fr", batch_size=args.batch, in_flight=in_flight
                )
                engine.translate(texts[:2])  # warm: first request loads the model
                started = time.perf_counter()
                theirs = [draft.text for draft in engine.translate(texts)]
                seconds = time.perf_counter() - started
                same = sum(shape(a) == shape(b) for a, b in zip(ours, theirs, strict=True))
                rows.append((f"LibreTranslate, {in_flight} request(s) in flight", seconds))
                agreement.append(same)
        finally:
            server.stop()

    base = rows[0][1]
    print(
        f"{len(texts)} segments; model {args.layers}+{args.layers} layers, d_model "
        f"{args.d_model}; greedy, max_decoding_length {MAX_DECODING_LENGTH}; {args.batch} per "
        f"batch or request; {args.threads} CPU threads; server: {inter} translations at once\n"
    )
    print("| path | seconds | segments/s | vs in-process |")
    print("|---|---:|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} | {len(texts) / seconds:.1f} | {base / seconds:.2f}× |")
    print(
        f"\nOutputs equal to in-process ones (up to LibreTranslate's reformatting): "
        f"{', '.join(f'{n}/{len(texts)}' for n in agreement)}"
    )


if __name__ == "__main__":
    main()
