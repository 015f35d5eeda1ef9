"""Drawing on a slide: Leaflet.draw's tools on the projector's map, each shape taken into the deck
as an annotation (`maps/annotations.py`), and the slide's drawings listed to edit or delete.

The deck is the one truth: a drawing is validated as the deck's (its limits included), written into
this session's copy of the deck's TOML (`presenter.deck_texts`), and drawn from there on every map
of the slide, the room's phone and the exports included. Leaflet.draw was chosen over
Leaflet-Geoman because streamlit-folium 0.27.4 already listens to its events (`draw:created`) and
returns its shapes (`all_drawings`), so the round trip needs no new hook into the component.
"""

from __future__ import annotations

import hashlib
import json

import streamlit as st
from pydantic import ValidationError

from frontmap import i18n, limits, safetext
from frontmap.app import source
from frontmap.briefing import decks, decktoml
from frontmap.data.dataset import pydantic_message
from frontmap.i18n import _
from frontmap.maps import annotations

RETURNED = ["all_drawings"]  # what the slide's map sends back while its tools are on


def tools_on() -> bool:
    return bool(st.session_state.get("drawing", False))


def layers(drawn: list[annotations.Annotation]) -> list:
    """The slide's drawings for its map; while the tools are on, with the drafts cleared."""
    if tools_on():
        return [annotations.web_layer(drawn, len(st.session_state.get("drawings_taken", ())))]
    return [annotations.web_layer(drawn)] if drawn else []


def add_tools(fmap) -> None:
    """The drawing tools on the slide's base map (a change of the base: the map remounts once)."""
    annotations.add_draw_tools(fmap)


def _save(deck_name: str, deck: decks.Deck, number: int, drawn: list[annotations.Annotation]) -> list[str]:
    """The deck with slide `number`'s drawings replaced, validated whole as a loaded deck is, kept
    for this browser session; its problems (a limit passed), or none."""
    slides = list(deck.slides)
    slides[number - 1] = slides[number - 1].model_copy(update={"annotations": drawn})
    text = decktoml.dumps(deck.model_copy(update={"slides": slides}))
    _, problems = decks.parse_deck(text.encode("utf-8"), f"{deck_name}.toml", source.span())
    if not problems:
        st.session_state.setdefault("uploaded_decks", {})[deck_name] = text
    return problems


def take(returned: dict | None, deck_name: str, deck: decks.Deck, number: int) -> bool:
    """The shapes the map sent back: new ones added to the slide, drawings the edit tool moved put
    in their new place (or refused, and said); True when there was any. Each new shape is taken
    once: the map keeps sending its last ones until the next update replaces them
    (`annotations.Drafts`); a move made on an older version of the slide's drawings is not applied."""
    taken = st.session_state.setdefault("drawings_taken", set())
    drawn = list(deck.slides[number - 1].annotations)
    now, changed, refused = annotations.version(drawn), False, []
    # (a slide holds no more than this: more at once is no presenter's drawing)
    for feature in ((returned or {}).get("all_drawings") or [])[: limits.MAX_ANNOTATIONS * 2]:
        props = feature.get("properties") or {}
        index = props.get("index")
        try:
            if isinstance(index, int) and props.get("version") == now and 0 <= index < len(drawn):
                moved = annotations.moved(drawn[index], feature)
                changed |= moved != drawn[index]
                drawn[index] = moved
                continue
            mark = hashlib.sha256(json.dumps(feature.get("geometry"), sort_keys=True).encode()).hexdigest()
            if mark in taken or index is not None:
                continue
            taken.add(mark)
            drawn.append(
                annotations.from_drawing(
                    feature,
                    st.session_state.get("draw_colour", "blue"),
                    st.session_state.get("draw_line_as", "arrow"),
                    st.session_state.get("draw_label_text", ""),
                )
            )
            changed = True
        except (ValidationError, ValueError) as err:
            refused.append(_("That shape was not kept: {why}").format(why=_words(err)))
    if changed:
        refused += _save(deck_name, deck, number, drawn)
    if changed or refused:
        st.session_state["draw_problems"] = refused
    return changed or bool(refused)


def _words(err: Exception) -> str:
    if isinstance(err, ValidationError):  # (the annotations' own messages, said in the page's language)
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or _('shape')}: {i18n.say(pydantic_message(e))}" for e in err.errors())
    return str(err)


