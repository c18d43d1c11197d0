"""What the fuzz tests of tests/e2e/fuzz/ share: inputs made from real seeds, a deadline, and
the property every parser holds.

The property: any bytes either parse, or raise an :class:`AlertI18nError` naming the file (and
its line, where the format has lines) in one line; never another exception, never a hang.
:func:`mutants` makes inputs the way a fuzzer does: a real file with a few bytes flipped,
dropped, repeated or replaced by tokens of its format, or bytes of no format at all. Each call
runs in a thread joined with a deadline (:func:`within`), so a parser that hangs fails the test
instead of stalling the suite.

``FUZZ_EXAMPLES`` (an environment variable) multiplies every fuzzer's example count: the suite
runs them small (about 30 s in all); ``FUZZ_EXAMPLES=50 pytest tests/e2e/fuzz`` is a longer
campaign (and with ``CI`` unset, hypothesis draws new inputs each run and keeps every failure
in its database, ``.hypothesis/``).
"""

from __future__ import annotations

import os
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

from alerti18n.core.errors import AlertI18nError

T = TypeVar("T")

SCALE = float(os.environ.get("FUZZ_EXAMPLES", "1"))
#: How long one parse may take before it counts as a hang (a loaded 2-core machine included).
HANG = 60.0


def fuzz_settings(examples: int) -> settings:
    """``examples`` inputs (times ``FUZZ_EXAMPLES``), no per-example timing, big inputs allowed."""
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@st.composite
def _mutant(draw: st.DrawFn, seeds: Sequence[bytes], tokens: Sequence[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(("flip", "drop", "repeat", "token", "bytes")))
        if edit == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "drop":
            del data[at : at + draw(st.integers(1, 64))]
        elif edit == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 64))] * draw(st.integers(1, 8))
        elif edit == "token" and tokens:
            data[at:at] = draw(st.sampled_from(tokens)) * draw(st.integers(1, 3))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
    return bytes(data)


def mutants(seeds: Sequence[bytes], tokens: Sequence[bytes] = ()) -> st.SearchStrategy[bytes]:
    """Mostly a seed with a few edits (tokens of the format among them), else random bytes."""
    random = st.binary(max_size=512)
    return st.one_of(_mutant(seeds, tokens), _mutant(seeds, tokens), random)


def within(call: Callable[[], T], seconds: float = HANG) -> T:
    """``call()`` in a thread; its result or its exception, or a failure if it hangs."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise AssertionError(f"still running after {seconds:g} s: a hang")
    if "error" in box:
        raise box["error"]
    return box["result"]


def parses_or_refuses(
    call: Callable[[], T], path: Path, lines: bool = True, seconds: float = HANG
) -> T | AlertI18nError:
    """Run a parser on the file at ``path``: what it returns, or the refusal it raised.

    A refusal must be an :class:`AlertI18nError` naming ``path``, with a line number when
    ``lines`` (the format has lines), in one line of text; anything else fails the test with
    the exception's traceback.
    """
    try:
        result = within(call, seconds)
        event("parsed")  # pytest --hypothesis-show-statistics shows how often
        return result
    except AlertI18nError as exc:
        event("refused")
        assert exc.path is not None and Path(exc.path).resolve() == path.resolve(), (
            f"refusal names {exc.path}, not {path}: {exc.format_message()}"
        )
        if lines:
            assert exc.line is not None and exc.line >= 1, f"no line: {exc.format_message()}"
        assert "\n" not in exc.format_message()
        return exc
    except AssertionError:
        raise
    except Exception as exc:  # noqa: BLE001 - the failure this property is about
        trace = "".join(traceback.format_exception(exc))
        raise AssertionError(f"{type(exc).__name__} instead of a refusal:\n{trace}") from None
