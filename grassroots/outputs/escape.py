"""Report text stays text: the one place where names and free text from district files are made
inert for whatever shows them.

Unit, street and team names come from the districts' files exactly as typed, so a name may hold
Markdown (`**粗体**`, `[点我](http://…)`), HTML (`<img src=x onerror=…>`) or a spreadsheet
formula (`=HYPERLINK(…)`). Each output gets its own escape, applied where the text enters it:

| output | how it interprets text | escape |
| --- | --- | --- |
| Streamlit Markdown (st.markdown, st.warning, captions) | GFM + Streamlit's `:material/…:`, `:red[…]`, `$…$`, autolinked URLs | `markdown()` |
| Plotly labels, hovers, annotations | a subset of HTML (`<b>`, `<br>`, `<a href>`) and entities | `plotly()` (app/charts.py, the exploration's chart, applies it to every figure) |
| Charts drawn on the server (app/drawn/) | HTML | `html.escape`, in drawn/frame.esc, on every label |
| CSV opened in a spreadsheet | a cell starting with = + - @ tab CR is a formula | `spreadsheet()` |
| XLSX | xlsxwriter writes text cells as strings (never formulas) with Excel's quote prefix | `formula_like()` marks them (exports.py) |
| PDF (typst) | markup only in the template; data enters as JSON and is set as plain strings | none needed (brief.py) |

st.dataframe shows cells as plain text and needs nothing. Escaping happens once, at the output:
the data, the queries and the tables on screen keep the names as the districts wrote them.
"""

from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation; escaping all of it is simpler and
# safer than choosing. "/" is escaped too: Streamlit rewrites ":material/" into its icon syntax
# before parsing, and "\/" keeps the text from matching.
_MD_PUNCT = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
# GFM turns URLs, www. addresses and e-mail addresses in plain text into links after parsing,
# whatever was escaped; an invisible word joiner (U+2060) breaks each pattern without changing
# what the reader sees.
_WORD_JOINER = "\u2060"
_AUTOLINKS = (("://", ":" + _WORD_JOINER + "//"), ("www.", "www" + _WORD_JOINER + "."), ("WWW.", "WWW" + _WORD_JOINER + "."),
              ("@", "@" + _WORD_JOINER))
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown(text) -> str:
    """`text` shown literally inside Streamlit Markdown (st.markdown, st.warning, st.caption …)."""
    if text is None:
        return ""
    text = str(text)
    for pattern, broken in _AUTOLINKS:
        text = text.replace(pattern, broken)
    # A line break would end a heading or list item and start new Markdown: keep it on one line.
    return _MD_PUNCT.sub(r"\\\1", text).replace("\r", " ").replace("\n", " ")


def plotly(text) -> str:
    """`text` shown literally in a Plotly label, legend, hover or annotation (its pseudo-HTML)."""
    if text is None:
        return text
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def formula_like(text) -> bool:
    """Would a spreadsheet read this text cell as a formula (OWASP "CSV injection")?"""
    return isinstance(text, str) and text.startswith(FORMULA_START)


def spreadsheet(text):
    """A CSV cell no spreadsheet evaluates: formula-like text gets a leading apostrophe (OWASP's
    advice; Excel and LibreOffice then show it as text). Other values pass unchanged."""
    return "'" + text if formula_like(text) else text


def unescape_markdown(text: str) -> str:
    """What a reader sees of `markdown(text)` (tests: the escaped form reads as the original)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace(_WORD_JOINER, "")
