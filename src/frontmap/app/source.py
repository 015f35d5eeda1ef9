"""Where the situation comes from and the caches shared by every session: the data folder or the
team's store (with its version), the loaded Situation, the dashboard's days, what changed hands
between two days; and what a page says when it cannot be shown.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable

import streamlit as st

from frontmap import safetext, store
from frontmap.app import memory
from frontmap.data import measure, situation_cache, timeline
from frontmap.data.dataset import DEFAULT_DATA_DIR, Situation, with_python_text
from frontmap.i18n import N_, _

log = logging.getLogger(__name__)


PAGE_FAILED = N_(
    "This page hit a problem it could not get past and stopped here. The other pages still work; "
    "the details are in the server's log."
)


def guarded(run: Callable[[], None], page: str) -> None:
    """The last guard, around a page's run and around a fragment's (Streamlit shows a fault in a
    fragment itself, before any guard outside it): a fault nobody foresaw costs the page a short
    message, never a traceback on screen; the server log keeps it. Streamlit's own stop and rerun
    signals are not Exceptions."""
    try:
        run()
    except Exception:
        logging.getLogger("frontmap").exception("page %s failed", page or "overview")
        st.error(_(PAGE_FAILED))


STORE_DOWN = N_(
    "The team's database cannot be read, so this page cannot be shown: {reason}. "
    "Nothing is lost; the page comes back by itself once the database answers again (reload in a moment)."
)


# One shared, read-only Situation for every session: no per-rerun copy (cache_data would unpickle
# 4 MB on each rerun), and the layers published from it are found again by their content. A store's
# key carries its version, so a change in the store loads afresh (the last few versions are kept).
# (its spinner is the caller's, in the viewer's language: the decorator's text is fixed at import)
@st.cache_resource(show_spinner=False, max_entries=4)
def _load(data_dir: str) -> Situation:
    if data_dir.startswith(STORE_KEY):
        from frontmap.data import stored

        return with_python_text(stored.load(data_dir.split(" ", 1)[1]))
    return with_python_text(situation_cache.load(data_dir))


# Shared and read-only, as the Situation is: cache_data would unpickle its geometries on every run.
@st.cache_resource(show_spinner=False, max_entries=256)
def _change(data_dir: str, first: dt.date, last: dt.date) -> measure.Change:
    sit = _load(data_dir)
    return measure.changed_hands(sit.control_areas, sit.oblasts, first, last)


def changed_between(first: dt.date, last: dt.date) -> measure.Change:
    """What changed hands between two days on the served situation: measured once per pair of
    days, for every viewer (about 0.1 s; Explore's every rerun measured it again)."""
    return _change(data_dir(), first, last)


STORE_KEY = "store:"


def database_url() -> str | None:
    return os.environ.get("FRONTMAP_DATABASE_URL") or None


def data_dir() -> str:
    """Where the situation comes from, as the caches' key: the store (`FRONTMAP_DATABASE_URL`) with
    its version, checked every few seconds; else the folder `FRONTMAP_DATA` or the shipped `data/geo`."""
    url = database_url()
    if url:
        return f"{STORE_KEY}{store.version(url)} {url}"
    return os.environ.get("FRONTMAP_DATA") or str(DEFAULT_DATA_DIR)


_loaded: set[str] = set()  # the sources this process has loaded


def situation() -> Situation:
    """The situation, loaded once per version of its source. A store that cannot be read stops the
    page with one line that says so (no traceback); the next run tries again."""
    try:
        key = data_dir()  # (a store's version: it may be down)
        if key in _loaded:  # (a spinner costs a thread a call: only a first load says it)
            sit = _load(key)
        else:
            with st.spinner(_("Loading the situation…")):
                sit = _load(key)
                memory.set_aside_long_lived()  # (once per situation loaded, by this process)
            _loaded.add(key)
    except store.Unavailable as err:
        log.warning("store unavailable: %s", err)
        st.error(_(STORE_DOWN).format(reason=safetext.md(err.said())))
        st.stop()
    return sit


def span() -> timeline.Span:
    """The dashboard's days, as the served situation has them."""
    return timeline.span_of(situation())

