"""Every page opens in both languages, for the city and for a district, without an exception (a
unit or label missing in English once took the English burden page down), and no table on it shows
an empty cell as a grey "None"."""

from __future__ import annotations

import pytest

from app.navigation import PAGES
from tests.pages.apptest import start, tables, title


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("district", [None, "150105"])
@pytest.mark.parametrize("spec", PAGES, ids=[s.url_path for s in PAGES])
def test_page_opens(demo_env, spec, lang, district):
    query = {"lang": lang, **({"district": district} if district else {})}
    at = start(query, page=spec.path)  # start() fails on any exception of the run
    assert title(at), f"{spec.url_path} drew no title"
    for table in tables(at):
        empty = table.columns[table.isna().any() | table.isin(["None", "nan", "null"]).any()].tolist()
        assert not empty, f"{spec.url_path}: empty cells shown as None in {empty}"
