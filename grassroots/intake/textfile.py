"""CSV bytes from a district to rows of text cells, numbered as Excel numbers them.

Encodings: UTF-8 (with or without a BOM) or GB18030 (a superset of GBK, what Chinese Excel and
WPS save by default). Nothing is guessed beyond that: a file that is neither is refused with a
sentence telling the district how to save it, and so is a file whose rows mix the two (two
districts' files pasted together), naming the first row that differs from the ones before it.
Old Mac line endings (CR only) and Windows ones are read like Unix ones.

Almost any bytes decode as GB18030, so a file that does is also read for sense: a Big5 file (saved
on a Traditional-Chinese system) decodes without error into kana, Cyrillic, box drawing,
private-use and rare characters. A GBK file of this city is nearly all GB2312 characters: of the
11,161 characters of every real division name of Hohhot 17 are not (圐圙, 墕, 栜). A file where
more than a fifth of the characters, and at least four, are outside GB2312 is refused, naming the
likely encoding — Big5 when the bytes read as Big5 into mostly common Traditional characters — if
it also holds symbols no report does (kana, Cyrillic, box drawing, private use …) or reads as Big5;
Traditional characters saved as GBK (隊伍名稱) are GBK, and pass.
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
        text = body.decode("gb18030")
    except UnicodeDecodeError:
        raise FileProblem("encoding") from None
    _refuse_nonsense(text, body)
    return text, "gbk"


# What no report of this city holds, and a misread file is full of: Greek, Cyrillic, box drawing,
# kana, bopomofo, enclosed and squared CJK symbols, private-use characters.
_SYMBOL = re.compile(r"[\u0370-\u04ff\u2500-\u257f\u3040-\u312f\u3200-\u33ff\ue000-\uf8ff]")
NONSENSE_SHARE, NONSENSE_MIN = 0.2, 4  # more than this share of the non-ASCII characters, and at least this many
_BIG5_COMMON = (b"\xa4\x40", b"\xc6\x7e")  # Big5's frequently used characters (常用字)


def _outside_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def _refuse_nonsense(text: str, body: bytes) -> None:
    """Raise if the GB18030 reading is not Chinese a district typed (see the module's docstring): a
    fifth of its characters outside GB2312, with symbols no report holds or a sound Big5 reading.
    Traditional characters saved as GBK are GBK, and read as such."""
    if text.isascii():
        return
    wide = [ch for ch in text if not ch.isascii()]
    odd = {ch for ch in set(wide) if _SYMBOL.match(ch) or _outside_gb2312(ch)}
    count = sum(1 for ch in wide if ch in odd) if odd else 0
    if count < NONSENSE_MIN or count <= NONSENSE_SHARE * len(wide):
        return
    big5 = _reads_as_big5(body)
    symbols = sum(1 for ch in wide if _SYMBOL.match(ch))
    if not big5 and symbols < 2:
        return
    first = min(text.index(ch) for ch in odd)
    shown = "".join(sorted(odd, key=text.index)[:6])
    raise FileProblem("encoding", "big5" if big5 else "rare", row=text.count("\n", 0, first) + 1, value=shown)


def _reads_as_big5(body: bytes) -> bool:
    """The bytes decode as Big5, and mostly into Big5's frequently used characters."""
    try:
        text = body.decode("big5")
    except UnicodeDecodeError:
        return False
    hanzi = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    common = sum(1 for ch in hanzi if _BIG5_COMMON[0] <= ch.encode("big5") <= _BIG5_COMMON[1])
    return bool(hanzi) and common >= 0.8 * len(hanzi)


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
