"""Blank templates: one CSV and one workbook per report, with the Chinese headers the refresh accepts."""

from __future__ import annotations

import csv
import subprocess
import sys

import polars as pl
from refresh_helpers import LAST, REPO

from grassroots.store.pipeline import run_refresh
from grassroots.intake.reports import read_report
from grassroots.catalogue.tables import REPORTS
from grassroots.intake.templates import write_templates

HEADER_RULES = {"missing_column", "unknown_column", "duplicate_column", "unknown_report",
                "missing_report", "empty_file", "corrupt_xlsx", "encoding"}


def test_one_csv_and_one_xlsx_per_report(tmp_path):
    written = write_templates(tmp_path / "t")
    expected = {f"{t.name}{ext}" for t in REPORTS for ext in (".csv", ".xlsx")}
    assert {p.name for p in written} == expected
    assert {p.name for p in (tmp_path / "t").iterdir()} == expected
    assert len(REPORTS) == 15


def test_csv_header_is_the_chinese_labels(tmp_path):
    write_templates(tmp_path)
    for t in REPORTS:
        with (tmp_path / f"{t.name}.csv").open(encoding="utf-8-sig", newline="") as f:
            assert list(csv.reader(f)) == [[c.zh for c in t.columns]], t.name


def test_xlsx_header_is_the_chinese_labels_with_a_guide_sheet(tmp_path):
    write_templates(tmp_path)
    for t in REPORTS:
        path = tmp_path / f"{t.name}.xlsx"
        assert pl.read_excel(path, sheet_id=1).columns == [c.zh for c in t.columns], t.name
        guide = pl.read_excel(path, sheet_name="填报说明")
        assert set(t.column_names) <= set(guide["英文列名"].to_list()), t.name


def test_blank_templates_read_as_zero_rows_with_the_right_header(tmp_path):
    write_templates(tmp_path)
    for t in REPORTS:
        for ext in (".csv", ".xlsx"):
            raw = read_report(tmp_path / f"{t.name}{ext}")
            assert raw.table is t
            assert raw.header.labels == [c.zh for c in t.columns], (t.name, ext)
            assert raw.rows == [], (t.name, ext)


def test_refresh_accepts_the_template_headers(tmp_path):
    inbox = tmp_path / "inbox"
    for path in write_templates(inbox):
        if path.suffix == ".xlsx":
            path.unlink()  # one file per report
    result = run_refresh(inbox, LAST, base=tmp_path / "data")
    assert not HEADER_RULES & {p.rule for p in result.problems}, result.problems


def test_cli_writes_the_templates(tmp_path):
    out_dir = tmp_path / "templates"
    out = subprocess.run([sys.executable, "refresh.py", "--templates", str(out_dir)], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert f"{2 * len(REPORTS)} 个模板文件" in out.stdout
    assert (out_dir / "grids.csv").is_file() and (out_dir / "grids.xlsx").is_file()
    assert len(list(out_dir.iterdir())) == 2 * len(REPORTS)
