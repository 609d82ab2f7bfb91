"""The pages of the app, once: file, title key, icon and URL path. The frame (dashboard.py),
the page tests and the benchmark all read this list.

Every page has its own URL (/overview, /burden …) that opens it. The bare address "/" is a
hidden page that forwards to /overview with the same query parameters: Streamlit serves its
default page at "/" only, so a default overview would leave /overview — the link a leader is most
likely to share — answering "Page not found".

Who may open a page is its roles (grassroots/access/accounts.py: leader, analyst, clerk,
district_clerk); the frame hides the others from the navigation and refuses them by address.
"""

from __future__ import annotations

from dataclasses import dataclass

from grassroots.access.accounts import ROLES

EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class PageSpec:
    path: str  # the script, relative to the repository
    title_key: str  # grassroots/catalogue/i18n.py
    icon: str
    url_path: str
    analysts: bool = False  # exploration, comparison and the SQL box
    roles: frozenset[str] | None = None  # who may open it; None: every role (analysts=True: analysts)
    needs_snapshot: bool = True  # the data desk and the audit log work before any snapshot exists

    @property
    def allowed_roles(self) -> frozenset[str]:
        if self.roles is not None:
            return self.roles
        return frozenset({"analyst"}) if self.analysts else EVERYONE


PAGES = [
    PageSpec("views/overview.py", "page_overview", ":material/dashboard:", "overview"),
    PageSpec("views/restructuring.py", "page_restructuring", ":material/account_tree:", "restructuring"),
    PageSpec("views/burden.py", "page_burden", ":material/balance:", "burden"),
    PageSpec("views/workforce.py", "page_workforce", ":material/groups:", "workforce"),
    PageSpec("views/cogovernance.py", "page_cogovernance", ":material/volunteer_activism:", "cogovernance"),
    PageSpec("views/explore.py", "page_explore", ":material/query_stats:", "explore", analysts=True),
    PageSpec("views/compare.py", "page_compare", ":material/compare_arrows:", "compare", analysts=True),
    PageSpec("views/desk.py", "page_desk", ":material/upload_file:", "desk",
             roles=frozenset({"clerk", "district_clerk"}), needs_snapshot=False),
    PageSpec("views/audit.py", "page_audit", ":material/fact_check:", "audit", roles=frozenset({"clerk"}),
             needs_snapshot=False),
]
BY_URL = {spec.url_path: spec for spec in PAGES}
HOME = PAGES[0]
