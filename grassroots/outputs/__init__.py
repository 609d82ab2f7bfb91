"""Outputs: what leaves the screen, built by pure functions (no Streamlit).

exports.py  every table as XLSX and CSV, with units, number formats and its 口径 sheet
brief.py    the one-page weekly brief (周报) as PDF (brief.typ, typst) and XLSX
narrative.py  本周要情: the week in three to six sentences, each number carrying its query
privacy.py  small-cell suppression for counts of people
escape.py   district text made inert for Markdown, HTML and spreadsheets
"""
