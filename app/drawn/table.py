"""A table of a leader page as HTML: the rows the page shows, with the header's 口径 on hover.

st.dataframe brings a grid (1.2 MB of JavaScript, drawn on a canvas) for sorting and scrolling
thousands of rows; a leader page's tables are a few dozen rows read as they are, then downloaded.
So they are drawn here (the header sticks while the body scrolls, numbers align right, an empty
cell reads "—"), and the analysts' pages keep st.dataframe. At most ROWS rows are drawn; the
downloads under the table hold every row.
"""

from __future__ import annotations

import re

import polars as pl

from app.drawn.frame import esc

# A leader reads a table's first rows on screen (it scrolls after about 14) and downloads the rest. At
# scale, a table of every observation point or case (2,000; 32,000) drawn to 500 rows cost the burden
# page 0.19× of an empty page's load in Chromium at (100, 520) against 100 rows, and 100 rows
# 0.11× against 30. Fifty holds every table of the report's own size whole (44 street offices) but
# the 86 volunteer teams, and a table bounded by the catalogue (the check against the report) asks
# for all its rows (`rows=None`).
ROWS = 50
_PLAIN = re.compile(r"-?\d+(\.\d+)?")  # a number written without grouping, as a text column holds it
_NUMBER = re.compile(r"[+−-]?[\d,]+(\.\d+)?%?|—")  # a number as written (1,213 · 18.2 · 26.6%), or an empty cell


def _numeric(series: pl.Series, rows: int) -> bool:
    """A column of numbers, right-aligned: numeric, or text holding only numbers and "—" in its drawn rows."""
    if series.dtype.is_numeric():
        return True
    return series.dtype == pl.String and series.len() > 0 and all(
        v is not None and _NUMBER.fullmatch(v) for v in series.head(rows).to_list()) and not (series == "—").all()


def _cell(value, grouped: bool) -> str:
    if value is None:
        return "—"
    if grouped and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,}"
    if grouped and isinstance(value, str) and _PLAIN.fullmatch(value):  # a column with an empty cell is text
        whole, _, part = value.partition(".")
        return f"{int(whole):,}" + (f".{part}" if part else "")
    return str(value)


def html(screen: pl.DataFrame, helps: list[str], *, height: int | str = "auto", more: str = "",
         grouped: list[bool] | None = None, rows: int | None = ROWS) -> str:
    """`screen`: the values as shown (exports.screen); `helps`: each column's 口径, for its header;
    `height`: the most pixels the table takes before it scrolls (about 14 rows by default); `more`: the note under a cut table;
    `grouped`: the columns whose numbers are quantities, written with thousands separators (1,213; not a year or a code);
    `rows`: the most rows drawn (None: all)."""
    rows = screen.height if rows is None else rows
    numeric = [_numeric(series, rows) for series in screen.get_columns()]
    grouped = grouped or [False] * len(numeric)
    head = "".join(f'<th{" class=gt-n" if n else ""} data-type="{"number" if dtype.is_numeric() else "text"}" title="{esc(h)}">'
                   f'{esc(name)}</th>' for name, h, n, dtype in zip(screen.columns, helps, numeric, screen.dtypes))
    body = "".join("<tr>" + "".join(f'<td{" class=gt-n" if n else ""}>{esc(_cell(v, g))}</td>'
                                    for v, n, g in zip(row, numeric, grouped)) + "</tr>"
                   for row in screen.head(rows).iter_rows())
    limit = f"max-height:{height}px" if isinstance(height, int) else "max-height:26rem"  # about 14 rows, then it scrolls
    note = f'<div class="gt-more">{esc(more)}</div>' if more and screen.height > rows else ""
    return (f'<div class="gt" style="{limit}" data-rows="{screen.height}"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>{note}")
