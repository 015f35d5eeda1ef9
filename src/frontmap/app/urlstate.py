"""The view state in the URL, one mechanism for every page (as TimeMap's url-state schema): a schema
lists its keys, each with how it is read (a note on screen where the link's value is unusable), its
default, and how it is written (left out at its default, so that links stay short).

Bound to a Streamlit session, the link opens the view on the session's first run; then the widgets
rule and the URL follows them. Only the first run reads the URL: a pasted or edited link loads the
page anew (a new session), while within a session a rerun can carry a query string one step behind
the widgets. A note stands until the viewer changes the view it explains.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from frontmap.data import timeline

Span = timeline.Span


@dataclass(frozen=True)
class Key:
    name: str  # the URL parameter
    parse: Callable[[str, Span], tuple[Any, str | None]]  # the value, and a note where it fell back
    default: Callable[[Span], Any]
    write: Callable[[Any], str] = str
    always: bool = False  # written even at its default (the as-of day: a link says its date)


@dataclass(frozen=True)
class Schema:
    """A page's (or the shared sidebar's) keys. `check`: rules across keys, after each is read
    (Explore's range swapped when `to` is before `from`), adding its notes. `to_widgets` and
    `from_widgets` translate between the values and the session keys of the widgets that show them."""

    name: str
    keys: tuple[Key, ...]
    to_widgets: Callable[[dict], dict]
    from_widgets: Callable[[Mapping], dict]
    check: Callable[[dict, list[str]], dict] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys)

    def parse(self, query: Mapping[str, str], span: Span = timeline.SHIPPED) -> tuple[dict, list[str]]:
        values, notes = {}, []
        for key in self.keys:
            raw = query.get(key.name)
            if raw is None:
                values[key.name] = key.default(span)
                continue
            values[key.name], note = key.parse(str(raw), span)
            if note:
                notes.append(note)
        if self.check:
            values = self.check(values, notes)
        return values, notes

    def to_query(self, values: Mapping, span: Span = timeline.SHIPPED) -> dict[str, str]:
        return {
            k.name: k.write(values[k.name])
            for k in self.keys
            if values[k.name] is not None and (k.always or values[k.name] != k.default(span))
        }

    def sync_in(self, session: MutableMapping, query: Mapping, span: Span = timeline.SHIPPED) -> list[str]:
        """Before the widgets: the link's values on the session's first run, then our own copy
        (widget values are dropped while a page without them is shown). The notes on the link."""
        kept, said = f"_url_{self.name}", f"_url_{self.name}_notes"
        if kept not in session:
            values, notes = self.parse(query, span)
            session[kept] = values
            session[said] = (notes, self.to_query(values, span))
        for widget, value in self.to_widgets(session[kept]).items():
            if widget not in session:
                session[widget] = value
        notes, for_view = session[said]
        return notes if for_view == self.to_query(self.from_widgets(session), span) else []

    def sync_out(self, session: MutableMapping, query, span: Span = timeline.SHIPPED) -> dict:
        """After the widgets: the URL follows them, so every view is a link. The values shown."""
        values = self.from_widgets(session)
        session[f"_url_{self.name}"] = values
        write_query(query, self.names, self.to_query(values, span))
        return values


def write_query(query, keys: tuple[str, ...], wanted: Mapping[str, str]) -> None:
    """Set the URL parameters among `keys` to `wanted`, touching no others (other pages' own)."""
    for key in keys:
        if key in wanted and query.get(key) != wanted[key]:
            query[key] = wanted[key]
        elif key not in wanted and key in query:
            del query[key]


def day_key(name: str, default: Callable[[Span], Any], prefix: str = "", always: bool = False) -> Key:
    """A day as `YYYY-MM-DD` within the span; `prefix` starts its note ("as_of: ...")."""

    def parse(text: str, span: Span):
        fallback = default(span)
        day, note = timeline.parse_day(text, fallback, span)
        return day, f"{prefix}{note}" if note else None

    return Key(name, parse, default, lambda day: day.isoformat(), always)


def list_key(name: str) -> Key:
    """Comma-separated names, kept as a tuple; none by default."""
    return Key(name, lambda text, span: (tuple(x for x in text.split(",") if x), None), lambda span: (), ",".join)
