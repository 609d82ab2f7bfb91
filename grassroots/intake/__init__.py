"""Intake: a district's files into rows of text cells numbered as Excel numbers them, then typed
by the catalogue's columns, each value keeping its file, row and column.

inbox.py      what a week's folder holds: report files, what is skipped, what is refused
textfile.py   CSV bytes in any of the encodings districts send, to rows
workbook.py   .xlsx to rows, streaming, with Excel's row numbers
shown.py      what Excel shows beyond the values: formulas' saved results, number formats, hidden
              rows and columns, merged ranges, and the problems they make
header.py     the header row found and its columns matched to the catalogue's
reports.py    one report file: its sheet, header and data rows (notes on what was skipped)
cells.py      one cell typed, or the rule it breaks;  fastcells.py: the plain cells in one pass
templates.py  blank report templates (Excel with a 填报说明 sheet, CSV)
"""
