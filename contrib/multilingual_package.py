#!/usr/bin/env python3
"""Make an alerti18n package (.argosmodel) of a multilingual model: NLLB-200, M2M-100, MADLAD-400.

Run it on a machine with internet access, with alerti18n importable (its .venv) and
CTranslate2's converter installed wherever you like (it needs ``transformers`` and
``torch``, which alerti18n does not: a venv of its own is best)::

    python -m venv /tmp/ct2 && /tmp/ct2/bin/pip install ctranslate2 transformers torch sentencepiece
    .venv/bin/python contrib/multilingual_package.py --family nllb \\
        --model facebook/nllb-200-distilled-600M \\
        --converter /tmp/ct2/bin/ct2-transformers-converter --out packages/

It runs ``ct2-transformers-converter --model MODEL --quantization int8 --copy_files TOKENIZER``
(downloading the model from Hugging Face), then makes the package folder:

* ``model/``: the converted model;
* ``sentencepiece.model``: the family's SentencePiece file, as the model's repository ships it
  (``sentencepiece.bpe.model`` for NLLB and M2M-100, ``spiece.model`` for MADLAD-400);
* ``metadata.json``: an Argos package's fields (``from_code``/``to_code`` name one pair, the one
  Argos itself and LibreTranslate would see) and ours, ``"alerti18n"``: the family, the
  languages the model's vocabulary has the tokens of, the licence, and the quality figures
  ``--quality`` gives (a JSON file mapping ``"en->hy"`` to ``{"chrF++": 40.1}``);
* ``README.md``: the model, its licence and how the package was made;

and zips it as ``OUT/NAME.argosmodel``. Install it on the translating machine with
``alerti18n models install NAME.argosmodel``. With ``--converted DIR --tokenizer FILE`` the
conversion is skipped and an already converted model is packaged (the tests do this with
random-weight models of the same shape, offline).

Licences (see the README's "Which model for which language"): NLLB-200 is CC-BY-NC-4.0 (no
commercial use), M2M-100 MIT, MADLAD-400 Apache-2.0.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from alerti18n.mt.multilingual import FIELD, Family, families, package_info

MADLAD_TOKEN = re.compile(r"<2([A-Za-z0-9_-]{1,16})>")


def convert(model: str, family: Family, converter: str, quantization: str, dest: Path) -> Path:
    """Run CTranslate2's converter on the Hugging Face ``model`` into the new folder ``dest``;
    the family's tokenizer is copied in. Returns the tokenizer's path."""
    command = [converter, "--model", model, "--output_dir", str(dest)]
    command += ["--quantization", quantization, "--copy_files", family.tokenizer]
    subprocess.run(command, check=True)
    return dest / family.tokenizer


def vocabulary(model_dir: Path) -> set[str]:
    """The tokens of a converted model's vocabulary files."""
    tokens: set[str] = set()
    for path in sorted(model_dir.glob("*vocabulary.*")):
        if path.suffix == ".json":
            tokens.update(json.loads(path.read_text(encoding="utf-8")))
        else:
            tokens.update(path.read_text(encoding="utf-8").splitlines())
    return tokens


def languages(family: Family, tokens: set[str]) -> list[str]:
    """The family's languages whose language tokens the model's vocabulary has."""
    if family.languages is None:  # MADLAD-400: the <2xx> tokens name them
        return sorted({m.group(1) for t in tokens if (m := MADLAD_TOKEN.fullmatch(t))})
    found = []
    for code in sorted(family.languages):
        needed = family.affixes(code, code).tokens()
        if all(token in tokens for token in needed):
            found.append(code)
    return found


