"""Pre-translation throughput: alerti18n's pretranslate vs bare CTranslate2, one run.

Builds a realistic-size random-weight Argos package (6+6 layers, d_model 512,
SentencePiece trained on the corpus), a project whose French catalog has
>= 2,000 untranslated entries (the basic fixture's sentences plus Rust-book
sentences; the fixture's glossary), then times, on the same segments and
model, with the same beam size and the same decoding-length bound:

1. ``pretranslate`` end to end (read PO, protect, tokenize, batch, decode,
   restore, mark, write PO; empty cache);
2. a bare ``translate_batch`` loop over pre-tokenized segments, in input
   order, ``--batch`` segments per call;
3. one segment per ``translate_batch`` call (on the first ``--single``
   segments only, since it is slow; segments/s is what is compared).

Prints a Markdown table. Usage: ``python benchmarks/bench_pretranslate.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import ctranslate2
import polib
import sentencepiece as spm

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))

from support.argos_factory import BASIC, build_argosmodel, fixture_sentences  # noqa: E402

from alerti18n.core.config import load_project  # noqa: E402
from alerti18n.mt import packages as models  # noqa: E402
from alerti18n.mt.argos import ArgosOptions, thread_split  # noqa: E402

# noqa: E402
from alerti18n.po.pofile import write_po  # noqa: E402
from alerti18n.stages.pretranslate import pretranslate  # noqa: E402

RUST_BOOK = REPO.parent / "shared" / "corpus" / "markdown" / "rust-book"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`\[])")


def corpus_segments(limit: int) -> list[str]:
    """The basic fixture's sentences, then Rust-book prose sentences (no code blocks), distinct."""
    seen: dict[str, None] = dict.fromkeys(fixture_sentences())
    for page in sorted(RUST_BOOK.glob("*.md")):
        in_code = False
        paragraph: list[str] = []
        for line in [*page.read_text(encoding="utf-8").splitlines(), ""]:
            if line.lstrip().startswith("```"):
                in_code = not in_code
                continue
            if in_code or line.startswith(("#", "|", "<", "{{", "[")):
                continue
            if line.strip():
                paragraph.append(line.strip())
                continue
            for sentence in _SENTENCE_END.split(" ".join(paragraph)):
                if 20 <= len(sentence) <= 400:
                    seen.setdefault(sentence)
            paragraph = []
        if len(seen) >= limit:
            break
    return list(seen)[:limit]


def make_project(root: Path, segments: list[str]) -> None:
    (root / "source").mkdir(parents=True)
    (root / "source" / "bench.md").write_text("# Bench\n", encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.alerti18n]\nsource-language = "en"\ntarget-languages = ["fr"]\n',
        encoding="utf-8",
    )
    (root / "locales").mkdir()
    shutil.copy(BASIC / "locales" / "glossary.csv", root / "locales" / "glossary.csv")
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Language": "fr", "Content-Type": "text/plain; charset=UTF-8"}
    for number, text in enumerate(segments, start=1):
        po.append(polib.POEntry(msgid=text, occurrences=[("source/bench.md", str(number))]))
    write_po(po, root / "locales" / "fr" / "bench.po")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--single", type=int, default=300, help="segments for one-per-call")
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--d-model", type=int, default=512)
    parser.add_argument("--vocab", type=int, default=8000)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--beam", type=int, default=2)
    parser.add_argument("--max-len", type=int, default=48, help="max_decoding_length, all three")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    segments = corpus_segments(args.segments)
    assert len(segments) >= min(args.segments, 2000), len(segments)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        package = build_argosmodel(
            work / "bench.argosmodel",
            layers=(args.layers, args.layers),
            d_model=args.d_model,
            texts=segments,
            vocab_size=args.vocab,
        )
        installed = models.install_file(package, work / "models")
        built = time.perf_counter() - started
        make_project(work / "project", segments)
        project = load_project(work / "project")
        options = ArgosOptions(
            batch_size=args.batch,
            beam_size=args.beam,
            threads=args.threads,
            max_decoding_length=args.max_len,
            models_dir=work / "models",
        )
        # the same threads as ArgosEngine: workers first, each decoding a part of a batch
        workers, per_worker = thread_split(args.threads, "cpu")
        translator = ctranslate2.Translator(
            str(installed.path / "model"), inter_threads=workers, intra_threads=per_worker
        )
        sp = spm.SentencePieceProcessor(model_file=str(installed.path / "sentencepiece.model"))
        tokens = [sp.encode(s, out_type=str) for s in segments]
        # exactly the decoding options ArgosEngine passes
        decode = {
            "beam_size": args.beam,
            "max_decoding_length": args.max_len,
            "replace_unknowns": True,
            "return_scores": True,
            "length_penalty": 1.0,
            "max_batch_size": -(-args.batch // workers),
        }
        translator.translate_batch(tokens[: args.batch], **decode)  # warm-up

        def bare_loop() -> float:
            started = time.perf_counter()
            for i in range(0, len(tokens), args.batch):
                translator.translate_batch(tokens[i : i + args.batch], **decode)
            return time.perf_counter() - started

        # bare, ours, bare again: the mean of the two bare runs cancels drift in machine load
        bare_first = bare_loop()
        started = time.perf_counter()
        (summary,) = pretranslate(project, ["fr"], options=options)
        ours = time.perf_counter() - started
        assert summary.translated == len(segments), summary
        bare_second = bare_loop()
        bare = (bare_first + bare_second) / 2

        single_tokens = tokens[: args.single]
        started = time.perf_counter()
        for one in single_tokens:
            translator.translate_batch([one], **decode)
        single = time.perf_counter() - started

    rows = [
        ("alerti18n pretranslate (end to end)", len(segments), ours),
        (f"bare translate_batch loop ({args.batch}/call, mean of 2)", len(segments), bare),
        ("one segment per call", len(single_tokens), single),
    ]
    bare_rate = len(segments) / bare
    print(
        f"model: {args.layers}+{args.layers} layers, d_model {args.d_model}, vocab "
        f"{sp.get_piece_size()}, random weights, built in {built:.1f} s; beam {args.beam}, "
        f"max_decoding_length {args.max_len}, batch {args.batch}, {args.threads} threads, "
        f"{os.cpu_count()} CPUs; bare runs {bare_first:.1f} s and {bare_second:.1f} s\n"
    )
    print("| path | segments | seconds | segments/s | vs bare |")
    print("|---|---:|---:|---:|---:|")
    for name, count, seconds in rows:
        rate = count / seconds
        print(f"| {name} | {count} | {seconds:.1f} | {rate:.1f} | {rate / bare_rate:.2f}x |")


if __name__ == "__main__":
    main()
