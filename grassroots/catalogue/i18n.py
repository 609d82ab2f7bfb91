"""Every user-facing string of the app, in Chinese first and English. Labels of tables, columns
and figures live in tables/ and figures/, page titles in pages.py; this holds the rest. The
sentences are data, in i18n/ beside this file, one file per part of the app (key = [Chinese,
English], grouped by page), read strictly in FILES order: a sentence that is not a pair of texts, a
key given twice (in one file or two), a file missing or not in FILES stops the program with the
file and the key."""

from __future__ import annotations

from pathlib import Path

from grassroots.catalogue.datafiles import PAIR, check, fail, read

LANGS = ("zh", "en")
I18N_DIR = Path(__file__).with_name("i18n")
FILES = ("frame", "pages", "outputs", "access", "desk", "push", "loop")  # i18n/<name>.toml, read in this order


def load(folder: Path = I18N_DIR) -> dict[str, tuple[str, str]]:
    """key -> (zh, en) of every sentence of an interface folder, in FILES order and each file's."""
    stray = sorted(p.name for p in folder.glob("*.toml") if p.stem not in FILES)
    if stray:
        fail(str(folder), stray[0], f"is not one of the sentence files {', '.join(FILES)} (i18n.py: FILES)")
    out: dict[str, tuple[str, str]] = {}
    first: dict[str, str] = {}
    for name in FILES:
        path = folder / f"{name}.toml"
        if not path.is_file():
            fail(str(folder), f"{name}.toml", "is missing: i18n.py reads every file of FILES")
        data = read(path)
        check(str(path), data, dict.fromkeys(data, PAIR))
        for key, pair in data.items():
            if key in out:
                fail(str(path), key, f"is declared a second time (first in {first[key]})")
            out[key], first[key] = tuple(pair), path.name
    return out


STRINGS: dict[str, tuple[str, str]] = load()


def t(key: str, lang: str = "zh", **fmt) -> str:
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    return text.format(**fmt) if fmt else text
