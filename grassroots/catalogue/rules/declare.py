"""What a rule is (its name, and per variant a message and hint template in both languages), and
the registry RULES every declaration file adds to."""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from grassroots.catalogue.rules.words import NULLABLE_SPECS

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


W = Wording
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


RULES: dict[str, Rule] = {}


def _rule(id: str, zh: str, en: str, wordings: Wording | dict[str, Wording], *,
          derive: dict[str, Callable] | None = None, optional: tuple[str, ...] = ()) -> None:
    assert id not in RULES, id
    RULES[id] = Rule(id, zh, en, {"": wordings} if isinstance(wordings, Wording) else wordings, derive or {},
                     frozenset(optional))
