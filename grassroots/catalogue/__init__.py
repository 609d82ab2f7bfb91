"""The catalogue: every meaning the product has, declared once, in Chinese and English. The rooms
above read it; it reads nothing of theirs.

tables/         every report table and column: type, labels, unit, 口径, bounds, allowed values (TOML)
figures.py      every headline figure (figures/*.toml): labels, unit, 口径 card texts, status rule (targets.toml: goals)
definitions.py  what counts as a street, town, community, village, a done task (also as SQL macros)
units.py        units and their English
cards.py        the one 口径 card type, made from a figure or a column
pages.py        page titles;  explore.py: the exploration's datasets, dimensions and measures
rules/          every problem the refresh and the desk can raise, with its message templates (TOML)
i18n.py         interface sentences (i18n/*.toml; no catalogue label);  fmt.py: numbers for people
datafiles.py    reads the catalogue's data files (TOML) strictly: a wrong key names file, entry and key
"""
