"""What every drawn chart shares: colours, the stylesheet, numbers, ticks, the legend, escaping."""

from __future__ import annotations

import functools
import html
import math
import threading
from collections import OrderedDict

import polars as pl

from grassroots.catalogue import fmt

DISTRICT_COLOURS = {
    "150102": "#1f77b4", "150103": "#ff7f0e", "150104": "#2ca02c", "150105": "#d62728",
    "150121": "#9467bd", "150122": "#8c564b", "150123": "#e377c2", "150124": "#7f7f7f",
    "150125": "#bcbd22", "150172": "#17becf",
}
SERIES_COLOURS = ["#C0392B", "#2E86C1", "#7F8C8D", "#27AE60", "#8E44AD", "#D68910"]
PALETTE = SERIES_COLOURS + ["#17becf", "#bcbd22", "#e377c2", "#8c564b", "#1f77b4", "#ff7f0e"]
STATUS_COLOURS = {"done": "#27AE60", "in_progress": "#F4D03F", "not_started": "#BDC3C7", "overdue": "#C0392B"}
OTHER = "#999"
REFERENCE, TARGET = "#C0392B", "#7F8C8D"  # the city's figure (dashed) and a target (dotted)

# One stylesheet for every drawn chart, sent once per page by the frame (marks.mark_screen). Sizes are in
# rem/em so the wall screen's larger type enlarges charts with the text. Charts, tables and rows below
# the screen are laid out and painted only when they come near it (content-visibility: a page's
# first load lays the page out again after each element Streamlit adds).
CSS = """<style>
.gc{font-size:.85rem;line-height:1.3;color:#31333f;margin:.2rem 0 .4rem;font-variant-numeric:tabular-nums}
.gc-legend{display:flex;flex-wrap:wrap;gap:.15rem 1rem;margin:0 0 .45rem}
.gc-key{display:inline-flex;align-items:center;gap:.35em}
.gc-key i{display:inline-block;width:.85em;height:.85em;border-radius:2px}
.gc-key i.gc-dash{height:0;width:1.4em;border-top:2px dashed currentColor;border-radius:0}
.gc-key i.gc-dot{height:0;width:1.4em;border-top:2px dotted currentColor;border-radius:0}
.gc-src{font-size:.875rem;color:#808495;margin:.1rem 0 .5rem}
.gc-unit{color:#6b6f7b;font-size:.85em;margin-bottom:.2rem}
.gc-rows{display:grid;grid-template-columns:fit-content(13em) 1fr;gap:.35rem .6rem;align-items:center}
.gc-label{text-align:right;overflow-wrap:anywhere}
.gc-track{position:relative;min-width:6em}
.gc-bar{position:relative;z-index:1;display:flex;align-items:center;min-height:1.05em;margin:1px 0}
.gc-bar>b{display:block;height:1.05em;min-width:1px}
.gc-bar>b:last-of-type{border-radius:0 2px 2px 0}
.gc-bar>span{margin-left:.3em;padding:0 .15em;white-space:nowrap;background:rgba(255,255,255,.85)}
.gc-seg{display:flex;justify-content:center;align-items:center;color:#fff;font-weight:400;font-size:.85em;overflow:hidden}
.gc-rule{position:absolute;top:-.25rem;bottom:-.25rem;width:0}
.gc-plot{position:relative;margin:.3rem 1.2em 1.8em 3.2em}
.gc-plot>img{position:absolute;inset:0;width:100%;height:100%;max-width:none}
.gc-pt{position:absolute;width:.45rem;height:.45rem;border-radius:50%;transform:translate(-50%,-50%);border:1px solid #fff}
.gc-pt.gc-end{width:.7rem;height:.7rem}
.gc-y,.gc-x{position:absolute;color:#6b6f7b;font-size:.85em;white-space:nowrap}
.gc-y{right:100%;padding-right:.4em;transform:translateY(-50%)}
.gc-x{top:100%;padding-top:.25em;transform:translateX(-50%)}
.gc-panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5em,1fr));gap:.6rem .9rem}
.gc-panel .gc-plot{margin:.15rem .2em 1.5em 2.2em}
.gc-panel>div:first-child{font-size:.9em;display:flex;gap:.3em}
.gc-panel>div:first-child>span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;min-width:0}
.gc-panel>div:first-child>b{flex:none}
.gc-flag>div:first-child{color:#C0392B;font-weight:600}
.gk-h1{font-size:2.75rem;font-weight:700;line-height:1.2;margin:0 0 .5rem;padding:1.25rem 0 1rem;color:#31333f;letter-spacing:-.005em}
.gk-fresh{margin:.6rem 0 .4rem;color:#31333f;line-height:1.6}
.gk-demo{color:#c2570c}.gk-badge.gk-demo{background:rgba(255,164,33,.12)}
.gk-fresh a{color:#1c83e1;text-decoration:none}
.gk-title{font-size:1.5rem;font-weight:600;line-height:1.2;margin:1.1rem 0 .6rem;padding:0;color:#31333f}
.gk-row{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,12.5rem),1fr));gap:.75rem;margin:.1rem 0 .6rem}
.gk-card{border:1px solid rgba(49,51,63,.2);border-radius:.5rem;padding:.7rem .9rem .5rem;color:#31333f;min-width:0}
.gk-label{font-size:.875rem;line-height:1.35;overflow-wrap:anywhere}
.gk-figure{margin:.15rem 0 .2rem;display:flex;flex-wrap:wrap;align-items:baseline;gap:0 .5rem}
.gk-value{font-size:2rem;line-height:1.25}
.gk-delta{font-size:.9rem;white-space:nowrap}
.gk-line{font-size:.8rem;color:#6b6f7b;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem .5rem;align-items:center}
.gk-badge{display:inline-block;border-radius:.25rem;padding:0 .4rem;font-size:.8rem;line-height:1.5}
.gk-progress{height:.35rem;background:#ECECEC;border-radius:.2rem;margin:.35rem 0 0;overflow:hidden}
.gk-progress>b{display:block;height:100%;background:#2E86C1}
.gk-card details{font-size:.8rem;color:#6b6f7b;margin-top:.2rem}
.gk-card summary{cursor:pointer;width:max-content}
.gk-card details p{margin:.3rem 0;color:#31333f;line-height:1.45}
.gt{overflow:auto;border:1px solid rgba(49,51,63,.15);border-radius:.5rem;font-size:.875rem;color:#31333f}
.gt table{border-collapse:collapse;width:100%}
.gt th{position:sticky;top:0;background:#f8f9fb;font-weight:400;color:#5f6368;text-align:left;cursor:help}
.gt th,.gt td{padding:.3rem .6rem;border-bottom:1px solid #eceef2;white-space:nowrap}
.gt .gt-n{text-align:right;font-variant-numeric:tabular-nums}
.gt tbody tr:hover{background:#f6f8fb}
.gt-more{font-size:.8rem;color:#6b6f7b;margin-top:.2rem}
.gc,.gt,.gp-row,.gf{content-visibility:auto;contain-intrinsic-size:auto 20rem}
.gp-row{display:grid;gap:1rem;align-items:start;margin:0 0 .4rem}
.gp-cell{min-width:0}
@media (max-width:640px){.gp-row{grid-template-columns:minmax(0,1fr)!important}}
.gp-note{background:rgba(28,131,225,.1);color:#004280;border-radius:.5rem;padding:.75rem 1rem;margin:.3rem 0 .6rem;line-height:1.5}
.gp-box{border:1px solid rgba(49,51,63,.2);border-radius:.5rem;padding:1rem;margin:.2rem 0 1rem;color:#31333f;line-height:1.6}
.gp-box p{margin:0 0 .6rem}.gp-box p:last-child{margin:0}
.gp-box a{color:inherit;text-decoration:underline dotted;cursor:help}
.gp-strong{font-weight:600;margin:.6rem 0 .4rem}
.gp-cap{font-size:.875rem;color:rgba(49,51,63,.6);margin:.15rem 0 .5rem;line-height:1.45;overflow-wrap:anywhere}
.gf details{border:1px solid rgba(49,51,63,.15);border-radius:.5rem;padding:.45rem .8rem;margin:.35rem 0;color:#31333f}
.gf summary{cursor:pointer}
.gf ul{margin:.4rem 0 .1rem 1.1rem;padding:0;font-size:.9rem;line-height:1.5}
</style>"""


