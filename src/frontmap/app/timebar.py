"""The time bar under a page's map (static/timebar.js): the span's days with a bar a day counting
the dated rows of the layers shown, the key days marked, the day shown (or Explore's range, with two
handles) highlighted. A click, a drag or the arrow keys pick a day; Python hears of it once, when
the hand stops."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from frontmap import i18n
from frontmap.app import assets
from frontmap.data import timeline
from frontmap.i18n import _

_BAR = st.components.v2.component("frontmap.timebar", **assets.component_files("timebar"))


def _data(span: timeline.Span, counts: list[int], mode: str, value, units: dict[str, str], **extra) -> dict:
    """What the bar shows, its words in the session's language (`units`: `i18n.plural_forms`)."""
    return {
        "first": span.first.isoformat(),
        "counts": ",".join(map(str, counts)),  # (one string: a list's JSON spends a space a day, every run)
        "keys": [
            [day.isoformat(), _(name)] for name, day in timeline.KEY_DAYS.items() if span.first <= day <= span.last
        ],
        "mode": mode,
        "value": value,
        "locale": i18n.js_locale(),
        "units": units,
        "words": {"go": _("Go to {day}: {name}"), "from": _("From"), "to": _("To")},
        **extra,
    }


def _picked(key: str):
    return (st.session_state.get(key) or {}).get("pick")


def day_bar(
    span: timeline.Span,
    counts: list[int],
    day: dt.date,
    on_pick: Callable[[dt.date], None],
    key: str = "fm_timebar",
    band: tuple[dt.date, dt.date] | None = None,
    cursor: dt.date | None = None,
    units: dict[str, str] | None = None,
) -> None:
    """The day bar: `on_pick(day)` when a day is picked. `band`: a range marked on it (the days a
    play-through covers); `cursor`: the day the map shows while it plays, when not `day`."""

    def picked() -> None:
        value = _picked(key)
        if value:
            on_pick(span.clamp(dt.date.fromisoformat(value)))

    extra = {
        "name": _("Day shown"),
        "band": [d.isoformat() for d in band] if band else None,
        "cursor": cursor.isoformat() if cursor and cursor != day else None,
    }
    units = units or i18n.plural_forms("dated row", "dated rows")
    _BAR(key=key, data=_data(span, counts, "day", day.isoformat(), units, **extra), on_pick_change=picked, height=74)


def range_bar(
    span: timeline.Span,
    counts: list[int],
    first: dt.date,
    last: dt.date,
    on_pick: Callable[[dt.date, dt.date], None],
    key: str = "fm_rangebar",
    units: dict[str, str] | None = None,
) -> None:
    """The same bar with two handles: `on_pick(first, last)` when the range is moved."""

    def picked() -> None:
        value = _picked(key)
        if value:
            a, b = (span.clamp(dt.date.fromisoformat(v)) for v in value)
            on_pick(min(a, b), max(a, b))

    units = units or i18n.plural_forms("row", "rows")
    data = _data(span, counts, "range", [first.isoformat(), last.isoformat()], units, name=_("Dates"))
    _BAR(key=key, data=data, on_pick_change=picked, height=74)
