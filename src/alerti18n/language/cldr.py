"""CLDR data that Babel does not ship, read from ICU's copy of CLDR (PyICU).

* :func:`quotation_marks`: CLDR's delimiters (quotationStart, quotationEnd,
  alternateQuotationStart, alternateQuotationEnd) of a locale, or ``None``
  when ICU has no data for the language (the caller then says it uses a
  default, not a rule).
* :func:`capitalise_for_menu`: whether a language name starts with a capital
  in a language menu, from CLDR's ``contextTransforms`` (``languages``,
  ``uiListOrMenu``: ``titlecase-firstword`` in French, Russian, Spanish…).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import icu

# ICU is imported by each function when first called: loading it takes about as long as the
# rest of a stage's start-up, and the module that imports this one (language profiles) is also
# imported where nothing asks CLDR anything (extract, parsing an English document).


def _icu_locale(lang: str) -> icu.Locale:
    import icu

    return icu.Locale(lang.replace("-", "_"))


@functools.lru_cache(maxsize=256)
def knows(lang: str) -> bool:
    """Whether ICU has locale data for ``lang``'s language (not only the root's)."""
    import icu

    language = _icu_locale(lang).getLanguage()
    return bool(language) and language in icu.Locale.getAvailableLocales()


@functools.lru_cache(maxsize=256)
def quotation_marks(lang: str) -> str | None:
    """CLDR's four delimiters of ``lang`` (``«»„“`` in Russian), ``None`` if ICU has no data."""
    import icu

    if not knows(lang):
        return None
    data = icu.LocaleData(str(_icu_locale(lang)))
    return "".join(data.getDelimiter(kind) for kind in range(4))


@functools.lru_cache(maxsize=256)
def capitalise_for_menu(lang: str) -> bool | None:
    """CLDR's word on a language name opening an item of a menu, in ``lang``.

    True: titlecase its first word; False: leave it as it is; None: CLDR says
    nothing for the locale (no ``contextTransforms`` for language names).
    """
    import icu

    if not knows(lang):
        return None
    try:
        bundle = icu.ResourceBundle("", _icu_locale(lang))
        transforms = bundle.get("contextTransforms").get("languages")
    except icu.ICUError:
        return None
    return bool(list(transforms.getIntVector())[0])
