"""What a rule is (its name, and per variant a message and hint template in both languages), and
the registry RULES, read strictly from the rule files beside this one:

intake.toml (cells), intake_files.toml, intake_inbox.toml, checks.toml, run.toml: one [[rule]]
    entry per rule, by the room (and step) that raises it, read in this order: id, zh, en; [rule.wording] the default variant's message and hint (zh, en, hint_zh,
    hint_en), [rule.variant.NAME] another variant's; `hint = "NAME"` instead gives a hint of
    hints.toml; `derive = { placeholder = "NAME" }` a render function of DERIVE below; `optional`
    the fields a template may do without. [rule.frame.NAME] is a wording several variants share
    but for a few words: a variant with `frame = "NAME"` gives each word its `fill` lists, [zh, en].
hints.toml: hints several wordings give, by name (`starts_with` another one).

An unknown, missing or mistyped key, a rule declared twice, or a hint, frame or render function
that is not declared stops the loader with the file, the rule and the key.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from grassroots.catalogue.datafiles import (
    ENTRIES, NAMES, PAIR, TABLE, TEXT, TEXTS, check, entries, fail, keys_of, name, read,
)
from grassroots.catalogue.rules.words import NULLABLE_SPECS, _inside, _movers

# ------------------------------------------------------------------ the declarations
@dataclass(frozen=True)
class Wording:
    """A variant's message and hint (what to do), in Chinese and in English."""

    zh: str
    hint_zh: str
    en: str
    hint_en: str

    def template(self, part: str, lang: str) -> str:
        if part == "hint":
            return self.hint_en if lang == "en" else self.hint_zh
        return self.en if lang == "en" else self.zh


_PARSE = string.Formatter().parse


def placeholders(template: str) -> list[tuple[str, str]]:
    """(field, spec) of every placeholder of a template."""
    return [(name, spec or "") for _, name, spec, _ in _PARSE(template) if name is not None]


@dataclass(frozen=True)
class Rule:
    id: str
    zh: str  # the rule's short name, for the clerk's problem table
    en: str
    wordings: Mapping[str, Wording]  # variant -> wording; "" is the rule's default, if it has one
    derive: Mapping[str, Callable[[Mapping, str], str]] = field(default_factory=dict)  # placeholder -> render function
    optional: frozenset[str] = frozenset()  # fields a template may do without (the render function decides)
    _needs: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)  # by variant, once

    def needs(self, variant: str) -> frozenset[str]:
        """The fields a problem of this variant must carry (not None)."""
        if variant not in self._needs:
            self._needs[variant] = self._fields_named(variant)
        return self._needs[variant]

    def _fields_named(self, variant: str) -> frozenset[str]:
        w = self.wordings[variant]
        out: set[str] = set()
        for template in (w.zh, w.en, w.hint_zh, w.hint_en):
            for name, spec in placeholders(template):
                if name in self.derive or spec in NULLABLE_SPECS:
                    continue
                out.add(name)
                if spec == "column":
                    out.add("table")
        return frozenset(out - self.optional)


# ------------------------------------------------------------------ reading the rule files
FOLDER = Path(__file__).parent
RULE_FILES = ("intake", "intake_files", "intake_inbox", "checks", "run")  # the rooms that raise them, in this order
# The render functions a rule's `derive` may name: (fields, language) -> the placeholder's text.
DERIVE: dict[str, Callable[[Mapping, str], str]] = {"movers": _movers, "inside": _inside}
RULE, RULE_REQUIRED = keys_of(Rule, drop=("wordings",), derive=NAMES, optional=TEXTS, wording=TABLE, variant=TABLE,
                              frame=TABLE)
WORDING = {"zh": TEXT, "en": TEXT, "hint_zh": TEXT, "hint_en": TEXT, "hint": TEXT}
HINT = {"starts_with": TEXT, "zh": TEXT, "en": TEXT}


