"""Bar charts as HTML: one row per category (a district, a unit, a stage), its label at the left,
its bars at the right with their values. Horizontal, so long Chinese and English names are never
turned or cut, and the chart reads the same at 390 px and on the wall."""

from __future__ import annotations

import polars as pl

from app.drawn.frame import (DISTRICT_COLOURS, OTHER, PALETTE, REFERENCE, SERIES_COLOURS, TARGET, cached, chart, esc,
                             legend, num)

SPAN = 84  # % of the track the longest bar takes: its value label fits after it


def _width(value, top: float) -> float:
    return 0.0 if not value or top <= 0 else max(0.0, min(SPAN, value / top * SPAN))


def _bar(value, top: float, colour: str, title: str, lang: str) -> str:
    return (f'<div class="gc-bar"><b style="width:{_width(value, top):.2f}%;background:{colour}" title="{esc(title)}"></b>'
            f'<span>{num(value, lang)}</span></div>')


def _rows(rows: list[tuple[str, str]], rules: str = "") -> str:
    """The grid of (label, track) rows; `rules` are vertical lines drawn in every track."""
    return '<div class="gc-rows">' + "".join(
        f'<div class="gc-label">{esc(label)}</div><div class="gc-track">{rules}{track}</div>' for label, track in rows) + "</div>"


def _top(*columns) -> float:
    return max((float(v) for column in columns for v in column if v is not None), default=0.0)


@cached
def grouped_bars(frame: pl.DataFrame, category: str, series: dict[str, str], *, unit: str = "", lang: str = "zh") -> str:
    """One group of bars per category value; `series` maps a column to its legend label (at most
    as many as the palette has colours: the exploration draws up to twelve)."""
    colours = dict(zip(series, PALETTE))
    top = _top(*(frame[c].to_list() for c in series))
    rows = []
    for row in frame.iter_rows(named=True):
        bars = "".join(_bar(row[c], top, colours[c], f"{row[category]} · {label}：{num(row[c], lang)}", lang)
                       for c, label in series.items())
        rows.append((row[category], bars))
    keys = legend([(label, colours[c], "") for c, label in series.items()]) if len(series) > 1 else ""
    return chart("grouped_bars", _rows(rows), keys=keys, unit=unit)


@cached
def district_bars(frame: pl.DataFrame, value: str, name_col: str, *, unit: str = "", reference: float | None = None,
                  reference_label: str = "", target: float | None = None, target_label: str = "", lang: str = "zh") -> str:
    """One bar per district in its own colour; optional vertical lines: a reference (the city's
    figure, dashed red) and a target (dotted grey), named in the legend."""
    lines = [(y, label, colour, kind) for y, label, colour, kind in
             ((reference, reference_label, REFERENCE, "dash"), (target, target_label, TARGET, "dot")) if y is not None]
    top = max([_top(frame[value].to_list())] + [float(y) for y, *_ in lines])
    rules = "".join(f'<i class="gc-rule" style="left:{_width(y, top):.2f}%;border-left:2px {"dashed" if kind == "dash" else "dotted"} {colour}"></i>'
                    for y, _, colour, kind in lines)
    rows = [(row[name_col], _bar(row[value], top, DISTRICT_COLOURS.get(row["district_code"], OTHER),
                                 f"{row[name_col]}：{num(row[value], lang)}", lang))
            for row in frame.iter_rows(named=True)]
    keys = legend([(label, colour, kind) for _, label, colour, kind in lines])
    return chart("district_bars", _rows(rows, rules), keys=keys, unit=unit)


@cached
def stacked_bars(frame: pl.DataFrame, category: str, series: dict[str, str], colours: list[str], *, unit: str = "",
                 lang: str = "zh") -> str:
    """One bar per category made of its series (e.g. a lead unit's tasks: done, remaining), the
    total after it; a part's value is written inside it where it fits."""
    totals = [sum(row[c] or 0 for c in series) for row in frame.iter_rows(named=True)]
    top = max(totals, default=0)
    rows = []
    for row, total in zip(frame.iter_rows(named=True), totals):
        shown = [(c, label, colour) for (c, label), colour in zip(series.items(), colours) if row[c]]
        parts = "".join(  # a part's own value inside it, when the bar has more than one part and it fits
            f'<b class="gc-seg" style="width:{_width(row[c], top):.2f}%;background:{colour}" '
            f'title="{esc(row[category])} · {esc(label)}：{num(row[c], lang)}">'
            f'{num(row[c], lang) if len(shown) > 1 and _width(row[c], top) >= 6 else ""}</b>' for c, label, colour in shown)
        rows.append((row[category], f'<div class="gc-bar">{parts}<span>{num(total, lang)}</span></div>'))
    keys = legend([(label, colour, "") for label, colour in zip(series.values(), colours)])
    return chart("stacked_bars", _rows(rows), keys=keys, unit=unit)


@cached
def funnel(labels: list[str], values: list[float], *, lang: str = "zh") -> str:
    """A path's stages, each with its count and its share of the first stage."""
    top = _top(values)
    first = values[0] if values else 0
    rows = []
    for i, (label, value) in enumerate(zip(labels, values)):
        share = f" ({value / first:.0%})" if first and i else ""
        rows.append((label, f'<div class="gc-bar"><b style="width:{_width(value, top):.2f}%;background:{SERIES_COLOURS[i % len(SERIES_COLOURS)]}" '
                            f'title="{esc(label)}：{num(value, lang)}{share}"></b><span>{num(value, lang)}{share}</span></div>'))
    return chart("funnel", _rows(rows))


@cached
def before_after(labels: list[str], before: list[float], after: list[float], names: tuple[str, str], *, unit: str = "",
                 lang: str = "zh") -> str:
    """Each item before and after a reform, the after in red."""
    top = _top(before, after)
    rows = [(label, _bar(b, top, "#BDC3C7", f"{label} · {names[0]}：{num(b, lang)}", lang)
             + _bar(a, top, "#C0392B", f"{label} · {names[1]}：{num(a, lang)}", lang))
            for label, b, a in zip(labels, before, after)]
    return chart("before_after", _rows(rows), keys=legend([(names[0], "#BDC3C7", ""), (names[1], "#C0392B", "")]), unit=unit)