_ICON = ("font-family:'Material Symbols Rounded';font-weight:400;font-style:normal;font-size:1.15em;line-height:1;"
         "vertical-align:-.2em;display:inline-block;font-feature-settings:'liga';user-select:none")
_SIDE = "font-size:.875rem;color:rgba(49,51,63,.6);line-height:1.5;overflow-wrap:anywhere"


def icon(name: str) -> str:
    """A Material Symbols icon in HTML, in the font Streamlit's own :material/…: icons use. Styled
    inline, as side_line is: the sidebar's lines are drawn before the page's stylesheet (CSS, sent
    by the frame once it knows the snapshot), and a refused page has none."""
    return f'<span aria-hidden="true" style="{_ICON}">{name}</span>'


def side_line(body: str) -> str:
    """A line of the sidebar (the demo mark, who is signed in) as st.caption draws one, in HTML:
    no Markdown to parse on every page's first load."""
    return f'<div data-side="1" style="{_SIDE}">{body}</div>'


def esc(text) -> str:
    """Text from a district's file, shown as typed (inside elements and attribute values)."""
    return html.escape("" if text is None else str(text), quote=True)


def num(value, lang: str) -> str:
    """A value as the page's cards write it (1.58万, 6,158; — when missing)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return fmt.number(value, lang)


def nice_max(top: float) -> tuple[float, list[float]]:
    """A round upper end at or above `top` and the 3–6 ticks from 0 to it (1, 2, 2.5 or 5 × 10^k)."""
    if not top or top <= 0 or math.isnan(top):
        return 1.0, [0.0, 1.0]
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    end = math.ceil(top / step - 1e-9) * step
    return end, [i * step for i in range(int(round(end / step)) + 1)]


def legend(entries: list[tuple[str, str, str]]) -> str:
    """Keys of a chart: (label, colour, kind) with kind "" (a swatch), "dash" or "dot" (a line)."""
    if not entries:
        return ""
    keys = "".join(f'<span class="gc-key" style="color:{colour}"><i class="{"gc-" + kind if kind else ""}" '
                   f'style="{"" if kind else f"background:{colour}"}"></i><span style="color:#31333f">{esc(label)}</span></span>'
                   for label, colour, kind in entries)
    return f'<div class="gc-legend">{keys}</div>'


def chart(kind: str, body: str, *, keys: str = "", unit: str = "") -> str:
    """The chart's block: its kind (for tests and styles), its legend, the unit of its values."""
    unit_line = f'<div class="gc-unit">{esc(unit)}</div>' if unit else ""
    return f'<div class="gc" data-chart="{kind}">{keys}{unit_line}{body}</div>'


