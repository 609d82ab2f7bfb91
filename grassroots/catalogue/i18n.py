"""Every user-facing string of the app, in Chinese first and English. Labels of tables, columns
and figures live in tables/ and figures/, page titles in pages.py; this holds the rest. The
sentences are data, i18n.toml beside this file (key = [Chinese, English], grouped by page), read
strictly: a sentence that is not a pair of texts, or a key given twice, stops the program with the
file and the key."""

from __future__ import annotations

from pathlib import Path

from grassroots.catalogue.datafiles import PAIR, check, read

LANGS = ("zh", "en")
I18N_FILE = Path(__file__).with_name("i18n.toml")


def load(path: Path = I18N_FILE) -> dict[str, tuple[str, str]]:
    """key -> (zh, en) of every sentence of an interface file, in the file's order."""
    data = read(path)
    check(str(path), data, dict.fromkeys(data, PAIR))
    return {key: tuple(pair) for key, pair in data.items()}


STRINGS: dict[str, tuple[str, str]] = load()


def t(key: str, lang: str = "zh", **fmt) -> str:
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    return text.format(**fmt) if fmt else text
