"""Build real Argos Translate packages at test time, and hostile ones.

:func:`build_argosmodel` trains a SentencePiece model on the given texts (by
default :func:`fixture_sentences`, those of the basic fixture project), builds
a CTranslate2 Transformer from ``ctranslate2.specs`` with random weights (or,
with ``copy=True``, hand-set weights that copy the source sentence token by
token) and zips both with a ``metadata.json`` the way Argos packages are laid
out::

    translate-en_fr-1_0/
        metadata.json
        sentencepiece.model
        model/model.bin, model/shared_vocabulary.json, model/config.json

The default is tiny (2+2 layers, d_model 64) and builds in about a second;
``layers=(6, 6), d_model=512`` gives a model of realistic size for benchmarks.

:func:`build_multilingual` builds a multilingual model of a family's shape (NLLB-200,
M2M-100 or MADLAD-400: its language tokens in the vocabulary, in the SentencePiece model for
MADLAD-400, the decoder starting as the family's does) and packages it with
``contrib/multilingual_package.py``, the script a connected machine runs on the real models.
``swap`` makes a copying model give one token for another (a model that mangles a term).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import polib
import sentencepiece as spm
from ctranslate2.specs import transformer_spec

#: The basic fixture project (tests/roots/basic): its sentences are the test models' text.
BASIC = Path(__file__).resolve().parents[1] / "roots" / "basic"


def fixture_sentences(root: Path = BASIC) -> list[str]:
    """The sentences of a fixture project, as its templates (``locales/*.pot``) hold them.

    They are what ``pretranslate`` sends a model for that project (headings, table cells, a
    link, inline code), segmented by alerti18n itself, so no Markdown is parsed here.
    """
    out: dict[str, None] = {}
    for pot in sorted((root / "locales").glob("*.pot")):
        out.update(dict.fromkeys(e.msgid for e in polib.pofile(str(pot)) if not e.obsolete))
    return list(out)


def train_sentencepiece(
    texts: Iterable[str], prefix: Path, vocab_size: int = 400, symbols: Sequence[str] = ()
) -> Path:
    """Train a unigram SentencePiece model on ``texts`` (``symbols``: pieces of their own, such
    as MADLAD-400's ``<2hy>``); return the .model path."""
    stream = io.StringIO("\n".join(t for t in texts if t.strip()))
    # Printable ASCII is always in the vocabulary, so placeholders and codes never become <unk>.
    ascii_chars = "".join(chr(c) for c in range(33, 127))
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(stream.getvalue().splitlines()),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        required_chars=ascii_chars,
        user_defined_symbols=list(symbols),
        bos_id=1,
        eos_id=2,
        unk_id=0,
        pad_id=-1,
        num_threads=2,
        minloglevel=2,
    )
    return prefix.with_suffix(".model")


def _vocabulary(sp_model: Path) -> list[str]:
    proc = spm.SentencePieceProcessor(model_file=str(sp_model))
    return [proc.id_to_piece(i) for i in range(proc.get_piece_size())]


def build_spec(
    vocab: list[str],
    layers: tuple[int, int] = (2, 2),
    d_model: int = 64,
    heads: int = 4,
    ffn: int | None = None,
    seed: int = 0,
    copy: bool = False,
    swap: Sequence[tuple[str, str]] = (),
) -> transformer_spec.TransformerSpec:
    """A Transformer spec with every weight set: random, or copying its input, each pair of
    tokens in ``swap`` given one for the other."""
    spec = transformer_spec.TransformerSpec.from_config(layers, heads)
    rng = np.random.default_rng(seed)
    ffn = ffn or 4 * d_model
    size = len(vocab)

    def rand(*shape: int) -> np.ndarray:
        return rng.normal(0.0, 0.08, size=shape).astype(np.float32)

    def norm(ln) -> None:
        ln.gamma = np.ones(d_model, np.float32)
        ln.beta = np.zeros(d_model, np.float32)

    for side in (spec.encoder, spec.decoder):
        norm(side.layer_norm)
        for layer in side.layer:
            norm(layer.self_attention.layer_norm)
            layer.self_attention.linear[0].weight = rand(3 * d_model, d_model)
            layer.self_attention.linear[1].weight = rand(d_model, d_model)
            norm(layer.ffn.layer_norm)
            layer.ffn.linear_0.weight = rand(ffn, d_model)
            layer.ffn.linear_1.weight = rand(d_model, ffn)
            if side is spec.decoder:
                norm(layer.attention.layer_norm)
                layer.attention.linear[0].weight = rand(d_model, d_model)
                layer.attention.linear[1].weight = rand(2 * d_model, d_model)
                layer.attention.linear[2].weight = rand(d_model, d_model)
    embeddings = rng.normal(0.0, 1.0, size=(size, d_model)).astype(np.float32)
    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = embeddings
    spec.decoder.projection.weight = rand(size, d_model)
    if copy:
        _make_copying(spec, size, d_model, rng)
    weights = spec.decoder.projection.weight
    for one, other in swap:
        a, b = vocab.index(one), vocab.index(other)
        weights[[a, b]] = weights[[b, a]]
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


def _make_copying(spec, size: int, d_model: int, rng: np.random.Generator) -> None:
    """Overwrite the weights so the decoder copies source token t at step t.

    Token vectors live in the first half of the dimensions, position vectors
    in the second; every sub-layer but the last cross-attention adds nothing,
    which attends from position t to source position t and adds that token.
    The source gets ``</s>`` appended, so the copy ends where the source does.
    """
    half = d_model // 2
    zeros = np.zeros
    tokens = rng.normal(0.0, 1.0, size=(size, half)).astype(np.float32)
    tokens /= np.linalg.norm(tokens, axis=1, keepdims=True)
    embeddings = np.concatenate([tokens, zeros((size, d_model - half), np.float32)], axis=1)
    positions = rng.normal(0.0, 1.0, size=(1024, d_model - half)).astype(np.float32)
    positions /= np.linalg.norm(positions, axis=1, keepdims=True)
    encodings = np.concatenate([zeros((1024, half), np.float32), positions], axis=1)
    for side in (spec.encoder, spec.decoder):
        side.scale_embeddings = False
        side.position_encodings.encodings = encodings
        for layer in side.layer:
            layer.self_attention.linear[1].weight = zeros((d_model, d_model), np.float32)
            layer.ffn.linear_1.weight = zeros((d_model, layer.ffn.linear_0.weight.shape[0]), "f")
    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = embeddings
    for layer in spec.decoder.layer[:-1]:
        layer.attention.linear[2].weight = zeros((d_model, d_model), np.float32)
    last = spec.decoder.layer[-1].attention
    query = zeros((d_model, d_model), np.float32)
    query[half:, half:] = np.eye(d_model - half) * 60.0  # sharp, position-only attention
    key_value = zeros((2 * d_model, d_model), np.float32)
    key_value[half:d_model, half:] = np.eye(d_model - half)  # keys: positions
    key_value[d_model : d_model + half, :half] = np.eye(half)  # values: tokens
    last.linear[0].weight = query
    last.linear[1].weight = key_value
    out = zeros((d_model, d_model), np.float32)
    out[:half, :half] = np.eye(half) * 8.0
    last.linear[2].weight = out
    spec.decoder.projection.weight = embeddings * 4.0
    spec.config.add_source_eos = True


def build_argosmodel(
    dest: Path,
    from_code: str = "en",
    to_code: str = "fr",
    layers: tuple[int, int] = (2, 2),
    d_model: int = 64,
    version: str = "1.0",
    texts: list[str] | None = None,
    *,
    heads: int | None = None,
    vocab_size: int = 400,
    copy: bool = False,
    seed: int = 0,
    target_prefix: str = "",
) -> Path:
    """Build a real ``.argosmodel`` zip; ``dest`` is the file or a folder for it.

    Its SentencePiece is trained on ``texts`` (default: :func:`fixture_sentences`) plus every
    printable ASCII character, so a copying model returns any ASCII text unchanged.
    """
    texts = texts if texts is not None else fixture_sentences()
    code = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    path = dest if dest.suffix == ".argosmodel" else dest / f"{code}.argosmodel"
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        top = Path(tmp) / code
        top.mkdir()
        sp_model = train_sentencepiece(texts, Path(tmp) / "sp", vocab_size)
        shutil.copy(sp_model, top / "sentencepiece.model")
        if copy:
            heads = 1  # the copying attention must see all of its dimensions in one head
        heads = heads or max(2, d_model // 64)
        spec = build_spec(_vocabulary(sp_model), layers, d_model, heads, copy=copy, seed=seed)
        spec.validate()
        spec.optimize(quantization=None)
        (top / "model").mkdir()
        spec.save(str(top / "model"))
        metadata = {
            "package_version": version,
            "argos_version": "1.9",
            "from_code": from_code,
            "from_name": from_code,
            "to_code": to_code,
            "to_name": to_code,
            "type": "translate",
            "name": f"test {from_code}-{to_code}",
            "links": [],
        }
        if target_prefix:
            metadata["target_prefix"] = target_prefix
        (top / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (top / "README.md").write_text("Random-weight test model.\n", encoding="utf-8")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for file in sorted(top.rglob("*")):
                zf.write(file, file.relative_to(tmp).as_posix())
    return path


# Multilingual packages ------------------------------------------------------

CONTRIB = Path(__file__).resolve().parents[2] / "contrib" / "multilingual_package.py"


def build_multilingual(
    dest: Path,
    family: str = "nllb",
    languages: Sequence[str] = ("en", "hy", "ka", "am"),
    *,
    copy: bool = False,
    swap: Sequence[tuple[str, str]] = (),
    layers: tuple[int, int] = (2, 2),
    d_model: int = 64,
    version: str = "1.0",
    name: str | None = None,
    quality: dict | None = None,
    seed: int = 0,
    texts: list[str] | None = None,
) -> Path:
    """A multilingual ``.argosmodel`` in folder ``dest`` for project ``languages``, packaged by
    ``contrib/multilingual_package.py`` (``--converted``: the model built here, offline)."""
    from alerti18n.mt.multilingual import families

    kind = families()[family]
    available = kind.languages or frozenset(languages)
    codes = [kind.code(lang, available) for lang in languages]
    assert None not in codes, (family, languages, codes)
    tokens = dict.fromkeys(t for c in codes for t in kind.affixes(c, c).tokens())
    texts = texts if texts is not None else fixture_sentences()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        in_tokenizer = [t for t in tokens if kind.source_text and t != kind.end]
        sp_model = train_sentencepiece(texts, work / "sp", symbols=in_tokenizer)
        vocab = _vocabulary(sp_model)
        vocab += [t for t in tokens if t not in vocab]  # NLLB's and M2M-100's language tokens
        heads = 1 if copy else max(2, d_model // 64)
        spec = build_spec(vocab, layers, d_model, heads, copy=copy, seed=seed, swap=swap)
        spec.config.add_source_eos = False  # the family's end token is added by alerti18n
        spec.config.decoder_start_token = "</s>" if kind.target_tokens else "<s>"
        spec.validate()
        spec.optimize(quantization=None)
        (work / "model").mkdir()
        spec.save(str(work / "model"))
        shutil.copy(sp_model, work / kind.tokenizer)
        command = [sys.executable, str(CONTRIB), "--family", family, "--converted"]
        command += [str(work / "model"), "--tokenizer", str(work / kind.tokenizer)]
        command += ["--version", version, "--out", str(dest), "--pair", "en", languages[-1]]
        command += ["--name", name or f"test-{family}"]
        if quality is not None:
            (work / "quality.json").write_text(json.dumps(quality), encoding="utf-8")
            command += ["--quality", str(work / "quality.json"), "--quality-source", "test"]
        made = subprocess.run(command, capture_output=True, text=True, check=False)
        assert made.returncode == 0, made.stderr
    return Path(made.stdout.strip())


def pieces(package: Path, text: str) -> list[str]:
    """``text`` as the SentencePiece model of an ``.argosmodel`` cuts it."""
    with zipfile.ZipFile(package) as zf:
        name = next(n for n in zf.namelist() if n.endswith("/sentencepiece.model"))
        proto = zf.read(name)
    return list(spm.SentencePieceProcessor(model_proto=proto).encode(text, out_type=str))


# Hostile and broken packages ------------------------------------------------


def rewrite_zip(
    source: Path,
    dest: Path,
    add: dict[str, bytes] | None = None,
    drop: Iterable[str] = (),
    symlinks: dict[str, str] | None = None,
    top: str | None = None,
) -> Path:
    """Copy ``source`` to ``dest`` dropping members ending in ``drop``, adding others; with
    ``top``, the members of the copy are under that top folder instead."""
    drop = tuple(drop)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if drop and info.filename.endswith(drop):
                continue
            data = src.read(info.filename)
            if top is not None:
                info.filename = top + info.filename[info.filename.index("/") :]
            out.writestr(info, data)
        for name, data in (add or {}).items():
            out.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            out.writestr(info, target)
    return dest


def top_folder(package: Path) -> str:
    with zipfile.ZipFile(package) as zf:
        return zf.namelist()[0].split("/")[0]


#: metadata.json changes that make a hostile package, by name: what each field becomes.
HOSTILE_METADATA: dict[str, dict[str, object]] = {
    "version-newline": {"package_version": "1.0\nmt: forged sha=000000000000"},
    "version-list": {"package_version": ["1.0"]},
    "version-number": {"package_version": 1.0},
    "version-slash": {"package_version": "../../1.0"},
    "code-dotdot": {"from_code": "../../x"},
    "code-slash": {"to_code": "fr/../../x"},
    "code-list": {"to_code": ["fr"]},
    "code-newline": {"to_code": "fr\n"},
    "code-unknown": {"to_code": "qq"},
    "code-missing": {"from_code": None},
    "name-escape": {"from_name": "English\x1b]0;owned\x07"},
    "name-bidi": {"to_name": "French \u202eevil"},
    "name-list": {"name": ["a", "b"]},
    "prefix-newline": {"target_prefix": "__fr__\n"},
    "links-text": {"links": "https://example.org/x.argosmodel"},
    "links-numbers": {"links": [1, 2]},
    "languages-object": {"languages": {"code": "fr"}},
}


def hostile_packages(good: Path, folder: Path) -> dict[str, Path]:
    """Broken or malicious variants of ``good``, by the name of what is wrong (the
    ``HOSTILE_METADATA`` ones included)."""
    folder.mkdir(parents=True, exist_ok=True)
    top = top_folder(good)
    meta = json.loads(zipfile.ZipFile(good).read(f"{top}/metadata.json"))

    def metadata(data: bytes) -> dict:
        return {"drop": ["metadata.json"], "add": {f"{top}/metadata.json": data}}

    out: dict[str, Path] = {}
    (folder / "not-a-zip.argosmodel").write_bytes(b"this is not a zip file\n" * 10)
    out["not-a-zip"] = folder / "not-a-zip.argosmodel"
    out["truncated"] = folder / "truncated.argosmodel"
    out["truncated"].write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    variants: dict[str, dict] = {
        "dotdot": {"add": {f"{top}/../../escaped.txt": b"pwned"}},
        "absolute": {"add": {"/tmp/alerti18n-absolute.txt": b"pwned"}},
        "symlink": {"symlinks": {f"{top}/model/link": "/etc/passwd"}},
        "two-tops": {"add": {"other/file.txt": b"x"}},
        "no-metadata": {"drop": ["metadata.json"]},
        "no-model": {"drop": ["model/model.bin"]},
        "no-tokenizer": {"drop": ["sentencepiece.model"]},
        "wrong-type": {
            "drop": ["metadata.json"],
            "add": {f"{top}/metadata.json": json.dumps({**meta, "type": "sbd"}).encode()},
        },
        "bad-metadata": metadata(b"{nope"),
        "oversized": {"add": {f"{top}/huge.bin": b"\0" * (3 * 1024 * 1024)}},
        # 64 MiB of zeros in 64 KiB: the package unpacks to some 60 times its size
        "bomb": {"add": {f"{top}/model/padding.bin": bytes(64 << 20)}},
        "metadata-deep": metadata(b"[" * 100_000),
        "metadata-huge": metadata(json.dumps({**meta, "pad": " " * (2 << 20)}).encode()),
        "top-newline": {"top": "translate-en\nfr"},
        "top-space": {"top": "translate en fr"},
    }
    for name, change in HOSTILE_METADATA.items():
        variants[name] = metadata(json.dumps({**meta, **change}).encode())
    for name, change in variants.items():
        out[name] = rewrite_zip(good, folder / f"{name}.argosmodel", **change)
    return out


def no_network_site(tmp_path: Path) -> Path:
    """A sitecustomize that makes every connection attempt fail and logs it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        textwrap.dedent(
            f"""
            import socket

            def _blocked(*args, **kwargs):
                with open({str(tmp_path / "attempts.log")!r}, "a") as log:
                    log.write(repr(args[:2]) + "\\n")
                raise OSError("network disabled by test")

            socket.socket.connect = _blocked
            socket.socket.connect_ex = _blocked
            socket.create_connection = _blocked
            socket.getaddrinfo = _blocked
            """
        )
    )
    return site


def run_offline(code: str, site: Path, home: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), *sys.path[1:]]),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    env.pop("ARGOS_PACKAGE_INDEX", None)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
