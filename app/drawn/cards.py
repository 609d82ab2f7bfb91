"""Figure cards: a row of figures as one HTML block, not a dozen Streamlit elements per card.

A card holds the figure's name, its value with unit, the change since last week (green when it
moves the right way), on the overview its status against the target with a progress bar, its open
督办 tasks, and its 口径 folded under the card (a <details>, no script). The overview sent about
200 elements for its 16 cards and the browser drew them for most of a second; one block per row
is drawn at once. A signed-in leader gets each figure's 督办 control in a row of buttons under
the cards (app/loop_ui.flag_control), the open demo and other roles none.
"""

from __future__ import annotations

import html
import re

import streamlit as st

from app import loop_ui
from app.drawn.frame import esc
from grassroots.catalogue import cards as definitions, figures, fmt

STATUS = {"done": ("#1e7d32", "#e6f4ea"), "on_track": ("#1a5fb4", "#e8f0fe"), "behind": ("#b3261e", "#fce8e6"),
          "info": ("#5f6368", "#f1f3f4")}
BADGE = {"red": ("#b3261e", "#fce8e6"), "orange": ("#9a5b00", "#fef3e0"), "blue": ("#1a5fb4", "#e8f0fe"),
         "green": ("#1e7d32", "#e6f4ea"), "gray": ("#5f6368", "#f1f3f4"), "violet": ("#6a1b9a", "#f3e8fd")}
GOOD, BAD = "#1e7d32", "#b3261e"


def figure_label(ctx, figure_id: str) -> str:
    return ctx.label(figures.FIGURES[figure_id])


def figure_value(ctx, figure_id: str, value: float | None, headline: bool = False) -> str:
    """A figure's value with its unit. `headline`: as a card's big number, where in English only
    "%" follows it (the label names what is counted, "Volunteer service sessions 283"; a word
    unit would not fit a quarter of a laptop screen); the 口径 under the card gives the unit."""
    f = figures.FIGURES[figure_id]
    unit_en = f.unit_en if not headline or f.unit_en == "%" else ""
    return fmt.with_unit(value, f.unit_zh, unit_en, ctx.lang)


def _badge(colour: tuple[str, str], text: str) -> str:
    return f'<span class="gk-badge" style="color:{colour[0]};background:{colour[1]}">{esc(text)}</span>'


def _definition(ctx, figure_id: str) -> str:
    lines = "".join(f"<p><b>{esc(h)}</b>：{esc(text)}</p>" for h, text in definitions.of_figure(figure_id).lines(ctx.lang))
    return f'<details><summary>{esc(ctx.t("definition"))}</summary>{lines}</details>'


def _delta(ctx, change, lower_is_better: bool) -> str:
    if not change:
        return ""
    better = (change < 0) if lower_is_better else (change > 0)
    arrow = "▲" if change > 0 else "▼"
    return f'<span class="gk-delta" style="color:{GOOD if better else BAD}">{arrow} {esc(fmt.delta(change, ctx.lang))}</span>'


def card(ctx, figure_id: str, now: dict, before: dict, config: dict | None, tasks: list[tuple[str, str]]) -> str:
    """One figure's card. `config` (the targets' file) adds status and progress: the overview's."""
    value = now.get(figure_id)
    change = None if figure_id not in before or value is None else value - before[figure_id]
    target = config["targets"].get(figure_id) if config and ctx.district is None else None  # the city's targets
    lower_is_better = bool(target and target["target"] < target.get("baseline", 0))
    parts = [f'<div class="gk-label">{esc(figure_label(ctx, figure_id))}</div>',
             f'<div class="gk-figure"><span class="gk-value">{esc(figure_value(ctx, figure_id, value, headline=True))}</span>'
             f'{_delta(ctx, change, lower_is_better)}</div>']
    if config is not None:
        state, progress = figures.status(figure_id, value, config) if target else ("info", None)
        rule = ctx.t("status_rule", version=config["version"], done=config["status"]["done_at"],
                     on_track=target.get("on_track_at", config["status"]["on_track_at"]) if target else config["status"]["on_track_at"],
                     basis=target["basis"] if target else "—")
        line = [f'<span title="{esc(rule)}">{_badge(STATUS[state], ctx.t(f"status_{state}"))}</span>']
        if target and progress is not None:
            base = f" · {ctx.t('baseline')} {fmt.number(target.get('baseline'), ctx.lang)}" if "baseline" in target else ""
            parts.append(f'<div class="gk-progress"><b style="width:{min(progress, 1.0) * 100:.1f}%"></b></div>')
            line.append(esc(f"{ctx.t('target')} {fmt.number(target['target'], ctx.lang)}{base} · {ctx.t('progress')} {progress:.0%}"))
        else:
            line.append(esc(ctx.t("first_snapshot") if not before else (
                ctx.t("no_change") if not change else f"{ctx.t('vs_last_week')} {fmt.delta(change, ctx.lang)}")))
        parts.append(f'<div class="gk-line">{" ".join(line)}</div>')
    if tasks:
        parts.append('<div class="gk-line">' + " ".join(_badge(BADGE.get(c, BADGE["gray"]), text) for c, text in tasks) + "</div>")
    parts.append(_definition(ctx, figure_id))
    return f'<div class="gk-card" data-figure="{esc(figure_id)}">{"".join(parts)}</div>'


def row(ctx, ids: list[str], now: dict, before: dict, config: dict | None = None) -> None:
    """A row of cards as one block (as many a line as the width holds), then, for a signed-in
    leader, each figure's 督办 control under it."""
    rows(ctx, [("", ids)], now, before, config)


def rows(ctx, titled: list[tuple[str, list[str]]], now: dict, before: dict, config: dict | None = None) -> None:
    """Rows of cards, each under its title (the overview's four areas), as one block; then each
    figure's 督办 control for a signed-in leader."""
    body = "".join((f'<h3 class="gk-title">{esc(title)}</h3>' if title else "")
                   + f'<div class="gk-row" data-cards="{len(ids)}">'
                   + "".join(card(ctx, f, now, before, config, loop_ui.open_tasks(ctx, f)) for f in ids) + "</div>"
                   for title, ids in titled)
    st.html(body)
    if loop_ui.flags_shown():
        for _, ids in titled:
            for column, figure_id in zip(st.columns(len(ids)), ids):
                with column:
                    loop_ui.flag_control(ctx, figure_id, now.get(figure_id),  # named: on a phone the controls follow the cards
                                         label=f"{loop_ui.ACTIONS['flag'].text(ctx.lang)} · {figure_label(ctx, figure_id)}")


_SHOWN = re.compile(r'<div class="gk-label">(.*?)</div><div class="gk-figure"><span class="gk-value">(.*?)</span>')


def shown(body: str) -> list[tuple[str, str]]:
    """(name, value) of each card in a drawn row, as a reader sees them: what the bench and the
    tests read back from a page."""
    return [(html.unescape(label), html.unescape(value)) for label, value in _SHOWN.findall(body)]
