"""红黑榜: the districts ranked for the chosen published week by the rules of catalogue/league.toml
(grassroots/desk/league.py computes them): rank, points, change of rank since the week before, each
rule's points with its rule on hover, and per district how every score was reached."""

import polars as pl
import streamlit as st

from app import auth, ui
from app.drawn import folds, table
from app.drawn.frame import esc
from grassroots.catalogue.league import LEAGUE
from grassroots import desk
from grassroots.desk import league
from grassroots.store import snapshots

ctx = ui.context()
ui.header(ctx, "league", "league_lead")
st.caption(ctx.t("league_version", version=LEAGUE.version, total=f"{LEAGUE.total:g}"))
rows = league.table(snapshots.data_dir(), auth.audit_log(), ctx.as_of)
if not rows:
    st.info(ctx.t("league_none"))
    st.stop()


def change(s: league.Standing) -> str:
    if s.change is None:
        return ctx.t("league_new")
    return ctx.t("league_up", n=s.change) if s.change > 0 else ctx.t("league_down", n=-s.change) if s.change else ctx.t("league_same")


names, short = {s.district: ctx.district_label(s.district) for s in rows}, desk.district_names(ctx.lang, short=True)
# Drawn as HTML (app/drawn/): no data grid and no expanders for a leader's first load.
columns = [ctx.t("league_col_rank"), ctx.t("league_col_district"), ctx.t("league_col_change"), ctx.t("league_col_points"),
           *(rule.text(ctx.lang) for rule in LEAGUE.rules)]  # narrow first: phones
shown = pl.DataFrame([[s.rank, short.get(s.district, names[s.district]), change(s), f"{s.points:.1f}",
                       *(f"{part.points:.1f}" for part in s.parts)] for s in rows],
                     schema={c: (pl.Int64 if i == 0 else pl.String) for i, c in enumerate(columns)}, orient="row")
st.html(table.html(shown, ["", "", "", ctx.t("league_total_help", total=f"{LEAGUE.total:g}"),
                           *(rule.how(ctx.lang) for rule in LEAGUE.rules)]))
st.html(folds.html([
    (ctx.t("league_how_title", rank=s.rank, name=names[s.district], points=f"{s.points:g}"),
     [ctx.t("league_part", rule=f"<b>{esc(rule.text(ctx.lang))}</b>", weight=f"{rule.weight:g}", points=f"{part.points:g}",
            how=esc(ctx.t(f"league_{part.how}", **part.values)))
      for rule, part in zip(LEAGUE.rules, s.parts)])
    for s in rows]))
