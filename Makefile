# Two commands for a fresh machine with Python 3.11, git and make:
#   make demo   - build the bundled demo repo, check it, print its digest, build its site
#   make test   - the whole test suite
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := build/demo
DEMO_DATE := 2026-11-23
# Material's banner about its own end of life says nothing about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: demo test serve bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	# Bytecode now, as a wheel install has it: with PYTHONDONTWRITEBYTECODE set, every run would compile src/ again.
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python demo/build_repo.py $(DEMO) --force
	cd $(DEMO) && $(BIN)/handoff check
	cd $(DEMO) && $(BIN)/handoff digest --date $(DEMO_DATE)
	cd $(DEMO) && $(BIN)/mkdocs build --strict --quiet
	@echo
	@echo "Demo site (this repo's mkdocs.yml over the demo's history) built in $(DEMO)/site_build/."
	@echo "Browse it with: make serve   -> http://127.0.0.1:8000/  (search needs a server, not file://)"

serve: $(STAMP)
	@test -d $(DEMO)/.git || $(BIN)/python demo/build_repo.py $(DEMO) --force
	cd $(DEMO) && $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
test: $(STAMP)
	@$(BIN)/pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; \
	exit $$status

bench: $(STAMP)
	$(BIN)/python bench/check.py
	$(BIN)/python bench/cohort.py
	$(BIN)/python bench/digest.py
	$(BIN)/python bench/site.py
	$(BIN)/python bench/weekly.py
	$(BIN)/python bench/mcp_server.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench demo
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build site_build .pytest_cache .mypy_cache .ruff_cache
