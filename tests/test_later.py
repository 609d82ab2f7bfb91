"""Parts drawn after the first screen (app/drawn/later.py): what the browser draws is the part as
written, whatever it holds, and the script survives Streamlit's sanitiser."""

import json
import re

from hypothesis import given, settings, strategies as st

from app.drawn import later

# DOMPurify (st.html's sanitiser) removes an element with no child elements whose markup and text
# both look like markup: a script holding raw HTML would be dropped (its "mXSS" rule).
LOOKS_LIKE_MARKUP = re.compile(r"<[/\w!]")
SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)

html_text = st.text(alphabet=st.sampled_from(list('<>/&"\'=!-abc 观察点\u2028\u2029\\n\t')) | st.characters(), max_size=300)


@settings(max_examples=300)
@given(html_text)
def test_a_part_comes_back_as_written(part):
    wrapped = later.wrap(part)
    assert later.wrapped(wrapped)
    assert later.unwrap(wrapped) == part
    assert later.unwrap("<p>before</p>" + wrapped + "<p>after</p>" + later.wrap(part + "2")) == \
        "<p>before</p>" + part + "<p>after</p>" + part + "2"


@settings(max_examples=300)
@given(html_text)
def test_the_script_holds_no_markup_and_ends_where_it_should(part):
    wrapped = later.wrap(part)
    (script,) = SCRIPT.findall(wrapped)  # one script, ended by its own closing tag only
    assert not LOOKS_LIKE_MARKUP.search(script)
    assert "\u2028" not in script and "\u2029" not in script
    data = script[script.rindex("})(") + 3:-1]
    assert json.loads(data) == part  # the string the browser's draw() puts in


def test_a_page_without_later_parts_is_left_alone():
    body = '<div class="gt"><table><tr><td>1</td></tr></table></div>'
    assert later.unwrap(body) == body and not later.wrapped(body)
