"""The frame: page config, navigation, the shared sidebar; then the chosen page runs.

The pages live in views/, not pages/: with Streamlit 1.67 a folder named pages/ beside this file
still switches Streamlit into its legacy multipage mode whenever st.navigation has not run yet in
the process, so AppTest reruns skip this frame (streamlit issue #9446; tests/test_pages_folder.py
shows it and will fail once Streamlit fixes it) and a shared link opened first after a restart
would run a page without its sidebar.

Sign-in comes first (app/auth.py): until a user has signed in, every address shows the sign-in
form and nothing else — the sidebar, which lists snapshots and districts, is not drawn either.
Pages a user's roles do not include are hidden from the navigation and refused by address.
"""

import streamlit as st

from app import auth, marks, signin, ui, wall
from grassroots.catalogue.i18n import t
from app.navigation import BY_URL, HOME, PAGES
from queries.db import SnapshotChanged, SnapshotDamaged

st.set_page_config(page_title="减负赋能看板", page_icon=":material/account_balance:", layout="wide")

# Leaders look on laptops and wall screens: less empty space above the first figures; a figure's
# name wraps onto a second line rather than being cut ("Workers per 10,000 urba…").
st.html("<style>.block-container{padding-top:2.2rem;padding-bottom:1rem}"
        "[data-testid=stMetricLabel] *{white-space:normal!important;overflow:visible!important;"
        "text-overflow:clip!important}</style>")
user = auth.current_user()  # None: signed out, and auth is on
lang = auth.language()
pages = {spec.url_path: st.Page(spec.path, title=spec.title(lang), icon=spec.icon, url_path=spec.url_path,
                                visibility="visible" if user and auth.allowed(spec, user) else "hidden")
         for spec in PAGES}


def forward_home() -> None:
    """"/" opens the overview at its own address, keeping the link's choices."""
    st.switch_page(pages[HOME.url_path], query_params=dict(st.query_params))


on_wall = wall.on() or bool(user and user.screen_only)  # ?wall=1, or the screen's account: the wall (app/wall.py)
page = st.navigation([st.Page(forward_home, title=HOME.title(lang), url_path="home", default=True,
                              visibility="hidden"), *pages.values()],
                     position="sidebar" if user and not on_wall else "hidden")
if user is None:
    signin.page(lang)  # stops here
spec = BY_URL.get(page.url_path)
if spec is not None and not auth.allowed(spec, user):
    signin.sidebar(user, lang)
    signin.refuse(spec, user, lang)  # stops here, before the sidebar reads anything
ctx = ui.sidebar(only_district=user.district_only, latest=on_wall)
lang = st.session_state.get("lang", lang)
signin.sidebar(user, lang)
marks.mark_screen(ctx, lang)
if on_wall and spec is not None:
    wall.frame(pages, spec.url_path, ctx, lang)
if ctx is None and (spec is None or spec.needs_snapshot):
    st.title(t("app_title", lang))
    st.info(t("no_snapshot", lang))
    st.stop()
ui.page_started()
try:
    page.run()
except SnapshotChanged:  # the snapshot was republished (--force) while this page read it: read it again
    st.rerun()
except SnapshotDamaged as damaged:
    st.error(t("snapshot_damaged", lang, date=ctx.as_of.isoformat(), files=str(damaged)), icon=":material/report:")
finally:  # also after st.stop(): the downloads of the tables the page drew before it stopped
    ui.page_ended(st.session_state.get("lang", lang))
