"""Who may see which district: the one written policy, enforced where every query passes (queries/db.py).

A signed-in user's scope comes from their account, never from the page's address: a district
clerk who holds no city-wide role sees their own district (`Scope(district="150102")`); every
other role sees the city (`CITY`). Every query is run with the caller's scope:

- a query that takes `$district_code` gets the scope's district whatever the page passed — a page
  asking a district role for "all districts" (`None`) gets that district's rows; a page asking for
  another district is refused (`ScopeError`), which is a bug in the page, never a user's doing;
- a query without `$district_code` runs for a district role only if it is listed in `PUBLIC`
  below, with the reason it shows nothing of another district;
- any other query is refused to a district role (fail closed: a new query is private until it
  takes `$district_code` or is listed here).

The list is the policy. It holds what the department publishes anyway and what belongs to no
district; nothing computed from other districts' rows.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLIC: dict[str, str] = {
    "districts": "旗县区名录（代码、名称）：公开的行政区划 / the city's districts: public administrative divisions",
    "published_figures": "公开报道中的数字，原样 / the department's published report, as published",
    "deliberation_brands": "公开报道点名的三个议事协商品牌 / the deliberation brands the published report names",
    "task_book_history": "全市任务书（市直单位的任务，不属于任何旗县区）/ the city's task book: city units' tasks, no district's",
    "tasks_by_unit": "全市任务书按牵头单位（市直单位）/ the task book by lead unit: city units, no district's",
}


class ScopeError(PermissionError):
    """A query asked for rows outside the caller's scope."""


@dataclass(frozen=True)
class Scope:
    district: str | None = None  # None: the whole city

    @property
    def city(self) -> bool:
        return self.district is None


CITY = Scope()


def of(district_only: str | None) -> Scope:
    """The scope of a user limited to `district_only` (None: a city-wide role)."""
    return Scope(district_only) if district_only else CITY


def bind(query: str, takes: frozenset, scope: Scope, params: dict) -> dict:
    """The parameters a query runs with in `scope`, or ScopeError."""
    if scope.city:
        return params
    if "district_code" in takes:
        asked = params.get("district_code")
        if asked is not None and asked != scope.district:
            raise ScopeError(f"query {query!r} asked for district {asked} in the scope of district {scope.district}")
        return {**params, "district_code": scope.district}
    if query in PUBLIC:
        return params
    raise ScopeError(f"query {query!r} has no $district_code and is not public: refused to district {scope.district}")
