# The two commands of the README: `make serve` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: serve test install install-test catalogs messages freeze lint format check clean

serve: install ## install everything and serve the portal at http://127.0.0.1:5000, with live reload (SITE=DIR: another site folder)
	$(BIN)/python -m guide --port $(PORT) $(if $(SITE),--site $(SITE))

test: install-test ## install what the tests need (Chromium included) and run every test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@$(BIN)/python -c "import weasyprint" 2>/dev/null && test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { echo "Installing Pango and DejaVu fonts for the PDF handouts"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }
	touch $@

# The browser-side QR library, pinned in package-lock.json, served from static/vendor/ as .js: stock nginx has no
# type for .mjs and would send it as text/plain, which browsers refuse for a module.
static/vendor/qrcode-generator.js: package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp node_modules/qrcode-generator/dist/qrcode.mjs $@

install: $(VENV)/.installed catalogs static/vendor/qrcode-generator.js

# After the vendor copy: its 'npm ci --omit=dev' would otherwise remove the test tools again.
$(VENV)/.installed-test: $(VENV)/.installed static/vendor/qrcode-generator.js pyproject.toml package.json package-lock.json
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@command -v java >/dev/null || { echo "Installing Java for the Nu Html Checker"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless; }
	@test -x /usr/bin/chromium || { echo "Installing Debian's chromium"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@command -v pdftoppm >/dev/null || { echo "Installing poppler-utils (pdftoppm) for the PDF tests"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils; }
	@test -x /usr/sbin/nginx && test -x /usr/sbin/apache2 && command -v caddy >/dev/null || { echo "Installing Debian's nginx, apache2 and caddy for the real-server tests"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx apache2 caddy; }
	@command -v ffprobe >/dev/null || { echo "Installing ffmpeg (ffprobe reads sign-language videos; the tests make one)"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq ffmpeg; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install-test: $(VENV)/.installed-test catalogs static/vendor/qrcode-generator.js

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

catalogs: $(VENV)/.installed ## compile the .po catalogs into .mo files
	$(BIN)/pybabel compile --statistics -d guide/translations

messages: $(VENV)/.installed ## extract UI strings and update every catalog
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output -o guide/translations/messages.pot .
	$(BIN)/pybabel update -i guide/translations/messages.pot -d guide/translations --no-wrap --no-fuzzy-matching --ignore-obsolete

freeze: install ## build the static site into build/
	$(BIN)/python freeze.py

check: install ## the content check (parity and plain language), with figures per page
	$(BIN)/python -m guide.check --stats

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

clean:
	rm -rf build .build.partial-* $(VENV) node_modules static/vendor

# Benchmarks, not part of `make test`: page weight, Lighthouse, build speed against MkDocs and Hugo, serving.
# Writes benchmarks/RESULTS.md; about 8 minutes on 2 cores.
.PHONY: bench
bench: install-test $(VENV)/.installed-bench benchmarks/.venv-mkdocs/.installed
	@command -v hugo >/dev/null || { echo "Installing Debian's hugo"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq hugo; }
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	@test -x node_modules/.bin/lighthouse || npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.livereload

$(VENV)/.installed-bench: $(VENV)/.installed benchmarks/requirements.txt
	$(BIN)/python -m pip install --quiet -r benchmarks/requirements.txt
	touch $@

benchmarks/.venv-mkdocs/.installed: benchmarks/requirements-mkdocs.txt
	$(PYTHON) -m venv benchmarks/.venv-mkdocs
	benchmarks/.venv-mkdocs/bin/python -m pip install --quiet -r benchmarks/requirements-mkdocs.txt
	touch $@
