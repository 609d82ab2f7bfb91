"""refresh.py --brief: the week's brief is written right after publishing, ready to mail."""

from __future__ import annotations

import subprocess
import sys

from pypdf import PdfReader
from refresh_helpers import LAST, REPO, fresh_base


def test_publishing_with_brief_writes_the_pdf_and_the_xlsx(demo_base, tmp_path, week_inbox):
    base, out_dir = fresh_base(demo_base, tmp_path), tmp_path / "briefs"
    out = subprocess.run(
        [sys.executable, "refresh.py", "--inbox", str(week_inbox), "--as-of", LAST.isoformat(),
         "--data-dir", str(base), "--brief", str(out_dir)], cwd=REPO, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    assert f"已发布快照 {LAST.isoformat()}" in out.stdout
    pdf = out_dir / f"减负赋能周报_全市_{LAST}_示例数据.pdf"
    assert f"周报：{pdf}" in out.stdout
    assert (out_dir / f"减负赋能周报_全市_{LAST}_示例数据.xlsx").is_file()
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1 and LAST.isoformat() in reader.pages[0].extract_text()


def test_brief_is_refused_with_check(week_inbox, tmp_path):
    out = subprocess.run([sys.executable, "refresh.py", "--check", "--inbox", str(week_inbox), "--as-of",
                          LAST.isoformat(), "--brief", str(tmp_path)], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 2 and "--brief" in out.stderr
