"""What the refresh tells a district: problems (nothing is published) and notes (published anyway).

Every problem names the file, the row as Excel numbers it, the column as the template labels
it, the rule broken, and what to do. Problems of one kind in one file and column are capped, so a
whole column typed wrong reads as a few examples and a count, not thousands of lines.

**Problems are data.** A `Problem` holds a rule id, the variant of its wording, and fields: where
(file, Excel row, table and column), what about (district, the cell's value, what was expected)
and any other field its template names (`extra`, sorted pairs). Its message and hint are rendered
from the rule's declaration below, in Chinese or English, whenever someone reads them; nothing
decides anything by the words. Creating a problem with an unknown rule or variant, or without a
field its wording needs, raises ValueError at once, so a typo never reaches a district.

**One declaration per rule**, a [[rule]] entry of a TOML file (intake.toml, intake_files.toml,
intake_inbox.toml, checks.toml, run.toml, by the room that raises it; the department can reword a
message without touching code): its short name (zh, en), and per variant the message and hint templates in both languages. A template
names its fields, `{value}`; a field that is a word and not a value is written per language by a
spec after the colon, from the catalogue: `{table:report}` the report's label, `{column:column}` a
column's label, `{district:district}` a district's name (reference data), `{figure:figure}` a
figure's name, `{expected:type}` 整数 / a whole number … (`SPECS` lists them all; any other spec is
Python's format, `{limit:,}`). A rule whose message is built from a list (the districts that moved
a figure, a sub-folder's files) names a small render function for that placeholder (`derive`, from
words.py). A field's value is inserted as it is: a cell holding Markdown or HTML comes out
unchanged, escaping is the page's business.

**The column slot** ("列「…」" in the one-line form) shows, from the first field present:
- `column`, a catalogued column, carried as the column's name with the report's `table`: it is
  rendered as the template labels it in the reader's language, 担任正职（heads） / heads (heads),
  and a name that is not a column of the table is refused at creation. A tuple of names is a
  key of several columns. Carried by name, not as the Chinese label, so that English readers get
  the English label and code compares names, not text;
- `header`, a header cell as the district typed it (an unknown column): shown as typed, in both
  languages, because it is the district's own words;
- `position`, a column the header does not name, by its number: 第3列 / column 3;
- `figure`, a headline figure (a week-on-week change): 社区工作者（community_workers）.

`str(problem)` is the one-line Chinese form the command line prints; `line("en")` the English one.
Problems travel as JSON field by field (`as_json`, `from_json`) and come back equal.

intake.toml, intake_files.toml, intake_inbox.toml, checks.toml, run.toml: the rules, declared by the room (and step) that raises them
hints.toml  hints (what to do) several wordings give, named once (SAVE_AS, BIG_HINT, CONTACT …)
words.py    the words messages are made of, the specs that write a field per language, and the
            render functions of list messages
declare.py  Wording, Rule, and the strict loader of the files above: the registry RULES
problem.py  Problem, problem(), CellError, FileProblem, Note, capped, Tally (capping while the problems are found)
"""

from __future__ import annotations

from grassroots.catalogue.rules.declare import HINTS, RULES, Rule, Wording, placeholders  # noqa: F401
from grassroots.catalogue.rules.problem import (  # noqa: F401
    PLACE, RULE_NAMES, SLOT, TOP, CellError, FileProblem, Note, Problem, Tally, capped, check, problem, rule_name, total,
)
from grassroots.catalogue.rules.words import (  # noqa: F401
    CONTENT_KINDS, CONTROL_NAMES, DELIMITERS, MAX_TEXT, NULLABLE_SPECS, OLD_FORMATS, PER_KIND, REF_DIR, SPECS,
    TYPE_WORDS, WRITE_REASONS, _districts, column_label, district_name,
)

SAVE_AS, BIG_HINT, CONTACT = HINTS["save_as"], HINTS["big"], HINTS["contact"]  # hints.toml
