"""Lines over time: the lines an SVG image stretched to the plot (its strokes do not scale), the
axes' labels and the points HTML around and over it, so type keeps its size on a phone and on the
wall, and points stay round. Hover a point for its value: each point of a short series, the last
point of a long one. (st.html keeps HTML only: inline SVG is removed, an SVG image is kept.)"""

from __future__ import annotations

import datetime as dt
import urllib.parse

import polars as pl

from app.drawn.frame import DISTRICT_COLOURS, OTHER, SERIES_COLOURS, cached, chart, esc, legend, nice_max, num

HOVER_POINTS = 60  # a series with more points than this hovers its last point only
_STROKE = 'fill="none" stroke-width="2.5" stroke-linejoin="round" vector-effect="non-scaling-stroke"'


def _position(values: list) -> dict:
    """Each x value's place across the plot, 0 to 1: by time for dates, by order otherwise."""
    unique = sorted(set(values))
    if len(unique) < 2:
        return {v: 0.5 for v in unique}
    if all(isinstance(v, dt.date) for v in unique):
        start, span = unique[0].toordinal(), unique[-1].toordinal() - unique[0].toordinal()
        return {v: (v.toordinal() - start) / span for v in unique}
    return {v: i / (len(unique) - 1) for i, v in enumerate(unique)}


def _x_text(value, long_span: bool) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m") if long_span else value.strftime("%m-%d")
    return str(value)


def _x_labels(place: dict, count: int = 5) -> str:
    unique = sorted(place)
    if not unique:
        return ""
    long_span = isinstance(unique[0], dt.date) and (unique[-1] - unique[0]).days > 300
    step = max(1, (len(unique) - 1) // (count - 1)) if len(unique) > 1 else 1
    chosen = unique[::step]
    if chosen[-1] != unique[-1] and len(chosen) >= count:
        chosen[-1] = unique[-1]
    elif chosen[-1] != unique[-1]:
        chosen.append(unique[-1])
    return "".join(f'<div class="gc-x" style="left:{place[v] * 100:.2f}%">{esc(_x_text(v, long_span))}</div>' for v in chosen)


def _y(value, top: float) -> float:
    return 1000 - (value or 0) / top * 1000


def _plot(drawn: tuple[str, str], top: float, ticks: list[float], x_labels: str, height: str, lang: str,
          title: str = "") -> str:
    """The plot: an SVG image of the grid and `drawn`'s paths, and over it `drawn`'s HTML points;
    `title`, what hovering the whole plot shows."""
    paths, points = drawn
    grid = "".join(f'<path d="M0 {_y(t, top):.1f}H1000" stroke="#E4E4E4" vector-effect="non-scaling-stroke"/>' for t in ticks)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000" preserveAspectRatio="none">'
           f'{grid}{paths}</svg>')
    y_labels = "".join(f'<div class="gc-y" style="top:{(1 - t / top) * 100:.2f}%">{num(t, lang)}</div>' for t in ticks)
    image = "data:image/svg+xml;charset=utf-8," + urllib.parse.quote(svg, safe=" =:/.,-")
    hover = f' title="{esc(title)}"' if title else ""
    return (f'<div class="gc-plot" style="height:{height}"{hover}><img alt="" src="{image}">{y_labels}{x_labels}{points}</div>')


def _line(points: list[tuple[float, float]], top: float, colour: str, step: bool, hover: list[str],
          most: int = HOVER_POINTS) -> tuple[str, str]:
    """The line's SVG path, and its points as HTML (each of a series of at most `most`, else the last)."""
    coords = [(x * 1000, _y(v, top)) for x, v in points]
    if not coords:
        return "", ""
    d = f"M{coords[0][0]:.1f} {coords[0][1]:.1f}" + "".join(
        (f"H{x:.1f}V{y:.1f}" if step else f"L{x:.1f} {y:.1f}") for x, y in coords[1:])
    dots = coords if len(coords) <= most else coords[-1:]
    texts = hover if len(coords) <= most else hover[-1:]
    marks = "".join(f'<i class="gc-pt{" gc-end" if i == len(dots) - 1 else ""}" style="left:{x / 10:.2f}%;top:{y / 10:.2f}%;'
                    f'background:{colour}" title="{esc(text)}"></i>' for i, ((x, y), text) in enumerate(zip(dots, texts)))
    return f'<path d="{d}" stroke="{colour}" {_STROKE}/>', marks


def _joined(parts: list[tuple[str, str]]) -> tuple[str, str]:
    return "".join(p for p, _ in parts), "".join(m for _, m in parts)


def _lines(groups: list[tuple[str, str, list, list]], *, kind: str, unit: str, lang: str, step: bool = False,
           height: str = "14rem") -> str:
    """groups: (label, colour, xs, ys) per line."""
    place = _position([x for _, _, xs, _ in groups for x in xs])
    top, ticks = nice_max(max((float(v) for *_, ys in groups for v in ys if v is not None), default=0))
    drawn = _joined([_line([(place[x], y) for x, y in zip(xs, ys)], top, colour, step,
                           [f"{label} · {x.isoformat() if isinstance(x, dt.date) else x}：{num(y, lang)}" for x, y in zip(xs, ys)])
                     for label, colour, xs, ys in groups])
    keys = legend([(label, colour, "") for label, colour, *_ in groups]) if len(groups) > 1 else ""
    return chart(kind, _plot(drawn, top, ticks, _x_labels(place), height, lang), keys=keys, unit=unit)


