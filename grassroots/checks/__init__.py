"""Checks: what a week's rows must keep before anything is published. Each broken rule is a
problem (catalogue/rules/), with its file, row, column and district.

validate.py      the week's reports read batch by batch into frames, their cells typed (ParsedTable)
week.py          the reports against themselves and each other: keys, codes and parents, dates, coverage, totals
relations.py     the relations between rows the catalogue declares (a column's `agrees`), naming both rows
repeats.py       events alike in everything but their id: a district's week twice is refused, one a warning
plausibility.py  this week's stored figures against last week's, within the catalogue's bands
reconcile.py     each published figure of the report beside what the snapshot gives
"""
