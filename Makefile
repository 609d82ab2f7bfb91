# Two commands: `make run` serves the dashboard on demo data, `make test` runs the whole suite.
# Both build everything they need from nothing on a fresh Debian machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test venv demo system-deps templates clean deploy-check bench

run: venv demo
	$(PY) -m streamlit run serve.py --server.address 127.0.0.1 --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

test: venv system-deps
	$(PY) -m pytest

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Demo snapshots are published through the real refresh, only when none exist yet; existing ones
# stored by other definitions (an older checkout's) are recomputed, as a deployment does after a release.
demo: venv
	@if ls data/snapshots/*/manifest.json >/dev/null 2>&1; then \
		echo "快照已存在，跳过示例数据生成（删除 data/snapshots 可重建）"; \
		$(PY) -m grassroots figures recompute --if-stale; \
	else $(PY) -m grassroots demo; fi

# Chromium and a CJK font for the browser tests (Debian packages; Playwright downloads nothing);
# poppler-utils (pdftoppm, pdftotext) turns the weekly brief's PDF into a PNG the tests keep.
# The brief embeds the same CJK font (grassroots/outputs/brief.typ).
system-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi wqy; then :; else \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei poppler-utils >/dev/null; fi

# Two app processes behind Debian's nginx on loopback, configured from deploy/ (not part of `make test`).
deploy-check: venv demo
	@if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then :; else \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx >/dev/null; fi
	$(PY) deploy/check.py

# Page times, refresh, memory and a 20-session load test at (1, 26), (1, 520) and (100, 520); not
# part of `make test`. Datasets are built once into bench/data/; results go to bench/results/.
bench: venv system-deps
	@$(PY) -c "import pyinstrument" 2>/dev/null || $(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m bench.run $(BENCH_ARGS)

templates: venv
	$(PY) refresh.py --templates templates/

clean:
	rm -rf $(VENV) data/snapshots data/demo_inbox templates test-output
