"""The week's reports checked against themselves and each other, over their frames (Polars):
duplicate keys, codes that name no row, a unit's parent, dates outside the week, totals one report
states and another's detail must agree with, coverage. Each check selects the offending rows with
filters, anti-joins and groupings, and only those become problems (the first of each kind per file;
validate.emit counts the rest), so a report of millions of rows is checked without a Python object
per row. What counts as a community or a done task is the catalogue's (catalogue/definitions.py).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from grassroots.catalogue.definitions import counts_as_expr, is_done_expr
from grassroots.catalogue.rules import Problem, Tally, problem
from grassroots.catalogue.tables import CITY_INDICATORS, DISTRICT_TOTAL_CHECKS, REFS, TABLES
from grassroots.checks.validate import ORIGIN, ParsedTable, emit


def check_keys(pt: ParsedTable, problems: list[Problem], earlier: pl.DataFrame | None = None,
               earlier_from: str = "") -> None:
    """Duplicate keys within the week, and events already published in an earlier snapshot."""
    if not pt.height:
        return
    key_cols = list(pt.table.key)
    keys = pt.frame.select(*key_cols, *ORIGIN).with_row_index("_i")
    repeated = keys.select(key_cols).is_duplicated()
    known = keys.join(earlier.select(key_cols).unique(), on=key_cols, how="semi")["_i"] if earlier is not None else None
    if not repeated.any() and (known is None or not known.len()):
        return  # the usual case
    # A key published before is that problem on every row; any other key is a problem from its second row on.
    old = pl.col("_i").is_in(known.implode()) if known is not None else pl.lit(False)
    marked = keys.with_columns(old.alias("_old"),
                               pl.int_range(pl.len()).over(key_cols).alias("_n"),
                               pl.col("_file").first().over(key_cols).alias("_f0"),
                               pl.col("_row").first().over(key_cols).alias("_r0"))
    where = dict(table=pt.table.name, column=tuple(key_cols))
    tally = Tally(problems)
    emit(tally, marked.filter(pl.col("_old") | (pl.col("_n") > 0)), lambda r: [
        problem("duplicate_key", "published", file=r["_file"], row=r["_row"], **where, value=_fmt_key(r, key_cols),
                previous=earlier_from) if r["_old"] else
        problem("duplicate_key", file=r["_file"], row=r["_row"], **where, value=_fmt_key(r, key_cols),
                first_file=r["_f0"], first_row=r["_r0"])])
    tally.close()


def _fmt_key(row: dict, key_cols: list[str]) -> str:
    return "/".join(str(row[k]) for k in key_cols)


def usable(parsed: dict[str, ParsedTable], name: str) -> bool:
    """A table other tables may be checked against: present and read without any problem.

    A table with a broken header or a bad row is incomplete; checking against it would
    report every reference to its missing rows as unknown, burying the real problem.
    """
    return name in parsed and parsed[name].complete


def check_coverage(parsed: dict[str, ParsedTable], districts: dict[str, str], previous: dict[str, set[str]],
                   problems: list[Problem]) -> None:
    """Every state report covers everyone who must report it: a missing district is one problem."""
    for name, pt in parsed.items():
        rule = pt.table.coverage
        if rule is None or not pt.complete:
            continue
        if rule == "codes":
            present = set(pt.frame["indicator_code"].unique())
            for code in CITY_INDICATORS:
                if code not in present:
                    problems.append(problem("incomplete_report", "indicator", file=pt.where, table=name,
                                            column="indicator_code", value=code))
            continue
        expected = set(districts) if rule == "districts" else previous.get(name, set())
        present = set(pt.frame["district_code"].unique())
        for code in sorted(expected - present):
            problems.append(problem("incomplete_report", "" if rule == "districts" else "previous", file=pt.where,
                                    table=name, column="district_code", district=code))


def known_codes(name: str, parsed: dict[str, ParsedTable], references: dict[str, pl.DataFrame]) -> pl.Series | None:
    """The keys of a table a `ref` names (tables/shared.toml [refs]): this week's report, if read
    without problems, or the reference list; None when it cannot be checked against."""
    key = TABLES[name].key[0]
    if name in parsed:
        return parsed[name].frame[key].unique() if usable(parsed, name) else None
    return references[name][key].unique() if name in references else None


def check_references(parsed: dict[str, ParsedTable], references: dict[str, pl.DataFrame],
                     problems: list[Problem]) -> None:
    """Every code names a row of the table its column's `ref` names; a unit's parent is a district
    (a street or town's) or a street or town (a community or village's)."""
    known = {kind: known_codes(name, parsed, references) for kind, name in REFS.items()}
    tally = Tally(problems)
    for pt in parsed.values():
        for col in pt.table.columns:
            if col.ref is None or known[col.ref] is None:
                continue
            c = pl.col(col.name)
            emit(tally, pt.frame.filter(c.is_not_null() & ~c.is_in(known[col.ref].implode())), lambda r, col=col, pt=pt: [
                problem("unknown_code", col.ref, file=r["_file"], row=r["_row"], table=pt.table.name, column=col.name,
                        value=r[col.name])])
    if known["unit"] is not None:
        units = parsed["units"].frame
        upper = pl.col("unit_level").is_in(["street", "town"])
        # a code given twice counts as its last row, as a lookup by code would
        uppers = units.unique("unit_code", keep="last", maintain_order=True).filter(upper)["unit_code"]
        parent = pl.col("parent_code")
        ok = pl.when(upper).then(parent.is_in(known["district"].implode())).otherwise(parent.is_in(uppers.implode()))
        emit(tally, units.filter(~ok.fill_null(False)), lambda r: [
            problem("missing_parent", file=r["_file"], row=r["_row"], table="units", column="parent_code",
                    value=r["parent_code"], unit_name=r["unit_name"])])
    tally.close()


def check_dates(parsed: dict[str, ParsedTable], as_of: dt.date, problems: list[Problem]) -> None:
    week_start = as_of - dt.timedelta(days=6)
    tally = Tally(problems)
    for pt in parsed.values():
        for col in pt.table.columns:
            if col.dtype != "date" or col.future_ok:
                continue
            d = pl.col(col.name)
            if col.name == pt.table.date_column:
                emit(tally, pt.frame.filter(d.is_not_null() & ~d.is_between(week_start, as_of)), lambda r, col=col, pt=pt: [
                    problem("date_outside_week", file=r["_file"], row=r["_row"], table=pt.table.name, column=col.name,
                            value=r[col.name], start=week_start, end=as_of)])
            else:
                emit(tally, pt.frame.filter(d > as_of), lambda r, col=col, pt=pt: [
                    problem("date_after_as_of", file=r["_file"], row=r["_row"], table=pt.table.name, column=col.name,
                            value=r[col.name], expected=as_of)])
    tally.close()


def check_totals(parsed: dict[str, ParsedTable], problems: list[Problem]) -> None:
    """Totals that one report states and another report's detail must agree with."""
    tally = Tally(problems)
    if usable(parsed, "district_restructuring") and usable(parsed, "units") and usable(parsed, "grids"):
        pt = parsed["district_restructuring"]
        stated = pt.frame.with_row_index("_i")
        found = []
        for n, (column, (other, kind)) in enumerate(DISTRICT_TOTAL_CHECKS.items()):  # what counts: the catalogue's
            detail = parsed[other].frame.filter(counts_as_expr(kind) if kind else pl.lit(True)).group_by(
                "district_code").len("_detail")
            joined = stated.join(detail, on="district_code", how="left", maintain_order="left")
            found.append(joined.filter(pl.col(column).ne_missing(pl.col("_detail").fill_null(0))).select(
                "_i", *ORIGIN, pl.lit(n).alias("_c"), pl.lit(column).alias("_column"), pl.col(column).alias("_value"),
                pl.col("_detail").fill_null(0), pl.lit(other).alias("_other")))
        emit(tally, pl.concat(found, how="vertical_relaxed").sort("_i", "_c"), lambda r: [  # row by row, as the district reads its sheet
            problem("totals_mismatch", "detail", file=r["_file"], row=r["_row"], table=pt.table.name,
                    column=r["_column"], value=r["_value"], expected=r["_detail"], other=r["_other"])])
    pairs = [
        ("workforce", "community_workers", "community_staff_total"),
        ("workforce", "in_two_committees", "recruited_workers"),
        ("workforce", "heads", "head_posts"),
    ]
    for table, part, whole in pairs:
        if table in parsed:
            emit(tally, parsed[table].frame.filter(pl.col(part) > pl.col(whole)), lambda r, table=table, part=part, whole=whole: [
                problem("totals_mismatch", "part", file=r["_file"], row=r["_row"], table=table, column=part,
                        value=r[part], expected=r[whole], whole=whole)])
    if "city_indicators" in parsed:  # one row per indicator: a few dozen
        values = {r["indicator_code"]: r for r in parsed["city_indicators"].frame.iter_rows(named=True)}
        for code, r in values.items():
            before = values.get(code.replace("_after", "_before")) if code.endswith("_after") else None
            if before and r["value"] > before["value"]:
                tally.add(problem("totals_mismatch", "after", file=r["_file"], row=r["_row"], table="city_indicators",
                                  column="value", value=r["value"], expected=before["value"], indicator=code))
    if "task_book" in parsed:
        emit(tally, parsed["task_book"].frame.filter(is_done_expr() != pl.col("completed_on").is_not_null()), lambda r: [
            problem("inconsistent", file=r["_file"], row=r["_row"], table="task_book", column="completed_on")])
    tally.close()


def check_brands(parsed: dict[str, ParsedTable], brands: pl.DataFrame, problems: list[Problem]) -> None:
    """The named deliberation brands (reference data) must sit in a unit of this week's list."""
    if not usable(parsed, "units"):
        return
    pt = parsed["units"]
    missing = brands.filter(~pl.col("unit_code").is_in(pt.frame["unit_code"].implode()).fill_null(False))
    for brand in missing.iter_rows(named=True):
        problems.append(problem("unknown_code", "brand", file=pt.where, table="units", column="unit_code",
                                value=brand["unit_code"], brand=brand["brand_name"],
                                district=brand.get("district_code")))