def metadata(args: argparse.Namespace, family: Family, served: list[str]) -> dict:
    """The package's metadata.json: Argos' fields for one pair, and ours."""
    source, target = (family.code(lang, served) for lang in args.pair)
    if source is None or target is None:
        sys.exit(f"the model does not have both languages of --pair {' '.join(args.pair)}")
    affixes = family.affixes(source, target)
    ours: dict = {"family": family.name, "languages": served, "licence": family.licence}
    if args.quality:
        ours["quality"] = json.loads(Path(args.quality).read_text(encoding="utf-8"))
        ours["quality_source"] = args.quality_source
    return {
        "package_version": args.version,
        "argos_version": "1.9",
        "from_code": args.pair[0],
        "from_name": args.pair[0],
        "to_code": args.pair[1],
        "to_name": args.pair[1],
        "type": "translate",
        "name": f"{family.title} ({args.model or args.name})",
        "target_prefix": affixes.target_tokens[0] if affixes.target_tokens else "",
        "links": [],
        FIELD: ours,
    }


def readme(args: argparse.Namespace, family: Family, count: int) -> str:
    commercial = "allows" if family.commercial else "forbids"
    return (
        f"# {family.title}: {args.model or args.name}\n\n"
        f"A multilingual model ({count} languages), converted to CTranslate2 "
        f"({args.quantization}) by alerti18n's contrib/multilingual_package.py.\n\n"
        f"Licence: {family.licence}, which {commercial} commercial use. The licence of the "
        "original model applies to this package: keep this file with it.\n"
    )


def package(args: argparse.Namespace, family: Family, model_dir: Path, tokenizer: Path) -> Path:
    """Lay the package folder out, check its metadata as ``models install`` will, zip it."""
    name = args.name or f"{family.name}-{(args.model or 'model').split('/')[-1]}"
    top_name = f"{name}-{args.version.replace('.', '_')}"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        top = Path(tmp) / top_name
        shutil.copytree(model_dir, top / "model", ignore=shutil.ignore_patterns(family.tokenizer))
        shutil.copy(tokenizer, top / "sentencepiece.model")
        served = languages(family, vocabulary(top / "model"))
        if not served:
            sys.exit(f"{model_dir}: the vocabulary has no {family.title} language token")
        meta = metadata(args, family, served)
        package_info(meta, top / "metadata.json")  # what models install will check
        (top / "metadata.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        (top / "README.md").write_text(readme(args, family, len(served)), encoding="utf-8")
        path = out / f"{top_name}.argosmodel"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for file in sorted(top.rglob("*")):
                zf.write(file, file.relative_to(tmp).as_posix())
    return path


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--family", required=True, choices=sorted(families()))
    parser.add_argument("--model", help="Hugging Face model to convert (see families.toml)")
    parser.add_argument("--converter", default="ct2-transformers-converter")
    parser.add_argument("--quantization", default="int8")
    parser.add_argument("--converted", help="an already converted model folder (no download)")
    parser.add_argument("--tokenizer", help="with --converted: the family's SentencePiece file")
    parser.add_argument("--name", help="package name (default: FAMILY-MODEL)")
    parser.add_argument("--version", default="1.0")
    parser.add_argument("--pair", nargs=2, default=("en", "fr"), metavar=("FROM", "TO"))
    parser.add_argument("--quality", help='JSON file: {"en->hy": {"chrF++": 40.1}, ...}')
    parser.add_argument("--quality-source", default="", help="where the figures come from")
    parser.add_argument("--out", required=True, help="folder for the .argosmodel")
    args = parser.parse_args(argv)
    family = families()[args.family]
    if args.converted:
        if not args.tokenizer:
            parser.error("--converted needs --tokenizer")
        made = package(args, family, Path(args.converted), Path(args.tokenizer))
    else:
        if not args.model:
            parser.error(f"give --model (one of {', '.join(family.models)}) or --converted")
        with tempfile.TemporaryDirectory() as tmp:
            converted = Path(tmp) / "model"
            tokenizer = convert(args.model, family, args.converter, args.quantization, converted)
            made = package(args, family, converted, tokenizer)
    print(made)
    return made


if __name__ == "__main__":
    main()
