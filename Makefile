# gopy: two commands for a new user. `make run` runs the bot; `make test` runs lint and every test.
# Each creates .venv when it is missing (or older than pyproject.toml).

PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
CORE    := core drafts storage handlers aggregation scheduled bot

.PHONY: run test lint typecheck pytest bench clean migration

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/gopy db upgrade
	$(BIN)/gopy plan load --unless-other-plan
	$(BIN)/gopy serve

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy $(CORE) tests

# LibreOffice converts the generated DOCX to PDF in the report tests, and renders the PDF drafts the reader
# tests read. It comes from Debian's packages; install it when missing (root, as on CI), else say why we can't.
pytest: $(STAMP)
	@command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing LibreOffice (libreoffice-writer-nogui) for the document tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >/dev/null; \
	  else echo "LibreOffice is missing: install libreoffice-writer-nogui to run the document tests."; fi; }
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_telegram.py
	$(BIN)/python bench/bench_report.py
	$(BIN)/python bench/bench_hostile_files.py

# After changing storage/models.py: write the next Alembic revision (review it before committing).
migration: $(STAMP)
	rm -f var/autogen.db
	$(BIN)/python -c "from alembic import command; from storage.migrate import alembic_config; \
	  command.upgrade(alembic_config('sqlite:///var/autogen.db'), 'head'); \
	  command.revision(alembic_config('sqlite:///var/autogen.db'), autogenerate=True, message='$(or $(m),change)')"
	rm -f var/autogen.db

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
