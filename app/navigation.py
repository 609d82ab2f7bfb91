"""The pages of the app, once: file, title key, icon and URL path. The frame (dashboard.py),
the page tests and the benchmark all read this list.

Every page has its own URL (/overview, /burden …) that opens it. The bare address "/" is a
hidden page that forwards to /overview with the same query parameters: Streamlit serves its
default page at "/" only, so a default overview would leave /overview — the link a leader is most
likely to share — answering "Page not found".

Who may open a page is its roles (grassroots/access/accounts.py: leader, analyst, clerk,
district_clerk, screen: the wall's pages only); the frame hides the others from the navigation and
refuses them by address.
"""

from __future__ import annotations

from dataclasses import dataclass

from grassroots.access.accounts import ROLES
from grassroots.catalogue import pages

EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class PageSpec:
    path: str  # the script, relative to the repository
    icon: str
    url_path: str
    analysts: bool = False  # exploration, comparison and the SQL box
    roles: frozenset[str] | None = None  # who may open it; None: every role (analysts=True: analysts)
    needs_snapshot: bool = True  # the data desk and the audit log work before any snapshot exists

    def title(self, lang: str = "zh") -> str:
        """The page's title, from the catalogue (grassroots/catalogue/pages.py)."""
        return pages.title(self.url_path, lang)

    @property
    def allowed_roles(self) -> frozenset[str]:
        roles = self.roles if self.roles is not None else frozenset({"analyst"}) if self.analysts else EVERYONE
        # the wall screen's account opens the wall's playlist only (grassroots/catalogue/pages.py)
        return roles | {"screen"} if self.url_path in pages.WALL_PAGES else roles - {"screen"}


PAGES = [
    PageSpec("views/overview.py", ":material/dashboard:", "overview"),
    PageSpec("views/restructuring.py", ":material/account_tree:", "restructuring"),
    PageSpec("views/burden.py", ":material/balance:", "burden"),
    PageSpec("views/workforce.py", ":material/groups:", "workforce"),
    PageSpec("views/cogovernance.py", ":material/volunteer_activism:", "cogovernance"),
    PageSpec("views/tasks.py", ":material/flag:", "tasks"),
    PageSpec("views/league.py", ":material/leaderboard:", "league", roles=frozenset({"leader", "analyst", "clerk"})),
    PageSpec("views/explore.py", ":material/query_stats:", "explore", analysts=True),
    PageSpec("views/compare.py", ":material/compare_arrows:", "compare", analysts=True),
    PageSpec("views/desk.py", ":material/upload_file:", "desk",
             roles=frozenset({"clerk", "district_clerk"}), needs_snapshot=False),
    PageSpec("views/audit.py", ":material/fact_check:", "audit", roles=frozenset({"clerk"}),
             needs_snapshot=False),
]
BY_URL = {spec.url_path: spec for spec in PAGES}
HOME = PAGES[0]
