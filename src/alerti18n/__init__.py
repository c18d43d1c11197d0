"""alerti18n: translate urgent alerts through gettext catalogs.

Packages by layer, lowest first; a layer imports only from the layers below
it (import-linter's contracts in pyproject.toml): :mod:`.core` (errors,
config, files, state, workers), :mod:`.po` (msgcat-exact PO reading and
writing), :mod:`.language` (profiles, glossary, page strings), :mod:`.text`
(front matter, segmentation, matching), then side by side :mod:`.catalog`
(templates and merges), :mod:`.memory` (translation memory), :mod:`.mt`
(machine translation engines), :mod:`.checks` (quality checks), :mod:`.output`
(documents per language) and :mod:`.importing` (DOCX/ODT/HTML in), then
:mod:`.reports` (statistics, policy, dashboard), :mod:`.stages` (one verb each),
:mod:`.pipeline` (their order) and :mod:`.cli`.
"""

from alerti18n.core.errors import AlertI18nError

__version__ = "0.1.0"
__all__ = ["AlertI18nError", "__version__"]
