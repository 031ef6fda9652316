# Two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Python keeps compiled modules in __pycache__ (some shells set PYTHONDONTWRITEBYTECODE): each of the suite's worker
# processes and subprocesses would otherwise compile netzwerk and rewrite the tests' asserts again (7 s -> 3.4 s to
# collect the suite).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test install install-test system-deps test-browser translations extract-messages migrate bench vendor vendor-axe fonts clean lint

run: install system-deps translations
	$(FLASK) db upgrade
	SERVED_AT=http://$(HOST):$(PORT) $(FLASK) seed-demo --if-empty
	@# The print worker renders large badge batches beside the web server and stops with it.
	$(FLASK) print-worker --loop & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-test system-deps test-browser translations
	@echo "== on SQLite"
	TEST_DATABASE_URL= $(BIN)/pytest -n 2 --dist loadscope --no-loadscope-reorder
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$TEST_DATABASE_URL), without the tests that use no database"; \
		$(BIN)/pytest -n 2 --dist loadscope --no-loadscope-reorder -m "not db_independent"; \
	fi

# ruff (pyflakes, pycodestyle, import order, bugbear, pyupgrade; settings in pyproject.toml); .ci/run runs it first.
lint: install-test
	$(BIN)/ruff check .

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
	@if ! ldconfig -p | grep -q libpango-1.0.so || ! ldconfig -p | grep -q libharfbuzz-subset.so; then \
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
	$(BIN)/pybabel extract -w 120 -F babel.cfg -k _l -k lazy_gettext -o netzwerk/translations/messages.pot .
	$(BIN)/pybabel update -w 120 -i netzwerk/translations/messages.pot -d netzwerk/translations --no-fuzzy-matching

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

# axe-core checks every page for WCAG 2.1 AA in the browser tests (tests/test_accessibility.py); from npm, pinned.
AXE_VERSION := 4.14.1
vendor-axe:
	cd /tmp && npm pack -q axe-core@$(AXE_VERSION) && tar xzf axe-core-$(AXE_VERSION).tgz
	mkdir -p tests/vendor/axe-core && cp /tmp/package/axe.min.js /tmp/package/LICENSE tests/vendor/axe-core/

clean:
	rm -rf $(VENV) .pytest_cache

# Fonts for badges and print documents (SIL OFL 1.1) from the npm registry, pinned, subset to what we print.
NOTO_SANS_VERSION := 0.4.2
VAZIRMATN_VERSION := 33.0.3
FONTS_DIR ?= static/fonts
FONTS_TMP := /tmp/netzwerk-fonts
LATIN_CYRILLIC := U+0020-007E,U+00A0-024F,U+0259,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0300-036F,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20AC,U+2116,U+2122,U+2190-2193,U+2212,U+25CF,U+FEFF,U+FFFD
ARABIC := U+0020,U+00A0,U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF,U+200C-200F,U+25CC
SUBSET := $(BIN)/pyftsubset --layout-features='*' --no-hinting

fonts: install
	rm -rf $(FONTS_TMP) && mkdir -p $(FONTS_TMP) $(FONTS_DIR)/noto-sans $(FONTS_DIR)/vazirmatn
	cd $(FONTS_TMP) && npm pack -q @expo-google-fonts/noto-sans@$(NOTO_SANS_VERSION) vazirmatn@$(VAZIRMATN_VERSION) \
	  && mkdir noto vazirmatn && tar xzf expo-google-fonts-noto-sans-$(NOTO_SANS_VERSION).tgz -C noto \
	  && tar xzf vazirmatn-$(VAZIRMATN_VERSION).tgz -C vazirmatn
	for weight in Regular Bold; do \
	  source=$$([ $$weight = Regular ] && echo 400Regular || echo 700Bold); \
	  $(SUBSET) $(FONTS_TMP)/noto/package/$$source/NotoSans_$$source.ttf --unicodes='$(LATIN_CYRILLIC)' \
	    --output-file=$(FONTS_DIR)/noto-sans/NotoSans-$$weight.ttf; \
	  $(SUBSET) $(FONTS_TMP)/vazirmatn/package/misc/Non-Latin/fonts/ttf/Vazirmatn-NL-$$weight.ttf --unicodes='$(ARABIC)' \
	    --output-file=$(FONTS_DIR)/vazirmatn/Vazirmatn-NL-$$weight.ttf; \
	done
	cp $(FONTS_TMP)/noto/package/LICENSE_FONT $(FONTS_DIR)/noto-sans/OFL.txt
	cp $(FONTS_TMP)/vazirmatn/package/OFL.txt $(FONTS_DIR)/vazirmatn/OFL.txt
	rm -rf $(FONTS_TMP)
