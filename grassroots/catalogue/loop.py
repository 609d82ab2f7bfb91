"""The district loop's states and rights, read from loop.toml beside this file: each state's
label in both languages, and each action's item kind, roles, the states it starts from, the state
it leads to, its label and the text it needs. An unknown, missing or mistyped key, an action
declared twice, or a state that is not declared stops the program with the file, the action and
the key. The desk enforces what is read here; the pages show only what it allows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grassroots.catalogue.datafiles import ENTRIES, PAIR, TABLE, TEXT, TEXTS, check, entries, fail, one_of, read

LOOP_FILE = Path(__file__).with_name("loop.toml")
ITEMS = ("review", "task")

Text = tuple[str, str]


@dataclass(frozen=True)
class Action:
    id: str
    item: str  # review | task
    roles: tuple[str, ...]
    starts: tuple[str, ...]  # the states it may start from; () makes the item
    to: str
    label: Text
    needs: str | None = None  # the text field it cannot go without

    def text(self, lang: str = "zh") -> str:
        return self.label[1] if lang == "en" else self.label[0]


def load(path: Path = LOOP_FILE) -> tuple[str, dict[str, dict[str, Text]], dict[str, Action]]:
    """(version, states by item kind, actions by id)."""
    data = read(path)
    check(str(path), data, {"version": TEXT, "states": TABLE, "action": ENTRIES}, ("version", "states", "action"))
    check(f"{path}: [states]", data["states"], dict.fromkeys(ITEMS, TABLE), ITEMS)
    states = {}
    for item, labels in data["states"].items():
        check(f"{path}: [states.{item}]", labels, dict.fromkeys(labels, PAIR))
        states[item] = {state: tuple(pair) for state, pair in labels.items()}
    actions, seen = {}, {}
    for where, entry in entries(path, data["action"], "action", "id", seen):
        check(where, entry, {"id": TEXT, "item": one_of(*ITEMS), "roles": TEXTS, "from": TEXTS, "to": TEXT,
                             "label": PAIR, "needs": TEXT}, ("id", "item", "roles", "from", "to", "label"))
        known = states[entry["item"]]
        for key, names in (("from", entry["from"]), ("to", [entry["to"]])):
            for state in names:
                if state not in known:
                    fail(where, key, f"names a state {state!r} that [states.{entry['item']}] does not declare")
        actions[entry["id"]] = Action(entry["id"], entry["item"], tuple(entry["roles"]), tuple(entry["from"]),
                                      entry["to"], tuple(entry["label"]), entry.get("needs"))
    return data["version"], states, actions


VERSION, STATES, ACTIONS = load()


def state_label(item: str, state: str, lang: str = "zh") -> str:
    zh, en = STATES[item][state]
    return en if lang == "en" else zh
