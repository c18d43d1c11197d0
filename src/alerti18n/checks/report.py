"""Reports of findings: text for people, JSON for tools."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from alerti18n.checks._util import excerpt
from alerti18n.checks.base import ERROR, Finding


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return os.path.relpath(path, root) if path.is_absolute() else str(path)
        except ValueError:  # pragma: no cover - another drive on Windows
            return str(path)
    return str(path)


def _order(finding: Finding) -> tuple:
    return (str(finding.path), finding.line, finding.check, finding.message)


def format_text(findings: Iterable[Finding], root: Path | None = None) -> str:
    """Findings grouped per file, ``path:line: severity [check] message`` and the msgid."""
    findings = sorted(findings, key=_order)
    lines: list[str] = []
    current = None
    paths: dict[Path, str] = {}  # a catalog's findings share its path
    for finding in findings:
        shown = paths.get(finding.path)
        if shown is None:
            shown = paths[finding.path] = _shown(finding.path, root)
        if shown != current:
            if current is not None:
                lines.append("")
            current = shown
            lines.append(f"{shown}")
        state = f"waived {finding.severity}" if finding.waived else finding.severity
        where = f"{shown}:{finding.line}" if finding.line else shown
        text = f"  {where}: {state} [{finding.check}] {finding.message}"
        if finding.waived:
            text += f" (waived: {finding.reason or 'no reason given'})"
        lines.append(text)
        if finding.msgid:
            lines.append(f"      msgid: {excerpt(finding.msgid, 72)}")
    active = [f for f in findings if not f.waived]
    errors = sum(f.severity == ERROR for f in active)
    lines += [
        "" if lines else "",
        f"{errors} error(s), {len(active) - errors} warning(s), "
        f"{len(findings) - len(active)} waived",
    ]
    return "\n".join(lines).lstrip("\n") + "\n"


def format_json(findings: Iterable[Finding], root: Path | None = None) -> str:
    """A JSON list of findings (``to_dict``), paths relative to ``root`` when given."""
    items = []
    paths: dict[Path, str] = {}  # a catalog's findings share its path
    for finding in sorted(findings, key=_order):
        item = finding.to_dict()
        shown = paths.get(finding.path)
        item["path"] = (
            shown
            if shown is not None
            else paths.setdefault(finding.path, _shown(finding.path, root))
        )
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