def _hint(where: str, entry: dict, hints: dict) -> tuple[str, str]:
    """(hint_zh, hint_en) of a wording or frame: a named hint, or its own."""
    if "hint" in entry:
        if "hint_zh" in entry or "hint_en" in entry:
            fail(where, "hint", "and hint_zh / hint_en both give the hint: keep one")
        return name(where, "hint", entry["hint"], hints, "hint")
    for key in ("hint_zh", "hint_en"):
        if key not in entry:
            fail(where, key, "is missing (or name a hint of hints.toml: hint = \"NAME\")")
    return entry["hint_zh"], entry["hint_en"]


def _frame(where: str, entry: dict, hints: dict) -> dict:
    check(where, entry, WORDING | {"fill": TEXTS}, ("zh", "en", "fill"))
    for word in entry["fill"]:
        if not ("{" + word + "}" in entry["zh"] and "{" + word + "}" in entry["en"]):
            fail(where, "fill", f"names {word!r}, which zh and en do not both hold as {{{word}}}")
    return entry | dict(zip(("hint_zh", "hint_en"), _hint(where, entry, hints)))


def _wording(where: str, entry, hints: dict, frames: dict) -> Wording:
    if isinstance(entry, dict) and "frame" in entry:
        frame = name(where, "frame", entry["frame"], frames, "frame") if isinstance(entry["frame"], str) else None
        if frame is None:
            fail(where, "frame", f"must be {TEXT.says}, not {entry['frame']!r}")
        check(where, entry, {"frame": TEXT} | dict.fromkeys(frame["fill"], PAIR), ("frame", *frame["fill"]))
        zh, en = frame["zh"], frame["en"]
        for word in frame["fill"]:
            zh, en = zh.replace("{" + word + "}", entry[word][0]), en.replace("{" + word + "}", entry[word][1])
        return Wording(zh, frame["hint_zh"], en, frame["hint_en"])
    check(where, entry, WORDING, ("zh", "en"))
    hint_zh, hint_en = _hint(where, entry, hints)
    return Wording(entry["zh"], hint_zh, entry["en"], hint_en)


def _read_rule(where: str, entry: dict, hints: dict) -> Rule:
    check(where, entry, RULE, RULE_REQUIRED)
    frames = {f: _frame(f"{where}, frame {f!r}", keys, hints) for f, keys in entry.get("frame", {}).items()}
    wordings = {"": _wording(f"{where}, wording", entry["wording"], hints, frames)} if "wording" in entry else {}
    for variant, keys in entry.get("variant", {}).items():
        if not variant:
            fail(where, "variant", "may not be named \"\": the default variant is [rule.wording]")
        wordings[variant] = _wording(f"{where}, variant {variant!r}", keys, hints, frames)
    if not wordings:
        fail(where, "wording", "is missing: a rule has a default wording, variants, or both")
    derive = {placeholder: name(where, "derive", fn, DERIVE, "render function")
              for placeholder, fn in entry.get("derive", {}).items()}
    return Rule(entry["id"], entry["zh"], entry["en"], wordings, derive, frozenset(entry.get("optional", ())))


def load_hints(path: Path) -> dict[str, tuple[str, str]]:
    """name -> (zh, en) of every hint of a hints file, a hint that starts with another made whole."""
    out: dict[str, tuple[str, str]] = {}
    for key, entry in read(path).items():
        where = f"{path}: hint {key!r}"
        check(where, entry, HINT, ("zh", "en"))
        start = name(where, "starts_with", entry["starts_with"], out, "hint (declared above it)") \
            if "starts_with" in entry else ("", "")
        out[key] = (start[0] + entry["zh"], start[1] + entry["en"])
    return out


def load(folder: Path = FOLDER) -> tuple[dict[str, tuple[str, str]], dict[str, Rule]]:
    """(the hints, every rule of the rule files in their order) of a folder of rule files."""
    hints = load_hints(folder / "hints.toml")
    rules: dict[str, Rule] = {}
    seen: dict[str, str] = {}
    for room in RULE_FILES:
        path = folder / f"{room}.toml"
        data = check(str(path), read(path), {"rule": ENTRIES}, ("rule",))
        for where, entry in entries(path, data["rule"], "rule", "id", seen):
            rule = _read_rule(where, entry, hints)
            rules[rule.id] = rule
    return hints, rules


HINTS, RULES = load()
