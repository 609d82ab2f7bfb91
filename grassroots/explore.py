"""The exploration catalogue: which datasets, dimensions, measures and aggregations an analyst
may choose. queries/explore.sql knows the same keys; nothing else ever reaches the SQL.

State round-trips through the URL (`to_params` / `from_params`), so a view can be shared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

DIMENSIONS = {
    # key: (zh, en)
    "district": ("旗县区", "District"),
    "street": ("街道（镇）", "Street / town"),
    "unit": ("社区（村）", "Community / village"),
    "category": ("类别", "Category"),
    "subcategory": ("细分", "Sub-category"),
    "week": ("周（截至周五）", "Week (ending Friday)"),
    "month": ("月份", "Month"),
    "snapshot": ("快照期次", "Snapshot"),
}
AGGREGATIONS = {
    "total": ("合计", "Sum"),
    "rows": ("记录数", "Count of rows"),
    "mean": ("平均", "Mean"),
    "minimum": ("最小", "Minimum"),
    "maximum": ("最大", "Maximum"),
}


@dataclass(frozen=True)
class Measure:
    zh: str
    en: str
    unit: str
    people: bool = False  # counts of people: cells below 5 are suppressed


@dataclass(frozen=True)
class Dataset:
    zh: str
    en: str
    measures: dict[str, Measure]
    dimensions: tuple[str, ...]
    category_label: tuple[str, str] = ("类别", "Category")
    subcategory_label: tuple[str, str] = ("细分", "Sub-category")
    has_dates: bool = False
    extra: dict = field(default_factory=dict)


_EVENT_DIMS = ("district", "street", "unit", "category", "subcategory", "week", "month", "snapshot")
_DISTRICT_DIMS = ("district", "snapshot")

DATASETS: dict[str, Dataset] = {
    "legal_aid_cases": Dataset("法律援助志愿服务", "Legal-aid services", {"cases": Measure("服务", "services", "件次")},
                               _EVENT_DIMS, ("事项类型", "Case type"), ("队伍", "Team"), has_dates=True),
    "volunteer_sessions": Dataset("公益志愿服务", "Volunteer sessions", {
        "sessions": Measure("服务", "sessions", "场次"),
        "participants": Measure("参与志愿者", "volunteers taking part", "人次", people=True)},
        _EVENT_DIMS, ("服务对象", "Served group"), ("队伍", "Team"), has_dates=True),
    "negative_cases": Dataset("反面案例通报", "Negative cases", {"cases": Measure("案例", "cases", "起")},
                              _EVENT_DIMS, ("问题类别", "Category"), ("观察点", "Observation point"), has_dates=True),
    "observation_weekly": Dataset("观察点周报", "Observation points weekly", {
        "tasks_pushed_down": Measure("下派任务", "tasks pushed down", "项"),
        "forms_ledgers": Measure("报表台账", "forms and ledgers", "份"),
        "certificates": Measure("证明事项", "certificates", "件"),
        "meetings": Measure("会议", "meetings", "场"),
        "work_chat_groups": Measure("政务工作群", "work chat groups", "个"),
        "inspections": Measure("督查检查考核", "inspections", "次")},
        ("district", "street", "unit", "category", "week", "month", "snapshot"), ("观察点", "Observation point"),
        has_dates=True),
    "grids": Dataset("网格", "Grids", {"grids": Measure("网格", "grids", "个"),
                                        "compounds": Measure("覆盖小区", "compounds", "个")},
                     ("district", "street", "unit", "snapshot")),
    "units": Dataset("治理单元名录", "Governance units", {"units": Measure("单位", "units", "个"),
                                                       "with_list": Measure("已编制清单", "with their own list", "个")},
                     ("district", "street", "category", "subcategory", "snapshot"), ("层级", "Level"), ("状态", "Status")),
    "task_book": Dataset("任务书", "Task book", {"tasks": Measure("任务", "tasks", "项")},
                         ("category", "subcategory", "month", "snapshot"), ("进度", "Status"), ("牵头单位", "Lead unit"),
                         has_dates=True),
    "recruitment": Dataset("招录", "Recruitment", {"recruits": Measure("人数", "recruits", "名", people=True)},
                           ("district", "category", "subcategory", "snapshot"), ("渠道", "Channel"), ("年度", "Year")),
    "workforce": Dataset("社区工作者队伍", "Community workforce", {
        "community_workers": Measure("社区工作者", "community workers", "人", people=True),
        "community_staff_total": Measure("社区工作人员", "community staff", "人", people=True),
        "in_two_committees": Measure("进入两委", "on the two committees", "人", people=True),
        "heads": Measure("担任正职", "heads", "人", people=True),
        "civil_servants_targeted": Measure("定向考录公务员", "civil servants", "人", people=True),
        "institution_staff_targeted": Measure("定向考录事业人员", "institution staff", "人", people=True),
        "deputy_section_promotions": Measure("提任副科级", "deputy section level", "人", people=True),
        "urban_residents": Measure("城镇常住人口", "urban residents", "人")},
        _DISTRICT_DIMS),
    "service_sites": Dataset("新就业群体服务", "New-employment services", {
        "party_service_centres": Measure("党群服务中心", "service centres", "处"),
        "red_bee_stations": Measure("红蜂驿站", "Red Bee stations", "个"),
        "mobile_party_stations": Measure("流动党员党支部服务站", "mobile branch stations", "个"),
        "couriers_served": Measure("服务快递员、配送员", "couriers served", "名", people=True),
        "new_employment_grid_members": Measure("兼职网格员", "part-time grid members", "名", people=True)},
        _DISTRICT_DIMS),
    "signage_cleanup": Dataset("标识标牌清理", "Signs removed", {
        "signs_removed": Measure("标识标牌", "signs", "块"), "wall_rules_removed": Measure("上墙制度", "wall rules", "面")},
        _DISTRICT_DIMS),
}


@dataclass
class View:
    """One exploration: everything needed to rerun it, and nothing that is not in the catalogue."""

    dataset: str = "legal_aid_cases"
    measure: str = "cases"
    agg: str = "total"
    dim1: str = "district"
    dim2: str = "none"
    history: bool = False  # across snapshots instead of one
    snapshot_from: dt.date | None = None
    districts: list[str] = field(default_factory=list)
    streets: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def normalised(self) -> View:
        """Replace anything not in the catalogue by its default, so a hand-edited URL is harmless."""
        ds = DATASETS.get(self.dataset)
        if ds is None:
            return View()
        v = View(**self.__dict__)
        if v.measure not in ds.measures:
            v.measure = next(iter(ds.measures))
        if v.agg not in AGGREGATIONS:
            v.agg = "total"
        dims = ds.dimensions if v.history else tuple(d for d in ds.dimensions if d != "snapshot")
        if v.dim1 not in dims:
            v.dim1 = dims[0]
        if v.dim2 not in dims or v.dim2 == v.dim1:
            v.dim2 = "none"
        if not ds.has_dates:
            v.date_from = v.date_to = None
        return v

    def query_params(self, as_of: dt.date, first: dt.date) -> dict:
        """Parameters of queries/explore.sql."""
        return dict(
            dataset=self.dataset, measure=self.measure, dim1=self.dim1, dim2=self.dim2,
            snapshot_from=(self.snapshot_from or first) if self.history else as_of, snapshot_to=as_of,
            date_from=self.date_from, date_to=self.date_to,
            districts=self.districts or None, streets=self.streets or None, categories=self.categories or None,
        )

    def to_params(self) -> dict[str, str]:
        out = {"ds": self.dataset, "m": self.measure, "agg": self.agg, "d1": self.dim1, "d2": self.dim2}
        if self.history:
            out["hist"] = "1"
        if self.snapshot_from:
            out["from"] = self.snapshot_from.isoformat()
        for key, values in (("f_district", self.districts), ("f_street", self.streets), ("f_cat", self.categories)):
            if values:
                out[key] = "|".join(values)
        if self.date_from:
            out["d_from"] = self.date_from.isoformat()
        if self.date_to:
            out["d_to"] = self.date_to.isoformat()
        return out

    @classmethod
    def from_params(cls, params) -> View:
        def date(key):
            try:
                return dt.date.fromisoformat(params.get(key, ""))
            except ValueError:
                return None

        def values(key):
            raw = params.get(key, "")
            return [v for v in raw.split("|") if v] if raw else []

        return cls(dataset=params.get("ds", "legal_aid_cases"), measure=params.get("m", ""), agg=params.get("agg", "total"),
                   dim1=params.get("d1", "district"), dim2=params.get("d2", "none"), history=params.get("hist") == "1",
                   snapshot_from=date("from"), districts=values("f_district"), streets=values("f_street"),
                   categories=values("f_cat"), date_from=date("d_from"), date_to=date("d_to")).normalised()


EXPLORE_PARAMS = ("ds", "m", "agg", "d1", "d2", "hist", "from", "f_district", "f_street", "f_cat", "d_from", "d_to")
