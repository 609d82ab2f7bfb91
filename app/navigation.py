"""The pages of the app, once: file, title key, icon and URL path. The frame (dashboard.py),
the page tests and the benchmark all read this list.

Every page has its own URL (/overview, /burden …) that opens it. The bare address "/" is a
hidden page that forwards to /overview with the same query parameters: Streamlit serves its
default page at "/" only, so a default overview would leave /overview — the link a leader is most
likely to share — answering "Page not found".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str  # the script, relative to the repository
    title_key: str  # app/i18n.py
    icon: str
    url_path: str
    analysts: bool = False  # exploration, comparison and the SQL box


PAGES = [
    PageSpec("views/overview.py", "page_overview", ":material/dashboard:", "overview"),
    PageSpec("views/restructuring.py", "page_restructuring", ":material/account_tree:", "restructuring"),
    PageSpec("views/burden.py", "page_burden", ":material/balance:", "burden"),
    PageSpec("views/workforce.py", "page_workforce", ":material/groups:", "workforce"),
    PageSpec("views/cogovernance.py", "page_cogovernance", ":material/volunteer_activism:", "cogovernance"),
    PageSpec("views/explore.py", "page_explore", ":material/query_stats:", "explore", analysts=True),
    PageSpec("views/compare.py", "page_compare", ":material/compare_arrows:", "compare", analysts=True),
]
HOME = PAGES[0]
