"""alerti18n: translate urgent alerts through gettext catalogs.

Pipeline stages, one module each: :mod:`segment` (Markdown to sentence
segments), :mod:`catalog` (segments to POT, POT to PO merge), :mod:`pofile`
(msgcat-exact PO I/O), :mod:`translate` (offline machine drafts),
:mod:`checks` (quality checks), :mod:`render` (documents per language),
:mod:`release` (policy gate and published files), :mod:`stages` (extract,
update, build), :mod:`pipeline` (their order).
"""

from alerti18n.core.errors import AlertI18nError

__version__ = "0.1.0"
__all__ = ["AlertI18nError", "__version__"]
