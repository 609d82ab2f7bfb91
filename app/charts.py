"""Chart builders: pure functions from a Polars DataFrame to a Plotly figure, no Streamlit.

One colour per district everywhere (by district code), Chinese-capable fonts, units on axes.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict

import plotly.graph_objects as go
import polars as pl

from grassroots.outputs import escape

FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
DISTRICT_COLOURS = {
    "150102": "#1f77b4", "150103": "#ff7f0e", "150104": "#2ca02c", "150105": "#d62728",
    "150121": "#9467bd", "150122": "#8c564b", "150123": "#e377c2", "150124": "#7f7f7f",
    "150125": "#bcbd22", "150172": "#17becf",
}
SERIES_COLOURS = ["#C0392B", "#2E86C1", "#7F8C8D", "#27AE60", "#8E44AD", "#D68910"]
PALETTE = SERIES_COLOURS + ["#17becf", "#bcbd22", "#e377c2", "#8c564b", "#1f77b4", "#ff7f0e"]
STATUS_COLOURS = {"done": "#27AE60", "in_progress": "#F4D03F", "not_started": "#BDC3C7", "overdue": "#C0392B"}


def _whole(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _layout(fig: go.Figure, *, height: int = 360, y_title: str = "", x_title: str = "", legend: bool = True) -> go.Figure:
    literal_text(fig)
    fig.update_layout(
        height=height, margin=dict(l=10, r=10, t=30, b=10), font=dict(family=FONT, size=14),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0) if legend else None,
        showlegend=legend, plot_bgcolor="white", separators=".,",
    )
    fig.update_yaxes(title_text=escape.plotly(y_title), gridcolor="#ECECEC", rangemode="tozero")
    fig.update_xaxes(title_text=escape.plotly(x_title))
    return fig


_TRACE_TEXT = ("name", "text", "hovertext", "x", "y", "labels", "ids", "legendgroup", "offsetgroup")
_TEMPLATE_TOKENS = re.compile(r"(%\{[^}]*\}|<br>|<extra>|</extra>)")


def literal_text(fig: go.Figure) -> go.Figure:
    """Names from district files (streets, units, teams) shown as typed in labels, legends,
    hovers and annotations: Plotly reads a subset of HTML there (grassroots/outputs/escape.py). Every builder
    here calls it once, through _layout; values that hold no < > & are left untouched."""
    for trace in fig.data:
        for attr in _TRACE_TEXT:
            value = getattr(trace, attr, None) if attr in trace else None
            escaped = _escaped(value)
            if escaped is not None:
                trace[attr] = escaped
        template = trace.hovertemplate if "hovertemplate" in trace else None
        if isinstance(template, str) and _needs(_TEMPLATE_TOKENS.sub("", template)):
            # plotly.express writes the colour group's value into the template itself
            trace.hovertemplate = "".join(part if _TEMPLATE_TOKENS.fullmatch(part) else escape.plotly(part)
                                          for part in _TEMPLATE_TOKENS.split(template))
    for note in fig.layout.annotations or ():
        if note.text and _needs(note.text):
            note.text = escape.plotly(note.text)
    for path in ("title.text", "legend.title.text"):
        node, *rest = path.split(".")
        obj = fig.layout[node]
        for part in rest[:-1]:
            obj = obj[part]
        text = obj[rest[-1]] if obj is not None else None
        if isinstance(text, str) and _needs(text):
            obj[rest[-1]] = escape.plotly(text)
    return fig


def _needs(text: str) -> bool:
    return "<" in text or ">" in text or "&" in text


def _escaped(value):
    """The escaped value, or None when nothing needs escaping (the trace is then left alone)."""
    if isinstance(value, str):
        return escape.plotly(value) if _needs(value) else None
    if value is None or isinstance(value, (int, float)):
        return None
    try:
        items = list(value)
    except TypeError:
        return None
    if not any(isinstance(v, str) and _needs(v) for v in items):
        return None
    return [escape.plotly(v) if isinstance(v, str) else v for v in items]


_FIGURES: OrderedDict = OrderedDict()
_FIGURES_LOCK = threading.Lock()


def _key(value):
    """A hashable stand-in for a builder's argument: a frame by its shape and content hash."""
    if isinstance(value, pl.DataFrame):
        return ("frame", value.height, tuple(value.columns), tuple(map(str, value.dtypes)),
                int(value.hash_rows().sum()) if value.height else 0)
    return repr(value)


def cached(builder):
    """Keep the figures a builder made for the same data: a rerun (any click, or a second leader
    on the same view) redraws them as they were. Building a Plotly figure validates every
    property and cost 30–110 ms per chart, most of a warm page run (bench/README: profiles).

    Keyed by the builder, its frames' content hashes and its other arguments; bounded. Callers
    must not modify the figure they get back."""
    @functools.wraps(builder)
    def build(*args, **kwargs):
        key = (builder.__name__, tuple(_key(a) for a in args), tuple((k, _key(v)) for k, v in sorted(kwargs.items())))
        with _FIGURES_LOCK:  # sessions run in threads of one process
            fig = _FIGURES.get(key)
            if fig is not None:
                _FIGURES.move_to_end(key)
                return fig
        fig = builder(*args, **kwargs)
        with _FIGURES_LOCK:
            _FIGURES[key] = fig
            while len(_FIGURES) > 256:
                _FIGURES.popitem(last=False)
        return fig
    return build


