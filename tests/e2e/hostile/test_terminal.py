"""Outside text never drives the terminal: what a server, a file name, a document or a PO
string holds is shown, its control characters escaped, on a real pseudo-terminal.

Each case runs the installed command in a subprocess whose standard output and error are a
pseudo-terminal, as a user's are: Click strips colour sequences only when it writes to a pipe,
so a pipe would hide what a terminal gets. The hostile text carries an OSC sequence (sets the
window title; ESC ] … BEL), a CSI one (clears the screen), the 8-bit CSI (U+009B), a right-to-
left override and isolate (the "Trojan Source" characters), a line separator, a carriage return
that would overwrite the line, and Armenian and Arabic words that must come through as they are.
"""

from __future__ import annotations

import json
import os
import pty
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

from support.faultproxy import FaultProxy
from support.projects import cli

ALERTI18N = Path(sys.executable).with_name("alerti18n")
WORDS = "Սխալ خطأ"
NAME = WORDS.replace(" ", "-")
#: Within a line of a document (a CR or LINE SEPARATOR would end the paragraph there).
INLINE = f"\x1b]0;owned\x07\x1b[2J\x9b31m\u202eevil\u2066 {WORDS}"
HOSTILE = f"{INLINE}\u2028\rfake"
#: What must never reach the terminal raw: ESC, BEL, CR, C1 CSI, RLO, LRI, LS.
RAW = [c.encode() for c in "\x1b\x07\r\x9b\u202e\u2066\u2028"]


def in_terminal(*args: str, timeout: float = 60) -> tuple[int, str]:
    """Run ``alerti18n ARGS`` with a pseudo-terminal as stdout and stderr: (exit code, output).

    The terminal's own CR before each LF is taken out; any other CR is the command's.
    """
    leader, follower = pty.openpty()
    env = {**os.environ, "LANG": "C.UTF-8", "COLUMNS": "200"}
    process = subprocess.Popen(
        [str(ALERTI18N), *args], stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.1)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(leader, 1 << 16)
            except OSError:  # EIO: the command has exited and closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        code = process.wait(max(1.0, deadline - time.monotonic()))
    finally:
        os.close(leader)
    return code, b"".join(chunks).replace(b"\r\n", b"\n").decode("utf-8", "surrogateescape")


def assert_shown_safely(output: str) -> None:
    raw = output.encode("utf-8", "surrogateescape")
    for char in RAW:
        assert char not in raw, f"{char!r} reached the terminal: {output!r}"
    assert "Traceback" not in output


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_servers_error_message_is_shown_escaped(tmp_path: Path) -> None:
    root = tmp_path / "p"
    cli(None, "init", str(root), "--target", "fr", "--name", "p")
    cli(root, "extract")
    cli(root, "update")
    upstream = f"http://127.0.0.1:{closed_port()}"  # never reached: the refusal is injected
    with FaultProxy(upstream, fail_first=1, status=400, error=HOSTILE) as proxy:
        code, output = in_terminal("pretranslate", "--url", proxy.url, "--project", str(root))
    assert code == 2
    assert_shown_safely(output)
    (line,) = output.splitlines()
    assert line.startswith("error: ") and "refused /languages: HTTP 400" in line
    assert "\\u001b]0;owned\\u0007" in line and "\\u009b31m\\u202eevil\\u2066" in line
    assert f"{WORDS} fake" in line  # the client makes the message one line of words


def hostile_project(tmp_path: Path) -> tuple[Path, str]:
    """A project whose one document has a hostile name and hostile text; (root, the text)."""
    root = tmp_path / "p"
    cli(None, "init", str(root), "--target", "fr", "--name", "p")
    for path in (root / "source").glob("*.md"):
        path.unlink()
    title = f"Notice {INLINE}"
    text = f"# {title}\n\nSee ![map](\u202emap\x9b.png) and [the list](\u2066x\x9b.html).\n"
    (root / "source" / "al\x1b]0;t\x07ert.md").write_text(text, encoding="utf-8")
    return root, title


def test_file_names_document_text_and_po_strings_are_shown_escaped(tmp_path: Path) -> None:
    """extract, update, check (text and JSON), build and status: every line, message and
    warning that quotes the document's name or text reaches the terminal escaped."""
    root, title = hostile_project(tmp_path)
    project = ("--project", str(root))
    outputs = []
    for command in (["extract"], ["update"], ["check"], ["build", "--format", "md"], ["status"]):
        code, output = in_terminal(*command, *project)
        outputs.append(output)
        assert_shown_safely(output)
        assert code in (0, 1, 2), output
    shown = "\n".join(outputs)
    assert "al\\u001b]0;t\\u0007ert" in shown  # the file name, where a line names it
    if (root / "locales" / "fr").is_dir():  # a document of that name is accepted today
        assert "\\u009b31m\\u202eevil\\u2066 " + WORDS in shown  # check's msgid
        code, output = in_terminal("check", "--format", "json", *project)
        assert_shown_safely(output)
        msgids = {finding["msgid"] for finding in json.loads(output)}
        assert title in msgids  # JSON's own escapes: it reads back to the very text


def test_a_warning_quoting_a_document_is_one_escaped_line(tmp_path: Path) -> None:
    """The log handler escapes too: the missing image's name, from the document, in a warning."""
    root = tmp_path / "p"
    cli(None, "init", str(root), "--target", "fr", "--name", "p")
    doc = next((root / "source").glob("*.md"))
    doc.write_text(
        doc.read_text(encoding="utf-8") + f'\n<img src="\u202emap\x9b\x1b]0;t\x07{NAME}.png">\n',
        encoding="utf-8",
    )
    cli(root, "extract")
    cli(root, "update")
    code, output = in_terminal("build", "--format", "html", "--project", str(root))
    assert code == 0 and output.count("\n") == len(output.splitlines())
    assert_shown_safely(output)
    warnings = [line for line in output.splitlines() if "does not exist" in line]
    assert warnings and all(line.startswith("warning: ") for line in warnings)
    assert f"\\u202emap\\u009b\\u001b]0;t\\u0007{NAME}.png does not exist" in warnings[0]
