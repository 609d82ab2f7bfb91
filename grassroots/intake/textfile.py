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
from collections import Counter
from collections.abc import Iterator

from grassroots.catalogue.rules import FileProblem
from grassroots.intake.workbook import Budget

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_UTF8_CJK = re.compile(rb"[\xe3-\xe9][\x80-\xbf][\x80-\xbf]")  # a Chinese character as UTF-8 encodes it
csv.field_size_limit(1 << 20)


CHUNK = 1 << 20  # bytes decoded at a time: the file's text is never held whole
_CODEC = {"utf-8": "utf-8-sig", "gbk": "gb18030"}  # the encoding decided -> the codec that reads it


def detect(data: bytes) -> str:
    """"utf-8" | "gbk", decided for the whole file (read in chunks, nothing kept), or raise FileProblem."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data[:200].count(b"\x00") > 20:
        raise FileProblem("encoding", "utf16")
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        for _ in _chunks(data, "utf-8-sig"):
            pass
        return "utf-8"
    except UnicodeDecodeError:
        pass
    body = data[3:] if bom else data  # a copy only when a BOM precedes what is not UTF-8
    _refuse_mixed(body, utf8_expected=bom)
    try:
        _refuse_nonsense(body)
    except UnicodeDecodeError:
        raise FileProblem("encoding") from None
    return "gbk"


def decode(data: bytes) -> tuple[str, str]:
    """(the whole text, "utf-8" | "gbk"), or raise FileProblem: for a small file (a tool, a test)."""
    encoding = detect(data)
    return "".join(_chunks(data, _CODEC[encoding])), encoding


def _chunks(data: bytes, codec: str):
    """The text of `data`, decoded CHUNK bytes at a time (a character split between chunks is joined)."""
    decoder = codecs.getincrementaldecoder(codec)()
    view = memoryview(data)
    for at in range(0, len(data), CHUNK):
        yield decoder.decode(view[at: at + CHUNK], final=at + CHUNK >= len(data))
    if not data:
        yield decoder.decode(b"", final=True)


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


def _refuse_nonsense(body: bytes) -> None:
    """Raise if the GB18030 reading is not Chinese a district typed (see the module's docstring): a
    fifth of its characters outside GB2312, with symbols no report holds or a sound Big5 reading.
    Traditional characters saved as GBK are GBK, and read as such. Read in chunks: what is kept is
    a count per character and where each odd one first stands (offset, row)."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int]] = {}  # an odd character -> (offset in the text, line)
    offset = lines = 0
    for text in _chunks(body, "gb18030"):
        if not text.isascii():
            seen = Counter(text)
            for ch in seen:
                if ch not in counts and not ch.isascii() and (_SYMBOL.match(ch) or _outside_gb2312(ch)):
                    at = text.index(ch)
                    first[ch] = (offset + at, lines + text.count("\n", 0, at) + 1)
            counts.update(seen)
        offset += len(text)
        lines += text.count("\n")
    wide = sum(n for ch, n in counts.items() if not ch.isascii())
    count = sum(counts[ch] for ch in first)
    if count < NONSENSE_MIN or count <= NONSENSE_SHARE * wide:
        return
    big5 = _reads_as_big5(body)
    symbols = sum(n for ch, n in counts.items() if _SYMBOL.match(ch))
    if not big5 and symbols < 2:
        return
    odd = sorted(first, key=first.get)
    raise FileProblem("encoding", "big5" if big5 else "rare", row=first[odd[0]][1], value="".join(odd[:6]))


def _reads_as_big5(body: bytes) -> bool:
    """The bytes decode as Big5, and mostly into Big5's frequently used characters."""
    hanzi = common = 0
    try:
        for text in _chunks(body, "big5"):
            for ch, n in Counter(text).items():
                if "\u4e00" <= ch <= "\u9fff":
                    hanzi += n
                    common += n if _BIG5_COMMON[0] <= ch.encode("big5") <= _BIG5_COMMON[1] else 0
    except UnicodeDecodeError:
        return False
    return bool(hanzi) and common >= 0.8 * hanzi


def _kind(line: bytes) -> str:
    """ascii | utf-8 (non-ASCII text that is valid UTF-8 with Chinese in it) | other."""
    if line.isascii():
        return "ascii"
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return "other"
    return "utf-8" if _CJK.search(text) else "other"


_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _non_ascii_lines(body: bytes):
    """(start, end) of every line (split at \\n) holding a byte that is not ASCII, in order."""
    at = 0
    while (m := _NON_ASCII.search(body, at)) is not None:
        start = body.rfind(b"\n", 0, m.start()) + 1
        end = body.find(b"\n", m.start())
        end = len(body) if end < 0 else end
        yield start, end
        at = end + 1


def _refuse_mixed(body: bytes, utf8_expected: bool) -> None:
    """Raise if some lines are UTF-8 Chinese and others are not UTF-8: the file mixes encodings."""
    if not utf8_expected and not _UTF8_CJK.search(body):
        return  # no byte sequence of a UTF-8 Chinese character anywhere: a plain GBK file
    first = "utf-8" if utf8_expected else None
    for start, end in _non_ascii_lines(body):
        kind = _kind(body[start:end])
        if first is None:
            first = kind
        elif kind != first:
            row = _record_at(body, end)
            raise FileProblem("mixed_encoding", "" if first == "utf-8" else "gbk_first", row=row)


def _record_at(body: bytes, end: int) -> int:
    """The CSV record (row number as Excel shows it) that the line ending at byte `end` belongs to."""
    reader = csv.reader(io.StringIO(body[:end].decode("utf-8", "replace"), newline=""))
    n = 0
    for n, _ in enumerate(reader, start=1):
        pass
    return max(n, 1)


class CsvRows:
    """The records of a CSV file with their row numbers (blank ones too, so numbers match Excel),
    parsed from the bytes each time they are iterated: the file's text and rows are never held
    whole. Each pass counts rows and cells against the limits and stops at the first one past them
    (a file of bare line breaks is millions of rows)."""

    def __init__(self, data: bytes, encoding: str, rows: int, cells: int):
        self.data, self.encoding, self.rows, self.cells = data, encoding, rows, cells

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        budget = Budget(self.rows, self.cells)
        text = io.TextIOWrapper(io.BytesIO(self.data), encoding=_CODEC[self.encoding], newline="")
        try:
            for n, cells in enumerate(csv.reader(text), start=1):
                budget.take(len(cells), n)
                yield n, cells
        except csv.Error as err:
            raise FileProblem("malformed_csv", error=str(err)) from None


def read_rows(data: bytes, rows: int, cells: int) -> tuple[CsvRows, str]:
    """The file's records (re-iterable, see CsvRows) and its encoding, decided for the whole file."""
    encoding = detect(data)
    return CsvRows(data, encoding, rows, cells), encoding
