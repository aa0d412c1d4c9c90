# Two commands do all the set-up (see README):  make run   /   make test
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

.PHONY: install system-deps run test lint bench bench-store bench-ocr score
install: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

## main job: ingest corpora/ into the embedded SQLite archive (docintel.db) and show what is due
run: $(STAMP)
	$(BIN)/docintel ingest corpora/
	$(BIN)/docintel obligations --agency "UBND các huyện" || true

## tests: installs what they need (Tesseract, PostgreSQL, Graphviz) when missing, then pytest
test: $(STAMP) system-deps
	bash scripts/run-tests.sh

lint: $(STAMP)
	$(BIN)/ruff check docintel tests scripts
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python scripts/bench_parse.py

bench-store: $(STAMP)
	$(BIN)/python scripts/bench_store.py

bench-ocr: $(STAMP)
	$(BIN)/python scripts/bench_ocr.py

## parse-contract scores against ../shared gold (seeds, dev, vbpl)
score: $(STAMP)
	bash scripts/score.sh
