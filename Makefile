# Two commands do everything on a fresh machine with Python 3.11, 3.12 or 3.13:
#   make all    set up .venv, run every notebook for the default scenario, build the PDFs
#   make test   set up .venv, run the tests
#   make lab    JupyterLab on the repository, the project's kernel (make app: the scenario editor as a page)
# The newest of python3.13, python3.12, python3.11 that runs (on the PATH, or pyenv's own when its
# shim does not run; else python3, if it is one of them) is used; `make setup PYTHON=python3.12` chooses. An existing .venv is kept while its Python is a
# supported one (and is PYTHON's version, when PYTHON is given); otherwise it is rebuilt.
VENV ?= .venv
PY := $(VENV)/bin/python
PYENV_ROOT ?= $(HOME)/.pyenv
# pyenv's own interpreters of version $(1): a pyenv shim on PATH does not run for a version that
# pyenv has installed but not selected ("pyenv: python3.13: command not found"), these do.
PYENV_OF = $(sort $(wildcard $(PYENV_ROOT)/versions/$(1).*/bin/python$(1)))
SUPPORTED := $(foreach v,3.13 3.12 3.11,python$(v) $(call PYENV_OF,$(v))) python3
# Exits 0 only on Python 3.11-3.13: `python3` may be anything, a pyenv shim may not run at all.
IN_RANGE := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))
FIRST_IN_RANGE = for p in $(1); do $$p -c '$(IN_RANGE)' >/dev/null 2>&1 && { echo $$p; break; }; done
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell $(call FIRST_IN_RANGE,$(SUPPORTED)))
PYTHON_GIVEN :=
else
PYTHON_GIVEN := 1
# PYTHON=python3.X that does not run (the pyenv shim above): pyenv's own 3.X, if it has one, with a note.
ifneq ($(filter python3.11 python3.12 python3.13,$(PYTHON)),)
PYTHON_INSTEAD := $(shell $(PYTHON) -c 'import sys' >/dev/null 2>&1 || { $(call FIRST_IN_RANGE,$(call PYENV_OF,$(subst python,,$(PYTHON)))) })
ifneq ($(PYTHON_INSTEAD),)
PYTHON_NOTE := note: $(PYTHON) does not run here (a pyenv shim for a version pyenv has not selected); using $(PYTHON_INSTEAD)
override PYTHON := $(PYTHON_INSTEAD)
endif
endif
endif
VERSION_OF = $(1) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
export UV_COMPILE_BYTECODE := 1

.PHONY: all setup test test-fast bench clean python python-ok venv-check lab app
all: setup
	$(PY) -m model run --scenario akimat --lang kk,ru,en

setup: venv-check
	@$(MAKE) --no-print-directory $(VENV)/.installed

python-ok:
	@test -z "$(PYTHON_NOTE)" || echo "$(PYTHON_NOTE)" >&2
	@test -n "$(PYTHON)" || { echo "error: no Python 3.11, 3.12 or 3.13 found (tried $(SUPPORTED)); install one, or run make PYTHON=/path/to/python3.X" >&2; exit 1; }
	@out=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>&1) || { \
	  printf '%s\n' "$$out" | { read -r why; echo "error: PYTHON=$(PYTHON) does not run ($${why:-no message}); Pythons 3.11-3.13 that run here: $$($(call FIRST_IN_RANGE,$(SUPPORTED)) | { read -r p; echo $${p:-none}; }) (make PYTHON=...)" >&2; }; exit 1; }; \
	$(PYTHON) -c '$(IN_RANGE)' 2>/dev/null || { echo "error: PYTHON=$(PYTHON) is Python $$out, not 3.11, 3.12 or 3.13" >&2; exit 1; }

python: python-ok  # the interpreter a new .venv is built with
	@echo $(PYTHON)

# A .venv whose Python is gone, outside 3.11-3.13, or not the one asked for is removed, not reused.
venv-check: python-ok
	@if [ -e $(VENV) ]; then \
	  have=$$($(call VERSION_OF,$(PY))); want=$$($(call VERSION_OF,$(PYTHON))); \
	  if ! $(PY) -c '$(IN_RANGE)' 2>/dev/null || { [ -n "$(PYTHON_GIVEN)" ] && [ "$$have" != "$$want" ]; }; then \
	    echo "note: $(VENV) was built for another Python ($${have:-one that no longer runs}); rebuilding it with $(PYTHON) ($$want)"; \
	    rm -rf $(VENV); \
	  fi; \
	fi

# Reinstall whenever the lock file changes. uv is fast; pip is the fallback.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	($(PY) -m pip install -q uv && $(VENV)/bin/uv pip install -q --python $(PY) -r requirements.lock) \
	  || $(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e . 2>/dev/null || $(PY) -m pip install -q --no-deps -e .
	@command -v pdftotext >/dev/null || echo "note: pdftotext (Debian poppler-utils) is missing: PDF text checks will be skipped"
	touch $@

test: setup
	$(PY) -m pytest -q

# The tests that execute no notebook (.ci/run runs them on every other Python found).
test-fast: setup
	$(PY) -m pytest -q -m "not slow"

bench: setup
	$(PY) benchmarks/bench_model.py
	$(PY) benchmarks/bench_suite.py
	$(PY) benchmarks/bench_editor.py

clean:
	rm -rf build

# JupyterLab at the repository root with the project's kernel; its terminals have the project's
# environment. On 127.0.0.1 with a token (the URL to open is printed); notebooks in notebooks/
# are saved without outputs (jupyter/jupyter_server_config.py). `make app`: the scenario editor
# as a page without code (Voila), the same way.
JUPYTER_ENV := PATH="$(CURDIR)/$(VENV)/bin:$$PATH" VIRTUAL_ENV="$(CURDIR)/$(VENV)" JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter"
lab: setup
	$(JUPYTER_ENV) $(VENV)/bin/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks

app: setup
	$(JUPYTER_ENV) $(VENV)/bin/voila notebooks/editor.ipynb --Voila.ip=127.0.0.1 --token
