"""Briefing: a presenter steps through a deck of slides, large and clean, from a link or a file."""

import streamlit as st

from frontmap import i18n, safetext
from frontmap.app import (
    briefing_room,
    cards,
    downloads,
    language,
    mapframe,
    playback,
    presenter,
    sidebar,
    slide_drawing,
    source,
    state,
)
from frontmap.briefing import decks
from frontmap.i18n import _
from frontmap.maps import legend, mapview

if st.query_params.get("role") == "remote":  # a phone driving a projector's room
    briefing_room.remote_page(st.query_params.get("room"))
    st.stop()

sit = source.situation()
texts = presenter.deck_texts()
notes = presenter.sync_in(list(texts))
deck, problems = decks.parse_deck(texts[st.session_state["deck"]], st.session_state["deck"] + ".toml", source.span())
if deck is None:  # a deck in briefings/ that fails validation: say why, and let another be chosen
    st.error("\n\n".join(safetext.md(p) for p in problems))
    presenter.deck_chooser(list(texts))
    st.stop()
briefing_room.apply_remote(deck)
presenter.sync_out(list(texts), len(deck.slides))
number = st.session_state["slide"]
slide = deck.slides[number - 1]
room = briefing_room.projector_room(texts[st.session_state["deck"]], number, len(deck.slides))
basemap_choice = state.from_query(st.query_params).basemap

st.html(presenter.LARGE_CSS)
for note in notes:
    st.info(safetext.md(note))
presenter.keys(number, [s.first_day for s in deck.slides])

days = slide.days
playback.stop_if_done("playing")
playing = len(days) > 1 and st.session_state.get("playing", False)


# The controls, notes and exports float at the foot of the screen, shown while the mouse moves or
# after H (static/briefing/keys.js); the keys work whether they show or not. They come first in the run:
# by the time this slide's counter shows, Next and Previous already lead from it, so a key pressed
# while the map is still building steps from the slide on screen.
controls = st.container(key="fm_controls")
with controls:
    first, prev, play, next_, last = st.columns([0.6, 1, 2, 1, 0.6])
first.button(_("◀◀ First"), key="slide_first", on_click=presenter.go_to, args=(1,), disabled=number == 1, width="stretch")
prev.button(
    _("◀ Previous"), key="slide_prev", on_click=presenter.go_to, args=(number - 1,), disabled=number == 1, width="stretch"
)
last.button(
    _("Last ▶▶"),
    key="slide_last",
    on_click=presenter.go_to,
    args=(len(deck.slides),),
    disabled=number == len(deck.slides),
    width="stretch",
)
next_.button(
    _("Next ▶"),
    key="slide_next",
    on_click=presenter.go_to,  # to the slide after this one: a click counted twice still moves once
    args=(number + 1,),
    disabled=number == len(deck.slides),
    width="stretch",
)
if len(days) > 1:
    play.toggle(
        _("Play {first} → {last}, day by day").format(first=i18n.day_month(days[0]), last=i18n.day_month(days[-1])),
        key="playing",
        on_change=playback.rewind_at_end,
        args=("play_index", len(days), "playing"),
    )
if len(days) > 1:
    speed, end, _rest = controls.columns([1.2, 1, 2.6])
    speed.selectbox(
        _("Speed"),
        list(playback.PLAY_SPEEDS),
        key="briefing_speed",
        index=list(playback.PLAY_SPEEDS).index(presenter.SPEED),
        format_func=sidebar.said({s: s for s in playback.PLAY_SPEEDS}).get,
    )
    end.button(
        _("Jump to {day} ▶▶").format(day=i18n.day_month(days[-1])),
        key="play_end",
        on_click=presenter.jump_to_end,
        args=(len(days),),
        disabled=st.session_state.get("play_index", 0) >= len(days) - 1,
        width="stretch",
    )
if controls.toggle(_("Presenter notes"), key="show_notes"):
    controls.info(safetext.md(slide.said("notes")) or _("No notes for this slide."))
with controls:
    language.selector()

with controls.expander(_("Phone remote · room {code}").format(code=room.code) if room else _("Phone remote")):
    briefing_room.room_panel(room)


with controls.expander(_("Draw on this slide ({n})").format(n=len(slide.annotations))):
    slide_drawing.switch(len(slide.annotations))

