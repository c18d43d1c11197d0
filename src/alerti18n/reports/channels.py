"""Every check of a project: the entries' (:mod:`alerti18n.checks`) and the documents'.

A document that declares a short-message channel (``channel: sms``) is
counted in each language as its short-message edition is written
(:func:`alerti18n.output.sms.document_message`) and judged by the
``sms-parts`` check (:mod:`alerti18n.checks.channels`). This module puts the
two together, above both, so that ``check``, the release policy and the
dashboard see the same findings.
"""

from __future__ import annotations

from pathlib import Path

from alerti18n.checks import Finding, check_project
from alerti18n.checks.channels import message_findings
from alerti18n.core.config import Project


def project_findings(
    project: Project, langs: list[str] | None = None, only: set[str] | None = None
) -> list[Finding]:
    """The findings of every catalog, then of every short-message document."""
    findings = check_project(project, langs, only)
    if not only or "sms-parts" in only:
        findings += channel_findings(project, langs)
    return findings


def channel_findings(project: Project, langs: list[str] | None = None) -> list[Finding]:
    """``sms-parts`` findings for each document with a channel, in the source language (when
    every language is checked) and each target language."""
    from alerti18n.output.sms import document_message
    from alerti18n.text.sourcefile import read_source

    findings: list[Finding] = []
    languages = project.select_languages(langs)
    if not langs:
        languages = [project.source_language, *languages]
    for source in project.documents():
        if "channel:" not in read_source(source):  # no front matter can declare one
            continue
        from alerti18n.text.segment import parse_document

        doc = parse_document(source, project.source_language, source_dir=project.source_dir)
        if doc.front_matter.get("channel") != "sms":
            continue
        allowed = int(doc.front_matter.get("parts") or 1)
        name = project.doc_name(source)
        for lang in languages:
            path, translations = _translations(project, source, lang, name)
            message = document_message(doc, translations, lang, project.source_language)
            findings += message_findings(path, 0, lang, message, allowed)
    return findings


def _translations(
    project: Project, source: Path, lang: str, name: str
) -> tuple[Path, dict[str, str]]:
    """Where a language's findings are shown (its catalog; the document for the source
    language), and its translations as ``build`` uses them."""
    from alerti18n.po.compiled import read_catalog, translations_of
    from alerti18n.text.links import clean_translations
    from alerti18n.text.media import image_rule

    if lang == project.source_language:
        return source, {}
    translations = translations_of(read_catalog(project, lang, name))
    cleaned, _ = clean_translations(translations, image_rule(source, []))
    return project.po_path(lang, name), cleaned