def _change(deck_name: str, deck: decks.Deck, number: int, index: int, key: str | None) -> None:
    """An edit from the list (colour, kind, text; `key` None: delete), saved at once."""
    drawn = list(deck.slides[number - 1].annotations)
    if key is None:
        del drawn[index]
    else:
        field = key.rsplit("_", 1)[-1]
        update = {field: st.session_state[key]}
        if field == "type" and update["type"] not in annotations.WITH_TEXT:
            update["text"] = ""
        try:
            drawn[index] = annotations.Annotation(**{**drawn[index].model_dump(), **update})
        except ValidationError as err:
            st.session_state["draw_problems"] = [_("Drawing {n}: {why}").format(n=index + 1, why=_words(err))]
            return
    st.session_state["draw_problems"] = _save(deck_name, deck, number, drawn)


def switch(count: int) -> None:
    """The tools' switch, among the floating controls; the tools' options then show beside the map."""
    st.toggle(_("Drawing tools on the map"), key="drawing")
    st.caption(
        _(
            "{n} of at most {limit} drawings on this slide, each of at most {points} points; "
            "saved with the briefing (download it as TOML)."
        ).format(n=count, limit=limits.MAX_ANNOTATIONS, points=limits.MAX_ANNOTATION_VERTICES)
    )


def _done() -> None:
    st.session_state["drawing"] = False


def panel(deck_name: str, deck: decks.Deck, number: int) -> None:
    """Beside the map while the tools are on: the colour and kind of the next drawing, a label's
    text, and the slide's drawings, each with its kind, colour or text to change and a button to
    delete it."""
    with st.container(key="fm_draw_panel"):
        st.button(
            _("Done drawing"), key="draw_done", on_click=_done, help=_("The controls show again as the mouse moves (H pins them).")
        )
        st.radio(
            _("Colour of the next drawing"),
            list(annotations.PALETTE),
            key="draw_colour",
            format_func=lambda name: _(annotations.PALETTE[name]["label"]),
        )
        st.radio(_("A line is drawn as"), ["arrow", "line"], key="draw_line_as", horizontal=True, format_func=_kind)
        st.text_input(
            _("Text of the next label"),
            key="draw_label_text",
            max_chars=limits.MAX_ANNOTATION_TEXT,
            placeholder=_("e.g. Ukrainian advance"),
            help=_("The label tool is the small circle among the map's tools."),
        )
        for problem in st.session_state.get("draw_problems", []):
            st.error(safetext.md(i18n.say(problem)))
        for i, a in enumerate(deck.slides[number - 1].annotations):
            _row(deck_name, deck, number, i, a)


def _row(deck_name: str, deck: decks.Deck, number: int, i: int, a: annotations.Annotation) -> None:
    # Keys carry the drawing itself: after a delete, the rows below are new widgets, not the old
    # ones holding their neighbours' values.
    stamp = f"{number}_{i}_{hashlib.sha256(a.model_dump_json().encode()).hexdigest()[:10]}"
    args = (deck_name, deck, number, i)

    def field(name: str) -> dict:
        return {"key": f"ann_{stamp}_{name}", "on_change": _change, "args": (*args, f"ann_{stamp}_{name}")}

    with st.container(border=True, key=f"ann_{stamp}"):
        st.markdown(f"**{i + 1}.** {safetext.md(annotations.describe(a))}")
        kind, colour = st.columns(2)
        kinds = {"arrow": ["arrow", "line"], "line": ["arrow", "line"], "label": ["label", "marker"], "marker": ["label", "marker"]}
        if a.type in kinds:
            kind.selectbox(_("Kind"), kinds[a.type], index=kinds[a.type].index(a.type), format_func=_kind, **field("type"))
        colours = list(annotations.PALETTE)
        colour.selectbox(
            _("Colour"), colours, index=colours.index(a.colour), format_func=lambda c: _(annotations.PALETTE[c]["name"]), **field("colour")
        )
        if a.type in annotations.WITH_TEXT:
            st.text_input(_("Text"), value=a.text, max_chars=limits.MAX_ANNOTATION_TEXT, **field("text"))
        st.button(_("Delete"), key=f"ann_{stamp}_delete", on_click=_change, args=(*args, None))


def _kind(kind: str) -> str:
    return _(annotations.KIND_NAMES[kind])
