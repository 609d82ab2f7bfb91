"""Folds: titled lists closed under one line each (<details>), drawn as one HTML block, in place of
a column of st.expander elements (one element and no widget code for a page's first load)."""

from __future__ import annotations

from app.drawn.frame import esc


def html(folds: list[tuple[str, list[str]]]) -> str:
    """`folds`: (title, lines) each; titles are text, lines HTML the caller has escaped."""
    return '<div class="gf">' + "".join(
        f"<details><summary>{esc(title)}</summary><ul>{''.join(f'<li>{line}</li>' for line in lines)}</ul></details>"
        for title, lines in folds) + "</div>"
