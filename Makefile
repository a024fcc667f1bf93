# coopdec — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run serve test quality install migrate data messages bench clean

PO_FILES := $(wildcard coopdec/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

# Compiled with babel (pure Python), so a fresh machine needs no GNU gettext. Not with `pybabel compile`: its
# format check ignores "#, no-python-format" and rejects labels such as "1 % sanitation" (babel issue 1268);
# coopdec/atlas/tests/test_i18n.py checks the placeholders instead. Untranslated and fuzzy entries are left out.
%.mo: %.po $(STAMP)
	$(BIN)/python -c 'import sys; from babel.messages import mofile, pofile; \
	  catalog = pofile.read_po(open(sys.argv[1], "rb")); mofile.write_mo(open(sys.argv[2], "wb"), catalog)' $< $@

install: $(STAMP) $(MO_FILES)

# The live database (workers' heartbeats, tasks' progress) is a file of its own on SQLite; on PostgreSQL the
# second command has nothing to do. Always in this order (docs/operations.md).
migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) migrate --noinput --database live

## Reference data (countries, French and foreign authorities) then demonstration data; both idempotent.
data: migrate
	$(MANAGE) load_reference
	$(MANAGE) load_demo

## The platform with its demo data on http://127.0.0.1:8000, and one worker for its imports and e-mails;
## Ctrl-C stops both.
run: data
	$(MANAGE) run_all $(HOST):$(PORT)

## The production settings on gunicorn, for trying them on http://127.0.0.1:8000 (loopback, plain HTTP): a fresh
## throw-away secret at each start, no HTTPS redirect nor HSTS; static files collected and served by WhiteNoise.
SERVE_ENV = DJANGO_SETTINGS_MODULE=config.settings.prod ALLOWED_HOSTS=$(HOST) SITE_URL=http://$(HOST):$(PORT) \
  SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 SECURE_HSTS_PRELOAD=false
serve: data
	export SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') && \
	  $(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0 && \
	  $(SERVE_ENV) $(MANAGE) migrate --noinput && \
	  $(SERVE_ENV) GUNICORN_BIND=$(HOST):$(PORT) exec $(BIN)/gunicorn -c config/gunicorn.conf.py

## The whole test suite, on every core (browser tests run when Chromium is installed, and say why when skipped).
PYTEST_WORKERS ?= auto
test: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

quality: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy  # coopdec and config (pyproject.toml, [tool.mypy]): strict on lib/, perms and services
	$(BIN)/djlint --check coopdec --extension html
	$(BIN)/djlint --lint coopdec --extension html
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.prod SECRET_KEY=quality-check-$$(date +%s)-not-a-real-secret-0123456789abcdef ALLOWED_HOSTS=coopdec.example.org SITE_URL=https://coopdec.example.org $(MANAGE) check --deploy --fail-level WARNING

## Refresh the translation catalogues after changing interface strings (needs GNU gettext).
messages: install
	$(MANAGE) makemessages --locale fr --locale ar --no-obsolete \
	  --ignore ".venv/*" --ignore "coopdec/static/*" --ignore "staticfiles/*" --ignore "bench/*"
	$(MAKE) install

## Every benchmark of bench/ at the sizes docs/benchmarks.md reports (long); `make bench BENCH_SIZE=small` runs
## each to its end on little data in a few minutes, failing on a crash or a failed sanity check (CI runs it).
BENCH_SIZE ?= full
bench: install
	$(BIN)/python -m bench --size $(BENCH_SIZE)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
