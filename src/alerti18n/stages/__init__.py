"""The pipeline's stages, one module each: :mod:`.extract` (sources to POT, with
:mod:`.renames` for catalogs whose document is gone), :mod:`.update` (POT into
PO) and :mod:`.build` (documents per language). :mod:`alerti18n.pipeline` runs
them in order.

Each stage reads and validates everything it needs before it writes anything,
writes only files whose bytes change, and returns what it did so the CLI can
report it. No click code here. The modules a stage works with (segment,
catalog, render, index, even pofile) and multiprocessing are imported inside
the functions that use them: a run with nothing to do then starts in a fraction
of the time, which is most of what a no-op re-run costs.
"""
