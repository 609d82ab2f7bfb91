"""The baseline: an empty Streamlit page (one title), measured in the same loop as the real pages.

Its time is what Streamlit itself costs per run (script execution, the delta messages, AppTest's
or the browser's round trip); a page's ratio to it is the part the dashboard adds.
"""

import streamlit as st

st.title("empty")
