"""CSV bytes from a district to rows of text cells, numbered as Excel numbers them.

Encodings: UTF-8 (with or without a BOM) or GB18030 (a superset of GBK, what Chinese Excel and
WPS save by default). Nothing is guessed beyond that: a file that is neither is refused with a
sentence telling the district how to save it, and so is a file whose rows mix the two (two
districts' files pasted together), naming the first row that differs from the ones before it.
Old Mac line endings (CR only) and Windows ones are read like Unix ones.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from grassroots.catalogue.rules import FileProblem
from grassroots.intake.workbook import Budget

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_UTF8_CJK = re.compile(rb"[\xe3-\xe9][\x80-\xbf][\x80-\xbf]")  # a Chinese character as UTF-8 encodes it
csv.field_size_limit(1 << 20)


def decode(data: bytes) -> tuple[str, str]:
    """(text, "utf-8" | "gbk"), or raise FileProblem."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data[:200].count(b"\x00") > 20:
        raise FileProblem("encoding", "utf16")
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    _refuse_mixed(body, utf8_expected=bom)
    try:
        return body.decode("gb18030"), "gbk"
    except UnicodeDecodeError:
        raise FileProblem("encoding") from None


def _kind(line: bytes) -> str:
    """ascii | utf-8 (non-ASCII text that is valid UTF-8 with Chinese in it) | other."""
    if line.isascii():
        return "ascii"
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return "other"
    return "utf-8" if _CJK.search(text) else "other"


def _refuse_mixed(body: bytes, utf8_expected: bool) -> None:
    """Raise if some lines are UTF-8 Chinese and others are not UTF-8: the file mixes encodings."""
    if not utf8_expected and not _UTF8_CJK.search(body):
        return  # no byte sequence of a UTF-8 Chinese character anywhere: a plain GBK file
    lines = body.split(b"\n")
    kinds = [_kind(line) for line in lines]
    if "utf-8" not in kinds and not utf8_expected:
        return  # a plain GBK file
    first = "utf-8" if utf8_expected else next(k for k in kinds if k != "ascii")
    odd = next((i for i, k in enumerate(kinds) if k not in ("ascii", first)), None)
    if odd is None:
        return
    row = _record_of_line(lines, odd)
    raise FileProblem("mixed_encoding", "" if first == "utf-8" else "gbk_first", row=row)


def _record_of_line(lines: list[bytes], index: int) -> int:
    """The CSV record (row number as Excel shows it) that physical line `index` belongs to."""
    text = "\n".join(line.decode("utf-8", "replace") for line in lines[: index + 1])
    reader = csv.reader(io.StringIO(text, newline=""))
    n = 0
    for n, _ in enumerate(reader, start=1):
        pass
    return max(n, 1)


def read_rows(data: bytes, budget: Budget | None = None) -> tuple[list[tuple[int, list[str]]], str]:
    """Every record with its row number (blank ones too, so numbers match Excel), and the encoding.
    ``budget`` counts rows and cells as they are read and stops at the first one past its limits:
    a file of bare line breaks is millions of rows, each a Python list."""
    text, encoding = decode(data)
    reader = enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
    try:
        if budget is None:
            rows = list(reader)
        else:
            rows = []
            for n, cells in reader:
                budget.take(len(cells), n)
                rows.append((n, cells))
    except csv.Error as err:
        raise FileProblem("malformed_csv", error=str(err)) from None
    return rows, encoding
