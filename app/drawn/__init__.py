"""Charts drawn on the server as HTML and SVG, shown with st.html: no chart library in the browser.

A leader page used to load Plotly (4.7 MB of JavaScript) to draw a few bars and lines, and was
ready 1.4–1.8 s after its last message; these charts are plain elements the browser lays out at
once, readable at 390 px, 1366 px and on the wall (sizes in rem, text at its natural size: SVG
draws only the lines, stretched to the plot, with strokes that do not scale). Hover a bar or a
line's end for its value. Every label from a district's file is escaped here (html.escape).
Plotly stays on the exploration page, where its zoom and hover pay (app/charts.py).

The builders are pure functions from a Polars frame to an HTML string, kept per content
(frame.cached) so a rerun does not draw them again; ui.chart shows one with its source.
"""

from app.drawn.explore import explore_chart
from app.drawn.bars import before_after, district_bars, funnel, grouped_bars, stacked_bars
from app.drawn.frame import CSS, DISTRICT_COLOURS, PALETTE, SERIES_COLOURS, STATUS_COLOURS
from app.drawn.lines import district_lines, series_lines, small_multiples, stacked_area

__all__ = ["CSS", "DISTRICT_COLOURS", "PALETTE", "SERIES_COLOURS", "STATUS_COLOURS", "before_after", "district_bars",
           "district_lines", "explore_chart", "funnel", "grouped_bars", "series_lines", "small_multiples", "stacked_area", "stacked_bars"]
