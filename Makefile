# Two commands on a fresh machine: `make build` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DECK ?= deck/mlops-guide.md

.PHONY: build test bench lint inspect sysdeps clean contact-sheet

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

sysdeps:
	@scripts/ensure-system-deps.sh

build: $(STAMP) sysdeps
	$(BIN)/mlops-deck build $(DECK) -o dist --pdf

test: $(STAMP) sysdeps
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/mlops-deck lint $(DECK)

inspect: $(STAMP)
	$(BIN)/mlops-deck inspect $(DECK)

contact-sheet: $(STAMP)
	$(BIN)/mlops-deck assets sheet $(DECK) -o dist/contact-sheet.png

# Bytecode first: this environment may set PYTHONDONTWRITEBYTECODE, and a cold process
# that compiles every module measures the compiler, not mlops-deck.
bench: $(STAMP) sysdeps
	$(BIN)/python -m compileall -q src
	$(BIN)/python scripts/bench.py

clean:
	rm -rf dist .mlops-deck-cache .pytest_cache
