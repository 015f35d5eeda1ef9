"""Team layers on /explore: publish an upload to every viewer, switch the team's layers on, withdraw.

Without a database (`FRONTMAP_DATABASE_URL`) or a publish key (`FRONTMAP_PUBLISH_KEY`) the panel says
why uploads stay in the session. Who publishes: the proxy's user header when one is configured
(`FRONTMAP_USER_HEADER`, e.g. X-Forwarded-User set by the team's login proxy), else a typed name.
"""

from __future__ import annotations

import os

import streamlit as st

from frontmap import safetext, store
from frontmap.app import source
from frontmap.data import team_layers, uploads

SHOWN = "team_shown"  # the ids of the team layers this viewer switched on


@st.cache_resource(show_spinner=False, max_entries=4)
def _published(where: str) -> list[team_layers.TeamLayer]:
    """The live layers of a version of the store (`source.data_dir()` carries it): read once per change."""
    return team_layers.published(where.split(" ", 1)[1])


def available() -> list[team_layers.TeamLayer]:
    where = source.data_dir()
    return _published(where) if where.startswith(source.STORE_KEY) else []


def proxy_user() -> str | None:
    header = os.environ.get("FRONTMAP_USER_HEADER")
    return (st.context.headers.get(header) or None) if header else None


def shown() -> list[uploads.Upload]:
    """The team layers this viewer switched on, as uploads to draw and list with the rows."""
    chosen = set(st.session_state.get(SHOWN, []))
    return [layer.upload for layer in available() if layer.id in chosen]


def _label(layer: team_layers.TeamLayer) -> str:
    return f"{layer.name} · {len(layer.upload.rows):,} rows · {layer.publisher}, {layer.published_at:%Y-%m-%d %H:%M} UTC"


def panel(session_uploads: list[uploads.Upload]) -> None:
    url = source.database_url()
    if not url:
        st.caption(
            "Team layers need the team's database (FRONTMAP_DATABASE_URL): without it, uploads stay in "
            "this browser session."
        )
        return
    live = available()
    if live:
        st.multiselect(
            "Team layers to show", [layer.id for layer in live], key=SHOWN,
            format_func={layer.id: _label(layer) for layer in live}.get,
        )  # fmt: skip
        legend = "".join(
            f"<li><b>{safetext.esc(layer.name)}</b>: {len(layer.upload.rows):,} rows, published by "
            f"{safetext.esc(layer.publisher)} on {layer.published_at:%d %b %Y %H:%M} UTC</li>"
            for layer in live
            if layer.id in st.session_state.get(SHOWN, [])
        )
        if legend:
            st.html(f"<div class='fm-team-legend'>Shown on the map and in the table (their rows' dataset):<ul>{legend}</ul></div>")
        for layer in live:
            if layer.id in st.session_state.get(SHOWN, []) and layer.upload.problems:
                with st.expander(safetext.md(f"{layer.name}: {len(layer.upload.problems)} problem(s)")):
                    st.code("\n".join(layer.upload.problems[:200]), language=None)
    else:
        st.caption("No team layer is published yet.")
    expected = os.environ.get("FRONTMAP_PUBLISH_KEY")
    if not expected:
        st.caption("Publishing is off on this server: no publish key is configured (FRONTMAP_PUBLISH_KEY).")
        return
    who = proxy_user()
    st.selectbox(
        "Publish an upload to the team", [u.name for u in session_uploads], key="team_upload",
        placeholder="upload a file above first",
    )  # fmt: skip
    st.text_input("Layer name", key="team_name", max_chars=team_layers.MAX_NAME)
    if who:
        st.caption(safetext.md(f"Published as {who} (from the login proxy)."))
    else:
        st.text_input("Your name", key="team_publisher", max_chars=team_layers.MAX_NAME)
    st.text_input("Publish key", type="password", key="team_key")
    st.button("Publish", key="team_publish", on_click=_act, args=(lambda: _publish(url, session_uploads, who, expected),))
    mine = [layer for layer in live if layer.publisher == (who or st.session_state.get("team_publisher"))]
    for layer in mine:
        st.button(
            f"Withdraw {layer.name}", key=f"team_withdraw_{layer.id}",
            on_click=_act, args=(lambda layer=layer: team_layers.withdraw(url, layer.id, layer.publisher, st.session_state.get("team_key"), expected),),
        )  # fmt: skip
    for kind, message in st.session_state.pop("team_said", []):
        (st.success if kind == "ok" else st.error)(safetext.md(message))


def _publish(url: str, session_uploads: list[uploads.Upload], who: str | None, expected: str) -> None:
    said = st.session_state
    chosen = next((u for u in session_uploads if u.name == said.get("team_upload")), None)
    if chosen is None:
        raise team_layers.Refused("choose an upload to publish")
    publisher = who or said.get("team_publisher")
    team_layers.publish(url, chosen, said.get("team_name"), publisher, said.get("team_key"), expected)


def _act(action) -> None:
    """Publish or withdraw; what happened is said under the panel. The store's version moves, so
    this server (and the others within a few seconds) reads the layers again."""
    try:
        action()
    except (team_layers.Refused, store.Unavailable) as err:
        st.session_state["team_said"] = [("error", f"Not done: {err}.")]
        return
    store._checked.clear()  # this viewer sees the change at once
    st.session_state["team_said"] = [("ok", "Done: every viewer of the team now sees the change.")]
