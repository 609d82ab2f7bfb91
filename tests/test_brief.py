"""周报: the weekly brief is one A4 page holding the week's figures, for the city and every
district, in both languages; its XLSX has a sheet per area; the CLI writes both. PNGs of the
pages land in test-output/brief/ to be looked at."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from pypdf import PdfReader

from grassroots.outputs import brief, narrative, exports
from grassroots import demo
from grassroots.catalogue import fmt
from grassroots.catalogue.figures import FIGURES
from grassroots.store.snapshots import list_snapshots

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "test-output" / "brief"
LAST = demo.AS_OF_DATES[-1]


@pytest.fixture(scope="module")
def last(demo_base):
    return next(s for s in list_snapshots(demo_base) if s.as_of == LAST)


def read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(p.extract_text() for p in reader.pages)
    return reader, " ".join(text.split())


def png(pdf: bytes, name: str) -> Path:
    """The page as a PNG beside the test output (Debian's poppler-utils, `make system-deps`)."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: run `make system-deps` (poppler-utils)")
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(OUT / f"{name}.pdf"), str(OUT / name)],
                   check=True, capture_output=True)
    return OUT / f"{name}.png"


def test_city_brief_is_one_a4_page_with_the_headline_figures(last):
    week = brief.build(last)
    reader, text = read(brief.pdf(week))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "全市" in text and LAST.isoformat() in text and "示例数据" in text
    for figure_id in ("streets_now", "communities", "grids", "task_book_done", "graduates_recruited_4y",
                      "workers_per_10k_urban", "volunteer_sessions", "legal_aid_cases"):
        row = week.figures[figure_id]
        assert row.value_text.replace(" ", "") in text.replace(" ", ""), figure_id
    assert "6,158" in text and "1,529" in text and "18.2" in text
    assert "45 项数字与本期快照逐项核对，全部一致" in text
    assert "OP15" in text  # the point whose burden rose
    assert "2026-11-01" in text  # the status rules' version
    assert png(brief.pdf(week), "brief-city").stat().st_size > 50_000


def test_the_status_is_a_word_beside_its_shape(last):
    week = brief.build(last)
    _, text = read(brief.pdf(week))
    assert week.figures["streets_now"].status == "on_track"
    assert "推进中" in text and "已完成" in text and "监测" in text


def test_fonts_are_embedded(last):
    reader, _ = read(brief.pdf(brief.build(last)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)["/FontDescriptor"]
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_a_district_brief_names_the_district_and_its_own_values(last):
    week = brief.build(last, "150102")
    reader, text = read(brief.pdf(week))
    assert len(reader.pages) == 1
    assert "新城区" in text and LAST.isoformat() in text
    assert week.figures["grids"].value < brief.build(last).figures["grids"].value
    assert week.figures["grids"].value_text.replace(" ", "") in text.replace(" ", "")
    assert "（全市）" in week.figures["task_book_done"].label  # city-level figures say so
    png(brief.pdf(week), "brief-150102")


def test_every_district_and_english_fit_on_one_page(last, demo_base):
    codes = pl.read_parquet(next(demo_base.glob("snapshots/*/districts.parquet")))["district_code"].to_list()
    for code in codes:
        assert len(read(brief.pdf(brief.build(last, code)))[0].pages) == 1, code
    english = brief.pdf(brief.build(last, None, "en"))
    reader, text = read(english)
    assert len(reader.pages) == 1 and "Whole city" in text and "Headline figures" in text
    png(english, "brief-city-en")


def test_an_early_week_brief_has_no_comparison_and_still_fits(demo_base):
    first = list_snapshots(demo_base)[0]
    reader, text = read(brief.pdf(brief.build(first)))
    assert len(reader.pages) == 1 and "首期" in text


def test_the_xlsx_brief_has_a_sheet_per_area_with_the_same_numbers(last):
    week = brief.build(last)
    data = brief.xlsx(week)
    names = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    assert names == ["治理单元优化", "减负", "队伍建设", "共治与志愿服务", "注", "口径"]
    sheet = pl.read_excel(data, sheet_name="治理单元优化", read_options={"header_row": exports.HEADER_ROW + 1, "n_rows": 4})
    assert sheet["指标"].to_list() == [FIGURES[i].zh for i in ("streets_now", "communities", "grids", "enforcement_items_after")]
    assert sheet["本期（治理单元优化）"].to_list() == [39, 450, 6158, 56]
    cards = pl.read_excel(data, sheet_name="口径", read_options={"header_row": exports.HEADER_ROW})
    assert any("网格：网格明细表行数" in r for r in cards["计算规则"].to_list())


def test_the_unknown_district_is_refused(last):
    with pytest.raises(ValueError, match="unknown district"):
        brief.build(last, "999999")


def test_cli_writes_the_pdf_and_the_xlsx(demo_env, tmp_path):
    out = subprocess.run([sys.executable, "-m", "grassroots", "brief", "--as-of", LAST.isoformat(), "--district", "150105",
                          "--out", str(tmp_path)], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [f"减负赋能周报_赛罕区_{LAST}_示例数据.pdf", f"减负赋能周报_赛罕区_{LAST}_示例数据.xlsx"]
    assert all(line.strip() for line in out.stdout.splitlines())


def test_cli_names_a_missing_snapshot(demo_env, tmp_path):
    out = subprocess.run([sys.executable, "-m", "grassroots", "brief", "--as-of", "2001-01-05", "--out", str(tmp_path)],
                         cwd=REPO, capture_output=True, text=True)
    assert out.returncode != 0 and "没有截至 2001-01-05 的快照" in out.stderr


def test_cli_help_has_an_example():
    out = subprocess.run([sys.executable, "-m", "grassroots", "brief", "--help"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0 and "python -m grassroots brief --as-of" in out.stdout
    for option in ("--as-of", "--district", "--out", "--lang", "--data-dir"):
        assert option in out.stdout


def test_the_change_of_a_figure_reads_with_its_sign_and_unit(last):
    sessions = brief.build(last).figures["volunteer_sessions"]
    assert sessions.change > 0 and sessions.change_text == f"+{fmt.number(sessions.change)}场次"


def test_a_full_week_still_fits_one_page(last):
    """Seven rising points and seven cases with long names (the most the page lists), a long list
    of changes and every figure behind: still one page, and the surplus is pointed to the XLSX."""
    week = brief.build(last)
    long_name = "呼和浩特市某某旗某某镇某某某某某某某村民委员会（第二网格片区）"
    week.rising = [{"point": f"OP{i:02d}", "unit": long_name, "district": "土默特左旗", "total": 120, "change": "+40",
                    "pct": "+50%"} for i in range(1, 10)]
    week.cases = [{"case": f"NC2026{i:03d}", "date": LAST.isoformat(), "district": "托克托县", "unit": long_name,
                   "category": "过度留痕"} for i in range(1, 12)]
    for row in week.figures.values():
        row.change, row.change_text, row.status, row.status_text = 12345.0, "+1.23万名", "behind", "滞后"
    # 本周要情 at its longest: every figure moved and behind (it names at most 3 moves and 4 behind)
    week.highlights = [narrative.plain(line) for line in narrative.sentences(week)]
    assert len(week.highlights) == 4 and "另有 12 项" in week.highlights[1]
    week.strings = brief._strings(week, brief.figures.load_targets(), "zh")
    reader, text = read(brief.pdf(week))
    assert len(reader.pages) == 1
    assert text.count("见 Excel 版周报") == 2 and "OP01" in text and "NC2026001" in text
    png(brief.pdf(week), "brief-full-week")
