# Two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test install install-test system-deps test-browser translations extract-messages migrate bench vendor clean

run: install system-deps translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	@# The print worker renders large badge batches beside the web server and stops with it.
	$(FLASK) print-worker --loop & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-test system-deps test-browser translations
	$(BIN)/pytest -n 2
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$TEST_DATABASE_URL)"; \
		$(BIN)/pytest -n 2; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Pinned: constraints.txt holds the exact versions of everything (regenerate with `make lock`).
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

lock: | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/pip freeze --exclude-editable > constraints.txt

# WeasyPrint renders with Pango; Debian slim images lack it.
system-deps:
	@if ! ldconfig -p | grep -q libpango-1.0.so; then \
		echo "Installing Pango for WeasyPrint"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; \
	fi

# Browser tests drive Debian's chromium (never a downloaded browser).
test-browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium || echo "chromium not installed: browser tests will be skipped"; \
	fi

translations: install
	$(BIN)/pybabel compile -f -d netzwerk/translations

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o netzwerk/translations/messages.pot .
	$(BIN)/pybabel update -i netzwerk/translations/messages.pot -d netzwerk/translations --no-fuzzy-matching

migrate: install
	$(FLASK) db upgrade

bench: install-test translations
	$(BIN)/python bench/list_pages.py

# Bootstrap comes from the npm registry, pinned; only its dist files are kept in static/vendor.
BOOTSTRAP_VERSION := 5.3.9
vendor:
	cd /tmp && npm pack -q bootstrap@$(BOOTSTRAP_VERSION) && tar xzf bootstrap-$(BOOTSTRAP_VERSION).tgz
	cp /tmp/package/dist/css/bootstrap.min.css /tmp/package/dist/css/bootstrap.rtl.min.css \
	   /tmp/package/dist/js/bootstrap.bundle.min.js /tmp/package/LICENSE static/vendor/bootstrap/

clean:
	rm -rf $(VENV) .pytest_cache
