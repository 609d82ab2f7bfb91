"""The exploration's chart: a Plotly figure from a Polars frame, no Streamlit.

Only the analysts' exploration draws with Plotly, where zooming and hovering a long series pay for
its 4.7 MB of JavaScript; every leader page draws its charts on the server (app/drawn/). House
style: the palette of app/drawn, Chinese-capable fonts, units on axes.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go
import polars as pl

from app.drawn.frame import PALETTE, cached
from grassroots.outputs import escape

FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"

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
