"""What every part of the benchmark shares: paths, the served app, readiness, statistics, memory."""

from __future__ import annotations

import statistics
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from grassroots.catalogue.i18n import t
from app.drawn import later
from app.navigation import PAGES
from grassroots.catalogue import pages
from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, free_port, healthy, launch, stop  # noqa: F401  (re-exported)

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
DATA = BENCH / "data"  # gitignored: datasets, copies for the refresh, server logs
RESULTS = BENCH / "results"
EMPTY_APP = BENCH / "empty_app.py"
APP = REPO / "dashboard.py"  # the script AppTest runs
SERVED_APP = REPO / "serve.py"  # what a browser reaches: dashboard.py behind the app's gate, as deployed

# The pages the app shows without sign-in (no [grassroots_auth] secrets: leader and analyst pages);
# the clerks' pages (data desk, audit log) need a signed-in clerk and are not measured.
OPEN_ROLES = frozenset({"leader", "analyst"})


def _open(spec) -> bool:
    roles = getattr(spec, "allowed_roles", None)
    return roles is None or bool(roles & OPEN_ROLES)


# Page key -> script. A page's h1 is its catalogue title; the overview's is the app's title.
PAGE_SCRIPTS = {p.url_path: p.path for p in PAGES if _open(p)}


def page_title(page: str, lang: str) -> str:
    return t("app_title", lang) if page == "overview" else pages.title(page, lang)


def median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def percentile(values, q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100): an observed value, never an interpolation."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    rank = max(1, -(-len(values) * q // 100))  # ceil
    return values[int(rank) - 1]


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


# ----------------------------------------------------------------------------- the served app

@dataclass
class Served:
    url: str
    proc: subprocess.Popen
    log: Path


@contextmanager
def serve(script: Path, data_dir: Path | None, log_name: str):
    """`streamlit run <script>` on a free port, as tests/browser/harness.py does, but keeping the
    process (its memory is measured) and logging to bench/data/logs/ instead of an unread pipe."""
    logs = DATA / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{log_name}.log"
    with open(log, "wb") as out:
        proc, url = launch(script, data_dir, out)
    try:
        if not healthy(proc, url, 90):
            raise RuntimeError(f"streamlit did not start, see {log}")
        yield Served(url, proc, log)
    finally:
        stop(proc, 15)


# ----------------------------------------------------------------------------- memory

@dataclass
class RssWatch:
    """Samples a process's resident memory (and its children's: the SQL box workers) in a thread."""
    pid: int
    interval: float = 0.1
    peak_app: int = 0
    peak_total: int = 0
    peak_children: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> tuple[int, int]:
        """(the app process's RSS, the RSS of its children together), in bytes, now."""
        try:
            proc = psutil.Process(self.pid)
            app = proc.memory_info().rss
            kids = proc.children(recursive=True)
        except psutil.Error:  # the process has ended: its peaks stay as measured
            return 0, 0
        children = 0
        for child in kids:
            try:
                children += child.memory_info().rss
            except psutil.Error:
                pass
        self.peak_app = max(self.peak_app, app)
        self.peak_children = max(self.peak_children, children)
        self.peak_total = max(self.peak_total, app + children)
        return app, children

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> RssWatch:
        self.sample()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
        self.sample()

    def as_dict(self) -> dict:
        return {"peak_app_bytes": self.peak_app, "peak_children_bytes": self.peak_children,
                "peak_app_and_children_bytes": self.peak_total}


def mib(n: int | float | None) -> float | None:
    return None if n is None else n / (1 << 20)


# ----------------------------------------------------------------------------- readiness in Chromium