@cached
def grouped_bars(frame: pl.DataFrame, category: str, series: dict[str, str], *, y_title: str = "",
                 height: int = 360, horizontal: bool = False) -> go.Figure:
    """One bar group per category value; series maps column -> legend label."""
    fig = go.Figure()
    for (column, label), colour in zip(series.items(), SERIES_COLOURS):
        values = frame[column].to_list()
        cats = frame[category].to_list()
        # Vertical groups are narrow: neighbouring labels would read as one number ("1111").
        fig.add_bar(name=label, x=values if horizontal else cats, y=cats if horizontal else values,
                    orientation="h" if horizontal else "v", marker_color=colour,
                    text=values if horizontal else None, textposition="outside")
    fig.update_layout(barmode="group")
    if horizontal:
        fig.update_yaxes(autorange="reversed")
        return _layout(fig, height=height, x_title=y_title)
    return _layout(fig, height=height, y_title=y_title)


@cached
def district_bars(frame: pl.DataFrame, value: str, name_col: str, *, y_title: str = "",
                  reference: float | None = None, reference_label: str = "", target: float | None = None,
                  target_label: str = "", height: int = 340) -> go.Figure:
    """One bar per district in its own colour; optional horizontal lines: a reference (the city's
    figure, dashed red) and a target (dotted grey)."""
    colours = [DISTRICT_COLOURS.get(c, "#999") for c in frame["district_code"]]
    lined = reference is not None or target is not None
    # with lines across the bars, values go inside the bars' tops, where no line crosses them
    fig = go.Figure(go.Bar(x=frame[name_col].to_list(), y=frame[value].to_list(), marker_color=colours,
                           text=frame[value].to_list(), textposition="inside" if lined else "outside",
                           insidetextanchor="end", insidetextfont=dict(color="white")))
    # the lines' labels sit right of the plot, the city's above its line and the target's below
    # (the two are often close), so neither covers a bar's value
    lines = [(reference, reference_label, "dash", "#C0392B", "bottom"), (target, target_label, "dot", "#7F8C8D", "top")]
    for y, label, dash, colour, anchor in lines:
        if y is not None:
            fig.add_hline(y=y, line_dash=dash, line_color=colour, layer="below")
            fig.add_annotation(text=label, xref="paper", x=1.0, xanchor="left", y=y, yanchor=anchor,
                               showarrow=False, font=dict(color=colour, size=12))
    _layout(fig, height=height, y_title=y_title, legend=False)
    if lined:
        fig.update_layout(margin=dict(r=110))
    return fig


@cached
def district_lines(frame: pl.DataFrame, x: str, y: str, name_col: str, *, y_title: str = "",
                   height: int = 340, step: bool = False) -> go.Figure:
    """One line per district over time, in the district's colour."""
    fig = go.Figure()
    for code in frame["district_code"].unique(maintain_order=True):
        part = frame.filter(pl.col("district_code") == code).sort(x)
        if step:  # a step line only needs the weeks where the value changes, and the last one
            changed = pl.col(y).ne_missing(pl.col(y).shift(1)) | (pl.int_range(pl.len()) == pl.len() - 1)
            part = part.filter(changed)
        fig.add_scatter(x=part[x].to_list(), y=part[y].to_list(), name=part[name_col][0], mode="lines",
                        line=dict(color=DISTRICT_COLOURS.get(code, "#999"), width=2.5, shape="hv" if step else "linear"))
    return _layout(fig, height=height, y_title=y_title)


@cached
def stacked_area(frame: pl.DataFrame, x: str, series: dict[str, str], colours: list[str], *, y_title: str = "",
                 height: int = 320) -> go.Figure:
    fig = go.Figure()
    for (column, label), colour in zip(series.items(), colours):
        fig.add_scatter(x=frame[x].to_list(), y=frame[column].to_list(), name=label, stackgroup="one",
                        mode="lines", line=dict(width=0.5, color=colour), fillcolor=colour)
    return _layout(fig, height=height, y_title=y_title)


@cached
def stacked_bars(frame: pl.DataFrame, category: str, series: dict[str, str], colours: list[str], *,
                 x_title: str = "", height: int = 420) -> go.Figure:
    """Horizontal stacked bars, one per category (e.g. lead unit: done / not done)."""
    fig = go.Figure()
    for (column, label), colour in zip(series.items(), colours):
        fig.add_bar(name=label, y=frame[category].to_list(), x=frame[column].to_list(), orientation="h",
                    marker_color=colour, text=frame[column].to_list(), textposition="inside")
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=height, x_title=x_title)