with controls.expander(_("Briefings and exports")):
    chosen = presenter.deck_chooser(list(texts))
    # Each file is made only when its button is pressed (Streamlit calls the function then).
    html_file, png_file, pdf_file, toml_file = st.columns(4)
    downloads.button(
        html_file,
        _("Map as HTML (opens offline)"),
        lambda: decks.slide_html(sit, deck, number - 1),  # a range slide at its end, as in the PDF
        file_name=f"{chosen}-slide{number}.html",
        mime="text/html",
    )
    downloads.button(
        png_file,
        _("Slide as PNG"),
        lambda: decks.slide_png(sit, deck, number - 1),  # a range slide at its end, as in the PDF
        file_name=f"{chosen}-slide{number}.png",
        mime="image/png",
    )
    downloads.button(
        pdf_file,
        _("Briefing as PDF"),
        lambda: decks.deck_pdf(sit, deck),
        file_name=f"{chosen}.pdf",
        mime="application/pdf",
    )
    downloads.button(
        toml_file,
        _("Briefing as TOML (with its drawings)"),
        lambda text=texts[st.session_state["deck"]]: text.encode("utf-8"),  # (made outside the session)
        file_name=f"{chosen}.toml",
        mime="application/toml",
    )
    if len(days) > 1:
        downloads.button(
            st,
            i18n.ngettext("Slide as GIF ({n} day)", "Slide as GIF ({n} days)", len(days)).format(n=len(days)),
            lambda: decks.slide_gif(sit, deck, number - 1),
            file_name=f"{chosen}-slide{number}.gif",
            mime="image/gif",
        )


@st.fragment(run_every=playback.PLAY_SPEEDS[st.session_state.get("briefing_speed", presenter.SPEED)] if playing else None)
def slide_map():
    language.keep()
    index = playback.advance("play_index", len(days), "playing")
    day = days[index]
    # the next days' front lines are fetched ahead while it plays, so that each draws at once
    ahead = days[index + 1 : index + 4] if playing else []
    # The title and the date sit on the map (presenter.LARGE_CSS), the legend in its corner.
    with st.container(key="fm_over"):
        st.title(safetext.md(slide.said("title")))
        day_of = " <span>· " + _("day {n} of {count}").format(n=index + 1, count=len(days)) + "</span>"
        st.markdown(
            "<div class='fm-date'>"
            + _("As of {day}").format(day=i18n.day(day))
            + (day_of if len(days) > 1 else "")
            + "</div>",
            unsafe_allow_html=True,
        )
    # One base map for the whole deck: a slide moves its view and swaps its layers, never remounts it.
    drawn = slide_drawing.layers(slide.annotations)
    parts = mapview.build(sit, day, slide.shown, basemap_choice, extra=drawn, ahead=ahead)
    drawing = slide_drawing.tools_on()
    if drawing:
        slide_drawing.add_tools(parts.base)
    returned = mapframe.show_map(
        parts.base,
        parts.dated,
        key=f"briefing_map_{st.session_state['deck']}",
        height=560,  # the page's style makes it fill the screen's height
        view=(slide.centre, slide.zoom),
        returned_objects=slide_drawing.RETURNED if drawing else None,
        title=parts.title,
        notice=parts.note,
    )
    if drawing and slide_drawing.take(returned, st.session_state["deck"], deck, number):
        st.rerun(scope="app")  # the list of drawings, the room's phone and the exports follow
    with st.container(key="fm_legend"):
        st.html(legend.legend_html(slide.shown, dark=sidebar.dark_theme()))


left, right = st.columns([3.4, 1])
# The side first: a step shows its counter and caption before the map's layers are built.
with right:
    st.markdown(
        f"<div class='fm-counter'>{safetext.html(deck.said('title'))}<br><b>{number} / {len(deck.slides)}</b>"
        + ("<br><span class='fm-room-code'>" + _("remote: {code}").format(code=room.code) + "</span>" if room else "")
        + "</div>",
        unsafe_allow_html=True,
    )
    # what the room reads first; the figures under it, each with its source
    st.markdown(f"<div class='fm-caption'>{safetext.html(slide.said('caption'))}</div>", unsafe_allow_html=True)
    day = days[min(st.session_state.get("play_index", 0), len(days) - 1)]
    for row in decks.slide_figures(slide, sit.figures, day):
        cards.figure_card(row)
    if slide_drawing.tools_on():  # beside the map, where the bar at the foot never covers it
        slide_drawing.panel(st.session_state["deck"], deck, number)
with left, st.container(key="fm_map"):
    slide_map()


@st.fragment(run_every=briefing_room.ROOM_POLL)
def room_poll():
    language.keep()
    briefing_room.follow_room()


if room is not None:
    room_poll()
