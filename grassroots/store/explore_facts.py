"""The exploration's long table, derived from the catalogue: one row per record of every dataset and
per measure (`count` is the record itself), with the same dimension columns for every dataset.

Each dataset of grassroots/catalogue/explore.py (DATASETS) says which table it is, where its
category and sub-category come from, which column dates it and which unit it sits at; its
measures are the table's numeric columns (explore.measures_of). From that this module writes the
view's SQL, so a new dataset, or a new numeric column of a catalogued table, reaches the
exploration without new SQL. The names in the SQL are the catalogue's own identifiers, never
anything a user typed; values an analyst chooses reach queries/explore.sql as parameters only.
"""

from __future__ import annotations

from grassroots.catalogue.explore import DATASETS, Dataset, measures_of
from grassroots.catalogue.tables import TABLES

NAME = "stg_explore_facts"


def _column(ds: Dataset, ref: tuple[str, str] | None, joins: dict[str, str]) -> str:
    """A category or sub-category: the dataset's own column, or another table's reached by its key."""
    if ref is None:
        return "null::varchar"
    table, column = ref
    if table == ds.table.name:
        return f"t.{column}::varchar"
    other = TABLES[table]
    alias = f"j{len(joins)}"
    joins.setdefault(table, f"left join {table} as {alias} using ({', '.join(other.key)})")
    return f"{alias}.{column}::varchar"


def _measures(ds: Dataset) -> str:
    values = []
    for name in measures_of(ds.table):
        if name == "count":
            values.append("('count', 1::double)")
        else:
            dtype = ds.table.column(name).dtype
            values.append(f"('{name}', t.{name}{'::integer' if dtype == 'bool' else ''}::double)")
    return "cross join lateral (values " + ", ".join(values) + ") as m(measure, amount)"


def dataset_sql(key: str, ds: Dataset) -> str:
    joins: dict[str, str] = {}
    category = _column(ds, ds.category, joins)
    subcategory = _column(ds, ds.subcategory, joins)
    if ds.via_point:
        joins["observation_points"] = "join observation_points as p using (point_id)"
        district, place = "p.district_code", "p.unit_code"
    else:
        district = "t.district_code" if "district_code" in ds.table.column_names else "null::varchar"
        place = f"t.{ds.place}" if ds.place else None
    if place:
        joins["names"] = f"left join stg_unit_names as n on n.unit_code = {place}"
        street, unit = "n.parent_name", "n.unit_name"
    else:
        street = unit = "null::varchar"
    date = f"t.{ds.date}" if ds.date else "null::date"
    return (f"select '{key}' as dataset, t.snapshot_date, {district} as district_code, {street} as street_name, "
            f"{unit} as unit_name, {category} as category, {subcategory} as subcategory, {date} as event_date, "
            f"m.measure, m.amount\n"
            f"from {ds.table.name}_history as t\n" + "".join(j + "\n" for j in joins.values()) + _measures(ds))


def sql() -> str:
    """The view: every dataset's rows, with the district labels."""
    facts = "\nunion all\n".join(dataset_sql(key, ds) for key, ds in DATASETS.items())
    return (f"with facts as (\n{facts}\n)\n"
            "select f.*, d.* exclude (district_code)\nfrom facts as f\n"
            "left join district_labels as d using (district_code)")