@cached
def series_lines(frame: pl.DataFrame, x: str, series: dict[str, str], *, unit: str = "", lang: str = "zh") -> str:
    """One line per column over `x` (weeks): `series` maps a column to its legend label."""
    part = frame.sort(x)
    groups = [(label, colour, part[x].to_list(), part[c].to_list()) for (c, label), colour in zip(series.items(), SERIES_COLOURS)]
    return _lines(groups, kind="series_lines", unit=unit, lang=lang)


@cached
def district_lines(frame: pl.DataFrame, x: str, y: str, name_col: str, *, unit: str = "", step: bool = False,
                   lang: str = "zh") -> str:
    """One line per district over time, in the district's colour (a step line for a count that
    changes on a date, such as street offices)."""
    groups = []
    for code in frame["district_code"].unique(maintain_order=True):
        part = frame.filter(pl.col("district_code") == code).sort(x)
        if step:  # a step line only needs the weeks where the value changes, and the last one
            changed = pl.col(y).ne_missing(pl.col(y).shift(1)) | (pl.int_range(pl.len()) == pl.len() - 1)
            part = part.filter(changed)
        groups.append((part[name_col][0], DISTRICT_COLOURS.get(code, OTHER), part[x].to_list(), part[y].to_list()))
    return _lines(groups, kind="district_lines", unit=unit, lang=lang, step=step)


@cached
def stacked_area(frame: pl.DataFrame, x: str, series: dict[str, str], colours: list[str], *, unit: str = "",
                 lang: str = "zh") -> str:
    """The series stacked over time (e.g. tasks done, in progress, not started), the latest
    values in the legend's hover."""
    part = frame.sort(x)
    xs = part[x].to_list()
    place = _position(xs)
    stacks, base = [], [0.0] * len(xs)
    for c in series:
        top_line = [b + float(v or 0) for b, v in zip(base, part[c].to_list())]
        stacks.append((base, top_line))
        base = top_line
    top, ticks = nice_max(max(base, default=0))
    paths, points = "", ""
    for (c, label), colour, (low, high) in zip(series.items(), colours, stacks):
        upper = [f"{place[x_] * 1000:.1f} {_y(v, top):.1f}" for x_, v in zip(xs, high)]
        lower = [f"{place[x_] * 1000:.1f} {_y(v, top):.1f}" for x_, v in reversed(list(zip(xs, low)))]
        last = part[c][-1] if len(xs) else None
        paths += (f'<path d="M{"L".join(upper + lower)}Z" fill="{colour}" fill-opacity=".9" stroke="#fff" stroke-width="1" '
                  f'vector-effect="non-scaling-stroke"/>')
        if xs:  # the band's latest value, hovered at its top end
            points += (f'<i class="gc-pt gc-end" style="left:100%;top:{_y(high[-1], top) / 10:.2f}%;background:{colour}" '
                       f'title="{esc(label)} · {xs[-1]}：{num(last, lang)}"></i>')
    keys = legend([(label, colour, "") for label, colour in zip(series.values(), colours)])
    return chart("stacked_area", _plot((paths, points), top, ticks, _x_labels(place), "14rem", lang), keys=keys, unit=unit)


@cached
def small_multiples(history: pl.DataFrame, panel: str, x: str, y: str, titles: dict[str, str], *,
                    flagged: frozenset | set = frozenset(), lang: str = "zh") -> str:
    """One small line per panel value (e.g. per observation point) on a shared time axis, its own
    scale from zero; flagged panels (rising) in red. As many a row as the width holds. A panel
    draws its last point only, and hovering it lists every week: twenty panels of 26 weeks had
    drawn 520 hidden points, the heaviest part of the burden page's first load."""
    place = _position(history[x].to_list())
    panels = []
    for (p,), part in sorted(history.group_by(panel), key=lambda g: str(g[0][0])):
        part = part.sort(x)
        xs, ys = part[x].to_list(), part[y].to_list()
        top, _ = nice_max(max((float(v) for v in ys if v is not None), default=0))
        colour = "#C0392B" if p in flagged else "#2E86C1"
        title = titles.get(p, p)
        weeks = [f"{a}：{num(b, lang)}" for a, b in zip(xs, ys)]
        line = _line([(place[a], b) for a, b in zip(xs, ys)], top, colour, False, [f"{title} · {w}" for w in weeks], most=1)
        plot = _plot(line, top, [0, top], "", "3.6rem", lang, title="\n".join([title, *weeks]))
        panels.append(f'<div class="gc-panel{" gc-flag" if p in flagged else ""}"><div><span>{esc(title)}</span>'  # a long name ends in …, the value stays
                      f'<b>{num(ys[-1] if ys else None, lang)}</b></div>{plot}</div>')
    return chart("small_multiples", f'<div class="gc-panels">{"".join(panels)}</div>')
