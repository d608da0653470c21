# One command to set up and run the example, one to set up and run the tests.
# Everything is installed into .venv by the project itself (durable-rules builds from
# source with the machine's gcc and Python headers).
PYTHON ?= python3
VENV ?= .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
	$(VENV)/bin/python -m compileall -q cli.py engine workspace
	touch $(STAMP)

demo: setup
	$(VENV)/bin/merit check examples/provinsi-contoh --policy permenpanrb-19-2025

test: setup
	sh scripts/install-test-deps.sh
	$(VENV)/bin/pytest -q

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
