"""Machine translation: engines behind one interface, Argos packages, protection, cache.

- :mod:`.engine`: options (``[tool.alerti18n.mt]``), the :class:`Engine` interface, errors;
- :mod:`.argos`: the default in-process engine (offline);
- :mod:`.libretranslate`: a client for a LibreTranslate server the user named;
- :mod:`.packages`: installing and finding Argos packages;
- :mod:`.protect`: placeholders for code, links and glossary terms;
- :mod:`.cache`: raw output by engine key and source text.

The stage that uses them is :mod:`alerti18n.stages.pretranslate`.
"""

from __future__ import annotations

from alerti18n.mt.engine import Engine, MTOptions


def open_engine(from_code: str, to_code: str, options: MTOptions) -> Engine:
    """The engine ``options`` name for one language pair.

    The Argos engine raises :class:`~alerti18n.mt.engine.MissingPackageError`
    here when no package serves the pair; a LibreTranslate server is asked
    only when there is something to translate.
    """
    if options.engine == "libretranslate":
        from alerti18n.mt.libretranslate import LibreTranslateEngine

        return LibreTranslateEngine.from_options(from_code, to_code, options)
    from alerti18n.mt.argos import open_argos

    return open_argos(from_code, to_code, options)


__all__ = ["open_engine"]
