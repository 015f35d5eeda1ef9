"""Team layers on /explore: publish an upload to every viewer, switch the team's layers on, withdraw.

Without a database (`FRONTMAP_DATABASE_URL`) or a publish key (`FRONTMAP_PUBLISH_KEY`) the panel says
why uploads stay in the session. Who publishes: the proxy's user header when one is configured
(`FRONTMAP_USER_HEADER`, e.g. X-Forwarded-User set by the team's login proxy), else a typed name.
"""

from __future__ import annotations

import os

import streamlit as st

from frontmap import i18n, safetext, store
from frontmap.app import source
from frontmap.data import problems, team_layers, uploads
from frontmap.i18n import _

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


def _rows(layer: team_layers.TeamLayer) -> str:
    n = len(layer.upload.rows)
    return i18n.ngettext("{n} row", "{n} rows", n).format(n=i18n.number(n))


def _label(layer: team_layers.TeamLayer) -> str:
    return f"{layer.name} · {_rows(layer)} · {layer.publisher}, {layer.published_at:%Y-%m-%d %H:%M} UTC"


def panel(session_uploads: list[uploads.Upload]) -> None:
    url = source.database_url()
    if not url:
        st.caption(
            _(
                "Team layers need the team's database (FRONTMAP_DATABASE_URL): without it, uploads stay in "
                "this browser session."
            )
        )
        return
    live = available()
    if live:
        st.multiselect(
            _("Team layers to show"), [layer.id for layer in live], key=SHOWN, placeholder=_("Choose options"),
            format_func={layer.id: _label(layer) for layer in live}.get,
        )  # fmt: skip
        legend = "".join(
            f"<li><b>{safetext.esc(layer.name)}</b>: "
            + safetext.esc(
                _("{rows}, published by {who} on {day} {time} UTC").format(
                    rows=_rows(layer),
                    who=layer.publisher,
                    day=i18n.day_short(layer.published_at.date()),
                    time=f"{layer.published_at:%H:%M}",
                )
            )
            + "</li>"
            for layer in live
            if layer.id in st.session_state.get(SHOWN, [])
        )
        if legend:
            shown_as = safetext.esc(_("Shown on the map and in the table (their rows' dataset):"))
            st.html(f"<div class='fm-team-legend'>{shown_as}<ul>{legend}</ul></div>")
        for layer in live:
            if layer.id in st.session_state.get(SHOWN, []) and layer.upload.problems:
                n = len(layer.upload.problems)
                found = i18n.ngettext("{name}: {n} problem", "{name}: {n} problems", n).format(name=layer.name, n=i18n.number(n))
                with st.expander(safetext.md(found)):
                    st.code("\n".join(problems.say_all(layer.upload.problems[:200])), language=None)
    else:
        st.caption(_("No team layer is published yet."))
    expected = os.environ.get("FRONTMAP_PUBLISH_KEY")
    if not expected:
        st.caption(_("Publishing is off on this server: no publish key is configured (FRONTMAP_PUBLISH_KEY)."))
        return
    who = proxy_user()
    st.selectbox(
        _("Publish an upload to the team"), [u.name for u in session_uploads], key="team_upload",
        placeholder=_("upload a file above first"),
    )  # fmt: skip
    st.text_input(_("Layer name"), key="team_name", max_chars=team_layers.MAX_NAME)
    if who:
        st.caption(safetext.md(_("Published as {who} (from the login proxy).").format(who=who)))
    else:
        st.text_input(_("Your name"), key="team_publisher", max_chars=team_layers.MAX_NAME)
    st.text_input(_("Publish key"), type="password", key="team_key")
    st.button(_("Publish"), key="team_publish", on_click=_act, args=(lambda: _publish(url, session_uploads, who, expected),))
    mine = [layer for layer in live if layer.publisher == (who or st.session_state.get("team_publisher"))]
    for layer in mine:
        st.button(
            _("Withdraw {name}").format(name=layer.name), key=f"team_withdraw_{layer.id}",
            on_click=_act, args=(lambda layer=layer: team_layers.withdraw(url, layer.id, layer.publisher, st.session_state.get("team_key"), expected),),
        )  # fmt: skip
    for kind, message in st.session_state.pop("team_said", []):
        (st.success if kind == "ok" else st.error)(safetext.md(message))


def _publish(url: str, session_uploads: list[uploads.Upload], who: str | None, expected: str) -> None:
    said = st.session_state
    chosen = next((u for u in session_uploads if u.name == said.get("team_upload")), None)
    if chosen is None:
        raise team_layers.Refused(_("choose an upload to publish"))
    publisher = who or said.get("team_publisher")
    team_layers.publish(url, chosen, said.get("team_name"), publisher, said.get("team_key"), expected)


def _act(action) -> None:
    """Publish or withdraw; what happened is said under the panel. The store's version moves, so
    this server (and the others within a few seconds) reads the layers again."""
    try:
        action()
    except (team_layers.Refused, store.Unavailable) as err:
        why = err.said() if isinstance(err, store.Unavailable) else err
        st.session_state["team_said"] = [("error", _("Not done: {why}.").format(why=why))]
        return
    store._checked.clear()  # this viewer sees the change at once
    st.session_state["team_said"] = [("ok", _("Done: every viewer of the team now sees the change."))]
