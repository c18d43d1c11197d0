"""The pipeline's stages, one module each: :mod:`.init` (a new project),
:mod:`.extract` (sources to POT, with :mod:`.renames` for catalogs whose
document is gone), :mod:`.update` (POT into PO), :mod:`.pretranslate` (machine
drafts), :mod:`.review` (reviewed marks), :mod:`.build` (documents per
language) and :mod:`.release` (the policy gate and published files);
:mod:`.inputs` is what they all read. :mod:`alerti18n.pipeline` runs them in
order.

Each stage reads and validates everything it needs before it writes anything,
writes only files whose bytes change, and returns what it did so the CLI can
report it. No click code here. The modules a stage works with (segment,
catalog, render, index, even pofile) and multiprocessing are imported inside
the functions that use them: a run with nothing to do then starts in a fraction
of the time, which is most of what a no-op re-run costs.
"""
