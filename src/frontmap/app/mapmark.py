"""The map's mark in the URL (`mark=LAT,LON,NAME`), its own small schema beside the view's: the map's
script writes it (a place found) and restores it (static/frontmap-tools.js); the server reads a
link's value only to say on screen what is wrong with a bad one, which it takes out of the address.
"""

from __future__ import annotations

from frontmap.app import urlstate
from frontmap.maps import tools

MARK = urlstate.Key("mark", lambda text, span: tools.parse_mark(text), lambda span: None, lambda mark: mark.text())
# No widget shows the mark: the browser keeps it (keep-in-url.js), the server never writes it.
SCHEMA = urlstate.Schema("mark", (MARK,), to_widgets=lambda values: {}, from_widgets=lambda session: {"mark": None})


def sync_in(session, query) -> list[str]:
    """The notes on the link's mark (kept for the session, as the view's are); a bad one is dropped."""
    notes = SCHEMA.sync_in(session, query)
    if MARK.name in query and tools.parse_mark(query[MARK.name])[0] is None:
        del query[MARK.name]
    return notes