_DRAWN: OrderedDict = OrderedDict()
_DRAWN_LOCK = threading.Lock()


def _key(value):
    """A hashable stand-in for a builder's argument: a frame by its shape and content hash."""
    if isinstance(value, pl.DataFrame):
        return ("frame", value.height, tuple(value.columns), tuple(map(str, value.dtypes)),
                int(value.hash_rows().sum()) if value.height else 0)
    return repr(value)


def cached(builder):
    """Keep what a builder made for the same data: a rerun (any click, or a second leader on the
    same view) shows it again without drawing. Keyed by the builder, its frames' content hashes and
    its other arguments; bounded. Callers must not modify what they get back."""
    @functools.wraps(builder)
    def build(*args, **kwargs):
        key = (builder.__module__, builder.__name__, tuple(_key(a) for a in args),
               tuple((k, _key(v)) for k, v in sorted(kwargs.items())))
        with _DRAWN_LOCK:  # sessions run in threads of one process
            made = _DRAWN.get(key)
            if made is not None:
                _DRAWN.move_to_end(key)
                return made
        made = builder(*args, **kwargs)
        with _DRAWN_LOCK:
            _DRAWN[key] = made
            while len(_DRAWN) > 256:
                _DRAWN.popitem(last=False)
        return made
    return build
