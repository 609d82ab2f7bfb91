"""What the frame lays over every page and every file a user makes: the watermark's viewer, and the
mark itself on screen (grassroots/outputs/watermark.py draws it)."""

from __future__ import annotations

import streamlit as st

from app import auth, drawn
from grassroots.catalogue.i18n import t as _t
from grassroots.outputs import watermark


def viewer_of(lang: str) -> str:
    """Who the watermark names: the signed-in account, 演示 in the open demo mode, "" when it is off."""
    if not auth.watermark_on():
        return ""
    user = auth.signed_in()
    return _t("watermark_open", lang) if user.is_open else user.viewer


def mark_screen(ctx, lang: str) -> None:
    """The page's styles, sent once as one element: the drawn charts' stylesheet and the watermark
    over the whole page (who is looking, since when, at which snapshot)."""
    viewer = viewer_of(lang)
    mark = watermark.css(watermark.now(viewer, ctx.as_of if ctx else None).text(lang)) if viewer else ""
    st.html(drawn.CSS + mark)