# Ready: Streamlit has finished the script run that produced what the page shows, and the page
# shows it. The run state is notRunning (held for STABLE_MS) and the "running" widget is gone; the
# page's own marks are there (its h1 title, the URL parameters its run writes), so a check right
# after a click cannot pass on the previous run's notRunning; and the elements a reader looks at
# are drawn: the sidebar's button and, where the reference knows how many, every figure card; and
# no part on the first screen is still waiting to be drawn (app/drawn/later.py: the parts below it
# are drawn after it, so ready is the first screen). The cards matter under load: Streamlit's
# frontend loads each element type's code on first use, and with twenty tabs on two cores a page
# can say notRunning seconds before its metrics and sidebar appear. Plotly charts are not waited
# for. The time reported is when the state began to hold (Date.now(), epoch ms).
STABLE_MS = 400
READY_JS = """([title, path, params, stableMs, need]) => {  // title: a string or a list of alternatives
    const now = Date.now();
    const state = (() => {
        const app = document.querySelector('[data-testid="stApp"]');
        if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
        if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
        if (document.querySelector('[data-testid="stException"]')) return 'exception';
        for (const d of document.querySelectorAll('[role="dialog"]')) {
            if ((d.innerText || '').includes('Page not found')) return 'not_found';
        }
        if (path && !location.pathname.endsWith('/' + path)) return false;
        const q = new URLSearchParams(location.search);
        for (const [k, v] of Object.entries(params || {})) { if (q.get(k) !== v) return false; }
        const titles = Array.isArray(title) ? title : (title ? [title] : []);
        if (titles.length) {  // any of them: a check afterwards says whether it is the right language
            const h1 = document.querySelector('[data-testid="stMain"] h1');
            const text = h1 ? (h1.innerText || '') : '';
            if (!titles.some(t => text.includes(t))) return false;
        }
        need = need || {};
        if (need.sidebar && !document.querySelector('[data-testid="stSidebar"] [data-testid="stPopoverButton"]')) return false;
        if (need.metrics && document.querySelectorAll('[data-testid="stMain"] .gk-value').length < need.metrics) return false;
        for (const part of document.querySelectorAll('__UNDRAWN__')) {  // app/drawn/later.py
            if (part.getBoundingClientRect().top < innerHeight) return false;  // on the screen, not drawn yet
        }
        return true;
    })();
    if (state !== true) { window.__benchReadySince = null; return state === false ? false : {state, at: now}; }
    window.__benchReadySince = window.__benchReadySince || now;
    return now - window.__benchReadySince >= (stableMs ?? 400) ? {state: true, at: window.__benchReadySince} : false;
}""".replace("__UNDRAWN__", later.UNDRAWN)

STATE = """() => document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state')"""

METRICS_JS = """() => Array.from(document.querySelectorAll(
    '[data-testid="stMain"] .gk-value')).map(e => (e.innerText || '').trim())"""

# The sidebar's choices as its button names them: "赛罕区 · 2026-11-20" (app/ui.sidebar).
SIDEBAR_JS = """() => (document.querySelector(
    '[data-testid="stSidebar"] [data-testid="stPopoverButton"]')?.innerText || '').trim()"""


# ----------------------------------------------------------------------------- districts

@dataclass(frozen=True)
class District:
    code: str  # "all" for the whole city, as the sidebar and the URL say
    zh: str
    en: str

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def districts(data_dir: Path) -> list[District]:
    """The whole city, then the districts in display order, as the sidebar lists them."""
    import polars as pl

    latest = sorted((data_dir / "snapshots").glob("*/manifest.json"))[-1].parent
    frame = pl.read_parquet(latest / "districts.parquet").sort("display_order")
    return [District("all", t("whole_city", "zh"), t("whole_city", "en")),
            *(District(r["district_code"], r["district_name"], r["district_name_en"]) for r in frame.iter_rows(named=True))]


def ready_args(title, path, params, sidebar: int = 0, metrics: int = 0) -> list:
    return [title, path, params, STABLE_MS, {"sidebar": sidebar, "metrics": metrics}]


def ready_outcome(value: dict, started_epoch_s: float) -> tuple[object, float]:
    """(True, 'exception' or 'not_found'; seconds from the start of the step to that state)."""
    return value["state"], max(0.0, value["at"] / 1000 - started_epoch_s)
