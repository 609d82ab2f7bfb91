"""A part of a page below its first screen, drawn by the browser after the first screen: when it
comes near the screen, or when the browser is idle after the page has arrived.

Why: each drawn part (a chart, a table, a row of panels) costs the browser a page's first load
whether anyone scrolls to it or not. Streamlit's st.html sanitises its HTML node by node
(DOMPurify), then the browser parses, styles and lays it out, on the same main thread that draws the
first screen. On the burden page at (100, 520), what lies below its first two rows cost 0.23 s of
the browser's main thread on every load (README, "In the browser").

How: the part's HTML travels as a JavaScript string in a small script (st.html's
unsafe_allow_javascript), beside an empty placeholder of about a panel's height. The script hands
the part to one queue per tab; the queue draws a part at once when its placeholder comes into view,
and the rest one by one when the browser is idle, QUIET_MS after the last part arrived. A part
redrawn on a page already drawn (a choice made, a district changed) is drawn at once.

The HTML is ours (app/drawn/, every value escaped by frame.esc), so what the browser puts on the
page is what Streamlit's sanitiser would have kept; the string is written so that no `<` occurs in
the script's text (the sanitiser removes a script whose text looks like markup).
"""

from __future__ import annotations

import json
import re

QUIET_MS = 250  # after the last part of a run arrives, the idle drawing starts
PLACEHOLDER_REM = 20  # a panel's height, so that parts below the screen stay below it until drawn

# The placeholder (data-later), then the script: `draw` puts the HTML in and marks it data-drawn; the
# tab's queue (window.__gl) keeps the parts not yet drawn and which page has been drawn whole (`done`, its path).
_OPEN = f'<div class="gl" data-later="1" style="min-height:{PLACEHOLDER_REM}rem"></div><script>(d=>{{'
_CLOSE = "})("
# A part not drawn yet, as a CSS selector: what the bench's ready and the browser tests wait for.
UNDRAWN = "[data-later]:not([data-drawn])"
_RUN = (
    "const s=document.currentScript,el=s&&s.previousElementSibling;if(!el)return;"
    "const G=window.__gl||(window.__gl={q:[],t:0,done:null});let io=null;"
    "const draw=()=>{if(el.dataset.drawn)return;el.dataset.drawn='1';if(io)io.disconnect();"
    "el.style.minHeight='';el.innerHTML=d;};"
    "if(G.done===location.pathname){draw();return;}"
    "G.q.push(draw);"
    "io=new IntersectionObserver(es=>{if(es.some(e=>e.isIntersecting))draw();},"
    "{root:el.closest('[data-testid=stMain]')});io.observe(el);"
    "const idle=window.requestIdleCallback||(f=>setTimeout(f,50));"
    "clearTimeout(G.t);G.t=setTimeout(()=>{const next=()=>{const f=G.q.shift();"
    "if(f){f();idle(next,{timeout:500});}else G.done=location.pathname;};"
    f"idle(next,{{timeout:1000}});}},{QUIET_MS});"
)
_PART = re.compile(re.escape(_OPEN + _RUN + _CLOSE) + r"(.*?)\)</script>", re.S)  # the string holds no `<`

# The characters a JavaScript string in a script element must not hold as they are: `<` (no `</script`,
# no text that looks like markup), and the two line separators older parsers end a string at.
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def wrap(html: str) -> str:
    """The part as a placeholder and the script that draws it (shown with unsafe_allow_javascript)."""
    data = json.dumps(html, ensure_ascii=False)
    for raw, escaped in _ESCAPES.items():
        data = data.replace(raw, escaped)
    return f"{_OPEN}{_RUN}{_CLOSE}{data})</script>"


def unwrap(body: str) -> str:
    """What the browser shows of an element's HTML once its later parts are drawn (for readers of
    a page's HTML: the tests, anything that reads the sent elements)."""
    return _PART.sub(lambda m: json.loads(m.group(1)), body)


def wrapped(body: str) -> bool:
    return _OPEN in body
