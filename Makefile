# The two commands a newcomer needs: `make book` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LAB_STAMP := $(VENV)/.lab-installed

.PHONY: book pdf test validate data nbval kernel lab clean-notebooks bench audit browser-deps checker-deps clean

# Create the virtual environment from the pinned requirements (again when they change).
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e . || $(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# JupyterLab and jupyterlab-myst (requirements-lab.txt) on top of the book's lock, which constrains
# every package the two share: installing them changes no pin the book is built with.
$(LAB_STAMP): $(STAMP) requirements-lab.txt
	$(PY) -m pip install --quiet -c requirements.txt -r requirements-lab.txt
	touch $(LAB_STAMP)

validate: $(STAMP)
	$(PY) -m northeast validate

# Regenerate the curated series rows from ../shared/reference-data (etl/), then validate them.
data: $(STAMP)
	$(PY) -m etl
	$(PY) -m northeast validate

# Validate the data, execute the notebooks whose inputs changed, build _build/html, then print its PDF
# edition (_build/html/northeast-china-report.pdf), which every page links: Debian's Chromium prints
# every page in the table of contents' order (northeast/tooling/pdf.py says why not LaTeX). The PDF is
# part of the book, so that no build publishes a page whose PDF link leads nowhere.
book: $(STAMP) browser-deps
	$(PY) -m northeast build
	$(PY) -m northeast.tooling.pdf

# The same as `make book` (kept for the name readers look for).
pdf: book

# Every test: the package, the data, the built book and its PDF, nbval over every notebook, the browser.
# The suites run in TEST_WORKERS processes (pytest-xdist), a test file to a process: most of the time
# is in builds of copies of the project and in the browser, each single-threaded, so two processes on
# a two-core machine take little more than half the time. nbval runs the notebooks one at a time.
TEST_WORKERS ?= 2
test: $(STAMP) $(LAB_STAMP) browser-deps checker-deps book
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile tests
	$(PY) -m pytest -q --nbval-lax notebooks

nbval: $(STAMP)
	$(PY) -m pytest -q --nbval-lax notebooks

# Time clean, no-op, one-value and forced builds on a temporary copy, and stock Jupyter Book's clean
# build of the same book (book/updating.md has the figures). BENCH_ARGS=--skip-scale leaves out the
# 100,000-row scale part; BENCH_ARGS="--ref 3622bc2 --no-stock" times an older commit.
bench: $(STAMP)
	$(PY) -m northeast.tooling.bench $(BENCH_ARGS)

# Register the venv as a Jupyter kernel, to open the notebooks in JupyterLab or VS Code. The name
# is derived from this checkout's path, so a second checkout registers its own kernel.
KERNEL_NAME := northeast-$(shell printf '%s' "$(CURDIR)" | cksum | cut -d' ' -f1)
kernel: $(STAMP)
	$(PY) -m ipykernel install --user --name $(KERNEL_NAME) --display-name "Python (northeast report, $(CURDIR))"

# Open the chapters in JupyterLab, their prose rendered by jupyterlab-myst ({eval} numbers shown once
# the cells have run). JUPYTER_PREFER_ENV_PATH: the notebooks' kernel "python3" is this venv's own,
# ahead of any "python3" kernel registered for the user.
lab: $(LAB_STAMP)
	JUPYTER_PREFER_ENV_PATH=1 $(PY) -m jupyterlab --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

# Before committing notebooks: strip outputs, execution counts and timings, reset the kernel.
clean-notebooks: $(STAMP)
	$(PY) tools/clean_notebooks.py notebooks/*.ipynb

# Debian's Chromium for the browser tests (never a browser downloaded at run time); Playwright
# drives /usr/bin/chromium. A Chinese font (WenQuanYi Zen Hei, 7 MB), so that the quotes in Chinese on
# the sources and changelog pages show as text, not boxes, in the tests' and audit's screenshots
# and in the PDF. poppler-utils: pdftotext, pdffonts and pdfimages, with which the tests read the PDF.
# Node and npm (Debian's, if missing) run Lighthouse for `make audit`.
browser-deps:
	@{ test -x /usr/bin/chromium && dpkg -s fonts-wqy-zenhei poppler-utils >/dev/null 2>&1; } || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei poppler-utils >/dev/null; }

# The pinned npm tools of tools/package.json (axe-core and the Nu Html Checker for the tests, Lighthouse
# for `make audit`), and what runs them: Debian's Node and npm, and a Java runtime for the checker
# (installed before `npm ci`, so that vnu-jar's install step finds it and downloads nothing).
NPM_TOOLS := tools/node_modules/.package-lock.json
checker-deps: $(NPM_TOOLS)
$(NPM_TOOLS): tools/package.json tools/package-lock.json
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --prefix tools --no-audit --no-fund --loglevel=error
	touch $(NPM_TOOLS)

# Page weights and Lighthouse (performance, accessibility, best practices) for every page of the
# built book; writes the figures into book/quality.md and docs/screenshot.png. Slow: not in `test`.
audit: $(STAMP) browser-deps checker-deps book
	CHROME_PATH=/usr/bin/chromium $(PY) tools/lighthouse_audit.py

clean:
	rm -rf _build
