"""红黑榜: the districts ranked for the chosen published week by the rules of catalogue/league.toml
(grassroots/desk/league.py computes them): rank, points, change of rank since the week before, each
rule's points with its rule on hover, and per district how every score was reached."""

import streamlit as st

from app import auth, ui
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
columns = {"rank": ctx.t("league_col_rank"), "district": ctx.t("league_col_district"), "points": ctx.t("league_col_points"),
           "change": ctx.t("league_col_change")}
data = {columns["rank"]: [s.rank for s in rows], columns["district"]: [short.get(s.district, names[s.district]) for s in rows],
        columns["change"]: [change(s) for s in rows], columns["points"]: [s.points for s in rows]}  # narrow first: phones
for i, rule in enumerate(LEAGUE.rules):
    data[rule.text(ctx.lang)] = [s.parts[i].points for s in rows]
config = {rule.text(ctx.lang): st.column_config.NumberColumn(help=rule.how(ctx.lang), format="%.1f") for rule in LEAGUE.rules}
config[columns["points"]] = st.column_config.ProgressColumn(min_value=0, max_value=LEAGUE.total, format="%.1f")
st.dataframe(data, hide_index=True, width="stretch", height="content", column_config=config)

for s in rows:
    with st.expander(ctx.t("league_how_title", rank=s.rank, name=names[s.district], points=f"{s.points:g}")):
        st.markdown("\n".join(
            "- " + ctx.t("league_part", rule=rule.text(ctx.lang), weight=f"{rule.weight:g}", points=f"{part.points:g}",
                         how=ctx.t(f"league_{part.how}", **part.values))
            for rule, part in zip(LEAGUE.rules, s.parts)))