@cached
def funnel(labels: list[str], values: list[float], *, height: int = 380) -> go.Figure:
    fig = go.Figure(go.Funnel(y=labels, x=values, textinfo="value+percent initial",
                              marker=dict(color=SERIES_COLOURS[: len(labels)] + ["#95A5A6"] * len(labels))))
    return _layout(fig, height=height, legend=False)


@cached
def before_after(labels: list[str], before: list[float], after: list[float], names: tuple[str, str], *,
                 y_title: str = "", height: int = 300) -> go.Figure:
    before, after = [_whole(v) for v in before], [_whole(v) for v in after]
    fig = go.Figure()
    fig.add_bar(name=names[0], x=labels, y=before, marker_color="#BDC3C7", text=before, textposition="outside")
    fig.add_bar(name=names[1], x=labels, y=after, marker_color="#C0392B", text=after, textposition="outside")
    fig.update_layout(barmode="group")
    return _layout(fig, height=height, y_title=y_title)


@cached
def small_multiples(history: pl.DataFrame, panel: str, x: str, y: str, titles: dict[str, str], *,
                    flagged: set[str] = frozenset(), columns: int = 5, height_per_row: int = 150) -> go.Figure:
    """One small line chart per panel value (e.g. per observation point), flagged panels in red.

    The grid of axes is laid out here rather than with plotly's make_subplots, which validates
    every subplot one by one and took about 2 s for the 20 observation points on every rerun."""
    panels = sorted(history[panel].unique().to_list())
    rows = max(1, (len(panels) + columns - 1) // columns)
    gap_x, gap_y = 0.04, 0.12 / max(1, rows - 1) * min(rows - 1, 3) if rows > 1 else 0.0
    width = (1 - gap_x * (columns - 1)) / columns
    height = (1 - gap_y * (rows - 1)) / rows
    data, layout, notes = [], {}, []
    grouped = {p: part.sort(x) for (p,), part in history.group_by(panel, maintain_order=True)}
    for i, p in enumerate(panels):
        r, c = divmod(i, columns)
        suffix = "" if i == 0 else str(i + 1)
        x0, top = c * (width + gap_x), 1 - r * (height + gap_y)
        layout[f"xaxis{suffix}"] = dict(domain=[x0, x0 + width], anchor=f"y{suffix}", showticklabels=False,
                                        matches="x" if i else None)
        layout[f"yaxis{suffix}"] = dict(domain=[max(0.0, top - height), top], anchor=f"x{suffix}",
                                        gridcolor="#ECECEC", rangemode="tozero")
        part = grouped[p]
        data.append(go.Scatter(x=part[x].to_list(), y=part[y].to_list(), mode="lines", showlegend=False,
                               xaxis=f"x{suffix}", yaxis=f"y{suffix}",
                               line=dict(color="#C0392B" if p in flagged else "#2E86C1", width=2)))
        notes.append(dict(text=titles.get(p, p), x=x0 + width / 2, y=top, xref="paper", yref="paper",
                          xanchor="center", yanchor="bottom", showarrow=False, font=dict(size=12)))
    fig = go.Figure(data=data, layout=dict(layout, annotations=notes))
    return _layout(fig, height=rows * height_per_row + 40, legend=False)


@cached
def explore_chart(frame: pl.DataFrame, *, time_axis: bool, x: str, y: str, color: str | None,
                  labels: dict[str, str]) -> go.Figure:
    """The exploration's chart: lines over time, grouped bars otherwise, one trace per value of
    `color` (the second dimension), in the house style. Built with graph_objects: plotly.express
    would import pandas (about a second on the page's first view) for the same figure."""
    groups = ([(None, frame)] if color is None else
              [(g, part) for (g,), part in frame.group_by(color, maintain_order=True)])
    hover = f"{labels.get(x, x)}：%{{x}}<br>{labels.get(y, y)}：%{{y}}"
    fig = go.Figure()
    for i, (name, part) in enumerate(groups):
        colour = PALETTE[i % len(PALETTE)]
        trace = dict(x=part[x].to_list(), y=part[y].to_list(), name="" if name is None else str(name),
                     showlegend=name is not None, hovertemplate=hover + ("<extra>%{fullData.name}</extra>" if name is not None
                                                                         else "<extra></extra>"))
        if time_axis:
            fig.add_scatter(mode="lines+markers", line=dict(color=colour), **trace)
        else:
            fig.add_bar(marker_color=colour, **trace)
    fig.update_layout(barmode="group", legend_title_text=labels.get(color, "") if color else None)
    if not time_axis:
        fig.update_xaxes(type="category")
    return _layout(fig, height=380, x_title=labels.get(x, x), y_title=labels.get(y, y))


def style(fig: go.Figure, height: int = 380) -> go.Figure:
    """House style for a figure built elsewhere (e.g. with plotly.express), its axis titles kept."""
    return _layout(fig, height=height, y_title=fig.layout.yaxis.title.text or "", x_title=fig.layout.xaxis.title.text or "")
