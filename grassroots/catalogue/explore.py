"""The exploration catalogue: which datasets, dimensions, measures and aggregations an analyst
may choose. The long table queries/explore.sql reads is generated from DATASETS
(grassroots/store/explore_facts.py), and the dimension keys are the explore_dim macro's
(grassroots/store/staging/macros.sql; a test holds the two lists equal): nothing else ever
reaches the SQL.

State round-trips through the URL (`to_params` / `from_params`), so a view can be shared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from grassroots.catalogue.tables import TABLES, Table, column

_DIMENSION_COLUMNS = {  # each dimension's label comes from the column catalogue (grassroots/catalogue/tables/)
    "district": column("district_name", "districts"),
    "street": column("street_name"),
    "unit": column("unit_name", "units"),
    "week": column("week"),
    "month": column("month"),
    "snapshot": column("snapshot"),
}
DIMENSIONS = {k: (c.zh, c.en) for k, c in _DIMENSION_COLUMNS.items()} | {
    "category": ("类别", "Category"),  # every dataset with these dimensions names its own column below
    "subcategory": ("细分", "Sub-category"),
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


def measures_of(table: Table) -> dict[str, Measure]:
    """A table's measures, from the schema: its rows (`count`), then every numeric column that is
    not part of the key, and yes/no columns other than the demo flag (summed: how many are yes)."""
    out = {}
    if table.counted:
        out["count"] = Measure(*table.counted)
    for c in table.columns:
        numeric = c.dtype in ("int", "float") and c.name not in table.key
        if numeric or (c.dtype == "bool" and c.name != "is_demo_invented"):
            out[c.name] = Measure(c.zh, c.en, c.unit or "个", c.people)
    return out


@dataclass(frozen=True)
class Dataset:
    """One dataset of the exploration, declared once: the long table the exploration queries
    (stg_explore_facts) is generated from these declarations (grassroots/store/explore_facts.py)."""

    table: Table
    dimensions: tuple[str, ...]
    category: tuple[str, str] | None = None  # (table, column) the "category" dimension shows
    subcategory: tuple[str, str] | None = None
    date: str | None = None  # the column the week and month dimensions and the date filter read
    place: str | None = None  # the column naming the unit (community, village) a row is at: street and unit
    via_point: bool = False  # the row's district and place are its observation point's

    @property
    def zh(self) -> str:
        return self.table.zh

    @property
    def en(self) -> str:
        return self.table.en

    @property
    def has_dates(self) -> bool:
        return self.date is not None

    @property
    def measures(self) -> dict[str, Measure]:
        return measures_of(self.table)

    @property
    def history(self) -> bool:
        """Snapshots carry this table's week-by-week history: it can be compared across snapshots."""
        return self.table.history

    def _label(self, ref: tuple[str, str] | None, default: str) -> tuple[str, str]:
        if ref is None:
            return DIMENSIONS[default]
        c = TABLES[ref[0]].column(ref[1])
        return c.zh, c.en

    @property
    def category_label(self) -> tuple[str, str]:
        return self._label(self.category, "category")

    @property
    def subcategory_label(self) -> tuple[str, str]:
        return self._label(self.subcategory, "subcategory")


_EVENT_DIMS = ("district", "street", "unit", "category", "subcategory", "week", "month", "snapshot")
_DISTRICT_DIMS = ("district", "snapshot")
_TEAM = ("volunteer_teams", "team_name")


def _dataset(name: str, dimensions: tuple[str, ...], **kw) -> Dataset:
    return Dataset(TABLES[name], dimensions, **kw)


DATASETS: dict[str, Dataset] = {
    "legal_aid_cases": _dataset("legal_aid_cases", _EVENT_DIMS, category=("legal_aid_cases", "case_type"),
                                subcategory=_TEAM, date="handled_on", place="unit_code"),
    "volunteer_sessions": _dataset("volunteer_sessions", _EVENT_DIMS, category=("volunteer_sessions", "service_kind"),
                                   subcategory=_TEAM, date="held_on", place="unit_code"),
    "negative_cases": _dataset("negative_cases", _EVENT_DIMS, category=("negative_cases", "category"),
                               subcategory=("negative_cases", "point_id"), date="notified_on", place="unit_code"),
    "observation_weekly": _dataset("observation_weekly", ("district", "street", "unit", "category", "week", "month",
                                                          "snapshot"),
                                   category=("observation_weekly", "point_id"), date="week_ending", via_point=True),
    "grids": _dataset("grids", ("district", "street", "unit", "snapshot"), place="community_code"),
    "units": _dataset("units", ("district", "street", "category", "subcategory", "snapshot"),
                      category=("units", "unit_level"), subcategory=("units", "status"), place="unit_code"),
    "task_book": _dataset("task_book", ("category", "subcategory", "month", "snapshot"), category=("task_book", "status"),
                          subcategory=("task_book", "lead_unit"), date="completed_on"),
    "recruitment": _dataset("recruitment", ("district", "category", "subcategory", "snapshot"),
                            category=("recruitment", "channel"), subcategory=("recruitment", "year")),
    "workforce": _dataset("workforce", _DISTRICT_DIMS),
    "service_sites": _dataset("service_sites", _DISTRICT_DIMS),
    "signage_cleanup": _dataset("signage_cleanup", _DISTRICT_DIMS),
}


@dataclass
class View:
    """One exploration: everything needed to rerun it, and nothing that is not in the catalogue."""

    dataset: str = "legal_aid_cases"
    measure: str = "count"
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
        v.history = v.history and ds.history  # only tables whose history the snapshot carries
        dims = ds.dimensions if v.history else tuple(d for d in ds.dimensions if d != "snapshot")
        if v.dim1 not in dims:
            v.dim1 = dims[0]
        if v.dim2 not in dims or v.dim2 == v.dim1:
            v.dim2 = "none"
        if not ds.has_dates:
            v.date_from = v.date_to = None
        return v

    def query_params(self, as_of: dt.date, first: dt.date, lang: str = "zh") -> dict:
        """Parameters of queries/explore.sql."""
        return dict(
            dataset=self.dataset, measure=self.measure, dim1=self.dim1, dim2=self.dim2, lang=lang,
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
