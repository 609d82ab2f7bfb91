"""The 红黑榜's rules, read from league.toml beside this file (versioned, like targets.toml): each
rule's id, weight, label and explanation in both languages, and the parameter a rule takes. The
desk computes each rule by its id (grassroots/desk/league.py); an unknown, missing or mistyped
key, or a rule declared twice, stops the program with the file, the rule and the key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grassroots.catalogue.datafiles import ENTRIES, NUMBER, PAIR, TEXT, Kind, check, entries, read

LEAGUE_FILE = Path(__file__).with_name("league.toml")
COUNT = Kind("a whole number above zero", lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0)

Text = tuple[str, str]


@dataclass(frozen=True)
class Rule:
    id: str
    weight: float
    label: Text
    explain: Text
    per_problem: float | None = None  # clean_files: what one problem per file takes off

    def text(self, lang: str = "zh") -> str:
        return self.label[1] if lang == "en" else self.label[0]

    def how(self, lang: str = "zh") -> str:
        return self.explain[1] if lang == "en" else self.explain[0]


@dataclass(frozen=True)
class League:
    version: str
    brief_top: int
    rules: tuple[Rule, ...]

    @property
    def total(self) -> float:
        return sum(r.weight for r in self.rules)


def load(path: Path = LEAGUE_FILE) -> League:
    data = read(path)
    check(str(path), data, {"version": TEXT, "brief_top": COUNT, "rule": ENTRIES}, ("version", "brief_top", "rule"))
    rules, seen = [], {}
    for where, entry in entries(path, data["rule"], "rule", "id", seen):
        check(where, entry, {"id": TEXT, "weight": NUMBER, "label": PAIR, "explain": PAIR, "per_problem": NUMBER},
              ("id", "weight", "label", "explain"))
        rules.append(Rule(entry["id"], float(entry["weight"]), tuple(entry["label"]), tuple(entry["explain"]),
                          entry.get("per_problem")))
    return League(data["version"], data["brief_top"], tuple(rules))


LEAGUE = load()
