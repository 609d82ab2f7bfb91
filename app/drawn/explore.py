"""The exploration's chart drawn on the server: lines over time, bars otherwise, one line or bar
per value of the second dimension. Plotly (app/charts.py) draws the same on request, where zooming
and hovering a long series pay for its JavaScript."""

from __future__ import annotations

import polars as pl

from app.drawn.bars import grouped_bars
from app.drawn.frame import PALETTE, cached, chart, esc
from app.drawn.lines import _lines

MOST_BARS = 60  # categories drawn as bars; the table under the chart holds them all
MOST_SERIES = len(PALETTE)  # values of the second dimension drawn, the largest; the table holds all


@cached
def explore_chart(frame: pl.DataFrame, *, time_axis: bool, x: str, y: str, color: str | None, labels: dict[str, str],
                  lang: str = "zh", more: str = "") -> str:
    """`frame`: x, y and (optional) color columns; `more`: the note under a chart that left some out."""
    series = [None] if color is None else (
        frame.group_by(color).agg(pl.col(y).sum()).sort(y, descending=True, nulls_last=True)[color].head(MOST_SERIES).to_list())
    cut = color is not None and frame[color].n_unique() > len(series)
    if time_axis:
        groups = []
        for i, name in enumerate(series):
            part = (frame if name is None else frame.filter(pl.col(color) == name)).sort(x)
            groups.append(("" if name is None else str(name), PALETTE[i % len(PALETTE)], part[x].to_list(), part[y].to_list()))
        drawing = _lines(groups, kind="explore_lines", unit=labels.get(y, y), lang=lang)
    else:
        if color is None:
            wide, columns = frame.select(x, y), {y: labels.get(y, y)}
        else:
            wide = frame.filter(pl.col(color).is_in(series)).pivot(on=color, index=x, values=y, aggregate_function="sum")
            columns = {str(name): str(name) for name in series if str(name) in wide.columns}
            wide = wide.rename({c: str(c) for c in wide.columns})
        cut = cut or wide.height > MOST_BARS
        drawing = grouped_bars(wide.head(MOST_BARS), x, columns, unit=labels.get(y, y), lang=lang)
    if cut and more:
        drawing = chart("explore_note", drawing + f'<div class="gt-more">{esc(more)}</div>')
    return drawing
