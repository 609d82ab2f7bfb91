"""The frame: page config, navigation, the shared sidebar; then the chosen page runs.

The pages live in views/, not pages/: a folder named pages/ beside this file switches Streamlit
into its legacy multipage mode whenever st.navigation has not run yet in the process, so AppTest
reruns skip this frame (streamlit issue #9446) and a shared link opened first after a restart
would run a page without its sidebar.
"""

import streamlit as st

from grassroots import ui
from grassroots.i18n import t

st.set_page_config(page_title="减负赋能看板", page_icon=":material/account_balance:", layout="wide")

# Leaders look on laptops and wall screens: less empty space above the first figures.
st.html("<style>.block-container{padding-top:2.2rem;padding-bottom:1rem}</style>")
ctx = ui.sidebar()
lang = st.session_state.get("lang", "zh")
pages = [
    st.Page("views/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("views/restructuring.py", title=t("page_restructuring", lang), icon=":material/account_tree:", url_path="restructuring"),
    st.Page("views/burden.py", title=t("page_burden", lang), icon=":material/balance:", url_path="burden"),
    st.Page("views/workforce.py", title=t("page_workforce", lang), icon=":material/groups:", url_path="workforce"),
    st.Page("views/cogovernance.py", title=t("page_cogovernance", lang), icon=":material/volunteer_activism:", url_path="cogovernance"),
    st.Page("views/explore.py", title=t("page_explore", lang), icon=":material/query_stats:", url_path="explore"),
    st.Page("views/compare.py", title=t("page_compare", lang), icon=":material/compare_arrows:", url_path="compare"),
]
page = st.navigation(pages)
if ctx is None:
    st.title(t("app_title", lang))
    st.info(t("no_snapshot", lang))
    st.stop()
page.run()
