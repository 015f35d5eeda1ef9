"""The language of the session: the header's selector ("EN / УК"), kept in the link (`lang=uk`),
the browser's language when the link has none; a bad value is said on screen and ignored. Set
first in every run (app.py), so that everything the run says is in it (`frontmap.i18n`)."""

from __future__ import annotations

import streamlit as st

from frontmap import i18n
from frontmap.app import urlstate
from frontmap.i18n import _


def _parse(text: str, span) -> tuple[str, str | None]:
    if text in i18n.LANGUAGES:
        return text, None
    known = ", ".join(i18n.LANGUAGES)
    return i18n.DEFAULT, _("lang: '{text}' is not a language of this app ({known}); the page is in English.").format(
        text=text[:20], known=known
    )


LANG = urlstate.Key("lang", _parse, lambda span: i18n.DEFAULT)
SCHEMA = urlstate.Schema(
    "lang",
    (LANG,),
    to_widgets=lambda values: {"lang": values["lang"]},
    from_widgets=lambda session: {"lang": session.get("lang") or i18n.DEFAULT},
)


def start(session, query, browser: str | None) -> list[str]:
    """The run's language, set before anything is said: the selector's, the link's on the session's
    first run, else the browser's. The notes on a bad `lang=`, in English until one is set."""
    asked = dict(query)
    if LANG.name not in asked and i18n.from_browser(browser) != i18n.DEFAULT:
        asked[LANG.name] = i18n.from_browser(browser)
    notes = SCHEMA.sync_in(session, asked)
    SCHEMA.sync_out(session, query)  # (the selector's choice reached the session before this run)
    i18n.set_language(session[LANG.name])
    # (a note made before the language was known is said again in it)
    return [_parse(asked[LANG.name], None)[1]] if notes else []


def keep() -> None:
    """At the start of a fragment's run (app.py does not run then): the session's language."""
    i18n.set_language(st.session_state.get(LANG.name) or i18n.DEFAULT)


def _chosen() -> None:
    st.session_state[LANG.name] = st.session_state["fm_lang_choice"]
    st.rerun()  # the whole app says it: the header may sit in a page's fragment (`shell.dated`)


def selector() -> None:
    """"EN / УК", in the header; the link follows it. (The session's `lang` is a plain key, not the
    widget's: a widget's state does not survive a page switch, its default would then win.)"""
    st.segmented_control(
        _("Language"),
        options=list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.get,
        default=i18n.current(),
        required=True,
        key="fm_lang_choice",
        on_change=_chosen,
        label_visibility="collapsed",
    )
