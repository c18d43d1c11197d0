"""Build a real MiniSBD sentence splitter (an ONNX model) at test time, without the network.

Argos Translate (``argos-translate-lt``) splits every text into sentences with MiniSBD before
translating. MiniSBD runs an ONNX model through onnxruntime; the model is taken from a
package's ``minisbd/*.onnx`` when there is one, else downloaded at first use from the project's
release page into ``$XDG_DATA_HOME/argos-translate/minisbd/``. Offline, that download fails,
and so does the translation. :func:`build_minisbd_model` writes a model of the same interface,
which the real MiniSBD code loads and runs unchanged:

* inputs ``units`` (int64, batch x chars: character ids in the model's vocabulary, 0 = padding)
  and ``features`` (float, batch x chars x 1: the ``space_before`` feature, 1 for a space);
* output: scores per character for class 0 (inside a word), 1 (end of a word) and 2 (end of a
  sentence), which MiniSBD turns into tokens and sentences with ``argmax``;
* metadata ``lang_code``, ``config`` (JSON), ``vocab`` (a MiniSBD vocabulary as JSON) and
  ``lexicon`` (``null``).

Its graph is a rule, not a trained network: a character ends a word when a space or the end
of the text follows it, and ends a sentence when it is also ``.``, ``!`` or ``?``. The file is
encoded here with a few lines of protobuf wire format (ONNX's ``onnx.proto``), so neither the
``onnx`` package nor any download is needed.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable
from pathlib import Path

#: What ends a sentence when a space or the end of the text follows.
SENTENCE_END = ".!?"
#: ONNX TensorProto data types, and the IR version / opset the graph is written for.
_FLOAT, _INT64 = 1, 7
_IR_VERSION, _OPSET = 8, 13


# Protobuf wire format -----------------------------------------------------------------------


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64 values are sent as their two's complement
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _int(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


def _bytes(field: int, value: bytes | str) -> bytes:
    data = value.encode("utf-8") if isinstance(value, str) else value
    return _varint(field << 3 | 2) + _varint(len(data)) + data


def _many(field: int, items: Iterable[bytes | str]) -> bytes:
    return b"".join(_bytes(field, item) for item in items)


# ONNX messages (field numbers from onnx.proto) ----------------------------------------------


def _tensor(name: str, dims: list[int], values: list[float] | list[int], kind: int) -> bytes:
    fmt = "f" if kind == _FLOAT else "q"
    raw = struct.pack(f"<{len(values)}{fmt}", *values)
    return b"".join(_int(1, d) for d in dims) + _int(2, kind) + _bytes(8, name) + _bytes(9, raw)


def _node(op: str, inputs: list[str], output: str, **ints: int) -> bytes:
    attributes = [_bytes(1, key) + _int(3, value) + _int(20, 2) for key, value in ints.items()]
    return (
        _many(1, inputs)
        + _bytes(2, output)
        + _bytes(3, output)
        + _bytes(4, op)
        + _many(5, attributes)
    )


def _value_info(name: str, kind: int, dims: list[int | str]) -> bytes:
    shape = _many(1, [_int(1, d) if isinstance(d, int) else _bytes(2, d) for d in dims])
    tensor_type = _int(1, kind) + _bytes(2, shape)
    return _bytes(1, name) + _bytes(2, _bytes(1, tensor_type))


def _graph(vocabulary: list[str]) -> bytes:
    ends = [1.0 if unit in SENTENCE_END else 0.0 for unit in vocabulary]
    pads = [1.0 if i == 0 else 0.0 for i in range(len(vocabulary))]
    size = len(vocabulary)
    initializers = [
        _tensor("sentence_end", [size], ends, _FLOAT),
        _tensor("padding", [size], pads, _FLOAT),
        _tensor("axis_chars", [1], [2], _INT64),
        _tensor("axis_time", [1], [1], _INT64),
        _tensor("from_second", [1], [1], _INT64),
        _tensor("to_last", [1], [2**62], _INT64),
        _tensor("pad_after", [4], [0, 0, 0, 1], _INT64),
        _tensor("one", [], [1.0], _FLOAT),
        _tensor("two", [], [2.0], _FLOAT),
        _tensor("half", [], [0.5], _FLOAT),
        _tensor("zero", [], [0.0], _FLOAT),
    ]
    nodes = [
        # gap[t] = 1 where character t is a space or padding
        _node("ReduceSum", ["features", "axis_chars"], "space", keepdims=0),
        _node("Gather", ["padding", "units"], "pad"),
        _node("Add", ["space", "pad"], "gap"),
        # after[t] = gap[t + 1], and 1 past the last character
        _node("Slice", ["gap", "from_second", "to_last", "axis_time"], "gap_next"),
        _node("Pad", ["gap_next", "pad_after", "one"], "after"),
        _node("Gather", ["sentence_end", "units"], "stop"),
        _node("Mul", ["stop", "after"], "stop_after"),
        # scores: 0.5 inside a word, 1 at a word's end, 2 at a sentence's end
        _node("Mul", ["after", "zero"], "zeros"),
        _node("Add", ["zeros", "half"], "score_inside"),
        _node("Mul", ["stop_after", "two"], "score_sentence"),
        _node("Unsqueeze", ["score_inside", "axis_chars"], "c0"),
        _node("Unsqueeze", ["after", "axis_chars"], "c1"),
        _node("Unsqueeze", ["score_sentence", "axis_chars"], "c2"),
        _node("Concat", ["c0", "c1", "c2"], "scores", axis=2),
    ]
    return (
        _many(1, nodes)
        + _bytes(2, "rule-based sentence splitter")
        + _many(5, initializers)
        + _many(
            11,
            [
                _value_info("units", _INT64, ["batch", "chars"]),
                _value_info("features", _FLOAT, ["batch", "chars", 1]),
            ],
        )
        + _bytes(12, _value_info("scores", _FLOAT, ["batch", "chars", 3]))
    )


def vocabulary() -> list[str]:
    """Padding, unknown, then printable ASCII and the Latin-1 letters: one unit per character."""
    chars = [chr(c) for c in range(32, 127)] + [chr(c) for c in range(0xC0, 0x100)]
    return ["<PAD>", "<UNK>", *chars]


def build_minisbd_model(dest: Path, lang: str = "en") -> Path:
    """Write the MiniSBD ONNX model to ``dest`` (a file); return its path."""
    units = vocabulary()
    vocab = {
        "lang": lang,
        "idx": 0,
        "cutoff": 0,
        "lower": False,
        "_unit2id": {unit: i for i, unit in enumerate(units)},
        "_id2unit": units,
    }
    config = {
        "feat_funcs": ["space_before"],
        "skip_newline": False,
        "max_seqlen": 1000,
        "batch_size": 1,
        "use_dictionary": False,
        "num_dict_feat": 0,
    }
    metadata = {
        "lang_code": lang,
        "config": json.dumps(config),
        "vocab": json.dumps(vocab),
        "lexicon": "null",
    }
    model = (
        _int(1, _IR_VERSION)
        + _bytes(2, "alerti18n tests")
        + _bytes(7, _graph(units))
        + _bytes(8, _bytes(1, "") + _int(2, _OPSET))
        + _many(14, [_bytes(1, key) + _bytes(2, value) for key, value in metadata.items()])
    )
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(model)
    return dest
