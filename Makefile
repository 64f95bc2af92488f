# Two commands do everything on a fresh machine with Python 3.11:
#   make all    set up .venv, run every notebook for the default scenario, build the PDFs
#   make test   set up .venv, run the tests
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export UV_COMPILE_BYTECODE := 1

.PHONY: all setup test bench clean
all: setup
	$(PY) -m model run --scenario akimat --lang kk,ru,en

setup: $(VENV)/.installed

# Reinstall whenever the lock file changes. uv is fast; pip is the fallback.
$(VENV)/.installed: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	($(PY) -m pip install -q uv && $(VENV)/bin/uv pip install -q --python $(PY) -r requirements.lock) \
	  || $(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e . 2>/dev/null || $(PY) -m pip install -q --no-deps -e .
	@command -v pdftotext >/dev/null || echo "note: pdftotext (Debian poppler-utils) is missing: PDF text checks will be skipped"
	touch $@

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) benchmarks/bench_model.py
	$(PY) benchmarks/bench_suite.py

clean:
	rm -rf build
